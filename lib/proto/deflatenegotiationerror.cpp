#include "deflatenegotiationerror.h"

namespace sockscope::proto {

const char *deflateNegotiationErrorName(DeflateNegotiationError error)
{
    switch (error) {
    case DeflateNegotiationError::None: return "none";
    case DeflateNegotiationError::MalformedHeader: return "malformed-header";
    case DeflateNegotiationError::UnknownParameter: return "unknown-parameter";
    case DeflateNegotiationError::DuplicateParameter: return "duplicate-parameter";
    case DeflateNegotiationError::UnexpectedValue: return "unexpected-value";
    case DeflateNegotiationError::MissingValue: return "missing-value";
    case DeflateNegotiationError::InvalidWindowBits: return "invalid-window-bits";
    case DeflateNegotiationError::ExtensionNotOffered: return "extension-not-offered";
    case DeflateNegotiationError::DuplicateExtension: return "duplicate-extension";
    case DeflateNegotiationError::ClientWindowBitsNotOffered: return "client-window-bits-not-offered";
    case DeflateNegotiationError::ServerWindowBitsAboveOffer: return "server-window-bits-above-offer";
    case DeflateNegotiationError::ServerWindowBitsMissing: return "server-window-bits-missing";
    case DeflateNegotiationError::ServerNoContextTakeoverMissing: return "server-no-context-takeover-missing";
    }
    return "unknown";
}

QString deflateNegotiationErrorDescription(DeflateNegotiationError error)
{
    switch (error) {
    case DeflateNegotiationError::None: return QStringLiteral("No error.");
    case DeflateNegotiationError::MalformedHeader:
        return QStringLiteral("The Sec-WebSocket-Extensions value does not follow the extension list grammar "
                              "(RFC 6455 9.1).");
    case DeflateNegotiationError::UnknownParameter:
        return QStringLiteral("A permessage-deflate parameter is not defined for use here (RFC 7692 7.1).");
    case DeflateNegotiationError::DuplicateParameter:
        return QStringLiteral("A permessage-deflate parameter appears more than once (RFC 7692 7.1).");
    case DeflateNegotiationError::UnexpectedValue:
        return QStringLiteral("A no_context_takeover parameter carries a value; it has none (RFC 7692 7.1.1).");
    case DeflateNegotiationError::MissingValue:
        return QStringLiteral("A max_window_bits parameter has no value where one is required (RFC 7692 7.1.2).");
    case DeflateNegotiationError::InvalidWindowBits:
        return QStringLiteral("A max_window_bits value is not a decimal from 8 to 15 without leading zeros "
                              "(RFC 7692 7.1.2).");
    case DeflateNegotiationError::ExtensionNotOffered:
        return QStringLiteral("The server accepted permessage-deflate, which the client did not offer "
                              "(RFC 6455 9.1).");
    case DeflateNegotiationError::DuplicateExtension:
        return QStringLiteral("The server's response accepts permessage-deflate more than once (RFC 6455 9.1).");
    case DeflateNegotiationError::ClientWindowBitsNotOffered:
        return QStringLiteral("The response has client_max_window_bits but the offer did not include it "
                              "(RFC 7692 7.1.2.2).");
    case DeflateNegotiationError::ServerWindowBitsAboveOffer:
        return QStringLiteral("The response's server_max_window_bits is larger than the offered value "
                              "(RFC 7692 7.1.2.1).");
    case DeflateNegotiationError::ServerWindowBitsMissing:
        return QStringLiteral("The offer limited server_max_window_bits but the response does not include it "
                              "(RFC 7692 7.1.2.1).");
    case DeflateNegotiationError::ServerNoContextTakeoverMissing:
        return QStringLiteral("The offer asked for server_no_context_takeover but the response does not include it "
                              "(RFC 7692 7.1.1.1).");
    }
    return QString();
}

} // namespace sockscope::proto
