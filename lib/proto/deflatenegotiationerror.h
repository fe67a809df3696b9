#pragma once

#include <QString>
#include <QtGlobal>

namespace sockscope::proto {

// One value per rule of the permessage-deflate negotiation (RFC 7692 section 7.1) that an offer or a response
// can break. A server declines a client offer that breaks one; a client fails the connection when the server's
// response breaks one. Errors on an open connection are not here: see ProtocolError.
enum class DeflateNegotiationError : quint8 {
    None,
    MalformedHeader,                // RFC 6455 9.1: the Sec-WebSocket-Extensions value does not parse
    UnknownParameter,               // 7.1: a parameter not defined for use in an offer or a response
    DuplicateParameter,             // 7.1: the same parameter twice in one element
    UnexpectedValue,                // 7.1.1.1, 7.1.1.2: the *_no_context_takeover parameters have no value
    MissingValue,                   // 7.1.2.1, 7.1.2.2: window bits need a value (always in a response)
    InvalidWindowBits,              // 7.1.2.1, 7.1.2.2: a decimal 8-15 without leading zeros
    ExtensionNotOffered,            // RFC 6455 9.1: the server accepted permessage-deflate nobody offered
    DuplicateExtension,             // RFC 6455 9.1: the response accepts permessage-deflate twice
    ClientWindowBitsNotOffered,     // 7.1.2.2: client_max_window_bits in a response to an offer without it
    ServerWindowBitsAboveOffer,     // 7.1.2.1: server_max_window_bits above the value the client offered
    ServerWindowBitsMissing,        // 7.1.2.1: the offer limited the server's window, the response did not accept it
    ServerNoContextTakeoverMissing, // 7.1.1.1: the offer asked for server_no_context_takeover, the response lacks it
};

// A stable lower-case identifier ("duplicate-parameter") for logs, session files and the CLI.
const char *deflateNegotiationErrorName(DeflateNegotiationError error);

// A one-sentence technical description in English naming the RFC rule, for the CLI, logs and as the detail
// the UI shows beside its own sentence.
QString deflateNegotiationErrorDescription(DeflateNegotiationError error);

// A broken negotiation rule with what was found, e.g. {InvalidWindowBits, "server_max_window_bits=16"}.
struct DeflateNegotiationFailure {
    DeflateNegotiationError error = DeflateNegotiationError::None;
    QString detail;

    explicit operator bool() const { return error != DeflateNegotiationError::None; }
    friend bool operator==(const DeflateNegotiationFailure &, const DeflateNegotiationFailure &) = default;
};

} // namespace sockscope::proto
