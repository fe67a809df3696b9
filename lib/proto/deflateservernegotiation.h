#pragma once

#include "deflatenegotiationerror.h"
#include "deflateparameters.h"
#include "extensionheader.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace sockscope::proto {

// What a server is willing to do. Window bits outside 8-15 are clamped into that range.
struct DeflateServerPolicy {
    bool enabled = true;
    bool serverNoContextTakeover = false; // reset our compressor after every message, and say so
    bool clientNoContextTakeover = false; // ask the client to reset its compressor after every message
    int serverMaxWindowBits = DeflateParameters::MaxWindowBits; // our compressor's window, at most
    int clientMaxWindowBits = DeflateParameters::MaxWindowBits; // the client's window, when its offer lets us say
};

// An offer the server did not take because it breaks a rule of RFC 7692 section 7.1.
struct DeclinedDeflateOffer {
    qsizetype index = -1; // position in the client's extension list
    DeflateNegotiationFailure reason;

    friend bool operator==(const DeclinedDeflateOffer &, const DeclinedDeflateOffer &) = default;
};

// What the server answers.
struct DeflateServerResult {
    std::optional<DeflateParameters> parameters; // set when an offer was accepted
    qsizetype acceptedIndex = -1;                // position of that offer in the client's extension list
    std::optional<ExtensionOffer> response;      // the element for the response's Sec-WebSocket-Extensions
    QList<DeclinedDeflateOffer> declined;        // invalid offers before the accepted one
    DeflateNegotiationFailure failure;           // only MalformedHeader: the client's header did not parse

    QByteArray responseHeaderValue() const { return response ? formatExtensionHeader({*response}) : QByteArray(); }

    friend bool operator==(const DeflateServerResult &, const DeflateServerResult &) = default;
};

// The server side of the permessage-deflate negotiation (RFC 7692 section 5 and 7.1): takes the first valid
// permessage-deflate offer of the client, declines the invalid ones, and writes the response element. Other
// extensions in the client's list are skipped; combining responses and sending them is the handshake's job.
class DeflateServerNegotiation
{
public:
    explicit DeflateServerNegotiation(DeflateServerPolicy policy = {});

    const DeflateServerPolicy &policy() const { return m_policy; }

    DeflateServerResult negotiate(const QList<ExtensionOffer> &clientExtensions) const;
    // The same for the raw header value (all Sec-WebSocket-Extensions lines joined with ", "; empty when the
    // request has none). A value that does not parse accepts nothing and reports MalformedHeader.
    DeflateServerResult negotiateHeader(QByteArrayView clientHeaderValue) const;

private:
    DeflateServerPolicy m_policy;
};

} // namespace sockscope::proto
