// Session files (docs/session-format.md): what SessionWriter writes, SessionReader reads back exactly, and a
// damaged file is read up to the damage with an error that says where.
#include "proto/framewriter.h"
#include "session/sessionreader.h"
#include "session/sessionwriter.h"

#include <QBuffer>
#include <QTest>
#include <QtEndian>

Q_DECLARE_METATYPE(sockscope::proto::Frame)

using namespace sockscope;
using namespace sockscope::session;

namespace {

proto::Frame makeFrame(proto::Opcode opcode, QByteArray payload, bool masked, bool fin = true,
                       proto::LengthEncoding encoding = proto::LengthEncoding::Bits7)
{
    proto::Frame f;
    f.opcode = opcode;
    f.fin = fin;
    f.masked = masked;
    if (masked)
        f.maskKey = {0x12, 0x34, 0x56, 0x78};
    f.lengthEncoding = encoding;
    f.payload = std::move(payload);
    QByteArray wire;
    proto::FrameWriter::encode(f, wire); // fills f.header
    return f;
}

SessionRecord frameRecord(quint32 connection, qint64 t, proto::Direction d, const proto::Frame &f)
{
    SessionRecord r;
    r.type = RecordType::Frame;
    r.connection = connection;
    r.timestampUs = t;
    r.direction = d;
    r.frame = f;
    return r;
}

// A small session: one client connection with its handshake, frames of every kind, messages, a close.
QList<SessionRecord> sampleRecords()
{
    QList<SessionRecord> records;
    SessionRecord c;
    c.type = RecordType::Connection;
    c.connection = 1;
    c.timestampUs = 1'700'000'000'000'001;
    c.info.side = Side::Client;
    c.info.url = QStringLiteral("ws://127.0.0.1:9998/echo?x=1");
    c.info.name = QStringLiteral("échos");
    c.info.localAddress = QStringLiteral("127.0.0.1:50000");
    c.info.peerAddress = QStringLiteral("127.0.0.1:9998");
    c.info.subprotocols = {"chat", "superchat"};
    c.info.headers.append("Authorization", "Bearer x");
    c.info.headers.append("X-Dup", "1");
    c.info.headers.append("X-Dup", "2");
    c.info.origin = "http://example.test";
    c.info.deflate = true;
    c.info.extra.insert(QStringLiteral("future"), 42);
    records.append(c);

    SessionRecord req;
    req.type = RecordType::HandshakeRequest;
    req.connection = 1;
    req.timestampUs = c.timestampUs + 10;
    req.raw = "GET /echo?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9998\r\n\r\n";
    records.append(req);
    SessionRecord resp = req;
    resp.type = RecordType::HandshakeResponse;
    resp.timestampUs += 100;
    resp.raw = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
    records.append(resp);

    const qint64 t = resp.timestampUs;
    records.append(frameRecord(1, t + 1, proto::Direction::Outgoing, makeFrame(proto::Opcode::Text, "Hello", true)));
    SessionRecord m;
    m.type = RecordType::Message;
    m.connection = 1;
    m.timestampUs = t + 1;
    m.direction = proto::Direction::Outgoing;
    m.messageType = proto::Opcode::Text;
    m.frameCount = 1;
    records.append(m);
    records.append(frameRecord(1, t + 2, proto::Direction::Incoming,
                               makeFrame(proto::Opcode::Binary, QByteArray(300, '\xAB'), false, false)));
    records.append(frameRecord(1, t + 3, proto::Direction::Incoming, makeFrame(proto::Opcode::Ping, "p", false)));
    records.append(frameRecord(1, t + 4, proto::Direction::Incoming,
                               makeFrame(proto::Opcode::Continuation, QByteArray(70'000, 'z'), false)));
    SessionRecord m2 = m;
    m2.direction = proto::Direction::Incoming;
    m2.messageType = proto::Opcode::Binary;
    m2.frameCount = 2;
    m2.timestampUs = t + 4;
    records.append(m2);
    proto::Frame compressed = makeFrame(proto::Opcode::Text, QByteArray("\xf2\x48\xcd\xc9\xc9\x07\x00", 7), false);
    compressed.rsv1 = true;
    proto::FrameWriter::encode(compressed);
    records.append(frameRecord(1, t + 5, proto::Direction::Incoming, compressed));
    SessionRecord m3 = m2;
    m3.messageType = proto::Opcode::Text;
    m3.frameCount = 1;
    m3.compressed = true;
    m3.inflatedPayload = "Hello";
    records.append(m3);
    // An invalid frame the user sent on purpose: reserved opcode, RSV2, a non-minimal 64-bit length.
    proto::Frame odd = makeFrame(proto::Opcode::ReservedB, "x", true, true, proto::LengthEncoding::Bits64);
    odd.rsv2 = true;
    proto::FrameWriter::encode(odd);
    records.append(frameRecord(1, t + 6, proto::Direction::Outgoing, odd));

    SessionRecord note;
    note.type = RecordType::Note;
    note.connection = 1;
    note.timestampUs = t + 7;
    note.noteKind = NoteKind::ProtocolViolation;
    note.text = QStringLiteral("reserved bits set — 保留位");
    records.append(note);

    SessionRecord close;
    close.type = RecordType::Close;
    close.connection = 1;
    close.timestampUs = t + 8;
    close.close.code = 1001;
    close.close.reason = QStringLiteral("going away ✓");
    close.close.wasClean = true;
    close.close.initiator = proto::CloseInitiator::Remote;
    close.close.closeSent = true;
    close.close.closeReceived = true;
    close.close.sentCode = 1001;
    close.close.sentReason = QStringLiteral("bye");
    close.close.error = {proto::ProtocolError::ReservedBitsSet, QStringLiteral("RSV2 on a text frame")};
    records.append(close);
    return records;
}

QByteArray writeSession(const QList<SessionRecord> &records, bool finish)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    SessionWriter writer(&buffer);
    writer.writeFileHeader();
    for (const SessionRecord &r : records)
        writer.write(r);
    if (finish) {
        SessionRecord end;
        end.type = RecordType::End;
        end.timestampUs = 1;
        end.recordCount = writer.recordsWritten();
        writer.write(end);
    }
    return buffer.data();
}

struct ReadResult {
    QList<SessionRecord> records;
    SessionReader::Status last = SessionReader::Status::End;
    SessionReadError error;
    bool complete = false;
};

ReadResult readSession(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    SessionReader reader(&buffer);
    ReadResult result;
    SessionRecord r;
    while ((result.last = reader.next(r)) == SessionReader::Status::Record)
        result.records.append(r);
    result.error = reader.error();
    result.complete = reader.complete();
    return result;
}

void compareRecord(const SessionRecord &a, const SessionRecord &b)
{
    QCOMPARE(a.type, b.type);
    QCOMPARE(a.connection, b.connection);
    QCOMPARE(a.timestampUs, b.timestampUs);
    QCOMPARE(a.info, b.info);
    QCOMPARE(a.raw, b.raw);
    if (a.type == RecordType::Frame || a.type == RecordType::Message)
        QCOMPARE(a.direction, b.direction);
    if (a.type == RecordType::Frame) {
        proto::Frame fa = a.frame;
        QCOMPARE(fa, b.frame); // every field, decoded from the header bytes, and the payload
    }
    QCOMPARE(a.messageType, b.messageType);
    QCOMPARE(a.compressed, b.compressed);
    QCOMPARE(a.frameCount, b.frameCount);
    QCOMPARE(a.inflatedPayload, b.inflatedPayload);
    QCOMPARE(a.close.code, b.close.code);
    QCOMPARE(a.close.reason, b.close.reason);
    QCOMPARE(a.close.wasClean, b.close.wasClean);
    QCOMPARE(a.close.initiator, b.close.initiator);
    QCOMPARE(a.close.closeSent, b.close.closeSent);
    QCOMPARE(a.close.closeReceived, b.close.closeReceived);
    QCOMPARE(a.close.sentCode, b.close.sentCode);
    QCOMPARE(a.close.sentReason, b.close.sentReason);
    QCOMPARE(a.close.error, b.close.error);
    QCOMPARE(a.noteKind, b.noteKind);
    QCOMPARE(a.text, b.text);
}

} // namespace

class tst_SessionFile : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void fileHeaderBytes();
    void emptyFileIsNotASession();
    void notASession();
    void newerMajorVersion();
    void unknownRecordTypeSkipped();
    void truncatedAtEveryPosition();
    void corruptByteAnywhereIsCaught();
    void malformedBodies_data();
    void malformedBodies();
    void hugeLengthIsNotAllocated();
    void endRecordCountChecked();
    void bytesAfterEnd();
    void frameHeaderDecoding_data();
    void frameHeaderDecoding();
};

void tst_SessionFile::roundTrip()
{
    const QList<SessionRecord> records = sampleRecords();
    const ReadResult read = readSession(writeSession(records, true));
    QCOMPARE(read.last, SessionReader::Status::End);
    QVERIFY(!read.error);
    QVERIFY(read.complete);
    QCOMPARE(read.records.size(), records.size() + 1);
    for (qsizetype i = 0; i < records.size(); ++i)
        compareRecord(records[i], read.records[i]);
    QCOMPARE(read.records.last().type, RecordType::End);
    QCOMPARE(read.records.last().recordCount, quint64(records.size()));
    // Offsets point at each record: the first right after the 16-byte file header.
    QCOMPARE(read.records.first().offset, 16);
    QVERIFY(read.records[1].offset > read.records[0].offset);
}

void tst_SessionFile::fileHeaderBytes()
{
    const QByteArray header = SessionWriter::fileHeader();
    QCOMPARE(header.toHex(' '), QByteArray("89 53 4b 53 0d 0a 1a 0a 01 00 00 00 00 00 00 00"));
    // A file with a header alone is an empty, unfinished session.
    const ReadResult read = readSession(header);
    QCOMPARE(read.last, SessionReader::Status::End);
    QVERIFY(read.records.isEmpty());
    QVERIFY(!read.complete);
}

void tst_SessionFile::emptyFileIsNotASession()
{
    const ReadResult read = readSession({});
    QCOMPARE(read.last, SessionReader::Status::Error);
    QCOMPARE(read.error.kind, SessionReadError::Kind::NotASession);
}

void tst_SessionFile::notASession()
{
    const ReadResult read = readSession("{\"log\": {\"entries\": []}}");
    QCOMPARE(read.error.kind, SessionReadError::Kind::NotASession);
    QCOMPARE(read.error.offset, 0);
    QVERIFY(read.records.isEmpty());
}

void tst_SessionFile::newerMajorVersion()
{
    QByteArray bytes = writeSession(sampleRecords(), true);
    qToLittleEndian<quint16>(2, bytes.data() + 8);
    const ReadResult read = readSession(bytes);
    QCOMPARE(read.error.kind, SessionReadError::Kind::UnsupportedVersion);
    QVERIFY2(read.error.detail.contains(QLatin1String("2.0")), qPrintable(read.error.detail));
    QVERIFY(read.records.isEmpty());
}

void tst_SessionFile::unknownRecordTypeSkipped()
{
    // A record of a type a later minor version adds, between two known ones, with a valid CRC.
    QList<SessionRecord> records = sampleRecords().first(2);
    QByteArray bytes = writeSession(records, false);
    SessionRecord future;
    future.type = RecordType(0x40);
    QByteArray encoded = SessionWriter::encode(future);
    bytes.insert(SessionWriter::fileHeader().size() + SessionWriter::encode(records[0]).size(), encoded);
    const ReadResult read = readSession(bytes);
    QVERIFY2(!read.error, qPrintable(read.error.detail));
    QCOMPARE(read.records.size(), 2);
    compareRecord(read.records[1], records[1]);
}

void tst_SessionFile::truncatedAtEveryPosition()
{
    // What a crash leaves: the file cut anywhere. Every record that ends before the cut is read, then the error
    // names the record the file ends in and where it starts.
    const QList<SessionRecord> records = sampleRecords();
    const QByteArray bytes = writeSession(records, false);
    QList<qint64> ends; // where each record ends
    qint64 pos = SessionWriter::fileHeader().size();
    for (const SessionRecord &r : records) {
        pos += SessionWriter::encode(r).size();
        ends.append(pos);
    }
    QCOMPARE(pos, bytes.size());
    for (qint64 cut = 16; cut < bytes.size(); cut += (cut < 2000 ? 1 : 97)) {
        const ReadResult read = readSession(bytes.first(cut));
        const qsizetype whole = std::count_if(ends.begin(), ends.end(), [cut](qint64 e) { return e <= cut; });
        QCOMPARE(read.records.size(), whole);
        if (whole > 0)
            compareRecord(read.records.last(), records[whole - 1]);
        if ((whole > 0 && ends[whole - 1] == cut) || cut == 16) {
            QCOMPARE(read.last, SessionReader::Status::End);
            continue;
        }
        QCOMPARE(read.last, SessionReader::Status::Error);
        QCOMPARE(read.error.kind, SessionReadError::Kind::Truncated);
        QCOMPARE(read.error.offset, whole > 0 ? ends[whole - 1] : 16);
        QCOMPARE(read.error.recordIndex, quint64(whole));
        QVERIFY2(read.error.detail.contains(QStringLiteral("record %1").arg(whole + 1)), qPrintable(read.error.detail));
    }
}

void tst_SessionFile::corruptByteAnywhereIsCaught()
{
    // Flipping any bit of a record is caught by its length check or its CRC; the records before it are read.
    const QList<SessionRecord> records = sampleRecords().first(6);
    const QByteArray bytes = writeSession(records, true);
    for (qint64 i = 16; i < bytes.size(); ++i) {
        QByteArray damaged = bytes;
        damaged[i] = char(damaged[i] ^ 0x04);
        const ReadResult read = readSession(damaged);
        QCOMPARE(read.last, SessionReader::Status::Error);
        QVERIFY2(read.error.offset <= i,
                 qPrintable(QStringLiteral("byte %1: error at %2").arg(i).arg(read.error.offset)));
        QCOMPARE(read.records.size(), qsizetype(read.error.recordIndex));
        for (qsizetype k = 0; k < read.records.size(); ++k)
            compareRecord(read.records[k], records[k]);
    }
}

void tst_SessionFile::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("body"); // after type, connection and timestamp
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("expected");
    QTest::addRow("connection not JSON") << QByteArray("{nope") << 1 << QStringLiteral("connection JSON");
    QTest::addRow("connection side") << QByteArray(R"({"side":"middle"})") << 1 << QStringLiteral("\"side\"");
    QTest::addRow("connection url type") << QByteArray(R"({"url":3})") << 1
                                         << QStringLiteral("\"url\" should be a string");
    QTest::addRow("frame direction") << QByteArray("\x02\x02\x81\x00", 4) << 4 << QStringLiteral("direction 2");
    QTest::addRow("frame header cut") << QByteArray("\x00\x0e\x81", 3) << 4 << QStringLiteral("ends inside its header");
    QTest::addRow("frame length mismatch") << QByteArray("\x00\x02\x81\x05"
                                                         "abc",
                                                         7)
                                           << 4 << QStringLiteral("payload length of 5, the record holds 3");
    QTest::addRow("frame header size") << QByteArray("\x00\x03\x81\x03\x00"
                                                     "abc",
                                                     8)
                                       << 4 << QStringLiteral("3 bytes where its first two bytes call for 2");
    QTest::addRow("message opcode") << QByteArray("\x00\x09\x00\x01\x00\x00\x00", 7) << 5 << QStringLiteral("opcode 9");
    QTest::addRow("message no frames") << QByteArray("\x00\x01\x00\x00\x00\x00\x00", 7) << 5
                                       << QStringLiteral("no frames");
    QTest::addRow("message stray payload")
        << QByteArray("\x00\x01\x00\x01\x00\x00\x00xy", 9) << 5 << QStringLiteral("carries 2 payload bytes");
    QTest::addRow("close short") << QByteArray("\xe8\x03", 2) << 6 << QStringLiteral("shorter than its fields");
    QTest::addRow("close error name") << QByteArray("\xe8\x03\x00\x00\x00\x00"
                                                    "\x00\x00\x00\x00"
                                                    "\x00\x00\x00\x00"
                                                    "\x03\x00\x00\x00"
                                                    "zzz",
                                                    21)
                                      << 6 << QStringLiteral("\"zzz\" is unknown");
    QTest::addRow("note kind") << QByteArray("\x09hi", 3) << 7 << QStringLiteral("note kind 9");
    QTest::addRow("end size") << QByteArray("\x00\x00", 2) << 0x7f << QStringLiteral("not 8 bytes");
}

void tst_SessionFile::malformedBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(int, type);
    QFETCH(QString, expected);
    // A valid record first, then the bad one with a correct CRC: the first is read, the error names the second.
    QList<SessionRecord> records = sampleRecords().first(1);
    QByteArray bytes = writeSession(records, false);
    const qint64 badAt = bytes.size();
    bytes.append(SessionWriter::encodeRaw(quint8(type), 1, 5, body));
    // The same bytes with one changed after the CRC was computed: caught by the CRC, not the decoder.
    QByteArray damaged = bytes;
    damaged[damaged.size() - 5] = char(damaged[damaged.size() - 5] ^ 0x01);
    ReadResult read = readSession(damaged);
    QCOMPARE(read.error.kind, SessionReadError::Kind::Checksum);
    QCOMPARE(read.error.offset, badAt);
    read = readSession(bytes);
    QCOMPARE(read.last, SessionReader::Status::Error);
    QCOMPARE(read.error.kind, SessionReadError::Kind::Malformed);
    QCOMPARE(read.error.offset, badAt);
    QCOMPARE(read.records.size(), 1);
    QVERIFY2(read.error.detail.contains(expected), qPrintable(read.error.detail));
    QVERIFY2(read.error.detail.startsWith(QLatin1String("record 2 ")), qPrintable(read.error.detail));
}

