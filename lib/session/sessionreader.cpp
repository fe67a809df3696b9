#include "sessionreader.h"

#include "proto/protocolerror.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QtEndian>

#include <zlib.h>

namespace sockscope::session {

namespace {

// Reads little-endian fields from a record body, remembering whether it ran past the end.
class BodyCursor
{
public:
    explicit BodyCursor(QByteArrayView body)
        : m_body(body)
    {}

    bool ok() const { return m_ok; }
    qsizetype remaining() const { return m_body.size() - m_pos; }

    template <typename T> T take()
    {
        if (remaining() < qsizetype(sizeof(T))) {
            m_ok = false;
            return T{};
        }
        const T v = qFromLittleEndian<T>(m_body.data() + m_pos);
        m_pos += sizeof(T);
        return v;
    }

    QByteArrayView bytes(qsizetype count)
    {
        if (count < 0 || remaining() < count) {
            m_ok = false;
            return {};
        }
        const QByteArrayView v = m_body.sliced(m_pos, count);
        m_pos += count;
        return v;
    }

    QByteArrayView blob() { return bytes(qsizetype(take<quint32>())); }
    QByteArrayView rest() { return bytes(remaining()); }

private:
    QByteArrayView m_body;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

bool knownType(quint8 type)
{
    return (type >= quint8(RecordType::Connection) && type <= quint8(RecordType::Note)) ||
           type == quint8(RecordType::End);
}

// The close record names the rule a peer broke by its stable identifier, not by an enum value.
bool protocolErrorFromName(QByteArrayView name, proto::ProtocolError &error)
{
    if (name.isEmpty()) {
        error = proto::ProtocolError::None;
        return true;
    }
    for (int v = 1; v <= int(proto::ProtocolError::InflatedMessageTooBig); ++v) {
        if (name == proto::protocolErrorName(proto::ProtocolError(v))) {
            error = proto::ProtocolError(v);
            return true;
        }
    }
    return false;
}

QString hex(quint32 v)
{
    return QStringLiteral("0x%1").arg(v, 8, 16, QLatin1Char('0'));
}

} // namespace

SessionReader::SessionReader(QIODevice *device)
    : m_device(device)
{}

SessionReader::Status SessionReader::fail(SessionReadError::Kind kind, qint64 at, QString detail)
{
    m_error = {kind, at, m_records, std::move(detail)};
    m_ended = true;
    return Status::Error;
}

bool SessionReader::readExactly(qint64 count, QByteArray &out)
{
    // Records are taken from a buffer filled in large reads; a record larger than that is read on its own.
    constexpr qint64 chunk = 1 << 20;
    const qint64 buffered = m_buffer.size() - m_bufferPos;
    if (buffered >= count) {
        out = m_buffer.mid(m_bufferPos, count);
        m_bufferPos += count;
        return true;
    }
    // A file says how much is left; do not allocate for a length the file cannot hold.
    if (!m_device->isSequential() && m_device->size() - m_device->pos() + buffered < count) {
        out = m_buffer.mid(m_bufferPos) + m_device->readAll();
        m_buffer.clear();
        m_bufferPos = 0;
        return false;
    }
    if (count > chunk) {
        out = m_buffer.mid(m_bufferPos);
        m_buffer.clear();
        m_bufferPos = 0;
        out += m_device->read(count - out.size());
        return out.size() == count;
    }
    m_buffer = m_buffer.mid(m_bufferPos) + m_device->read(chunk);
    m_bufferPos = 0;
    const qint64 take = qMin<qint64>(count, m_buffer.size());
    out = m_buffer.left(take);
    m_bufferPos = take;
    return take == count;
}

bool SessionReader::readHeader()
{
    QByteArray header;
    const bool whole = readExactly(format::fileHeaderSize, header);
    if (header.isEmpty() || !format::magic.startsWith(QByteArrayView(header).first(qMin(header.size(), 8)))) {
        fail(SessionReadError::Kind::NotASession, 0,
             QStringLiteral("the file does not start with the session file signature"));
        return false;
    }
    if (!whole) {
        fail(SessionReadError::Kind::Truncated, 0,
             QStringLiteral("the file ends inside its 16-byte header (%1 bytes)").arg(header.size()));
        return false;
    }
    m_major = qFromLittleEndian<quint16>(header.constData() + 8);
    m_minor = qFromLittleEndian<quint16>(header.constData() + 10);
    if (m_major != format::versionMajor) {
        fail(SessionReadError::Kind::UnsupportedVersion, 8,
             QStringLiteral("format version %1.%2; this version of Sockscope reads %3.x")
                 .arg(m_major)
                 .arg(m_minor)
                 .arg(format::versionMajor));
        return false;
    }
    m_offset = format::fileHeaderSize;
    m_headerRead = true;
    return true;
}

bool SessionReader::seek(qint64 offset)
{
    if (!m_headerRead && !readHeader())
        return false;
    if (offset < format::fileHeaderSize || !m_device->seek(offset))
        return false;
    m_buffer.clear();
    m_bufferPos = 0;
    m_offset = offset;
    m_error = {};
    m_ended = false;
    m_complete = false;
    return true;
}

SessionReader::Status SessionReader::next(SessionRecord &record)
{
    if (m_ended)
        return m_error ? Status::Error : Status::End;
    if (!m_headerRead && !readHeader())
        return Status::Error;

    for (;;) {
        const qint64 start = m_offset;
        QByteArray prefix;
        if (!readExactly(format::recordPrefixSize, prefix)) {
            if (prefix.isEmpty()) {
                m_ended = true;
                return Status::End;
            }
            return fail(SessionReadError::Kind::Truncated, start,
                        QStringLiteral("the file ends inside the length of record %1").arg(m_records + 1));
        }
        if (m_complete)
            return fail(SessionReadError::Kind::Malformed, start,
                        QStringLiteral("bytes follow the End record that finished the file"));
        const quint32 length = qFromLittleEndian<quint32>(prefix.constData());
        if (length < quint32(format::recordFixedSize) || length > format::maxRecordLength)
            return fail(SessionReadError::Kind::Malformed, start,
                        QStringLiteral("record %1 claims a length of %2 bytes").arg(m_records + 1).arg(length));
        QByteArray rest;
        if (!readExactly(qint64(length) + format::recordTrailerSize, rest))
            return fail(SessionReadError::Kind::Truncated, start,
                        QStringLiteral("the file ends inside record %1: %2 of its %3 bytes are present")
                            .arg(m_records + 1)
                            .arg(format::recordPrefixSize + rest.size())
                            .arg(qint64(format::recordPrefixSize) + length + format::recordTrailerSize));
        const quint32 stored = qFromLittleEndian<quint32>(rest.constData() + length);
        const quint32 actual =
            quint32(crc32_z(crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(rest.constData()), length));
        if (stored != actual)
            return fail(SessionReadError::Kind::Checksum, start,
                        QStringLiteral("record %1 is damaged: its CRC-32 is %2, its bytes give %3")
                            .arg(m_records + 1)
                            .arg(hex(stored), hex(actual)));

        const QByteArrayView bytes(rest.constData(), length);
        const quint8 type = quint8(bytes[0]);
        m_offset = start + format::recordPrefixSize + length + format::recordTrailerSize;
        if (!knownType(type)) {
            ++m_skipped;
            continue;
        }
        record = SessionRecord{};
        record.type = RecordType(type);
        record.connection = qFromLittleEndian<quint32>(bytes.data() + 1);
        record.timestampUs = qFromLittleEndian<qint64>(bytes.data() + 5);
        record.offset = start;
        QString why;
        // The body shares the record's buffer, so payloads are not copied again.
        if (!decodeBody(record.type,
                        QByteArrayView(rest).sliced(format::recordFixedSize, length - format::recordFixedSize), record,
                        &why)) {
            m_offset = start;
            return fail(SessionReadError::Kind::Malformed, start,
                        QStringLiteral("record %1 (type 0x%2): %3")
                            .arg(m_records + 1)
                            .arg(type, 2, 16, QLatin1Char('0'))
                            .arg(why));
        }
        ++m_records;
        if (record.type == RecordType::End) {
            m_complete = true;
        }
        return Status::Record;
    }
}

bool SessionReader::decodeFrameHeader(QByteArrayView header, qint64 payloadLength, proto::Frame &frame, QString *why)
{
    auto bad = [why](QString text) {
        if (why)
            *why = std::move(text);
        return false;
    };
    if (header.size() < 2 || header.size() > 14)
        return bad(QStringLiteral("a frame header of %1 bytes").arg(header.size()));
    const auto b0 = quint8(header[0]);
    const auto b1 = quint8(header[1]);
    frame.fin = b0 & 0x80;
    frame.rsv1 = b0 & 0x40;
    frame.rsv2 = b0 & 0x20;
    frame.rsv3 = b0 & 0x10;
    frame.opcode = proto::Opcode(b0 & 0x0F);
    frame.masked = b1 & 0x80;
    const quint8 len7 = b1 & 0x7F;
    frame.lengthEncoding = len7 == 126   ? proto::LengthEncoding::Bits16
                           : len7 == 127 ? proto::LengthEncoding::Bits64
                                         : proto::LengthEncoding::Bits7;
    const int expected = proto::Frame::headerSize(frame.lengthEncoding, frame.masked);
    if (header.size() != expected)
        return bad(QStringLiteral("a frame header of %1 bytes where its first two bytes call for %2")
                       .arg(header.size())
                       .arg(expected));
    quint64 length = len7;
    if (frame.lengthEncoding == proto::LengthEncoding::Bits16)
        length = qFromBigEndian<quint16>(header.data() + 2);
    else if (frame.lengthEncoding == proto::LengthEncoding::Bits64)
        length = qFromBigEndian<quint64>(header.data() + 2);
    if (length != quint64(payloadLength))
        return bad(QStringLiteral("the frame header gives a payload length of %1, the record holds %2 bytes")
                       .arg(length)
                       .arg(payloadLength));
    frame.maskKey = {};
    if (frame.masked)
        std::copy_n(header.data() + expected - 4, 4, frame.maskKey.begin());
    frame.header.assign(header.data(), int(header.size()));
    return true;
}

bool SessionReader::decodeBody(RecordType type, QByteArrayView body, SessionRecord &record, QString *why)
{
    BodyCursor in(body);
    auto direction = [&](quint8 v) {
        if (v > 1) {
            *why = QStringLiteral("direction %1 is neither 0 (received) nor 1 (sent)").arg(v);
            return false;
        }
        record.direction = proto::Direction(v);
        return true;
    };
    switch (type) {
    case RecordType::Connection: {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            *why = error.error != QJsonParseError::NoError
                       ? QStringLiteral("connection JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset)
                       : QStringLiteral("connection JSON is not an object");
            return false;
        }
        QString fieldError;
        if (!ConnectionInfo::fromJson(doc.object(), record.info, &fieldError)) {
            *why = QStringLiteral("connection JSON: %1").arg(fieldError);
            return false;
        }
        return true;
    }
    case RecordType::HandshakeRequest:
    case RecordType::HandshakeResponse: record.raw = body.toByteArray(); return true;
    case RecordType::Frame: {
        if (!direction(in.take<quint8>()))
            return false;
        const QByteArrayView header = in.bytes(in.take<quint8>());
        if (!in.ok()) {
            *why = QStringLiteral("the frame record ends inside its header");
            return false;
        }
        const QByteArrayView payload = in.rest();
        if (!decodeFrameHeader(header, payload.size(), record.frame, why))
            return false;
        record.frame.payload = payload.toByteArray();
        return true;
    }
    case RecordType::Message: {
        if (!direction(in.take<quint8>()))
            return false;
        const auto opcode = in.take<quint8>();
        const auto flags = in.take<quint8>();
        record.frameCount = in.take<quint32>();
        if (!in.ok()) {
            *why = QStringLiteral("the message record is shorter than its fixed fields");
            return false;
        }
        if (opcode != quint8(proto::Opcode::Text) && opcode != quint8(proto::Opcode::Binary)) {
            *why = QStringLiteral("a message of opcode %1 (only text 1 and binary 2 make messages)").arg(opcode);
            return false;
        }
        if (record.frameCount == 0) {
            *why = QStringLiteral("a message made of no frames");
            return false;
        }
        record.messageType = proto::Opcode(opcode);
        record.compressed = flags & 1;
        if (record.compressed)
            record.inflatedPayload = in.rest().toByteArray();
        else if (in.remaining() != 0) {
            *why = QStringLiteral("an uncompressed message record carries %1 payload bytes").arg(in.remaining());
            return false;
        }
        return true;
    }
    case RecordType::Close: {
        proto::CloseInfo &c = record.close;
        c.code = in.take<quint16>();
        const auto flags = in.take<quint8>();
        const auto initiator = in.take<quint8>();
        const auto sentCode = in.take<quint16>();
        const QByteArrayView reason = in.blob();
        const QByteArrayView sentReason = in.blob();
        const QByteArrayView errorName = in.blob();
        const QByteArrayView detail = in.rest();
        if (!in.ok()) {
            *why = QStringLiteral("the close record is shorter than its fields");
            return false;
        }
        if (!protocolErrorFromName(errorName, c.error.error)) {
            *why = QStringLiteral("protocol error \"%1\" is unknown").arg(QString::fromUtf8(errorName));
            return false;
        }
        if (initiator > quint8(proto::CloseInitiator::Remote)) {
            *why = QStringLiteral("close initiator %1 is unknown").arg(initiator);
            return false;
        }
        c.wasClean = flags & 1;
        c.closeSent = flags & 2;
        c.closeReceived = flags & 4;
        if (flags & 8)
            c.sentCode = sentCode;
        c.initiator = proto::CloseInitiator(initiator);
        c.reason = QString::fromUtf8(reason);
        c.sentReason = QString::fromUtf8(sentReason);
        c.error.detail = QString::fromUtf8(detail);
        return true;
    }
    case RecordType::Note: {
        const auto kind = in.take<quint8>();
        if (!in.ok() || kind > quint8(NoteKind::ProtocolViolation)) {
            *why = in.ok() ? QStringLiteral("note kind %1 is unknown").arg(kind)
                           : QStringLiteral("the note record is empty");
            return false;
        }
        record.noteKind = NoteKind(kind);
        record.text = QString::fromUtf8(in.rest());
        return true;
    }
    case RecordType::End:
        record.recordCount = in.take<quint64>();
        if (!in.ok() || in.remaining() != 0) {
            *why = QStringLiteral("the End record is not 8 bytes long");
            return false;
        }
        if (record.recordCount != m_records + m_skipped) {
            *why = QStringLiteral("the End record counts %1 records, the file holds %2")
                       .arg(record.recordCount)
                       .arg(m_records + m_skipped);
            return false;
        }
        return true;
    }
    return false;
}

} // namespace sockscope::session
