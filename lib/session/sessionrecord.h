#pragma once

#include "connectioninfo.h"
#include "sessionformat.h"

#include "proto/connection.h"
#include "proto/frame.h"

#include <QByteArray>
#include <QString>

namespace sockscope::session {

// One record of a session file, decoded: a plain value whose fields are used according to its type. Payloads
// share their data; nothing here is copied to be written.
struct SessionRecord {
    RecordType type = RecordType::Note;
    quint32 connection = 0;
    qint64 timestampUs = 0; // µs since the Unix epoch
    qint64 offset = -1;     // where the record starts in the file, when it was read from one

    ConnectionInfo info; // Connection
    QByteArray raw;      // HandshakeRequest, HandshakeResponse: the head bytes as on the wire

    // Frame and Message: Incoming is what the recording side received, Outgoing what it sent.
    proto::Direction direction = proto::Direction::Incoming;
    proto::Frame frame; // Frame: header bytes and fields decoded from them, payload unmasked

    // Message: made of the last `frameCount` data frames of this direction; the payload is their payloads joined,
    // or, for a compressed message, the inflated payload stored in the record.
    proto::Opcode messageType = proto::Opcode::Text;
    bool compressed = false;
    quint32 frameCount = 0;
    QByteArray inflatedPayload;

    proto::CloseInfo close; // Close: code, reason, wasClean, initiator, closeSent / closeReceived

    NoteKind noteKind = NoteKind::Info; // Note
    QString text;

    quint64 recordCount = 0; // End: records before it, End excluded

    // Same content, wherever it was read from (the offset is not compared).
    friend bool operator==(const SessionRecord &a, const SessionRecord &b);
};

} // namespace sockscope::session
