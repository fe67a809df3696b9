#include "bytetext.h"

namespace sockscope::proto {

namespace {
int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isSeparator(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':';
}

std::nullopt_t report(ByteTextError *error, qsizetype position, QString detail)
{
    if (error)
        *error = ByteTextError{position, std::move(detail)};
    return std::nullopt;
}

QString describe(char c)
{
    const auto u = uchar(c);
    if (u >= 0x21 && u < 0x7f)
        return QStringLiteral("'%1'").arg(QLatin1Char(c));
    return QStringLiteral("byte 0x%1").arg(u, 2, 16, QLatin1Char('0'));
}
} // namespace

std::optional<QByteArray> parseHexText(QByteArrayView text, ByteTextError *error)
{
    QByteArray out;
    out.reserve(text.size() / 2);
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (isSeparator(text[i])) {
            ++i;
            continue;
        }
        // One group: an optional 0x / \x prefix, then digits up to a separator.
        const qsizetype groupStart = i;
        if (i + 1 < n && (text[i] == '0' || text[i] == '\\') && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
            (i + 2 >= n || !isSeparator(text[i + 2]))) {
            i += 2;
        }
        const qsizetype digitsStart = i;
        int high = -1;
        while (i < n && !isSeparator(text[i])) {
            // "\x48\x65" has no separators between its groups.
            if (text[i] == '\\' && high < 0 && i > digitsStart)
                break;
            const int d = hexDigit(text[i]);
            if (d < 0) {
                return report(error, i,
                              QStringLiteral("%1 at position %2 is not a hex digit").arg(describe(text[i])).arg(i));
            }
            if (high < 0) {
                high = d;
            } else {
                out.append(char(high << 4 | d));
                high = -1;
            }
            ++i;
        }
        if (i == digitsStart)
            return report(error, groupStart,
                          QStringLiteral("a 0x prefix at position %1 has no digits").arg(groupStart));
        if (high >= 0) {
            return report(error, i - 1,
                          QStringLiteral("the hex group at position %1 has an odd number of digits").arg(digitsStart));
        }
    }
    return out;
}

std::optional<QByteArray> parseBase64Text(QByteArrayView text, ByteTextError *error)
{
    QByteArray compact;
    compact.reserve(text.size());
    bool url = false;
    bool standard = false;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            ++padding;
            if (padding > 2)
                return report(error, i, QStringLiteral("too much '=' padding at position %1").arg(i));
            compact.append(c);
            continue;
        }
        if (padding > 0)
            return report(error, i,
                          QStringLiteral("%1 at position %2 follows the '=' padding").arg(describe(c)).arg(i));
        const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c == '+' || c == '/')
            standard = true;
        else if (c == '-' || c == '_')
            url = true;
        else if (!alnum)
            return report(error, i, QStringLiteral("%1 at position %2 is not base64").arg(describe(c)).arg(i));
        if (standard && url)
            return report(error, i, QStringLiteral("position %1 mixes the standard and URL-safe alphabets").arg(i));
        compact.append(c);
    }
    if ((compact.size() - padding) % 4 == 1 || (padding > 0 && compact.size() % 4 != 0))
        return report(error, text.size(), QStringLiteral("the base64 text ends in the middle of a byte"));
    QByteArray::Base64Options options = QByteArray::AbortOnBase64DecodingErrors;
    options |= url ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding;
    auto decoded = QByteArray::fromBase64Encoding(compact, options);
    if (!decoded)
        return report(error, text.size(), QStringLiteral("the base64 text does not decode"));
    return decoded.decoded;
}

} // namespace sockscope::proto
