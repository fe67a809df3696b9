#pragma once

namespace sockscope::net {

// When a ClientConnection opens again by itself: after an open connection ended without this side asking (the
// server closed, the connection was lost) or an attempt to open failed, it waits initialDelayMs, then factor times
// longer after each further failure, never more than maxDelayMs, and gives up after maxAttempts attempts in a
// row (0: never). A successful open starts the count over. Off unless enabled.
struct ReconnectPolicy {
    bool enabled = false;
    int initialDelayMs = 1000;
    double factor = 2.0; // below 1 counts as 1
    int maxDelayMs = 30000;
    int maxAttempts = 0;

    // The wait before attempt `attempt` (1 for the first after a loss): initialDelayMs * factor^(attempt - 1),
    // at most maxDelayMs, at least 0.
    int delayForAttempt(int attempt) const;
};

} // namespace sockscope::net
