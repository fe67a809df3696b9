#include "messagestore.h"

namespace sockscope::session {

MessageStore::MessageStore(StoreLimits limits)
    : m_limits(limits)
{}

void MessageStore::setLimits(const StoreLimits &limits)
{
    m_limits = limits;
    releasePayloads();
}

void MessageStore::appendMessage(proto::Direction direction, const proto::Message &message, qint64 timestampUs,
                                 qint64 sourceOffset)
{
    MessageRecord record;
    record.sourceOffset = sourceOffset;
    record.timestampUs = timestampUs;
    record.payload = message.payload;
    record.payloadSize = message.payload.size();
    record.wirePayloadSize = message.wirePayloadSize();
    record.firstFrame = m_frameBase + m_frames.size();
    record.frameCount = quint32(message.frames.size());
    record.direction = direction;
    record.opcode = message.type;
    record.compressed = message.compressed;
    for (const proto::Frame &frame : message.frames)
        m_frames.push_back(frame.header);
    add(std::move(record));
}

void MessageStore::appendFrame(proto::Direction direction, const proto::Frame &frame, qint64 timestampUs,
                               qint64 sourceOffset)
{
    MessageRecord record;
    record.sourceOffset = sourceOffset;
    record.timestampUs = timestampUs;
    record.payload = frame.payload;
    record.payloadSize = frame.payload.size();
    record.wirePayloadSize = frame.payload.size();
    record.firstFrame = m_frameBase + m_frames.size();
    record.frameCount = 1;
    record.direction = direction;
    record.opcode = frame.opcode;
    record.compressed = frame.rsv1;
    m_frames.push_back(frame.header);
    add(std::move(record));
}

void MessageStore::add(MessageRecord &&record)
{
    m_payloadBytes += record.payload.size();
    m_records.push_back(std::move(record));
    if (m_payloadBytes > m_limits.payloadBudget)
        releasePayloads();
}

const proto::RawHeader &MessageStore::frameHeader(const MessageRecord &record, quint32 i) const
{
    return m_frames[record.firstFrame + i - m_frameBase];
}

void MessageStore::releasePayloads()
{
    // Oldest first, down to 90% of the budget, so a flood does not release one payload per append.
    const qint64 target = m_limits.payloadBudget - m_limits.payloadBudget / 10;
    m_releaseCursor = std::max(m_releaseCursor, m_base);
    while (m_payloadBytes > target && m_releaseCursor < endIndex()) {
        MessageRecord &record = m_records[m_releaseCursor - m_base];
        if (!record.payload.isNull()) {
            m_payloadBytes -= record.payload.size();
            record.payload = QByteArray();
            record.payloadReleased = true;
        }
        ++m_releaseCursor;
    }
}

quint64 MessageStore::excessRecords() const
{
    if (m_records.size() <= m_limits.maxRecords)
        return 0;
    const quint64 excess = m_records.size() - m_limits.maxRecords;
    return std::min<quint64>(m_records.size(), excess + m_limits.maxRecords / 10);
}

quint64 MessageStore::trim()
{
    const quint64 count = excessRecords();
    if (count == 0)
        return 0;
    quint64 frames = 0;
    for (quint64 i = 0; i < count; ++i) {
        m_payloadBytes -= m_records.front().payload.size();
        frames += m_records.front().frameCount;
        m_records.pop_front();
    }
    m_frames.erase(m_frames.begin(), m_frames.begin() + qsizetype(frames));
    m_base += count;
    m_frameBase += frames;
    m_trimmed += count;
    return count;
}

void MessageStore::clear()
{
    m_base += m_records.size();
    m_frameBase += m_frames.size();
    m_records.clear();
    m_frames.clear();
    m_payloadBytes = 0;
    m_releaseCursor = m_base;
}

} // namespace sockscope::session
