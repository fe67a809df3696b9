#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace sockscope::proto {

// One value per rule the opening handshake can break: the HTTP/1.1 head syntax (RFC 7230), the client's
// request (RFC 6455 4.1 / 4.2.1) and the server's response (RFC 6455 4.1 / 4.2.2). Each request error maps to
// the HTTP status a server refuses with. Problems on an open connection are not here: see ProtocolError.
enum class HandshakeError : quint8 {
    None,
    // The head as HTTP/1.1
    HeadTooLarge,         // RFC 6585 5: the head is larger than this endpoint accepts (431)
    TooManyHeaders,       // RFC 6585 5: more header fields than this endpoint accepts (431)
    InvalidLineEnding,    // RFC 7230 3.5: lines end in CRLF; a bare CR is never valid
    MalformedRequestLine, // RFC 7230 3.1.1: method SP request-target SP HTTP-version
    MalformedStatusLine,  // RFC 7230 3.1.2: HTTP-version SP status-code SP reason-phrase
    MalformedHeaderLine,  // RFC 7230 3.2 / 3.2.4: token ":" OWS value OWS, no whitespace before the colon
    ObsoleteLineFolding,  // RFC 7230 3.2.4: a line starting with whitespace (obs-fold) must be rejected
    InvalidHeaderValue,   // RFC 7230 3.2: field values hold no control characters
    // The client's request
    InvalidUrl,                 // RFC 6455 3: a ws or wss URI with a host and no fragment
    MethodNotGet,               // RFC 6455 4.2.1 item 1: the method is GET
    HttpVersionTooLow,          // RFC 6455 4.2.1 item 1: HTTP/1.1 or higher
    InvalidRequestTarget,       // RFC 6455 4.2.1 item 1: a resource name or an absolute http(s)/ws(s) URI
    MissingHost,                // RFC 6455 4.2.1 item 2: a Host field with the server's authority
    DuplicateHost,              // RFC 7230 5.4: more than one Host field is answered with 400
    MissingUpgrade,             // RFC 6455 4.2.1 item 3 / 4.1 item 2: an Upgrade field
    InvalidUpgrade,             // RFC 6455 4.2.1 item 3 / 4.1 item 2: Upgrade is "websocket" (any case)
    MissingConnectionUpgrade,   // RFC 6455 4.2.1 item 4 / 4.1 item 3: Connection holds the token "Upgrade"
    MissingKey,                 // RFC 6455 4.2.1 item 5: a Sec-WebSocket-Key field
    DuplicateKey,               // RFC 6455 11.3.1: Sec-WebSocket-Key appears once in a request
    InvalidKey,                 // RFC 6455 4.2.1 item 5: the key is base64 of exactly 16 bytes
    MissingVersion,             // RFC 6455 4.2.1 item 6: a Sec-WebSocket-Version field
    DuplicateVersion,           // RFC 6455 11.3.5: Sec-WebSocket-Version appears once in a request
    UnsupportedVersion,         // RFC 6455 4.2.1 item 6 / 4.4: the version is 13 (426 + the versions we speak)
    MalformedSubprotocolHeader, // RFC 6455 4.1: Sec-WebSocket-Protocol is a list of unique tokens
    MalformedExtensionHeader,   // RFC 6455 9.1: Sec-WebSocket-Extensions follows the extension-list grammar
    // The server's response
    UnexpectedStatus,      // RFC 6455 4.1 item 1: anything but 101 Switching Protocols ends the handshake
    MissingAccept,         // RFC 6455 4.1 item 4: a Sec-WebSocket-Accept field
    DuplicateAccept,       // RFC 6455 11.3.3: Sec-WebSocket-Accept appears once in a response
    AcceptMismatch,        // RFC 6455 4.1 item 4: base64(SHA-1(key + GUID))
    SubprotocolNotOffered, // RFC 6455 4.1 item 6: the server picks one of the client's subprotocols
    MultipleSubprotocols,  // RFC 6455 11.3.4: the response names at most one subprotocol
    ExtensionNotOffered,   // RFC 6455 4.1 item 5: the server accepts only extensions the client offered
};

// The HTTP status a server answers a request with when it breaks this rule: 400, 405, 426 or 431 (101 for
// None). Errors that only a response or a URL can have map to 400.
int httpStatusFor(HandshakeError error);

// A stable lower-case identifier ("accept-mismatch") for logs, session files and the CLI.
const char *handshakeErrorName(HandshakeError error);

// A one-sentence description in English, naming the rule. The UI words errors itself; this is for the CLI,
// logs, refusal bodies and as the detail shown next to the UI's sentence.
QString handshakeErrorDescription(HandshakeError error);

// A broken rule with what was found, e.g. {AcceptMismatch, "Sec-WebSocket-Accept was \"abc=\", expected ..."}.
struct HandshakeFailure {
    HandshakeError error = HandshakeError::None;
    QString detail;

    explicit operator bool() const { return error != HandshakeError::None; }
    friend bool operator==(const HandshakeFailure &, const HandshakeFailure &) = default;
};

// Stores {error, detail} in *failure when it is given and returns nullopt, for functions that report a failure
// through an optional out-parameter.
std::nullopt_t reportFailure(HandshakeFailure *failure, HandshakeError error, QString detail);

} // namespace sockscope::proto
