#pragma once

#include "proto/frame.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace sockscope::session {

// Compares a message that came back with the one recorded, the way a replay judges a server: exactly (type
// and bytes), or, when both are JSON texts, as JSON values with some paths ignored (timestamps, ids). Paths use
// a JSONPath subset: `$.a.b`, `a.b` (the `$.` is optional), `items[0]`, `*` for any key or index, and `..key`
// for a key at any depth (`$..id`). It knows nothing of connections.
class MessageComparison
{
public:
    struct Difference {
        QString path;     // "$.items[2].price"; "$" for the whole message
        QString expected; // compact JSON, or a description for non-JSON payloads
        QString actual;
    };

    // Invalid patterns are reported here and ignored.
    explicit MessageComparison(const QStringList &ignorePaths = {}, bool jsonAware = true);

    const QStringList &invalidPatterns() const { return m_invalid; }

    // No differences when the messages match.
    QList<Difference> compare(proto::Opcode expectedType, const QByteArray &expected, proto::Opcode actualType,
                              const QByteArray &actual) const;

    // Whether a pattern such as "$..id" matches a concrete path given as segments ("items", "2", "id"); indices
    // are segments too. Exposed for tests.
    bool ignored(const QStringList &path) const;

private:
    struct Segment {
        enum class Kind { Key, Any, Descend } kind;
        QString key;
    };
    using Pattern = QList<Segment>;
    static bool parse(const QString &text, Pattern &pattern);
    static bool matches(const Pattern &pattern, qsizetype p, const QStringList &path, qsizetype i);

    QList<Pattern> m_patterns;
    QStringList m_invalid;
    bool m_jsonAware;
};

} // namespace sockscope::session