void tst_SessionFile::hugeLengthIsNotAllocated()
{
    QByteArray bytes = writeSession(sampleRecords().first(1), false);
    const qint64 at = bytes.size();
    QByteArray prefix(4, '\0');
    qToLittleEndian<quint32>(format::maxRecordLength, prefix.data());
    bytes.append(prefix).append("\x02\x00\x00\x00\x00", 5);
    const ReadResult read = readSession(bytes);
    QCOMPARE(read.error.kind, SessionReadError::Kind::Truncated);
    QCOMPARE(read.error.offset, at);
    qToLittleEndian<quint32>(format::maxRecordLength + 1, bytes.data() + at);
    QCOMPARE(readSession(bytes).error.kind, SessionReadError::Kind::Malformed);
}

void tst_SessionFile::endRecordCountChecked()
{
    QByteArray bytes = writeSession(sampleRecords().first(3), false);
    SessionRecord end;
    end.type = RecordType::End;
    end.recordCount = 7;
    bytes.append(SessionWriter::encode(end));
    const ReadResult read = readSession(bytes);
    QCOMPARE(read.error.kind, SessionReadError::Kind::Malformed);
    QVERIFY2(read.error.detail.contains(QLatin1String("counts 7 records, the file holds 3")),
             qPrintable(read.error.detail));
    QVERIFY(!read.complete);
}

