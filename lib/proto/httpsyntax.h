#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace sockscope::proto {

// Character classes and small helpers of the HTTP/1.1 message grammar (RFC 7230 section 3.2.6) shared by the
// head parser, the header list and the extension header parser. ASCII only, independent of the locale; no
// parsing of whole messages here.

// RFC 7230 3.2.6: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" /
// "~" / DIGIT / ALPHA
constexpr bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
    }
}

// RFC 7230 3.2.6: token = 1*tchar
constexpr bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// RFC 7230 3.2.3: OWS = *( SP / HTAB )
constexpr bool isOwsChar(char c)
{
    return c == ' ' || c == '\t';
}

// RFC 7230 3.2: field-vchar = VCHAR / obs-text, plus SP and HTAB inside a field value.
constexpr bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x21 && u <= 0x7E) || u >= 0x80 || c == ' ' || c == '\t';
}

// The view without leading and trailing SP / HTAB.
QByteArrayView trimOws(QByteArrayView text);

// ASCII case-insensitive equality, as HTTP compares field names and most tokens. Bytes above 0x7F compare
// exactly (no Latin-1 folding).
bool equalsIgnoringAsciiCase(QByteArrayView a, QByteArrayView b);

// Bytes from the wire quoted for an error detail: "value" with control and non-ASCII bytes as \xNN and quotes
// and backslashes escaped, cut after maxBytes input bytes with "..." appended.
QString quotedForDetail(QByteArrayView bytes, qsizetype maxBytes = 120);
// Several values quoted as above, comma-separated.
QString quotedListForDetail(const QList<QByteArray> &items);

} // namespace sockscope::proto
