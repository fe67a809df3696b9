#include "closecode.h"

#include "utf8validator.h"

#include <algorithm>
#include <array>

namespace sockscope::proto {

namespace {
// IANA "WebSocket Close Code Number Registry", 1000-2999 part, and the 3000-3999 codes assigned so far.
constexpr std::array<CloseCodeEntry, 19> registry{{
    {1000, "Normal Closure", "The purpose for which the connection was established has been fulfilled.",
     "RFC 6455 7.4.1", true},
    {1001, "Going Away", "The endpoint is going away: a server going down or a browser leaving the page.",
     "RFC 6455 7.4.1", true},
    {1002, "Protocol Error", "The endpoint is ending the connection because of a protocol error.", "RFC 6455 7.4.1",
     true},
    {1003, "Unsupported Data", "The endpoint received a type of data it cannot accept.", "RFC 6455 7.4.1", true},
    {1004, "Reserved", "Reserved; its meaning might be defined in the future.", "RFC 6455 7.4.1", false},
    {1005, "No Status Received", "No status code was present in the close frame (never sent on the wire).",
     "RFC 6455 7.4.1", false},
    {1006, "Abnormal Closure", "The connection closed without a close frame (never sent on the wire).",
     "RFC 6455 7.4.1", false},
    {1007, "Invalid Frame Payload Data",
     "The endpoint received data inconsistent with the message type, such as non-UTF-8 in a text message.",
     "RFC 6455 7.4.1", true},
    {1008, "Policy Violation", "The endpoint received a message that violates its policy.", "RFC 6455 7.4.1", true},
    {1009, "Message Too Big", "The endpoint received a message too big for it to process.", "RFC 6455 7.4.1", true},
    {1010, "Mandatory Extension",
     "The client is ending the connection because the server did not negotiate an extension it expected.",
     "RFC 6455 7.4.1", true},
    {1011, "Internal Error", "The server met an unexpected condition that prevented it from fulfilling the request.",
     "RFC 6455 7.4.1", true},
    {1012, "Service Restart", "The service is restarting.", "IANA registry", true},
    {1013, "Try Again Later", "The service is overloaded or temporarily unavailable; try again later.", "IANA registry",
     true},
    {1014, "Bad Gateway", "The server acted as a gateway and received an invalid response from upstream.",
     "IANA registry", true},
    {1015, "TLS Handshake", "The TLS handshake failed (never sent on the wire).", "RFC 6455 7.4.1", false},
    {3000, "Unauthorized", "The request lacked valid authentication.", "IANA registry", true},
    {3003, "Forbidden", "The client is authenticated but not allowed to do this.", "IANA registry", true},
    {3008, "Timeout", "The endpoint timed out.", "IANA registry", true},
}};
} // namespace

CloseCodeRange closeCodeRange(quint16 code)
{
    if (code < 1000)
        return CloseCodeRange::Unused;
    if (code < 3000)
        return CloseCodeRange::Protocol;
    if (code < 4000)
        return CloseCodeRange::Registered;
    if (code < 5000)
        return CloseCodeRange::Private;
    return CloseCodeRange::OutOfRange;
}

const CloseCodeEntry *closeCodeEntry(quint16 code)
{
    const auto it = std::lower_bound(registry.begin(), registry.end(), code,
                                     [](const CloseCodeEntry &e, quint16 c) { return e.code < c; });
    return (it != registry.end() && it->code == code) ? &*it : nullptr;
}

std::span<const CloseCodeEntry> closeCodeRegistry()
{
    return registry;
}

bool isValidCloseCodeOnWire(quint16 code)
{
    switch (closeCodeRange(code)) {
    case CloseCodeRange::Protocol: {
        // 7.4.2: codes in 1000-2999 that the protocol has not assigned must not be sent.
        const CloseCodeEntry *entry = closeCodeEntry(code);
        return entry && entry->sendable;
    }
    case CloseCodeRange::Registered:
    case CloseCodeRange::Private: return true;
    case CloseCodeRange::Unused:
    case CloseCodeRange::OutOfRange: return false;
    }
    return false;
}

CloseRequestProblem checkCloseRequest(quint16 code, QByteArrayView reason)
{
    const bool noCode = code == CloseCode::NoStatusReceived;
    if (!noCode && !isValidCloseCodeOnWire(code))
        return CloseRequestProblem::CodeNotSendable;
    if (reason.size() > 123)
        return CloseRequestProblem::ReasonTooLong;
    if (noCode && !reason.isEmpty())
        return CloseRequestProblem::ReasonWithoutCode;
    if (!Utf8Validator::isValid(reason))
        return CloseRequestProblem::ReasonNotUtf8;
    return CloseRequestProblem::None;
}

} // namespace sockscope::proto
