#pragma once

#include "sessionrecord.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace sockscope::session {

// Where and why a session file could not be read further. Everything before `offset` was read and delivered.
struct SessionReadError {
    enum class Kind {
        None,
        NotASession,        // the first bytes are not a session file header
        UnsupportedVersion, // a major version this reader does not know
        Truncated,          // the file ends inside a record (a journal cut short by a crash ends like this)
        Checksum,           // a record's CRC does not match its bytes
        Malformed,          // a record whose CRC matches but whose body breaks the format
        ReadFailed,         // the device reported an error
    };
    Kind kind = Kind::None;
    qint64 offset = 0;       // byte offset of the record (or header) that could not be read
    quint64 recordIndex = 0; // records read before it
    QString detail;          // technical detail, in English

    explicit operator bool() const { return kind != Kind::None; }
};

// Reads a session file (docs/session-format.md) one record at a time from a device, so a file of any size is
// read in constant memory beyond the record at hand. It checks each record's length and CRC, decodes its body
// and stops at the first damage with a SessionReadError saying where; every record before it has been
// delivered. Record types from a newer minor version are skipped.
class SessionReader
{
public:
    enum class Status { Record, End, Error };

    explicit SessionReader(QIODevice *device);

    // The next record; End after the last one (with or without an End record: see complete()), Error when the
    // file is damaged at this point. After End or Error it keeps returning the same.
    Status next(SessionRecord &record);

    const SessionReadError &error() const { return m_error; }
    // Goes on from the record that starts at `offset` (a SessionRecord::offset this file gave before), after the
    // file header has been read; false when the device cannot seek there.
    bool seek(qint64 offset);
    // An End record closed the file: the recording was finished, not cut short.
    bool complete() const { return m_complete; }
    quint16 versionMajor() const { return m_major; }
    quint16 versionMinor() const { return m_minor; }
    qint64 offset() const { return m_offset; }
    quint64 recordsRead() const { return m_records; }
    quint64 recordsSkipped() const { return m_skipped; }

    // Decodes a frame's fields from its raw header bytes and checks them against the payload length; false with
    // a reason when the header is not a well-formed RFC 6455 5.2 header for that length.
    static bool decodeFrameHeader(QByteArrayView header, qint64 payloadLength, proto::Frame &frame, QString *why);

private:
    bool readHeader();
    bool readExactly(qint64 count, QByteArray &out);
    bool decodeBody(RecordType type, QByteArrayView body, SessionRecord &record, QString *why);
    Status fail(SessionReadError::Kind kind, qint64 at, QString detail);

    QIODevice *m_device;
    QByteArray m_buffer; // read ahead from the device
    qsizetype m_bufferPos = 0;
    SessionReadError m_error;
    qint64 m_offset = 0;
    quint64 m_records = 0;
    quint64 m_skipped = 0;
    quint16 m_major = 0;
    quint16 m_minor = 0;
    bool m_headerRead = false;
    bool m_complete = false;
    bool m_ended = false;
};

} // namespace sockscope::session
