#include "deflateoffer.h"

#include "deflateparameters.h"

namespace sockscope::proto {

namespace {

constexpr char ServerNoContextTakeover[] = "server_no_context_takeover";
constexpr char ClientNoContextTakeover[] = "client_no_context_takeover";
constexpr char ServerMaxWindowBits[] = "server_max_window_bits";
constexpr char ClientMaxWindowBits[] = "client_max_window_bits";

QString paramForDetail(const QByteArray &name, const std::optional<QByteArray> &value)
{
    QString text = QString::fromLatin1(name);
    if (value)
        text += QLatin1Char('=') + QString::fromLatin1(*value);
    return text;
}

// RFC 7692 7.1.2.1, 7.1.2.2: "a decimal integer value without leading zeroes between 8 to 15, inclusive".
std::optional<int> parseWindowBits(const QByteArray &value)
{
    static_assert(DeflateParameters::MinWindowBits == 8 && DeflateParameters::MaxWindowBits == 15);
    if (value.size() == 1 && value[0] >= '8' && value[0] <= '9')
        return value[0] - '0';
    if (value.size() == 2 && value[0] == '1' && value[1] >= '0' && value[1] <= '5')
        return 10 + (value[1] - '0');
    return std::nullopt;
}

DeflateOfferParseResult failed(DeflateNegotiationError error, QString detail)
{
    return {std::nullopt, {error, std::move(detail)}};
}

} // namespace

ExtensionOffer DeflateOffer::toExtension() const
{
    ExtensionOffer extension;
    extension.name = ExtensionName;
    if (serverNoContextTakeover)
        extension.params.append({ServerNoContextTakeover, std::nullopt});
    if (clientNoContextTakeover)
        extension.params.append({ClientNoContextTakeover, std::nullopt});
    if (serverMaxWindowBits)
        extension.params.append({ServerMaxWindowBits, QByteArray::number(*serverMaxWindowBits)});
    if (clientMaxWindowBits) {
        if (*clientMaxWindowBits == NoValue)
            extension.params.append({ClientMaxWindowBits, std::nullopt});
        else
            extension.params.append({ClientMaxWindowBits, QByteArray::number(*clientMaxWindowBits)});
    }
    return extension;
}

DeflateOfferParseResult DeflateOffer::parse(const ExtensionOffer &extension, DeflateElementKind kind)
{
    DeflateOffer offer;
    QList<QByteArray> seen;
    for (const auto &[name, value] : extension.params) {
        const QString shown = paramForDetail(name, value);
        // RFC 7692 7.1: an element with "multiple extension parameters with the same name" is invalid
        if (seen.contains(name))
            return failed(DeflateNegotiationError::DuplicateParameter, shown);
        seen.append(name);

        if (name == ServerNoContextTakeover || name == ClientNoContextTakeover) {
            // RFC 7692 7.1.1.1, 7.1.1.2: these parameters have no value
            if (value)
                return failed(DeflateNegotiationError::UnexpectedValue, shown);
            if (name == ServerNoContextTakeover)
                offer.serverNoContextTakeover = true;
            else
                offer.clientNoContextTakeover = true;
            continue;
        }
        if (name == ServerMaxWindowBits || name == ClientMaxWindowBits) {
            const bool client = name == ClientMaxWindowBits;
            if (!value) {
                // RFC 7692 7.1.2.2: only an offer may carry client_max_window_bits without a value
                if (client && kind == DeflateElementKind::Offer) {
                    offer.clientMaxWindowBits = NoValue;
                    continue;
                }
                // RFC 7692 7.1.2.1, 7.1.2.2: server_max_window_bits always, and both in a response, need a value
                return failed(DeflateNegotiationError::MissingValue, shown);
            }
            const std::optional<int> bits = parseWindowBits(*value);
            if (!bits)
                return failed(DeflateNegotiationError::InvalidWindowBits, shown);
            if (client)
                offer.clientMaxWindowBits = bits;
            else
                offer.serverMaxWindowBits = bits;
            continue;
        }
        // RFC 7692 7.1: "an extension parameter not defined for use in an offer/response"
        return failed(DeflateNegotiationError::UnknownParameter, shown);
    }
    return {offer, {}};
}

} // namespace sockscope::proto
