#include "messagecomparison.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <functional>
#include <optional>

namespace sockscope::session {

namespace {

std::optional<QJsonValue> parseJson(const QByteArray &text)
{
    // QJsonDocument takes only objects and arrays at the top; wrap to accept any JSON value.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().first();
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString pathText(const QStringList &path, const QList<bool> &isIndex)
{
    QString out = QStringLiteral("$");
    for (qsizetype i = 0; i < path.size(); ++i)
        out += isIndex[i] ? QStringLiteral("[%1]").arg(path[i]) : QLatin1Char('.') + path[i];
    return out;
}

QString describe(proto::Opcode type, const QByteArray &payload)
{
    const bool text = type == proto::Opcode::Text;
    QString preview = text ? QString::fromUtf8(payload.left(200)) : QString::fromLatin1(payload.left(64).toHex(' '));
    if (payload.size() > (text ? 200 : 64))
        preview += QStringLiteral("…");
    return QStringLiteral("%1 %2 B: %3").arg(QLatin1String(proto::opcodeName(type))).arg(payload.size()).arg(preview);
}

} // namespace

MessageComparison::MessageComparison(const QStringList &ignorePaths, bool jsonAware)
    : m_jsonAware(jsonAware)
{
    for (const QString &text : ignorePaths) {
        Pattern p;
        if (parse(text, p))
            m_patterns.append(p);
        else
            m_invalid.append(text);
    }
}

bool MessageComparison::parse(const QString &input, Pattern &pattern)
{
    QString text = input.trimmed();
    if (text.startsWith(QLatin1Char('$')))
        text.remove(0, 1);
    else if (!text.isEmpty() && !text.startsWith(QLatin1Char('.')) && !text.startsWith(QLatin1Char('[')))
        text.prepend(QLatin1Char('.'));
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.mid(i, 2) == QLatin1String("..")) {
            pattern.append({Segment::Kind::Descend, {}});
            i += 2;
        } else if (text[i] == QLatin1Char('.')) {
            ++i;
        } else if (text[i] == QLatin1Char('[')) {
            const qsizetype close = text.indexOf(QLatin1Char(']'), i);
            if (close < 0)
                return false;
            QString inner = text.mid(i + 1, close - i - 1).trimmed();
            if (inner.size() >= 2 && (inner.startsWith(QLatin1Char('\'')) || inner.startsWith(QLatin1Char('"'))) &&
                inner.endsWith(inner[0]))
                inner = inner.mid(1, inner.size() - 2);
            else if (inner != QLatin1String("*")) {
                bool ok = false;
                inner.toUInt(&ok);
                if (!ok)
                    return false;
            }
            pattern.append(inner == QLatin1String("*") ? Segment{Segment::Kind::Any, {}}
                                                       : Segment{Segment::Kind::Key, inner});
            i = close + 1;
            continue;
        } else {
            qsizetype end = i;
            while (end < text.size() && text[end] != QLatin1Char('.') && text[end] != QLatin1Char('['))
                ++end;
            const QString key = text.mid(i, end - i);
            pattern.append(key == QLatin1String("*") ? Segment{Segment::Kind::Any, {}}
                                                     : Segment{Segment::Kind::Key, key});
            i = end;
            continue;
        }
        // After "." or "..", a name, "*" or "[" must follow.
        if (i >= text.size() || text[i] == QLatin1Char('.'))
            return false;
    }
    return !pattern.isEmpty() && pattern.last().kind != Segment::Kind::Descend;
}

bool MessageComparison::matches(const Pattern &pattern, qsizetype p, const QStringList &path, qsizetype i)
{
    if (p == pattern.size())
        return true; // a pattern ignores everything below the value it names
    if (i == path.size())
        return false;
    const Segment &s = pattern[p];
    switch (s.kind) {
    case Segment::Kind::Key: return s.key == path[i] && matches(pattern, p + 1, path, i + 1);
    case Segment::Kind::Any: return matches(pattern, p + 1, path, i + 1);
    case Segment::Kind::Descend:
        for (qsizetype k = i; k < path.size(); ++k) {
            if (matches(pattern, p + 1, path, k))
                return true;
        }
        return false;
    }
    return false;
}

bool MessageComparison::ignored(const QStringList &path) const
{
    for (const Pattern &p : m_patterns) {
        if (matches(p, 0, path, 0))
            return true;
    }
    return false;
}

QList<MessageComparison::Difference> MessageComparison::compare(proto::Opcode expectedType, const QByteArray &expected,
                                                                proto::Opcode actualType,
                                                                const QByteArray &actual) const
{
    QList<Difference> out;
    if (expectedType != actualType || (!m_jsonAware && expected != actual)) {
        out.append({QStringLiteral("$"), describe(expectedType, expected), describe(actualType, actual)});
        return out;
    }
    if (expected == actual)
        return out;
    const auto e = expectedType == proto::Opcode::Text ? parseJson(expected) : std::nullopt;
    const auto a = e ? parseJson(actual) : std::nullopt;
    if (!e || !a) {
        out.append({QStringLiteral("$"), describe(expectedType, expected), describe(actualType, actual)});
        return out;
    }
    QStringList path;
    QList<bool> isIndex;
    std::function<void(const QJsonValue &, const QJsonValue &)> walk = [&](const QJsonValue &x, const QJsonValue &y) {
        if (ignored(path))
            return;
        if (x.isObject() && y.isObject()) {
            const QJsonObject xo = x.toObject();
            const QJsonObject yo = y.toObject();
            QStringList keys = xo.keys();
            for (const QString &k : yo.keys()) {
                if (!xo.contains(k))
                    keys.append(k);
            }
            for (const QString &k : keys) {
                path.append(k);
                isIndex.append(false);
                if (!ignored(path)) {
                    if (!xo.contains(k))
                        out.append({pathText(path, isIndex), QStringLiteral("(absent)"), compact(yo.value(k))});
                    else if (!yo.contains(k))
                        out.append({pathText(path, isIndex), compact(xo.value(k)), QStringLiteral("(absent)")});
                    else
                        walk(xo.value(k), yo.value(k));
                }
                path.removeLast();
                isIndex.removeLast();
            }
            return;
        }
        if (x.isArray() && y.isArray()) {
            const QJsonArray xa = x.toArray();
            const QJsonArray ya = y.toArray();
            for (qsizetype i = 0; i < qMax(xa.size(), ya.size()); ++i) {
                path.append(QString::number(i));
                isIndex.append(true);
                if (!ignored(path)) {
                    if (i >= xa.size())
                        out.append({pathText(path, isIndex), QStringLiteral("(absent)"), compact(ya[i])});
                    else if (i >= ya.size())
                        out.append({pathText(path, isIndex), compact(xa[i]), QStringLiteral("(absent)")});
                    else
                        walk(xa[i], ya[i]);
                }
                path.removeLast();
                isIndex.removeLast();
            }
            return;
        }
        if (x != y)
            out.append({pathText(path, isIndex), compact(x), compact(y)});
    };
    walk(*e, *a);
    return out;
}

} // namespace sockscope::session
