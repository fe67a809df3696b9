#include "sessionexport.h"

#include "sessionreader.h"

#include "proto/masking.h"

#include <QHash>

namespace sockscope::session::sessionexport {

namespace {

// Turns records, in file order, into conversations as they come.
class ConversationBuilder
{
public:
    void add(const SessionRecord &r)
    {
        if (r.type == RecordType::Connection) {
            m_infos.insert(r.connection, r.info);
            return;
        }
        const auto info = m_infos.constFind(r.connection);
        if (info == m_infos.constEnd())
            return;
        const bool clientSide = info->side == Side::Client;
        switch (r.type) {
        case RecordType::HandshakeRequest: {
            if (m_index.contains(r.connection))
                break;
            TcpConversation c;
            c.comment = QStringLiteral("%1 (recorded at the %2 side)")
                            .arg(info->url, clientSide ? QStringLiteral("client") : QStringLiteral("server"));
            c.segments.append({r.timestampUs, true, r.raw});
            m_index.insert(r.connection, m_conversations.size());
            m_conversations.append(c);
            break;
        }
        case RecordType::HandshakeResponse:
            if (TcpConversation *c = conversation(r.connection))
                c->segments.append({r.timestampUs, false, r.raw});
            break;
        case RecordType::Frame:
            if (TcpConversation *c = conversation(r.connection)) {
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
            if (TcpConversation *c = conversation(r.connection))
                c->closed = true;
            break;
        default: break;
        }
    }

    QList<TcpConversation> take() { return std::exchange(m_conversations, {}); }

private:
    TcpConversation *conversation(quint32 connection)
    {
        const auto it = m_index.constFind(connection);
        return it == m_index.constEnd() ? nullptr : &m_conversations[*it];
    }

    QList<TcpConversation> m_conversations;
    QHash<quint32, qsizetype> m_index; // connection -> conversation
    QHash<quint32, ConnectionInfo> m_infos;
};

} // namespace

QList<TcpConversation> toTcpConversations(QIODevice &sessionFile, SessionReadError &error)
{
    ConversationBuilder builder;
    SessionReader reader(&sessionFile);
    SessionRecord r;
    while (reader.next(r) == SessionReader::Status::Record)
        builder.add(r);
    error = reader.error();
    return builder.take();
}

QList<TcpConversation> toTcpConversations(const QList<SessionRecord> &records)
{
    ConversationBuilder builder;
    for (const SessionRecord &r : records)
        builder.add(r);
    return builder.take();
}

} // namespace sockscope::session::sessionexport
