#include "sessionassembler.h"

namespace sockscope::session {

SessionAssembler::SessionAssembler(StoreLimits limits)
    : m_limits(limits)
{}

std::vector<std::unique_ptr<RecordedConnection>> SessionAssembler::takeConnections()
{
    m_byId.clear();
    m_pending.clear();
    return std::exchange(m_connections, {});
}

void SessionAssembler::flushStray(RecordedConnection &c, proto::Direction d, size_t keep)
{
    auto &frames = m_pending[c.id].frames[int(d)];
    while (frames.size() > keep) {
        c.log.appendFrame(d, frames.front().frame, frames.front().timestampUs, frames.front().offset);
        frames.pop_front();
    }
}

bool SessionAssembler::add(const SessionRecord &r, QString *why)
{
    auto refuse = [why](QString text) {
        if (why)
            *why = std::move(text);
        return false;
    };
    if (r.type == RecordType::End)
        return true;
    if (r.type == RecordType::Connection) {
        if (m_byId.contains(r.connection))
            return refuse(QStringLiteral("connection %1 starts a second time").arg(r.connection));
        auto c = std::make_unique<RecordedConnection>(m_limits);
        c->id = r.connection;
        c->info = r.info;
        c->startedUs = r.timestampUs;
        m_byId.insert(c->id, c.get());
        m_connections.push_back(std::move(c));
        return true;
    }
    RecordedConnection *c = m_byId.value(r.connection);
    if (!c)
        return refuse(QStringLiteral("a record for connection %1, which never started").arg(r.connection));
    switch (r.type) {
    case RecordType::HandshakeRequest:
        c->request = r.raw;
        c->requestUs = r.timestampUs;
        break;
    case RecordType::HandshakeResponse:
        c->response = r.raw;
        c->responseUs = r.timestampUs;
        break;
    case RecordType::Frame:
        if (r.frame.isControl())
            c->log.appendFrame(r.direction, r.frame, r.timestampUs, r.offset);
        else
            m_pending[c->id].frames[int(r.direction)].push_back({r.frame, r.timestampUs, r.offset});
        break;
    case RecordType::Message: {
        auto &frames = m_pending[c->id].frames[int(r.direction)];
        if (frames.size() < r.frameCount)
            return refuse(
                QStringLiteral("a message of %1 frames after %2 data frames").arg(r.frameCount).arg(frames.size()));
        flushStray(*c, r.direction, r.frameCount);
        proto::Message m;
        m.type = r.messageType;
        m.compressed = r.compressed;
        // A compressed message's payload is in its Message record; another's in its frames, from the first on.
        const qint64 source = r.compressed || frames.empty() ? r.offset : frames.front().offset;
        for (PendingFrame &p : frames)
            m.frames.append(std::move(p.frame));
        frames.clear();
        if (r.compressed) {
            m.payload = r.inflatedPayload;
        } else if (m.frames.size() == 1) {
            m.payload = m.frames.front().payload;
        } else {
            qsizetype total = 0;
            for (const proto::Frame &f : m.frames)
                total += f.payload.size();
            m.payload.reserve(total);
            for (const proto::Frame &f : m.frames)
                m.payload.append(f.payload);
        }
        c->log.appendMessage(r.direction, m, r.timestampUs, source);
        break;
    }
    case RecordType::Close:
        c->close = r.close;
        c->closedUs = r.timestampUs;
        break;
    case RecordType::Note: c->notes.append(r); break;
    case RecordType::Connection:
    case RecordType::End: break;
    }
    return true;
}

void SessionAssembler::finish()
{
    for (const auto &c : m_connections) {
        flushStray(*c, proto::Direction::Incoming, 0);
        flushStray(*c, proto::Direction::Outgoing, 0);
    }
}

} // namespace sockscope::session
