#pragma once

namespace sockscope::proto {

// Which end of a WebSocket connection a piece of code speaks for. Masking rules, handshake checks and the
// close handshake depend on it (RFC 6455 section 5.1).
enum class Role { Client, Server };

constexpr Role peerOf(Role role)
{
    return role == Role::Client ? Role::Server : Role::Client;
}

} // namespace sockscope::proto
