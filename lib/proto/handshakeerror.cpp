#include "handshakeerror.h"

namespace sockscope::proto {

int httpStatusFor(HandshakeError error)
{
    switch (error) {
    case HandshakeError::None: return 101;
    case HandshakeError::HeadTooLarge:
    case HandshakeError::TooManyHeaders: return 431;
    case HandshakeError::MethodNotGet: return 405;
    case HandshakeError::MissingUpgrade:
    case HandshakeError::InvalidUpgrade:
    case HandshakeError::MissingVersion:
    case HandshakeError::DuplicateVersion:
    case HandshakeError::UnsupportedVersion: return 426;
    case HandshakeError::InvalidLineEnding:
    case HandshakeError::MalformedRequestLine:
    case HandshakeError::MalformedStatusLine:
    case HandshakeError::MalformedHeaderLine:
    case HandshakeError::ObsoleteLineFolding:
    case HandshakeError::InvalidHeaderValue:
    case HandshakeError::InvalidUrl:
    case HandshakeError::HttpVersionTooLow:
    case HandshakeError::InvalidRequestTarget:
    case HandshakeError::MissingHost:
    case HandshakeError::DuplicateHost:
    case HandshakeError::MissingConnectionUpgrade:
    case HandshakeError::MissingKey:
    case HandshakeError::DuplicateKey:
    case HandshakeError::InvalidKey:
    case HandshakeError::MalformedSubprotocolHeader:
    case HandshakeError::MalformedExtensionHeader:
    case HandshakeError::UnexpectedStatus:
    case HandshakeError::MissingAccept:
    case HandshakeError::DuplicateAccept:
    case HandshakeError::AcceptMismatch:
    case HandshakeError::SubprotocolNotOffered:
    case HandshakeError::MultipleSubprotocols:
    case HandshakeError::ExtensionNotOffered: return 400;
    }
    return 400;
}

const char *handshakeErrorName(HandshakeError error)
{
    switch (error) {
    case HandshakeError::None: return "none";
    case HandshakeError::HeadTooLarge: return "head-too-large";
    case HandshakeError::TooManyHeaders: return "too-many-headers";
    case HandshakeError::InvalidLineEnding: return "invalid-line-ending";
    case HandshakeError::MalformedRequestLine: return "malformed-request-line";
    case HandshakeError::MalformedStatusLine: return "malformed-status-line";
    case HandshakeError::MalformedHeaderLine: return "malformed-header-line";
    case HandshakeError::ObsoleteLineFolding: return "obsolete-line-folding";
    case HandshakeError::InvalidHeaderValue: return "invalid-header-value";
    case HandshakeError::InvalidUrl: return "invalid-url";
    case HandshakeError::MethodNotGet: return "method-not-get";
    case HandshakeError::HttpVersionTooLow: return "http-version-too-low";
    case HandshakeError::InvalidRequestTarget: return "invalid-request-target";
    case HandshakeError::MissingHost: return "missing-host";
    case HandshakeError::DuplicateHost: return "duplicate-host";
    case HandshakeError::MissingUpgrade: return "missing-upgrade";
    case HandshakeError::InvalidUpgrade: return "invalid-upgrade";
    case HandshakeError::MissingConnectionUpgrade: return "missing-connection-upgrade";
    case HandshakeError::MissingKey: return "missing-key";
    case HandshakeError::DuplicateKey: return "duplicate-key";
    case HandshakeError::InvalidKey: return "invalid-key";
    case HandshakeError::MissingVersion: return "missing-version";
    case HandshakeError::DuplicateVersion: return "duplicate-version";
    case HandshakeError::UnsupportedVersion: return "unsupported-version";
    case HandshakeError::MalformedSubprotocolHeader: return "malformed-subprotocol-header";
    case HandshakeError::MalformedExtensionHeader: return "malformed-extension-header";
    case HandshakeError::UnexpectedStatus: return "unexpected-status";
    case HandshakeError::MissingAccept: return "missing-accept";
    case HandshakeError::DuplicateAccept: return "duplicate-accept";
    case HandshakeError::AcceptMismatch: return "accept-mismatch";
    case HandshakeError::SubprotocolNotOffered: return "subprotocol-not-offered";
    case HandshakeError::MultipleSubprotocols: return "multiple-subprotocols";
    case HandshakeError::ExtensionNotOffered: return "extension-not-offered";
    }
    return "unknown";
}

QString handshakeErrorDescription(HandshakeError error)
{
    switch (error) {
    case HandshakeError::None: return QStringLiteral("No error.");
    case HandshakeError::HeadTooLarge:
        return QStringLiteral("The HTTP head is larger than this endpoint accepts (RFC 6585 5).");
    case HandshakeError::TooManyHeaders:
        return QStringLiteral("The HTTP head has more header fields than this endpoint accepts (RFC 6585 5).");
    case HandshakeError::InvalidLineEnding:
        return QStringLiteral("A line of the HTTP head does not end in CRLF (RFC 7230 3.5).");
    case HandshakeError::MalformedRequestLine:
        return QStringLiteral("The request line is not \"method SP target SP HTTP/x.y\" (RFC 7230 3.1.1).");
    case HandshakeError::MalformedStatusLine:
        return QStringLiteral("The status line is not \"HTTP/x.y SP code SP reason\" (RFC 7230 3.1.2).");
    case HandshakeError::MalformedHeaderLine:
        return QStringLiteral("A header line is not \"Name: value\" with a token as name and nothing between the "
                              "name and the colon (RFC 7230 3.2).");
    case HandshakeError::ObsoleteLineFolding:
        return QStringLiteral("A header line starts with whitespace, continuing the previous one; this obsolete "
                              "line folding is not accepted (RFC 7230 3.2.4).");
    case HandshakeError::InvalidHeaderValue:
        return QStringLiteral("A header value contains a control character (RFC 7230 3.2).");
    case HandshakeError::InvalidUrl:
        return QStringLiteral("The URL is not a ws:// or wss:// URL with a host and without a fragment "
                              "(RFC 6455 3).");
    case HandshakeError::MethodNotGet: return QStringLiteral("The request method is not GET (RFC 6455 4.2.1).");
    case HandshakeError::HttpVersionTooLow:
        return QStringLiteral("The request is older than HTTP/1.1 (RFC 6455 4.2.1).");
    case HandshakeError::InvalidRequestTarget:
        return QStringLiteral("The request target is neither a path starting with \"/\" nor an absolute http, "
                              "https, ws or wss URL (RFC 6455 4.2.1).");
    case HandshakeError::MissingHost:
        return QStringLiteral("The request has no Host header field, or an empty one (RFC 6455 4.2.1).");
    case HandshakeError::DuplicateHost:
        return QStringLiteral("The request has more than one Host header field (RFC 7230 5.4).");
    case HandshakeError::MissingUpgrade:
        return QStringLiteral("There is no Upgrade header field asking for \"websocket\" (RFC 6455 4.1, 4.2.1).");
    case HandshakeError::InvalidUpgrade:
        return QStringLiteral("The Upgrade header field does not name \"websocket\" (RFC 6455 4.1, 4.2.1).");
    case HandshakeError::MissingConnectionUpgrade:
        return QStringLiteral("The Connection header field does not contain the token \"Upgrade\" "
                              "(RFC 6455 4.1, 4.2.1).");
    case HandshakeError::MissingKey:
        return QStringLiteral("The request has no Sec-WebSocket-Key header field (RFC 6455 4.2.1).");
    case HandshakeError::DuplicateKey:
        return QStringLiteral("The request has more than one Sec-WebSocket-Key header field (RFC 6455 11.3.1).");
    case HandshakeError::InvalidKey:
        return QStringLiteral("Sec-WebSocket-Key is not the base64 encoding of exactly 16 bytes "
                              "(RFC 6455 4.2.1).");
    case HandshakeError::MissingVersion:
        return QStringLiteral("The request has no Sec-WebSocket-Version header field (RFC 6455 4.2.1).");
    case HandshakeError::DuplicateVersion:
        return QStringLiteral("The request has more than one Sec-WebSocket-Version header field "
                              "(RFC 6455 11.3.5).");
    case HandshakeError::UnsupportedVersion:
        return QStringLiteral("Sec-WebSocket-Version is not 13, the only version this endpoint speaks "
                              "(RFC 6455 4.2.1, 4.4).");
    case HandshakeError::MalformedSubprotocolHeader:
        return QStringLiteral("Sec-WebSocket-Protocol is not a list of unique tokens (RFC 6455 4.1).");
    case HandshakeError::MalformedExtensionHeader:
        return QStringLiteral("Sec-WebSocket-Extensions does not follow the extension list grammar "
                              "(RFC 6455 9.1).");
    case HandshakeError::UnexpectedStatus:
        return QStringLiteral("The server answered with a status other than 101 Switching Protocols, so the "
                              "connection was not upgraded (RFC 6455 4.1).");
    case HandshakeError::MissingAccept:
        return QStringLiteral("The response has no Sec-WebSocket-Accept header field (RFC 6455 4.1).");
    case HandshakeError::DuplicateAccept:
        return QStringLiteral("The response has more than one Sec-WebSocket-Accept header field "
                              "(RFC 6455 11.3.3).");
    case HandshakeError::AcceptMismatch:
        return QStringLiteral("Sec-WebSocket-Accept is not the value computed from the key the client sent "
                              "(RFC 6455 4.1).");
    case HandshakeError::SubprotocolNotOffered:
        return QStringLiteral("The server selected a subprotocol that the client did not offer (RFC 6455 4.1).");
    case HandshakeError::MultipleSubprotocols:
        return QStringLiteral("The response names more than one subprotocol; a server selects at most one "
                              "(RFC 6455 11.3.4).");
    case HandshakeError::ExtensionNotOffered:
        return QStringLiteral("The server accepted an extension that the client did not offer (RFC 6455 4.1).");
    }
    return QString();
}

std::nullopt_t reportFailure(HandshakeFailure *failure, HandshakeError error, QString detail)
{
    if (failure)
        *failure = HandshakeFailure{error, std::move(detail)};
    return std::nullopt;
}

} // namespace sockscope::proto
