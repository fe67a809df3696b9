#include "sessionexport.h"

#include "sessionreader.h"

#include "proto/masking.h"

#include <QHash>

namespace sockscope::session::sessionexport {

QList<TcpConversation> toTcpConversations(QIODevice &sessionFile, SessionReadError &error)
{
    QList<TcpConversation> conversations;
    QHash<quint32, qsizetype> index; // connection -> conversation
    QHash<quint32, ConnectionInfo> infos;
    SessionReader reader(&sessionFile);
    SessionRecord r;
    while (reader.next(r) == SessionReader::Status::Record) {
        if (r.type == RecordType::Connection) {
            infos.insert(r.connection, r.info);
            continue;
        }
        if (!infos.contains(r.connection))
            continue;
        const ConnectionInfo &info = infos[r.connection];
        const bool clientSide = info.side == Side::Client;
        auto conversation = [&]() -> TcpConversation * {
            auto it = index.constFind(r.connection);
            if (it == index.constEnd())
                return nullptr;
            return &conversations[*it];
        };
        switch (r.type) {
        case RecordType::HandshakeRequest: {
            if (index.contains(r.connection))
                break;
            TcpConversation c;
            c.comment = QStringLiteral("%1 (recorded at the %2 side)")
                            .arg(info.url, clientSide ? QStringLiteral("client") : QStringLiteral("server"));
            c.segments.append({r.timestampUs, true, r.raw});
            index.insert(r.connection, conversations.size());
            conversations.append(c);
            break;
        }
        case RecordType::HandshakeResponse:
            if (TcpConversation *c = conversation())
                c->segments.append({r.timestampUs, false, r.raw});
            break;
        case RecordType::Frame:
            if (TcpConversation *c = conversation()) {
                const bool fromClient = (r.direction == proto::Direction::Outgoing) == clientSide;
                QByteArray bytes = r.frame.header.toByteArray();
                const qsizetype start = bytes.size();
                bytes.append(r.frame.payload);
                if (r.frame.masked)
                    proto::applyMask(bytes.data() + start, r.frame.payload.size(), r.frame.maskKey);
                c->segments.append({r.timestampUs, fromClient, bytes});
            }
            break;
        case RecordType::Close:
            if (TcpConversation *c = conversation())
                c->closed = true;
            break;
        default: break;
        }
    }
    error = reader.error();
    return conversations;
}

} // namespace sockscope::session::sessionexport
