#include "sessionwriter.h"

#include "littleendian.h"

#include "proto/framewriter.h"
#include "proto/protocolerror.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QtEndian>

#include <zlib.h>

namespace sockscope::session {

namespace {

// u32 length, then the bytes.
void putBlob(QByteArray &out, const QByteArray &bytes)
{
    appendLittleEndian<quint32>(out, quint32(bytes.size()));
    out.append(bytes);
}

void appendBody(QByteArray &out, const SessionRecord &r)
{
    switch (r.type) {
    case RecordType::Connection: out.append(QJsonDocument(r.info.toJson()).toJson(QJsonDocument::Compact)); break;
    case RecordType::HandshakeRequest:
    case RecordType::HandshakeResponse: out.append(r.raw); break;
    case RecordType::Frame: {
        appendLittleEndian<quint8>(out, quint8(r.direction));
        proto::Frame frame = r.frame;
        QByteArray header = frame.header.toByteArray();
        if (header.isEmpty())
            header = proto::FrameWriter::header(frame);
        appendLittleEndian<quint8>(out, quint8(header.size()));
        out.append(header);
        out.append(frame.payload);
        break;
    }
    case RecordType::Message:
        appendLittleEndian<quint8>(out, quint8(r.direction));
        appendLittleEndian<quint8>(out, quint8(r.messageType));
        appendLittleEndian<quint8>(out, r.compressed ? 1 : 0);
        appendLittleEndian<quint32>(out, r.frameCount);
        if (r.compressed)
            out.append(r.inflatedPayload);
        break;
    case RecordType::Close: {
        const proto::CloseInfo &c = r.close;
        appendLittleEndian<quint16>(out, c.code);
        appendLittleEndian<quint8>(out, quint8((c.wasClean ? 1 : 0) | (c.closeSent ? 2 : 0) |
                                               (c.closeReceived ? 4 : 0) | (c.sentCode ? 8 : 0)));
        appendLittleEndian<quint8>(out, quint8(c.initiator));
        appendLittleEndian<quint16>(out, c.sentCode.value_or(0));
        putBlob(out, c.reason.toUtf8());
        putBlob(out, c.sentReason.toUtf8());
        putBlob(out, c.error ? QByteArray(proto::protocolErrorName(c.error.error)) : QByteArray());
        out.append(c.error.detail.toUtf8());
        break;
    }
    case RecordType::Note:
        appendLittleEndian<quint8>(out, quint8(r.noteKind));
        out.append(r.text.toUtf8());
        break;
    case RecordType::End: appendLittleEndian<quint64>(out, r.recordCount); break;
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
    appendLittleEndian<quint16>(out, format::versionMajor);
    appendLittleEndian<quint16>(out, format::versionMinor);
    appendLittleEndian<quint32>(out, 0);
    return out;
}

namespace {

void startRecord(QByteArray &out, quint8 type, quint32 connection, qint64 timestampUs, qsizetype bodySize)
{
    out.reserve(format::recordPrefixSize + format::recordFixedSize + bodySize + format::recordTrailerSize);
    appendLittleEndian<quint32>(out, 0); // length, filled in by finishRecord()
    appendLittleEndian<quint8>(out, type);
    appendLittleEndian<quint32>(out, connection);
    appendLittleEndian<qint64>(out, timestampUs);
}

void finishRecord(QByteArray &out)
{
    const qsizetype length = out.size() - format::recordPrefixSize;
    qToLittleEndian(quint32(length), out.data());
    const uLong crc =
        crc32_z(crc32(0, nullptr, 0), reinterpret_cast<const Bytef *>(out.constData() + format::recordPrefixSize),
                size_t(length));
    appendLittleEndian<quint32>(out, quint32(crc));
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
