#include "httpsyntax.h"

#include <QStringList>

namespace sockscope::proto {

namespace {

constexpr char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

} // namespace

QByteArrayView trimOws(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isOwsChar(text[begin]))
        ++begin;
    while (end > begin && isOwsChar(text[end - 1]))
        --end;
    return text.sliced(begin, end - begin);
}

bool equalsIgnoringAsciiCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (toLowerAscii(a[i]) != toLowerAscii(b[i]))
            return false;
    }
    return true;
}

QString quotedForDetail(QByteArrayView bytes, qsizetype maxBytes)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    QString out;
    const qsizetype shown = qMin(bytes.size(), qMax<qsizetype>(maxBytes, 0));
    out.reserve(shown + 8);
    out += QLatin1Char('"');
    for (qsizetype i = 0; i < shown; ++i) {
        const auto u = static_cast<unsigned char>(bytes[i]);
        if (u == '"' || u == '\\') {
            out += QLatin1Char('\\');
            out += QLatin1Char(char(u));
        } else if (u >= 0x20 && u <= 0x7E) {
            out += QLatin1Char(char(u));
        } else {
            out += QLatin1String("\\x");
            out += QLatin1Char(hex[u >> 4]);
            out += QLatin1Char(hex[u & 0xF]);
        }
    }
    out += QLatin1Char('"');
    if (shown < bytes.size())
        out += QLatin1String("...");
    return out;
}

QString quotedListForDetail(const QList<QByteArray> &items)
{
    QStringList quoted;
    for (const QByteArray &item : items)
        quoted.append(quotedForDetail(item));
    return quoted.join(QLatin1String(", "));
}

} // namespace sockscope::proto
