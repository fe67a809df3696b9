#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <map>
#include <optional>

namespace sockscope::session {

// Puts the segments that one side of a TCP connection sent back into the byte stream it wrote (RFC 9293 3.4),
// as a capture shows them: in order, once. A SYN gives the initial sequence number; without one the stream
// starts at the first segment seen. Bytes delivered before are dropped when they come again (retransmissions,
// overlaps: the first copy counts), segments that come early are held until the gap before them fills, and a FIN
// ends the stream once everything before it has come. Memory is bounded: when more than `maxHeldBytes` wait
// behind a gap, the gap is taken as lost (the capture missed those bytes) and the stream ends there. A segment the
// capture cut short (snapshot length) delivers what was captured and ends the stream where its bytes stop.
// It does not decode the bytes and does not look at the other direction.
class TcpReassembler
{
public:
    // Bytes that came in order, with the packet that completed them.
    struct Chunk {
        QByteArray bytes;
        qint64 timestampUs = 0;
        quint64 packet = 0;       // capture packet number
        quint64 streamOffset = 0; // of the first byte, from 0 at the stream's start
    };

    enum class State : quint8 {
        Open,        // more may come
        Finished,    // the FIN came after every byte before it
        MissingData, // bytes are missing from the capture: a gap that never filled
        CutPacket,   // a packet cut by the snapshot length: its bytes after what was captured are missing
    };

    // Why and where a stream stopped short: the offset of the first missing byte, how many are missing before
    // the next bytes the capture holds (0 when unknown), the packet that showed it and the bytes lost behind it.
    struct Stop {
        quint64 offset = 0;
        quint64 missing = 0;
        quint64 packet = 0;
        quint64 droppedBytes = 0;
    };

    static constexpr qint64 DefaultMaxHeldBytes = 32 << 20;

    explicit TcpReassembler(qint64 maxHeldBytes = DefaultMaxHeldBytes);

    // A SYN with this sequence number: the stream's first byte has the next one. Ignored once bytes came.
    void synchronize(quint32 initialSequenceNumber);
    bool hasStarted() const { return m_started; }

    // A segment: its sequence number, the payload as far as it was captured, its length on the wire (more than
    // the payload when the capture cut it) and whether it carries FIN. What it brings in order, together with
    // held bytes it releases, is appended to `delivered`.
    void add(quint32 seq, const QByteArray &payload, quint32 wireLength, bool fin, qint64 timestampUs, quint64 packet,
             QList<Chunk> &delivered);
    // No more segments will come (the connection was reset or the capture ended): bytes held behind a gap are
    // dropped and the stream stops with MissingData; a stream without a gap keeps its state.
    void close();

    State state() const { return m_state; }
    const Stop &stop() const { return m_stop; }
    // Bytes delivered so far: the offset of the next byte.
    quint64 offset() const { return m_offset; }
    qint64 heldBytes() const { return m_heldBytes; }
    quint64 retransmissions() const { return m_retransmissions; }
    quint64 outOfOrder() const { return m_outOfOrder; }

private:
    struct Held {
        QByteArray payload;
        quint32 wireLength = 0;
        qint64 timestampUs = 0;
        quint64 packet = 0;
    };

    void deliver(qint64 start, const Held &segment, QList<Chunk> &delivered);
    void drain(QList<Chunk> &delivered);
    void checkFin();
    void stopWith(State state, quint64 missing, quint64 packet);

    qint64 m_maxHeldBytes;
    bool m_started = false;
    quint32 m_next = 0;             // sequence number of the next byte expected
    quint64 m_offset = 0;           // stream offset of that byte
    std::map<quint64, Held> m_held; // by stream offset
    qint64 m_heldBytes = 0;
    std::optional<quint64> m_finOffset;
    State m_state = State::Open;
    Stop m_stop;
    quint64 m_retransmissions = 0;
    quint64 m_outOfOrder = 0;
};

} // namespace sockscope::session
