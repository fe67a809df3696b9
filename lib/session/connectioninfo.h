#pragma once

#include "sessionformat.h"

#include "proto/httpheaders.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace sockscope::session {

// What a session file says about one recorded connection before its first byte: where it went, from which side
// it was seen, and the options that shaped the handshake, so a replay can open the same connection again. Kept as
// JSON in the file; keys this version does not know are kept in `extra` and written back unchanged.
struct ConnectionInfo {
    Side side = Side::Client;
    QString url;
    QString name;
    QString localAddress; // "127.0.0.1:50312"
    QString peerAddress;
    QList<QByteArray> subprotocols;
    proto::HttpHeaders headers; // extra headers the user asked for (the request itself is recorded raw)
    QByteArray origin;
    bool deflate = false;
    QJsonObject extra;

    QJsonObject toJson() const;
    // Fields of the wrong type are an error (with the key in `error`); missing ones keep their defaults.
    static bool fromJson(const QJsonObject &json, ConnectionInfo &info, QString *error);

    friend bool operator==(const ConnectionInfo &, const ConnectionInfo &) = default;
};

} // namespace sockscope::session
