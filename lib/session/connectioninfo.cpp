#include "connectioninfo.h"

#include <QJsonArray>

namespace sockscope::session {

namespace {

// Header names and values are bytes on the wire; Latin-1 keeps every byte as one character.
QJsonValue bytes(const QByteArray &b)
{
    return QString::fromLatin1(b);
}

const QStringList knownKeys = {
    QStringLiteral("side"),         QStringLiteral("url"),         QStringLiteral("name"),
    QStringLiteral("localAddress"), QStringLiteral("peerAddress"), QStringLiteral("subprotocols"),
    QStringLiteral("headers"),      QStringLiteral("origin"),      QStringLiteral("deflate")};

} // namespace

QJsonObject ConnectionInfo::toJson() const
{
    QJsonObject o = extra;
    o[QStringLiteral("side")] = side == Side::Client ? QStringLiteral("client") : QStringLiteral("server");
    o[QStringLiteral("url")] = url;
    if (!name.isEmpty())
        o[QStringLiteral("name")] = name;
    if (!localAddress.isEmpty())
        o[QStringLiteral("localAddress")] = localAddress;
    if (!peerAddress.isEmpty())
        o[QStringLiteral("peerAddress")] = peerAddress;
    if (!subprotocols.isEmpty()) {
        QJsonArray a;
        for (const QByteArray &p : subprotocols)
            a.append(bytes(p));
        o[QStringLiteral("subprotocols")] = a;
    }
    if (!headers.isEmpty()) {
        QJsonArray a;
        for (const auto &[n, v] : headers)
            a.append(QJsonArray{bytes(n), bytes(v)});
        o[QStringLiteral("headers")] = a;
    }
    if (!origin.isEmpty())
        o[QStringLiteral("origin")] = bytes(origin);
    if (deflate)
        o[QStringLiteral("deflate")] = true;
    return o;
}

bool ConnectionInfo::fromJson(const QJsonObject &json, ConnectionInfo &info, QString *error)
{
    auto wrong = [error](const QString &key, const char *expected) {
        if (error)
            *error = QStringLiteral("\"%1\" should be %2").arg(key, QLatin1String(expected));
        return false;
    };
    auto string = [&](const QString &key, QString &out) {
        const QJsonValue v = json.value(key);
        if (v.isUndefined())
            return true;
        if (!v.isString())
            return wrong(key, "a string");
        out = v.toString();
        return true;
    };
    ConnectionInfo result;
    QString side = QStringLiteral("client");
    if (!string(QStringLiteral("side"), side))
        return false;
    if (side != QLatin1String("client") && side != QLatin1String("server"))
        return wrong(QStringLiteral("side"), "\"client\" or \"server\"");
    result.side = side == QLatin1String("client") ? Side::Client : Side::Server;
    QString origin;
    if (!string(QStringLiteral("url"), result.url) || !string(QStringLiteral("name"), result.name) ||
        !string(QStringLiteral("localAddress"), result.localAddress) ||
        !string(QStringLiteral("peerAddress"), result.peerAddress) || !string(QStringLiteral("origin"), origin))
        return false;
    result.origin = origin.toLatin1();

    const QJsonValue protocols = json.value(QStringLiteral("subprotocols"));
    if (!protocols.isUndefined()) {
        if (!protocols.isArray())
            return wrong(QStringLiteral("subprotocols"), "an array of strings");
        for (const QJsonValue &p : protocols.toArray()) {
            if (!p.isString())
                return wrong(QStringLiteral("subprotocols"), "an array of strings");
            result.subprotocols.append(p.toString().toLatin1());
        }
    }
    const QJsonValue headers = json.value(QStringLiteral("headers"));
    if (!headers.isUndefined()) {
        if (!headers.isArray())
            return wrong(QStringLiteral("headers"), "an array of [name, value] pairs");
        for (const QJsonValue &h : headers.toArray()) {
            const QJsonArray pair = h.toArray();
            if (!h.isArray() || pair.size() != 2 || !pair[0].isString() || !pair[1].isString())
                return wrong(QStringLiteral("headers"), "an array of [name, value] pairs");
            result.headers.append(pair[0].toString().toLatin1(), pair[1].toString().toLatin1());
        }
    }
    const QJsonValue deflate = json.value(QStringLiteral("deflate"));
    if (!deflate.isUndefined()) {
        if (!deflate.isBool())
            return wrong(QStringLiteral("deflate"), "true or false");
        result.deflate = deflate.toBool();
    }
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!knownKeys.contains(it.key()))
            result.extra.insert(it.key(), it.value());
    }
    info = std::move(result);
    return true;
}

} // namespace sockscope::session
