#include "tcpreassembler.h"

namespace sockscope::session {

TcpReassembler::TcpReassembler(qint64 maxHeldBytes)
    : m_maxHeldBytes(maxHeldBytes)
{}

void TcpReassembler::synchronize(quint32 initialSequenceNumber)
{
    // RFC 9293 3.4: the SYN takes one sequence number; data starts after it.
    if (m_offset == 0 && m_held.empty()) {
        m_started = true;
        m_next = initialSequenceNumber + 1;
    }
}

void TcpReassembler::add(quint32 seq, const QByteArray &payload, quint32 wireLength, bool fin, qint64 timestampUs,
                         quint64 packet, QList<Chunk> &delivered)
{
    if (m_state != State::Open)
        return;
    wireLength = qMax(wireLength, quint32(payload.size()));
    if (!m_started) {
        m_started = true;
        m_next = seq;
    }
    // RFC 9293 3.4: sequence numbers compare modulo 2^32; a segment lies within 2^31 of the next expected byte.
    const qint64 start = qint64(m_offset) + qint32(seq - m_next);
    const qint64 end = start + qint64(wireLength);
    if (fin && end >= qint64(m_offset) && !m_finOffset)
        m_finOffset = quint64(end);
    if (wireLength == 0) {
        checkFin();
        return;
    }
    if (end <= qint64(m_offset)) {
        ++m_retransmissions; // everything in it came before
        checkFin();
        return;
    }
    Held segment{payload, wireLength, timestampUs, packet};
    if (start > qint64(m_offset)) {
        ++m_outOfOrder;
        auto [it, inserted] = m_held.try_emplace(quint64(start), segment);
        if (!inserted) {
            // The same start again: keep the longer copy.
            if (it->second.wireLength >= wireLength) {
                ++m_retransmissions;
                return;
            }
            m_heldBytes -= it->second.payload.size();
            it->second = segment;
        }
        m_heldBytes += payload.size();
        if (m_heldBytes > m_maxHeldBytes)
            stopWith(State::MissingData, m_held.begin()->first - m_offset, m_held.begin()->second.packet);
        return;
    }
    if (start < qint64(m_offset))
        ++m_retransmissions; // partly: only its new bytes count
    deliver(start, segment, delivered);
    drain(delivered);
    checkFin();
}

void TcpReassembler::deliver(qint64 start, const Held &segment, QList<Chunk> &delivered)
{
    // start <= m_offset < start + wireLength: the bytes from m_offset on are new.
    const auto skip = quint64(qint64(m_offset) - start);
    if (skip < quint64(segment.payload.size())) {
        Chunk chunk;
        chunk.bytes = skip == 0 ? segment.payload : segment.payload.sliced(qsizetype(skip));
        chunk.timestampUs = segment.timestampUs;
        chunk.packet = segment.packet;
        chunk.streamOffset = m_offset;
        m_offset += quint64(chunk.bytes.size());
        m_next += quint32(chunk.bytes.size());
        delivered.append(std::move(chunk));
    }
    const qint64 end = start + qint64(segment.wireLength);
    if (qint64(m_offset) < end)
        stopWith(State::CutPacket, quint64(end - qint64(m_offset)), segment.packet);
}

void TcpReassembler::drain(QList<Chunk> &delivered)
{
    while (m_state == State::Open && !m_held.empty() && m_held.begin()->first <= m_offset) {
        auto node = m_held.extract(m_held.begin());
        m_heldBytes -= node.mapped().payload.size();
        if (node.key() + node.mapped().wireLength <= m_offset) {
            ++m_retransmissions;
            continue;
        }
        deliver(qint64(node.key()), node.mapped(), delivered);
    }
}

void TcpReassembler::checkFin()
{
    if (m_state == State::Open && m_finOffset && m_offset >= *m_finOffset)
        m_state = State::Finished;
}

void TcpReassembler::close()
{
    if (m_state == State::Open && !m_held.empty())
        stopWith(State::MissingData, m_held.begin()->first - m_offset, m_held.begin()->second.packet);
}

void TcpReassembler::stopWith(State state, quint64 missing, quint64 packet)
{
    m_state = state;
    m_stop.offset = m_offset;
    m_stop.missing = missing;
    m_stop.packet = packet;
    m_stop.droppedBytes = quint64(m_heldBytes);
    m_held.clear();
    m_heldBytes = 0;
}

} // namespace sockscope::session
