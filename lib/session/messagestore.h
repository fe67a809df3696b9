#pragma once

#include "proto/connection.h"
#include "proto/frame.h"
#include "proto/message.h"

#include <QByteArray>

#include <deque>

namespace sockscope::session {

// One line of a connection's log: a whole message, or a frame that is not part of one (ping, pong, close, or a
// frame with a reserved opcode or out of sequence). Compact on purpose: a log holds millions of them.
struct MessageRecord {
    qint64 timestampUs = 0;
    QByteArray payload;         // as the application sees it: inflated; for a close frame, its whole body
    qint64 payloadSize = 0;     // stays when the payload was released to keep within the memory budget
    qint64 wirePayloadSize = 0; // payload bytes the frames carried (smaller when compressed)
    quint64 firstFrame = 0;     // absolute index of its first frame header in the store
    // For a log read from a session file: where its payload can be read again once released (PayloadSource); the
    // record of its first frame, or of the Message record that holds its inflated payload. -1 for a live log.
    qint64 sourceOffset = -1;
    quint32 frameCount = 0;
    proto::Direction direction = proto::Direction::Incoming;
    proto::Opcode opcode = proto::Opcode::Text; // Text / Binary for messages, the frame's opcode otherwise
    bool compressed = false;
    bool payloadReleased = false;

    bool isMessage() const
    {
        return frameCount > 0 && !proto::isControlOpcode(opcode) && opcode != proto::Opcode::Continuation;
    }
};

// The memory policy of a log (docs/message-log.md): at most maxRecords records (the oldest are removed in
// batches when the cap is passed) and at most payloadBudget bytes of payloads held (the oldest payloads are
// released first; their records stay, with sizes, frame headers and timestamps).
struct StoreLimits {
    quint64 maxRecords = 2'000'000;
    qint64 payloadBudget = 512ll << 20;
};

// The messages and frames of one connection as a log, in arrival order, with every frame's raw header
// (FIN, RSV, opcode, mask, key and length encoding are all in those bytes). Records are addressed by an
// absolute index that never changes; firstIndex() grows when old records are removed. Plain data: no model,
// no signals; the UI's log model and the session recorder sit on top.
class MessageStore
{
public:
    explicit MessageStore(StoreLimits limits = {});

    const StoreLimits &limits() const { return m_limits; }
    void setLimits(const StoreLimits &limits);

    void appendMessage(proto::Direction direction, const proto::Message &message, qint64 timestampUs,
                       qint64 sourceOffset = -1);
    // A frame that is not part of a message: control frames and stray or reserved-opcode frames.
    void appendFrame(proto::Direction direction, const proto::Frame &frame, qint64 timestampUs,
                     qint64 sourceOffset = -1);

    quint64 firstIndex() const { return m_base; }
    quint64 endIndex() const { return m_base + m_records.size(); }
    quint64 size() const { return m_records.size(); }
    bool contains(quint64 index) const { return index >= m_base && index < endIndex(); }
    const MessageRecord &at(quint64 index) const { return m_records[index - m_base]; }
    // The raw header bytes of frame `i` of a record (0 <= i < frameCount).
    const proto::RawHeader &frameHeader(const MessageRecord &record, quint32 i) const;

    qint64 payloadBytes() const { return m_payloadBytes; }
    // Records removed because of maxRecords so far; a log can say "N older messages removed".
    quint64 trimmedRecords() const { return m_trimmed; }
    // How many records trim() would remove now: none under maxRecords, else down to 90% of it, so a flood
    // trims in batches rather than one record per append.
    quint64 excessRecords() const;
    // Removes excessRecords() records from the front; returns how many.
    quint64 trim();
    void clear();

    // Bytes the store holds beyond the payloads themselves, for the memory figures.
    static constexpr qsizetype recordOverhead() { return sizeof(MessageRecord) + sizeof(proto::RawHeader); }

private:
    void add(MessageRecord &&record);
    void releasePayloads();

    StoreLimits m_limits;
    std::deque<MessageRecord> m_records;
    std::deque<proto::RawHeader> m_frames;
    quint64 m_base = 0;
    quint64 m_frameBase = 0;
    quint64 m_trimmed = 0;
    quint64 m_releaseCursor = 0; // absolute index of the oldest record that may still hold a payload
    qint64 m_payloadBytes = 0;
};

} // namespace sockscope::session
