#include "deflateclientnegotiation.h"

#include <QStringList>

#include <algorithm>

namespace sockscope::proto {

namespace {

struct OfferMatch {
    DeflateParameters parameters;
    DeflateNegotiationFailure failure;
};

// Whether the response is a valid acceptance of this offer, and what it means for both sides.
OfferMatch matchOffer(const DeflateOffer &offer, const DeflateOffer &response)
{
    // RFC 7692 7.1.2.2: a response to an offer without client_max_window_bits "MUST NOT include" it
    if (response.clientMaxWindowBits && !offer.clientMaxWindowBits)
        return {{},
                {DeflateNegotiationError::ClientWindowBitsNotOffered,
                 QStringLiteral("client_max_window_bits=%1 in the response").arg(*response.clientMaxWindowBits)}};
    if (offer.serverMaxWindowBits) {
        // RFC 7692 7.1.2.1: the server accepts the limit by answering with "the same or smaller value"
        if (!response.serverMaxWindowBits)
            return {{},
                    {DeflateNegotiationError::ServerWindowBitsMissing,
                     QStringLiteral("offered server_max_window_bits=%1").arg(*offer.serverMaxWindowBits)}};
        if (*response.serverMaxWindowBits > *offer.serverMaxWindowBits)
            return {{},
                    {DeflateNegotiationError::ServerWindowBitsAboveOffer,
                     QStringLiteral("server_max_window_bits=%1 in the response, %2 offered")
                         .arg(*response.serverMaxWindowBits)
                         .arg(*offer.serverMaxWindowBits)}};
    }
    // RFC 7692 7.1.1.1: the server accepts server_no_context_takeover by including it in the response
    if (offer.serverNoContextTakeover && !response.serverNoContextTakeover)
        return {{},
                {DeflateNegotiationError::ServerNoContextTakeoverMissing,
                 QStringLiteral("server_no_context_takeover offered, not in the response")}};

    DeflateParameters parameters;
    // RFC 7692 7.1.1.1: a server may announce server_no_context_takeover even when not asked to
    parameters.serverNoContextTakeover = response.serverNoContextTakeover;
    // RFC 7692 7.1.1.2: offering client_no_context_takeover is a promise, answering it a request
    parameters.clientNoContextTakeover = offer.clientNoContextTakeover || response.clientNoContextTakeover;
    // RFC 7692 7.1.2.1: a server may announce a smaller window even when the offer had no limit
    parameters.serverMaxWindowBits =
        DeflateParameters::boundedWindowBits(response.serverMaxWindowBits.value_or(DeflateParameters::MaxWindowBits));
    // RFC 7692 7.1.2.2: a value in the offer is a promise that holds whatever the response says
    int clientBits = response.clientMaxWindowBits.value_or(DeflateParameters::MaxWindowBits);
    if (offer.clientMaxWindowBits && *offer.clientMaxWindowBits != DeflateOffer::NoValue)
        clientBits = std::min(clientBits, *offer.clientMaxWindowBits);
    parameters.clientMaxWindowBits = DeflateParameters::boundedWindowBits(clientBits);
    return {parameters, {}};
}

} // namespace

DeflateClientNegotiation::DeflateClientNegotiation(QList<DeflateOffer> offers)
    : m_offers(std::move(offers))
{}

DeflateOffer DeflateClientNegotiation::defaultOffer()
{
    DeflateOffer offer;
    offer.clientMaxWindowBits = DeflateOffer::NoValue;
    return offer;
}

QList<ExtensionOffer> DeflateClientNegotiation::requestExtensions() const
{
    QList<ExtensionOffer> extensions;
    extensions.reserve(m_offers.size());
    for (const DeflateOffer &offer : m_offers)
        extensions.append(offer.toExtension());
    return extensions;
}

QByteArray DeflateClientNegotiation::requestHeaderValue() const
{
    return formatExtensionHeader(requestExtensions());
}

DeflateClientResult DeflateClientNegotiation::checkResponse(const QList<ExtensionOffer> &responseExtensions) const
{
    const ExtensionOffer *element = nullptr;
    for (const ExtensionOffer &extension : responseExtensions) {
        if (extension.name != DeflateOffer::ExtensionName)
            continue;
        // RFC 6455 9.1: the server answers with the one offer it accepted
        if (element)
            return {std::nullopt,
                    -1,
                    {DeflateNegotiationError::DuplicateExtension,
                     QString::fromLatin1(formatExtensionHeader(responseExtensions))}};
        element = &extension;
    }
    if (!element)
        return {};
    // RFC 6455 4.1: a response may only use extensions the client asked for
    if (m_offers.isEmpty())
        return {std::nullopt,
                -1,
                {DeflateNegotiationError::ExtensionNotOffered, QString::fromLatin1(formatExtensionHeader({*element}))}};

    // RFC 7692 7.1: a client fails the connection on an unknown, repeated or invalid parameter in the response
    DeflateOfferParseResult parsed = DeflateOffer::parse(*element, DeflateElementKind::Response);
    if (!parsed.offer)
        return {std::nullopt, -1, parsed.failure};

    QList<DeflateNegotiationFailure> mismatches;
    for (qsizetype i = 0; i < m_offers.size(); ++i) {
        OfferMatch match = matchOffer(m_offers[i], *parsed.offer);
        if (!match.failure)
            return {match.parameters, i, {}};
        mismatches.append(std::move(match.failure));
    }
    // RFC 7692 7.1: "the client does not support the configuration that the response represents"
    if (mismatches.size() == 1)
        return {std::nullopt, -1, mismatches.first()};
    QStringList details;
    for (qsizetype i = 0; i < mismatches.size(); ++i)
        details.append(QStringLiteral("offer %1: %2").arg(i + 1).arg(mismatches[i].detail));
    return {std::nullopt, -1, {mismatches.first().error, details.join(QStringLiteral("; "))}};
}

DeflateClientResult DeflateClientNegotiation::checkResponseHeader(QByteArrayView responseHeaderValue) const
{
    if (responseHeaderValue.trimmed().isEmpty())
        return {};
    QString error;
    const std::optional<QList<ExtensionOffer>> extensions = parseExtensionHeader(responseHeaderValue, &error);
    if (!extensions)
        return {std::nullopt, -1, {DeflateNegotiationError::MalformedHeader, error}};
    return checkResponse(*extensions);
}

} // namespace sockscope::proto
