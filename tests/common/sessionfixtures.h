#pragma once

#include "proto/framewriter.h"
#include "session/sessionwriter.h"

#include <QBuffer>
#include <QFile>

// Session files made record by record, for the tests that open them: `connections` client connections, each with
// a handshake, `messages` text messages alternating sent and received ("c<conn>-m<n>"), one frame each, and a
// close 1000; finished with an End record or cut short.
namespace sessionfixtures {

using namespace sockscope;

inline session::SessionRecord frameRecord(quint32 connection, qint64 t, proto::Direction d, proto::Opcode opcode,
                                          const QByteArray &payload)
{
    proto::Frame f;
    f.opcode = opcode;
    f.masked = d == proto::Direction::Outgoing;
    if (f.masked)
        f.maskKey = {0x01, 0x02, 0x03, 0x04};
    f.payload = payload;
    proto::FrameWriter::encode(f);
    session::SessionRecord r;
    r.type = session::RecordType::Frame;
    r.connection = connection;
    r.timestampUs = t;
    r.direction = d;
    r.frame = f;
    return r;
}

inline QByteArray payloadOf(int connection, int message)
{
    return "c" + QByteArray::number(connection) + "-m" + QByteArray::number(message);
}

inline QList<session::SessionRecord> records(int connections, int messages, const QString &url)
{
    QList<session::SessionRecord> out;
    const qint64 t0 = 1'700'000'000'000'000;
    for (int c = 1; c <= connections; ++c) {
        const qint64 base = t0 + c * 1'000'000;
        session::SessionRecord r;
        r.type = session::RecordType::Connection;
        r.connection = quint32(c);
        r.timestampUs = base;
        r.info.url = url;
        out.append(r);
        r = {};
        r.type = session::RecordType::HandshakeRequest;
        r.connection = quint32(c);
        r.timestampUs = base + 1;
        r.raw = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.append(r);
        r.type = session::RecordType::HandshakeResponse;
        r.timestampUs = base + 2;
        r.raw = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        out.append(r);
        for (int m = 0; m < messages; ++m) {
            const proto::Direction d = m % 2 == 0 ? proto::Direction::Outgoing : proto::Direction::Incoming;
            const qint64 t = base + 10 + m * 10;
            out.append(frameRecord(quint32(c), t, d, proto::Opcode::Text, payloadOf(c, m)));
            session::SessionRecord msg;
            msg.type = session::RecordType::Message;
            msg.connection = quint32(c);
            msg.timestampUs = t;
            msg.direction = d;
            msg.messageType = proto::Opcode::Text;
            msg.frameCount = 1;
            out.append(msg);
        }
        session::SessionRecord close;
        close.type = session::RecordType::Close;
        close.connection = quint32(c);
        close.timestampUs = base + 20 + messages * 10;
        close.close.code = 1000;
        close.close.wasClean = true;
        out.append(close);
    }
    return out;
}

inline QByteArray encode(const QList<session::SessionRecord> &list, bool finish)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    session::SessionWriter writer(&buffer);
    writer.writeFileHeader();
    for (const session::SessionRecord &r : list)
        writer.write(r);
    if (finish) {
        session::SessionRecord end;
        end.type = session::RecordType::End;
        end.timestampUs = 1;
        end.recordCount = writer.recordsWritten();
        writer.write(end);
    }
    return buffer.data();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace sessionfixtures