void tst_SessionFile::bytesAfterEnd()
{
    QByteArray bytes = writeSession(sampleRecords().first(2), true);
    bytes.append(SessionWriter::encode(sampleRecords()[2]));
    const ReadResult read = readSession(bytes);
    QCOMPARE(read.records.size(), 3); // two records and End
    QVERIFY(read.complete);
    QCOMPARE(read.error.kind, SessionReadError::Kind::Malformed);
    QVERIFY2(read.error.detail.contains(QLatin1String("follow the End record")), qPrintable(read.error.detail));
}

void tst_SessionFile::frameHeaderDecoding_data()
{
    QTest::addColumn<proto::Frame>("frame");
    for (bool masked : {false, true}) {
        for (auto encoding :
             {proto::LengthEncoding::Bits7, proto::LengthEncoding::Bits16, proto::LengthEncoding::Bits64}) {
            for (qsizetype size : {0, 125, 126, 65535, 65536}) {
                if (proto::Frame::minimalLengthEncoding(quint64(size)) > encoding)
                    continue;
                proto::Frame f = makeFrame(proto::Opcode::Binary, QByteArray(size, 'q'), masked, size % 2, encoding);
                f.rsv3 = true;
                proto::FrameWriter::encode(f);
                QTest::addRow("%s %d-bit %lld", masked ? "masked" : "unmasked",
                              encoding == proto::LengthEncoding::Bits7    ? 7
                              : encoding == proto::LengthEncoding::Bits16 ? 16
                                                                          : 64,
                              qlonglong(size))
                    << f;
            }
        }
    }
}

void tst_SessionFile::frameHeaderDecoding()
{
    QFETCH(proto::Frame, frame);
    proto::Frame decoded;
    QString why;
    QVERIFY2(SessionReader::decodeFrameHeader(frame.header.view(), frame.payload.size(), decoded, &why),
             qPrintable(why));
    decoded.payload = frame.payload;
    QCOMPARE(decoded, frame);
    QVERIFY(!SessionReader::decodeFrameHeader(frame.header.view(), frame.payload.size() + 1, decoded, &why));
}

QTEST_GUILESS_MAIN(tst_SessionFile)
#include "tst_sessionfile.moc"
