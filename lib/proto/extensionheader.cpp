#include "extensionheader.h"

#include "httpsyntax.h"

namespace sockscope::proto {

namespace {

// Walks a Sec-WebSocket-Extensions value once, left to right. Knows the RFC 6455 9.1 grammar and the RFC 7230
// quoted-string rules; does not know what any extension or parameter means.
class ExtensionListReader
{
public:
    explicit ExtensionListReader(QByteArrayView text)
        : m_text(text)
    {}

    std::optional<QList<ExtensionOffer>> read()
    {
        QList<ExtensionOffer> extensions;
        skipOws();
        // RFC 6455 9.1: extension-list = 1#extension, so an empty value is not a list
        if (atEnd())
            return fail(QStringLiteral("The extension list is empty."));
        while (true) {
            ExtensionOffer extension;
            // RFC 6455 9.1: extension = extension-token *( ";" extension-param ); extension-token = token
            extension.name = readToken();
            if (extension.name.isEmpty())
                return fail(expected(QStringLiteral("an extension name")));
            skipOws();
            while (peek() == ';') {
                ++m_pos;
                skipOws();
                auto param = readParam();
                if (!param)
                    return std::nullopt;
                extension.params.append(std::move(*param));
                skipOws();
            }
            extensions.append(std::move(extension));
            if (atEnd())
                return extensions;
            // RFC 7230 7: list elements are separated by "," with optional whitespace
            if (peek() != ',')
                return fail(expected(QStringLiteral("\",\" or \";\"")));
            ++m_pos;
            skipOws();
            if (atEnd() || peek() == ',')
                return fail(QStringLiteral("The extension list has an empty element at offset %1.").arg(m_pos));
        }
    }

    QString error() const { return m_error; }

private:
    std::optional<std::pair<QByteArray, std::optional<QByteArray>>> readParam()
    {
        // RFC 6455 9.1: extension-param = token [ "=" (token | quoted-string) ]
        QByteArray name = readToken();
        if (name.isEmpty()) {
            if (atEnd() || peek() == ',')
                return fail(QStringLiteral("A \";\" at offset %1 is not followed by a parameter name.").arg(m_pos));
            return fail(expected(QStringLiteral("a parameter name")));
        }
        skipOws();
        if (peek() != '=')
            return std::pair{std::move(name), std::optional<QByteArray>()};
        ++m_pos;
        skipOws();
        if (peek() == '"') {
            auto value = readQuotedString();
            if (!value)
                return std::nullopt;
            // RFC 6455 9.1: a quoted value, once unescaped, MUST conform to the token ABNF
            if (!isToken(*value))
                return fail(QStringLiteral("The quoted value %1 of parameter \"%2\" is not a token once unquoted.")
                                .arg(quotedForDetail(*value), QString::fromLatin1(name)));
            return std::pair{std::move(name), std::optional<QByteArray>(std::move(*value))};
        }
        QByteArray value = readToken();
        if (value.isEmpty())
            return fail(expected(QStringLiteral("a value for parameter \"%1\"").arg(QString::fromLatin1(name))));
        return std::pair{std::move(name), std::optional<QByteArray>(std::move(value))};
    }

    std::optional<QByteArray> readQuotedString()
    {
        const qsizetype start = m_pos;
        ++m_pos;
        QByteArray value;
        while (!atEnd()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return value;
            if (c == '\\') {
                // RFC 7230 3.2.6: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                if (atEnd())
                    break;
                const char escaped = m_text[m_pos++];
                if (!isFieldValueChar(escaped))
                    return fail(QStringLiteral("The quoted string at offset %1 escapes the control byte 0x%2.")
                                    .arg(start)
                                    .arg(uint(static_cast<unsigned char>(escaped)), 2, 16, QLatin1Char('0')));
                value.append(escaped);
                continue;
            }
            // RFC 7230 3.2.6: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
            if (!isFieldValueChar(c))
                return fail(QStringLiteral("The quoted string at offset %1 contains the control byte 0x%2.")
                                .arg(start)
                                .arg(uint(static_cast<unsigned char>(c)), 2, 16, QLatin1Char('0')));
            value.append(c);
        }
        return fail(QStringLiteral("The quoted string that starts at offset %1 is not terminated.").arg(start));
    }

    QByteArray readToken()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && isTokenChar(m_text[m_pos]))
            ++m_pos;
        return m_text.sliced(start, m_pos - start).toByteArray();
    }

    void skipOws()
    {
        while (!atEnd() && isOwsChar(m_text[m_pos]))
            ++m_pos;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    QString expected(const QString &what) const
    {
        if (atEnd())
            return QStringLiteral("Expected %1 at the end of the value.").arg(what);
        return QStringLiteral("Expected %1 at offset %2 but found %3.")
            .arg(what)
            .arg(m_pos)
            .arg(quotedForDetail(m_text.sliced(m_pos, 1)));
    }

    std::nullopt_t fail(const QString &message)
    {
        m_error = message;
        return std::nullopt;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    QString m_error;
};

void appendParamValue(QByteArray &out, const QByteArray &value)
{
    if (isToken(value)) {
        out += value;
        return;
    }
    // Not a token: written as a quoted-string so that the header stays one well-formed line (RFC 7230 3.2.6).
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

} // namespace

std::optional<QList<ExtensionOffer>> parseExtensionHeader(QByteArrayView value, QString *error)
{
    ExtensionListReader reader(value);
    auto extensions = reader.read();
    if (!extensions && error)
        *error = reader.error();
    return extensions;
}

QByteArray formatExtensionHeader(const QList<ExtensionOffer> &extensions)
{
    QByteArray out;
    for (const ExtensionOffer &extension : extensions) {
        if (!out.isEmpty())
            out += ", ";
        out += extension.name;
        for (const auto &[name, value] : extension.params) {
            out += "; ";
            out += name;
            if (value) {
                out += '=';
                appendParamValue(out, *value);
            }
        }
    }
    return out;
}

} // namespace sockscope::proto
