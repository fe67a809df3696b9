#include "jsonformat.h"

#include <QCoreApplication>

namespace sockscope::ui {

namespace {
// A recursive-descent reader that copies tokens verbatim and decides only where whitespace goes.
class JsonWriter
{
    Q_DECLARE_TR_FUNCTIONS(JsonWriter)
public:
    JsonWriter(QStringView text, int indent, bool output)
        : m_text(text)
        , m_indent(indent)
        , m_output(output)
    {}

    bool run()
    {
        skipSpace();
        if (!value(0))
            return false;
        skipSpace();
        if (m_pos != m_text.size())
            return fail(tr("unexpected text after the JSON value"));
        return true;
    }

    QString result() const { return m_out; }
    JsonError error() const { return m_error; }

private:
    static constexpr int MaxDepth = 512;

    bool fail(const QString &message)
    {
        if (m_error.offset < 0)
            m_error = JsonError{m_pos, message};
        return false;
    }
    void skipSpace()
    {
        // RFC 8259 2: space, tab, line feed, carriage return.
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == u' ' || m_text[m_pos] == u'\t' || m_text[m_pos] == u'\n' || m_text[m_pos] == u'\r'))
            ++m_pos;
    }
    void put(QStringView s)
    {
        if (m_output)
            m_out += s;
    }
    void put(QChar c)
    {
        if (m_output)
            m_out += c;
    }
    void newline(int depth)
    {
        if (m_output && m_indent > 0) {
            m_out += QLatin1Char('\n');
            m_out += QString(depth * m_indent, QLatin1Char(' '));
        }
    }
    bool value(int depth)
    {
        if (depth > MaxDepth)
            return fail(tr("nested more than %1 levels deep").arg(MaxDepth));
        if (m_pos >= m_text.size())
            return fail(tr("a value is missing at the end"));
        const QChar c = m_text[m_pos];
        if (c == u'{')
            return container(depth, u'}', true);
        if (c == u'[')
            return container(depth, u']', false);
        if (c == u'"')
            return string();
        if (c == u'-' || (c >= u'0' && c <= u'9'))
            return number();
        for (const char *word : {"true", "false", "null"}) {
            const QLatin1StringView w(word);
            if (m_text.mid(m_pos).startsWith(w)) {
                put(m_text.mid(m_pos, w.size()));
                m_pos += w.size();
                return true;
            }
        }
        return fail(tr("'%1' does not start a JSON value").arg(c));
    }
    bool container(int depth, char16_t close, bool object)
    {
        put(m_text[m_pos]);
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == close) {
            put(m_text[m_pos]);
            ++m_pos;
            return true;
        }
        for (;;) {
            newline(depth + 1);
            skipSpace();
            if (object) {
                if (m_pos >= m_text.size() || m_text[m_pos] != u'"')
                    return fail(tr("an object member must start with a quoted name"));
                if (!string())
                    return false;
                skipSpace();
                if (m_pos >= m_text.size() || m_text[m_pos] != u':')
                    return fail(tr("':' expected after the member name"));
                ++m_pos;
                put(m_indent > 0 ? QStringView(u": ") : QStringView(u":"));
                skipSpace();
            }
            if (!value(depth + 1))
                return false;
            skipSpace();
            if (m_pos >= m_text.size())
                return fail(tr("'%1' expected before the end").arg(QChar(close)));
            if (m_text[m_pos] == u',') {
                put(u',');
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == close) {
                newline(depth);
                put(m_text[m_pos]);
                ++m_pos;
                return true;
            }
            return fail(tr("',' or '%1' expected").arg(QChar(close)));
        }
    }
    bool string()
    {
        const qsizetype start = m_pos++;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                ++m_pos;
                put(m_text.mid(start, m_pos - start));
                return true;
            }
            if (c.unicode() < 0x20)
                return fail(tr("a control character must be escaped in a string"));
            if (c == u'\\') {
                ++m_pos;
                if (m_pos >= m_text.size())
                    break;
                const QChar e = m_text[m_pos];
                if (e == u'u') {
                    for (int i = 1; i <= 4; ++i) {
                        if (m_pos + i >= m_text.size() || !isHexDigit(m_text[m_pos + i])) {
                            m_pos += i;
                            return fail(tr("\\u needs four hex digits"));
                        }
                    }
                    m_pos += 4;
                } else if (!QStringView(u"\"\\/bfnrt").contains(e)) {
                    return fail(tr("'\\%1' is not a JSON escape").arg(e));
                }
            }
            ++m_pos;
        }
        m_pos = m_text.size();
        return fail(tr("a string is not closed"));
    }
    static bool isHexDigit(QChar c)
    {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    }
    bool digits()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'9')
            ++m_pos;
        return m_pos > start;
    }
    bool number()
    {
        // RFC 8259 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        const qsizetype start = m_pos;
        if (m_text[m_pos] == u'-')
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == u'0') {
            ++m_pos;
            if (m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'9')
                return fail(tr("a number must not have leading zeros"));
        } else if (!digits()) {
            return fail(tr("digits expected in a number"));
        }
        if (m_pos < m_text.size() && m_text[m_pos] == u'.') {
            ++m_pos;
            if (!digits())
                return fail(tr("digits expected after the decimal point"));
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                ++m_pos;
            if (!digits())
                return fail(tr("digits expected in the exponent"));
        }
        put(m_text.mid(start, m_pos - start));
        return true;
    }

    QStringView m_text;
    int m_indent;
    bool m_output;
    qsizetype m_pos = 0;
    QString m_out;
    JsonError m_error;
};

std::optional<QString> write(QStringView text, int indent, bool output, JsonError *error)
{
    JsonWriter writer(text, indent, output);
    if (!writer.run()) {
        if (error)
            *error = writer.error();
        return std::nullopt;
    }
    return writer.result();
}
} // namespace

std::optional<QString> formatJson(QStringView text, int indent, JsonError *error)
{
    return write(text, std::max(indent, 1), true, error);
}

bool isValidJson(QStringView text, JsonError *error)
{
    return write(text, 0, false, error).has_value();
}

std::optional<QString> compactJson(QStringView text, JsonError *error)
{
    return write(text, 0, true, error);
}

} // namespace sockscope::ui
