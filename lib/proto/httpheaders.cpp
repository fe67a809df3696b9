#include "httpheaders.h"

#include "httpsyntax.h"

#include <algorithm>

namespace sockscope::proto {

HttpHeaders::HttpHeaders(std::initializer_list<Field> fields)
    : m_fields(fields)
{}

void HttpHeaders::append(QByteArray name, QByteArray value)
{
    m_fields.append({std::move(name), std::move(value)});
}

qsizetype HttpHeaders::remove(QByteArrayView name)
{
    return m_fields.removeIf([name](const Field &field) { return equalsIgnoringAsciiCase(field.first, name); });
}

void HttpHeaders::applyOverrides(const HttpHeaders &overrides)
{
    const qsizetype original = m_fields.size();
    QList<bool> replaced(original, false);
    for (const Field &field : overrides) {
        qsizetype i = 0;
        while (i < original && (replaced.at(i) || !equalsIgnoringAsciiCase(m_fields.at(i).first, field.first)))
            ++i;
        if (i < original) {
            m_fields[i] = field;
            replaced[i] = true;
        } else {
            m_fields.append(field);
        }
    }
}

QByteArray HttpHeaders::value(QByteArrayView name) const
{
    for (const Field &field : m_fields) {
        if (equalsIgnoringAsciiCase(field.first, name))
            return field.second;
    }
    return QByteArray();
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const Field &field : m_fields) {
        if (equalsIgnoringAsciiCase(field.first, name))
            result.append(field.second);
    }
    return result;
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    return count(name) > 0;
}

qsizetype HttpHeaders::count(QByteArrayView name) const
{
    return std::count_if(m_fields.cbegin(), m_fields.cend(),
                         [name](const Field &field) { return equalsIgnoringAsciiCase(field.first, name); });
}

QList<QByteArray> HttpHeaders::tokens(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const Field &field : m_fields) {
        if (!equalsIgnoringAsciiCase(field.first, name))
            continue;
        const QByteArrayView value(field.second);
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype comma = value.indexOf(',', start);
            if (comma < 0)
                comma = value.size();
            const QByteArrayView element = trimOws(value.sliced(start, comma - start));
            // RFC 7230 7: a recipient ignores empty list elements
            if (!element.isEmpty())
                result.append(element.toByteArray());
            start = comma + 1;
        }
    }
    return result;
}

bool HttpHeaders::containsToken(QByteArrayView name, QByteArrayView token) const
{
    const QList<QByteArray> elements = tokens(name);
    return std::any_of(elements.cbegin(), elements.cend(),
                       [token](const QByteArray &element) { return equalsIgnoringAsciiCase(element, token); });
}

QByteArray HttpHeaders::combinedValue(QByteArrayView name) const
{
    return values(name).join(", ");
}

QByteArray HttpHeaders::serialize() const
{
    QByteArray out;
    for (const Field &field : m_fields) {
        out += field.first;
        out += ": ";
        out += field.second;
        out += "\r\n";
    }
    return out;
}

} // namespace sockscope::proto
