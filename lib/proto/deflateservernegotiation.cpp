#include "deflateservernegotiation.h"

#include "deflateoffer.h"

#include <algorithm>

namespace sockscope::proto {

DeflateServerNegotiation::DeflateServerNegotiation(DeflateServerPolicy policy)
    : m_policy(policy)
{
    m_policy.serverMaxWindowBits = DeflateParameters::boundedWindowBits(m_policy.serverMaxWindowBits);
    m_policy.clientMaxWindowBits = DeflateParameters::boundedWindowBits(m_policy.clientMaxWindowBits);
}

DeflateServerResult DeflateServerNegotiation::negotiate(const QList<ExtensionOffer> &clientExtensions) const
{
    DeflateServerResult result;
    if (!m_policy.enabled)
        return result;
    for (qsizetype i = 0; i < clientExtensions.size(); ++i) {
        if (clientExtensions[i].name != DeflateOffer::ExtensionName)
            continue;
        // RFC 7692 7.1: an offer with an unknown, repeated or invalid parameter is declined, not fatal
        const DeflateOfferParseResult parsed = DeflateOffer::parse(clientExtensions[i], DeflateElementKind::Offer);
        if (!parsed.offer) {
            result.declined.append({i, parsed.failure});
            continue;
        }
        const DeflateOffer &offer = *parsed.offer;
        DeflateOffer answer;
        // RFC 7692 7.1.1.1: accepting server_no_context_takeover means including it; it may be added unasked
        answer.serverNoContextTakeover = offer.serverNoContextTakeover || m_policy.serverNoContextTakeover;
        // RFC 7692 7.1.1.2: the server may ask for client_no_context_takeover; echoing the client's hint tells
        // it that the server relies on it
        answer.clientNoContextTakeover = offer.clientNoContextTakeover || m_policy.clientNoContextTakeover;
        // RFC 7692 7.1.2.1: "the same or smaller value as the offer"; a smaller window may be announced unasked
        const int serverBits = std::min(offer.serverMaxWindowBits.value_or(DeflateParameters::MaxWindowBits),
                                        m_policy.serverMaxWindowBits);
        if (offer.serverMaxWindowBits || serverBits < DeflateParameters::MaxWindowBits)
            answer.serverMaxWindowBits = serverBits;
        // RFC 7692 7.1.2.2: only when offered; an offered value is a limit the client keeps anyway, so it is
        // echoed for both sides to agree on
        int clientBits = DeflateParameters::MaxWindowBits;
        if (offer.clientMaxWindowBits) {
            clientBits = m_policy.clientMaxWindowBits;
            if (*offer.clientMaxWindowBits != DeflateOffer::NoValue)
                clientBits = std::min(clientBits, *offer.clientMaxWindowBits);
            if (*offer.clientMaxWindowBits != DeflateOffer::NoValue || clientBits < DeflateParameters::MaxWindowBits)
                answer.clientMaxWindowBits = clientBits;
        }

        DeflateParameters parameters;
        parameters.serverNoContextTakeover = answer.serverNoContextTakeover;
        parameters.clientNoContextTakeover = answer.clientNoContextTakeover;
        parameters.serverMaxWindowBits = serverBits;
        parameters.clientMaxWindowBits = clientBits;
        result.parameters = parameters;
        result.acceptedIndex = i;
        result.response = answer.toExtension();
        return result;
    }
    return result;
}

DeflateServerResult DeflateServerNegotiation::negotiateHeader(QByteArrayView clientHeaderValue) const
{
    if (clientHeaderValue.trimmed().isEmpty())
        return {};
    QString error;
    const std::optional<QList<ExtensionOffer>> extensions = parseExtensionHeader(clientHeaderValue, &error);
    if (!extensions) {
        DeflateServerResult result;
        result.failure = {DeflateNegotiationError::MalformedHeader, error};
        return result;
    }
    return negotiate(*extensions);
}

} // namespace sockscope::proto
