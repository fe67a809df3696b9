#pragma once

#include "deflatenegotiationerror.h"
#include "deflateoffer.h"
#include "deflateparameters.h"
#include "extensionheader.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace sockscope::proto {

// What a client learned from the server's Sec-WebSocket-Extensions response.
struct DeflateClientResult {
    std::optional<DeflateParameters> parameters; // set when the server accepted one of the offers
    qsizetype acceptedOffer = -1;                // index into DeflateClientNegotiation::offers()
    DeflateNegotiationFailure failure;           // set when the client must fail the connection

    friend bool operator==(const DeflateClientResult &, const DeflateClientResult &) = default;
};

// The client side of the permessage-deflate negotiation (RFC 7692 section 5 and 7.1): writes the offers, in
// order of preference, and checks the server's response against them. It neither sends nor receives the
// handshake, and it leaves other extensions in the response to the handshake code.
class DeflateClientNegotiation
{
public:
    explicit DeflateClientNegotiation(QList<DeflateOffer> offers = {defaultOffer()});

    // "permessage-deflate; client_max_window_bits": any window from the server, and the server may limit ours.
    static DeflateOffer defaultOffer();

    const QList<DeflateOffer> &offers() const { return m_offers; }
    QList<ExtensionOffer> requestExtensions() const;
    QByteArray requestHeaderValue() const;

    // Checks the extensions of the server's response. No permessage-deflate element means the server declined
    // every offer, which is not a failure.
    DeflateClientResult checkResponse(const QList<ExtensionOffer> &responseExtensions) const;
    // The same for the raw header value (all Sec-WebSocket-Extensions lines joined with ", "; empty when the
    // response has none).
    DeflateClientResult checkResponseHeader(QByteArrayView responseHeaderValue) const;

private:
    QList<DeflateOffer> m_offers;
};

} // namespace sockscope::proto
