#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <initializer_list>
#include <utility>

namespace sockscope::proto {

// The header fields of one HTTP head as an ordered list of (name, value) byte pairs. Original case, order and
// duplicates survive, because the user is here to see exactly what went over the wire. Lookups compare names
// ASCII case-insensitively (RFC 7230 3.2). It does not check syntax (HttpHeadParser does) and knows nothing
// about WebSocket.
class HttpHeaders
{
public:
    using Field = std::pair<QByteArray, QByteArray>;
    using const_iterator = QList<Field>::const_iterator;

    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<Field> fields);

    void append(QByteArray name, QByteArray value);
    // Removes every field with this name; returns how many there were.
    qsizetype remove(QByteArrayView name);
    // Each field of overrides replaces the value (and the spelling of the name) of the first field of the same
    // name that was here before the call and has not been replaced yet; fields with no such match are appended
    // in order. This is how user-given headers take the place of defaults while duplicates stay possible.
    void applyOverrides(const HttpHeaders &overrides);

    // The value of the first field with this name, or a null QByteArray when there is none.
    QByteArray value(QByteArrayView name) const;
    QList<QByteArray> values(QByteArrayView name) const;
    bool contains(QByteArrayView name) const;
    qsizetype count(QByteArrayView name) const;
    // RFC 7230 7: the elements of a comma-separated list across every field of this name, OWS-trimmed, empty
    // elements skipped. Quoted strings are not interpreted.
    QList<QByteArray> tokens(QByteArrayView name) const;
    // Whether tokens(name) holds token, compared ASCII case-insensitively.
    bool containsToken(QByteArrayView name, QByteArrayView token) const;
    // Every value of this name joined with ", ", the combined value RFC 7230 3.2.2 defines for list fields.
    QByteArray combinedValue(QByteArrayView name) const;

    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }
    const Field &at(qsizetype i) const { return m_fields.at(i); }
    const QList<Field> &fields() const { return m_fields; }
    const_iterator begin() const { return m_fields.cbegin(); }
    const_iterator end() const { return m_fields.cend(); }

    // "Name: value\r\n" for every field, in order.
    QByteArray serialize() const;

    friend bool operator==(const HttpHeaders &, const HttpHeaders &) = default;

private:
    QList<Field> m_fields;
};

} // namespace sockscope::proto
