#include "sessionwriter.h"

#include "proto/framewriter.h"
#include "proto/protocolerror.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QtEndian>

#include <zlib.h>

namespace sockscope::session {

namespace {

void putU8(QByteArray &out, quint8 v)
{
    out.append(char(v));
}

void putU16(QByteArray &out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}

void putU32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

void putI64(QByteArray &out, qint64 v)
{
    char b[8];
    qToLittleEndian(v, b);
    out.append(b, 8);
}

void putU64(QByteArray &out, quint64 v)
{
    char b[8];
    qToLittleEndian(v, b);
    out.append(b, 8);
}

// u32 length, then the bytes.
void putBlob(QByteArray &out, const QByteArray &bytes)
{
    putU32(out, quint32(bytes.size()));
    out.append(bytes);
}

void appendBody(QByteArray &out, const SessionRecord &r)
{
    switch (r.type) {
    case RecordType::Connection: out.append(QJsonDocument(r.info.toJson()).toJson(QJsonDocument::Compact)); break;
    case RecordType::HandshakeRequest:
    case RecordType::HandshakeResponse: out.append(r.raw); break;
    case RecordType::Frame: {
        putU8(out, quint8(r.direction));
        proto::Frame frame = r.frame;
        QByteArray header = frame.header.toByteArray();
        if (header.isEmpty())
            header = proto::FrameWriter::header(frame);
        putU8(out, quint8(header.size()));
        out.append(header);
        out.append(frame.payload);
        break;
    }
    case RecordType::Message:
        putU8(out, quint8(r.direction));
        putU8(out, quint8(r.messageType));
        putU8(out, r.compressed ? 1 : 0);
        putU32(out, r.frameCount);
        if (r.compressed)
            out.append(r.inflatedPayload);
        break;
    case RecordType::Close: {
        const proto::CloseInfo &c = r.close;
        putU16(out, c.code);
        putU8(out,
              quint8((c.wasClean ? 1 : 0) | (c.closeSent ? 2 : 0) | (c.closeReceived ? 4 : 0) | (c.sentCode ? 8 : 0)));
        putU8(out, quint8(c.initiator));
        putU16(out, c.sentCode.value_or(0));
        putBlob(out, c.reason.toUtf8());
        putBlob(out, c.sentReason.toUtf8());
        putBlob(out, c.error ? QByteArray(proto::protocolErrorName(c.error.error)) : QByteArray());
        out.append(c.error.detail.toUtf8());
        break;
    }
    case RecordType::Note:
        putU8(out, quint8(r.noteKind));
        out.append(r.text.toUtf8());
        break;
    case RecordType::End: putU64(out, r.recordCount); break;
    }
}

qsizetype bodySizeHint(const SessionRecord &r)
{
    switch (r.type) {
    case RecordType::Frame: return 16 + r.frame.payload.size();
    case RecordType::Message: return 8 + r.inflatedPayload.size();
    case RecordType::HandshakeRequest:
    case RecordType::HandshakeResponse: return r.raw.size();
    default: return 64;
    }
}

} // namespace

SessionWriter::SessionWriter(QIODevice *device)
    : m_device(device)
{}

QByteArray SessionWriter::fileHeader()
{
    QByteArray out = format::magic.toByteArray();
    putU16(out, format::versionMajor);
    putU16(out, format::versionMinor);
    putU32(out, 0);
    return out;
}

namespace {

void startRecord(QByteArray &out, quint8 type, quint32 connection, qint64 timestampUs, qsizetype bodySize)
{
    out.reserve(format::recordPrefixSize + format::recordFixedSize + bodySize + format::recordTrailerSize);
    putU32(out, 0); // length, filled in by finishRecord()
    putU8(out, type);
    putU32(out, connection);
    putI64(out, timestampUs);
}

void finishRecord(QByteArray &out)
{
    const qsizetype length = out.size() - format::recordPrefixSize;
    qToLittleEndian(quint32(length), out.data());
    const uLong crc =
        crc32_z(crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(out.constData() + format::recordPrefixSize),
                size_t(length));
    putU32(out, quint32(crc));
}

} // namespace

QByteArray SessionWriter::encode(const SessionRecord &record)
{
    QByteArray out;
    startRecord(out, quint8(record.type), record.connection, record.timestampUs, bodySizeHint(record));
    appendBody(out, record);
    finishRecord(out);
    return out;
}

QByteArray SessionWriter::encodeRaw(quint8 type, quint32 connection, qint64 timestampUs, QByteArrayView body)
{
    QByteArray out;
    startRecord(out, type, connection, timestampUs, body.size());
    out.append(body);
    finishRecord(out);
    return out;
}

bool SessionWriter::writeFileHeader()
{
    return put(fileHeader());
}

bool SessionWriter::write(const SessionRecord &record)
{
    if (!put(encode(record)))
        return false;
    ++m_records;
    return true;
}

bool SessionWriter::put(const QByteArray &bytes)
{
    if (m_device->write(bytes) != bytes.size())
        return false;
    m_bytes += bytes.size();
    return true;
}

QString SessionWriter::errorString() const
{
    return m_device->errorString();
}

} // namespace sockscope::session
