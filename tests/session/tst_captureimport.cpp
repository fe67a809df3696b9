// Capture import: a recorded session exported to pcapng imports back into the same frames, messages and close;
// files rewritten by Wireshark's tools (classic pcap, raw IP, duplicated and reordered packets, a snapshot
// length) import the same; hand-built captures cover the link types, IPv6, TCP reordering and loss, TLS and
// other streams, refused upgrades, protocol violations and negotiated compression.
#include "../common/capturebuilder.h"
#include "../common/recordedsample.h"

#include "proto/framewriter.h"
#include "proto/handshakekey.h"
#include "proto/permessagedeflate.h"
#include "session/captureimport.h"
#include "session/capturereader.h"
#include "session/loadedsession.h"
#include "session/pcapngwriter.h"
#include "session/sessionexport.h"
#include "session/sessionreader.h"

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace sockscope;
using namespace sockscope::session;

namespace {

CaptureImportResult importBytes(QByteArray bytes, const CaptureImportOptions &options = {})
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    return importCapture(buffer, options);
}

QList<SessionRecord> readSession(const QString &path, bool *complete = nullptr)
{
    QList<SessionRecord> records;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return records;
    SessionReader reader(&file);
    SessionRecord r;
    while (reader.next(r) == SessionReader::Status::Record)
        records.append(r);
    if (complete)
        *complete = reader.complete();
    return records;
}

QList<SessionRecord> ofType(const QList<SessionRecord> &records, RecordType type, quint32 connection = 0)
{
    QList<SessionRecord> out;
    for (const SessionRecord &r : records) {
        if (r.type == type && (connection == 0 || r.connection == connection))
            out.append(r);
    }
    return out;
}

// The Frame and Message records of one connection and direction, in order.
QList<SessionRecord> wire(const QList<SessionRecord> &records, quint32 connection, proto::Direction direction)
{
    QList<SessionRecord> out;
    for (const SessionRecord &r : records) {
        if (r.connection == connection && (r.type == RecordType::Frame || r.type == RecordType::Message) &&
            r.direction == direction)
            out.append(r);
    }
    return out;
}

// What a user compares: the frame as on the wire, or the message's type, compression, frames and payload.
bool sameContent(const SessionRecord &a, const SessionRecord &b)
{
    if (a.type != b.type)
        return false;
    if (a.type == RecordType::Frame)
        return a.frame == b.frame;
    return a.messageType == b.messageType && a.compressed == b.compressed && a.frameCount == b.frameCount &&
           a.inflatedPayload == b.inflatedPayload;
}

QByteArray describe(const SessionRecord &r)
{
    if (r.type == RecordType::Frame)
        return "frame " + QByteArray(proto::opcodeName(r.frame.opcode)) + " header " +
               r.frame.header.toByteArray().toHex() + " payload " + QByteArray::number(r.frame.payload.size());
    if (r.type == RecordType::Message)
        return "message of " + QByteArray::number(r.frameCount) + " frames";
    return "record type " + QByteArray::number(int(r.type));
}

#define COMPARE_CONTENT(actual, expected)                                                                              \
    do {                                                                                                               \
        const QList<SessionRecord> &a_ = (actual);                                                                     \
        const QList<SessionRecord> &e_ = (expected);                                                                   \
        QCOMPARE(a_.size(), e_.size());                                                                                \
        for (qsizetype i_ = 0; i_ < a_.size(); ++i_)                                                                   \
            QVERIFY2(                                                                                                  \
                sameContent(a_[i_], e_[i_]),                                                                           \
                ("#" + QByteArray::number(i_) + ": " + describe(a_[i_]) + " vs " + describe(e_[i_])).constData());     \
    } while (false)

QString findTool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

// Runs one of Wireshark's command-line tools; the output is in stdout/stderr.
bool runTool(const QString &program, const QStringList &arguments, QByteArray *errors)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10'000) || !process.waitForFinished(120'000)) {
        *errors = process.errorString().toUtf8();
        process.kill();
        process.waitForFinished(5000);
        return false;
    }
    *errors = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

QByteArray fileBytes(const QString &path);

// TCP packets that carry bytes.
quint64 dataPackets(QByteArray capture)
{
    QBuffer buffer(&capture);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    CapturedPacket p;
    quint64 n = 0;
    while (reader.next(p) == CaptureReader::Status::Packet)
        n += !TcpPacket::parse(p.linkType, p.data).payload.isEmpty();
    return n;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// ---- A hand-built WebSocket conversation -------------------------------------------------------------------

const QByteArray Request = "GET /chat?room=1 HTTP/1.1\r\n"
                           "Host: example.test:8080\r\n"
                           "Upgrade: websocket\r\n"
                           "Connection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                           "Sec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Protocol: chat, superchat\r\n"
                           "Origin: http://example.test\r\n"
                           "\r\n";
// RFC 6455 1.3: the accept value for that key.
const QByteArray Response = "HTTP/1.1 101 Switching Protocols\r\n"
                            "Upgrade: websocket\r\n"
                            "Connection: Upgrade\r\n"
                            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                            "Sec-WebSocket-Protocol: chat\r\n"
                            "\r\n";

proto::Frame makeFrame(proto::Opcode opcode, const QByteArray &payload, bool masked, bool fin = true, bool rsv1 = false)
{
    proto::Frame f;
    f.opcode = opcode;
    f.payload = payload;
    f.fin = fin;
    f.rsv1 = rsv1;
    f.masked = masked;
    if (masked)
        f.maskKey = {0x37, 0xfa, 0x21, quint8(0x3d + payload.size())};
    f.lengthEncoding = proto::Frame::minimalLengthEncoding(quint64(payload.size()));
    proto::FrameWriter::encode(f); // fills the header bytes
    return f;
}

QByteArray wireBytes(proto::Frame f)
{
    return proto::FrameWriter::encode(f);
}

QByteArray closeBody(quint16 code, const QByteArray &reason)
{
    QByteArray b(2, '\0');
    qToBigEndian(code, b.data());
    return b + reason;
}

// One step of a conversation: bytes one side writes, and the frames in them.
struct Write {
    bool fromClient;
    QByteArray bytes;
    QList<proto::Frame> frames;
};

struct Conversation {
    QList<Write> writes;
    bool closeByFin = true;
    int mss = 1460;

    capture::Script script(quint32 clientIsn = 1000, quint32 serverIsn = 500000, bool handshake = true) const
    {
        capture::Script s(clientIsn, serverIsn);
        if (handshake)
            s.handshake();
        for (const Write &w : writes)
            s.send(w.fromClient, w.bytes, mss);
        if (closeByFin) {
            s.fin(false); // RFC 6455 7.1.1: the server closes TCP first
            s.fin(true);
        }
        return s;
    }
    QList<proto::Frame> frames(bool fromClient) const
    {
        QList<proto::Frame> out;
        for (const Write &w : writes) {
            if (w.fromClient == fromClient)
                out += w.frames;
        }
        return out;
    }
};

// Request, the 101 with the server's first frame right behind it, text and binary messages both ways, a
// fragmented message with a ping between its fragments, a pong, and the close handshake started by the client.
Conversation sampleConversation()
{
    Conversation c;
    c.writes.append({true, Request, {}});
    const proto::Frame greeting = makeFrame(proto::Opcode::Text, "welcome", false);
    c.writes.append({false, Response + wireBytes(greeting), {greeting}});
    const proto::Frame hello = makeFrame(proto::Opcode::Text, "Hello", true);
    c.writes.append({true, wireBytes(hello), {hello}});
    QByteArray blob;
    for (int i = 0; i < 3000; ++i)
        blob.append(char(i * 31));
    const proto::Frame binary = makeFrame(proto::Opcode::Binary, blob, true);
    c.writes.append({true, wireBytes(binary), {binary}});
    const proto::Frame part1 = makeFrame(proto::Opcode::Text, "Hel", false, false);
    const proto::Frame ping = makeFrame(proto::Opcode::Ping, "?", false);
    const proto::Frame part2 = makeFrame(proto::Opcode::Continuation, "lo", false, true);
    c.writes.append({false, wireBytes(part1) + wireBytes(ping) + wireBytes(part2), {part1, ping, part2}});
    const proto::Frame pong = makeFrame(proto::Opcode::Pong, "?", true);
    c.writes.append({true, wireBytes(pong), {pong}});
    const proto::Frame big = makeFrame(proto::Opcode::Binary, QByteArray(70'000, 'b'), false);
    c.writes.append({false, wireBytes(big), {big}});
    const proto::Frame close = makeFrame(proto::Opcode::Close, closeBody(1000, "bye"), true);
    c.writes.append({true, wireBytes(close), {close}});
    const proto::Frame echo = makeFrame(proto::Opcode::Close, closeBody(1000, {}), false);
    c.writes.append({false, wireBytes(echo), {echo}});
    return c;
}

struct Endpoints {
    bool v6 = false;
    quint32 client4 = 0xC000020A; // 192.0.2.10
    quint32 server4 = 0xC6336407; // 198.51.100.7
    QByteArray client6 = QByteArray::fromHex("20010db8000000000000000000000010");
    QByteArray server6 = QByteArray::fromHex("20010db8000000000000000000000007");
    quint16 clientPort = 50000;
    quint16 serverPort = 8080;
    QList<std::pair<quint8, QByteArray>> extensions; // IPv6 extension headers
    QByteArray ipv4Options;
};

QByteArray ipPacket(const capture::Segment &s, const Endpoints &e)
{
    const quint16 sport = s.fromClient ? e.clientPort : e.serverPort;
    const quint16 dport = s.fromClient ? e.serverPort : e.clientPort;
    const QByteArray tcp = capture::tcpHeader(sport, dport, s) + s.payload;
    if (e.v6)
        return capture::ipv6(s.fromClient ? e.client6 : e.server6, s.fromClient ? e.server6 : e.client6, 6, tcp,
                             e.extensions);
    return capture::ipv4(s.fromClient ? e.client4 : e.server4, s.fromClient ? e.server4 : e.client4, 6, tcp,
                         e.ipv4Options);
}

constexpr qint64 StartUs = 1'700'000'000'000'000;

using LinkFrame = std::function<QByteArray(const QByteArray &ip)>;

QList<capture::Packet> packets(
    const QList<capture::Segment> &segments, const Endpoints &e,
    const LinkFrame &link = [](const QByteArray &ip) { return capture::ethernet(ip); })
{
    QList<capture::Packet> out;
    for (qsizetype i = 0; i < segments.size(); ++i)
        out.append({StartUs + qint64(i) * 1000, link(ipPacket(segments[i], e))});
    return out;
}

// The frames, messages and close a client would have recorded for this conversation.
void checkConversation(const CaptureImportResult &result, const Conversation &c, quint32 connection = 1)
{
    const QList<SessionRecord> &records = result.records;
    QVERIFY(!ofType(records, RecordType::Connection, connection).isEmpty());
    const QList<SessionRecord> frames = ofType(records, RecordType::Frame, connection);
    QList<proto::Frame> sent;
    QList<proto::Frame> received;
    for (const SessionRecord &r : frames)
        (r.direction == proto::Direction::Outgoing ? sent : received).append(r.frame);
    QCOMPARE(sent, c.frames(true));
    QCOMPARE(received, c.frames(false));
}

} // namespace

class tst_CaptureImport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void recordedSessionRoundTrip();
    void importedSessionFileLoadsLikeTheRecording();
    void wiresharkTools_data();
    void wiresharkTools();
    void snapshotLengthCutsAConnection();
    void linkTypesAndFormats_data();
    void linkTypesAndFormats();
    void connectionRecords();
    void reorderedAndRetransmitted();
    void withoutTcpHandshake();
    void packetMissingFromCapture();
    void tlsAndOtherStreams();
    void refusedUpgrade();
    void protocolViolationKeepsWhatCameBefore();
    void violatingFrameCutShort();
    void negotiatedCompression();
    void fragmentsAreCountedAndSkipped();
    void portReuseStartsNewConnection();
    void damagedCaptureKeepsWhatCameBefore();

private:
    QTemporaryDir m_dir;
    QString m_session;              // the recorded sample
    QString m_capture;              // its pcapng export
    CaptureImportResult m_imported; // the import of that export
};

void tst_CaptureImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_session = recordedsample::record(m_dir);
    QVERIFY(!m_session.isEmpty());
    QFile file(m_session);
    QVERIFY(file.open(QIODevice::ReadOnly));
    SessionReadError error;
    const QList<TcpConversation> conversations = sessionexport::toTcpConversations(file, error);
    QVERIFY(!error);
    m_capture = m_dir.filePath(QStringLiteral("sample.pcapng"));
    QFile out(m_capture);
    QVERIFY(out.open(QIODevice::WriteOnly));
    QVERIFY(PcapngWriter::write(out, conversations));
    out.close();
    m_imported = importBytes(fileBytes(m_capture));
}

void tst_CaptureImport::recordedSessionRoundTrip()
{
    const QList<SessionRecord> original = readSession(m_session);
    const CaptureImportResult &result = m_imported;
    QVERIFY2(!result.readError, qPrintable(result.readError.message()));
    QCOMPARE(result.format, CaptureReader::Format::Pcapng);
    QCOMPARE(result.stats.tcpStreams, 2u); // the client's recording and the server's, exported one each
    QCOMPARE(result.stats.webSocketConnections, 2u);
    QCOMPARE(result.stats.skippedStreams(), 0u);
    QCOMPARE(result.stats.warnings, 0u);
    QVERIFY(ofType(result.records, RecordType::Note).isEmpty());

    // The exported conversations come in the order of the recorded requests, and the import says which TCP
    // stream each connection came from.
    QList<SessionRecord> recordedConnections;
    for (const SessionRecord &r : original) {
        if (r.type == RecordType::HandshakeRequest)
            recordedConnections.append(ofType(original, RecordType::Connection, r.connection));
    }
    QCOMPARE(recordedConnections.size(), 2);
    const QList<SessionRecord> imported = ofType(result.records, RecordType::Connection);
    QCOMPARE(imported.size(), 2);

    // How the client saw the end: the recorded client's Close record.
    std::optional<proto::CloseInfo> clientClose;
    for (const SessionRecord &c : recordedConnections) {
        if (c.info.side == Side::Client)
            clientClose = ofType(original, RecordType::Close, c.connection).value(0).close;
    }
    QVERIFY(clientClose);
    QCOMPARE(clientClose->sentCode, std::optional<quint16>(4000));

    for (const SessionRecord &connection : imported) {
        const int stream = connection.info.extra.value(QStringLiteral("tcpStream")).toInt(-1);
        QVERIFY(stream == 0 || stream == 1);
        const SessionRecord &recorded = recordedConnections[stream];
        const quint32 from = recorded.connection;
        const quint32 to = connection.connection;
        QCOMPARE(connection.info.side, Side::Client);
        QVERIFY(connection.info.url.startsWith(QStringLiteral("ws://127.0.0.1:")));
        QCOMPARE(connection.info.localAddress.section(QLatin1Char(':'), 0, 0), QStringLiteral("127.0.0.1"));
        QCOMPARE(connection.info.peerAddress, QStringLiteral("127.0.0.2:80"));
        QVERIFY(connection.info.deflate);

        QCOMPARE(ofType(result.records, RecordType::HandshakeRequest, to).value(0).raw,
                 ofType(original, RecordType::HandshakeRequest, from).value(0).raw);
        QCOMPARE(ofType(result.records, RecordType::HandshakeResponse, to).value(0).raw,
                 ofType(original, RecordType::HandshakeResponse, from).value(0).raw);

        // What the client sent is what the recording side sent when it was the client, and what it received when
        // it was the server.
        const bool flip = recorded.info.side == Side::Server;
        auto mapped = [flip](proto::Direction d) {
            return flip ? (d == proto::Direction::Outgoing ? proto::Direction::Incoming : proto::Direction::Outgoing)
                        : d;
        };
        for (proto::Direction d : {proto::Direction::Outgoing, proto::Direction::Incoming}) {
            const QList<SessionRecord> expected = wire(original, from, mapped(d));
            const QList<SessionRecord> actual = wire(result.records, to, d);
            QVERIFY(expected.size() >= 4);
            COMPARE_CONTENT(actual, expected);
        }
        // Compressed on the wire, inflated in the messages, as recorded.
        qsizetype compressed = 0;
        for (const SessionRecord &m : ofType(result.records, RecordType::Message, to))
            compressed += m.compressed;
        QVERIFY(compressed >= 6);

        // Each frame at the time of its packet: the time it was recorded (the export keeps time from running
        // backwards within a connection).
        qint64 clock = 0;
        QList<qint64> expectedTimes;
        for (const SessionRecord &r : original) {
            if (r.connection != from)
                continue;
            if (r.type == RecordType::HandshakeRequest || r.type == RecordType::HandshakeResponse ||
                r.type == RecordType::Frame)
                clock = std::max(clock, r.timestampUs);
            if (r.type == RecordType::Frame)
                expectedTimes.append(clock);
        }
        QList<qint64> times;
        for (const SessionRecord &r : ofType(result.records, RecordType::Frame, to))
            times.append(r.timestampUs);
        QCOMPARE(times, expectedTimes);

        const QList<SessionRecord> closes = ofType(result.records, RecordType::Close, to);
        QCOMPARE(closes.size(), 1);
        const proto::CloseInfo &close = closes[0].close;
        QCOMPARE(close.code, clientClose->code);
        QCOMPARE(close.reason, clientClose->reason);
        QCOMPARE(close.wasClean, clientClose->wasClean);
        QCOMPARE(close.initiator, clientClose->initiator);
        QCOMPARE(close.closeSent, clientClose->closeSent);
        QCOMPARE(close.closeReceived, clientClose->closeReceived);
        QCOMPARE(close.sentCode, clientClose->sentCode);
        QCOMPARE(close.sentReason, clientClose->sentReason);
        QCOMPARE(close.error, clientClose->error);
    }
}

void tst_CaptureImport::importedSessionFileLoadsLikeTheRecording()
{
    const QString path = m_dir.filePath(QStringLiteral("imported.sksession"));
    {
        QFile capture(m_capture);
        QVERIFY(capture.open(QIODevice::ReadOnly));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        const CaptureImportResult result = importCapture(capture, out);
        QVERIFY(result.writeError.isEmpty());
        QVERIFY(!result.readError);
        QVERIFY(result.records.isEmpty()); // written, not kept
        QCOMPARE(result.stats.webSocketConnections, 2u);
    }
    bool complete = false;
    const QList<SessionRecord> written = readSession(path, &complete);
    QVERIFY(complete);
    QCOMPARE(written.size(), m_imported.records.size() + 1);
    for (qsizetype i = 0; i < m_imported.records.size(); ++i)
        QVERIFY2(written[i] == m_imported.records[i], QByteArray::number(i).constData());

    // The log a connection tab shows, entry by entry: each imported connection's and that of the recording it
    // was exported from (the server's recording seen from the client: what it received the client sent).
    const LoadedSession recorded = loadSessionFile(m_session);
    const LoadedSession imported = loadSessionFile(path);
    QVERIFY(!imported.error);
    QVERIFY(imported.complete);
    QCOMPARE(imported.connections.size(), size_t(2));
    QList<const RecordedConnection *> sources; // in the order their requests were recorded
    for (const auto &c : recorded.connections)
        sources.append(c.get());
    std::sort(sources.begin(), sources.end(),
              [](const RecordedConnection *a, const RecordedConnection *b) { return a->requestUs < b->requestUs; });
    QCOMPARE(sources.size(), 2);
    const RecordedConnection *client = sources[0]->info.side == Side::Client ? sources[0] : sources[1];
    for (const auto &c : imported.connections) {
        const RecordedConnection *source = sources[c->info.extra.value(QStringLiteral("tcpStream")).toInt()];
        const bool flip = source->info.side == Side::Server;
        QCOMPARE(c->request, source->request);
        QCOMPARE(c->response, source->response);
        QCOMPARE(c->log.size(), source->log.size());
        for (quint64 i = 0; i < c->log.size(); ++i) {
            const MessageRecord &a = c->log.at(c->log.firstIndex() + i);
            const MessageRecord &b = source->log.at(source->log.firstIndex() + i);
            const QByteArray where = "log entry " + QByteArray::number(i);
            QVERIFY2(a.payload == b.payload, where.constData());
            QVERIFY2((a.direction == b.direction) != flip, where.constData());
            QVERIFY2(a.opcode == b.opcode, where.constData());
            QVERIFY2(a.frameCount == b.frameCount, where.constData());
            QVERIFY2(a.compressed == b.compressed, where.constData());
            QVERIFY2(a.wirePayloadSize == b.wirePayloadSize, where.constData());
            for (quint32 f = 0; f < a.frameCount; ++f)
                QVERIFY2(c->log.frameHeader(a, f) == source->log.frameHeader(b, f), where.constData());
        }
        QVERIFY(c->close);
        QCOMPARE(c->close->code, client->close->code);
        QCOMPARE(c->close->sentCode, client->close->sentCode);
        QCOMPARE(c->close->wasClean, client->close->wasClean);
    }
}

void tst_CaptureImport::wiresharkTools_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QStringList>("arguments"); // IN and OUT stand for the files
    QTest::addColumn<CaptureReader::Format>("format");
    QTest::addColumn<bool>("sameOrder"); // whether records keep their order across the two directions
    QTest::addRow("editcap to pcap") << "editcap" << QStringList{"-F", "pcap", "IN", "OUT"}
                                     << CaptureReader::Format::Pcap << true;
    QTest::addRow("editcap to nanosecond pcap")
        << "editcap" << QStringList{"-F", "nsecpcap", "IN", "OUT"} << CaptureReader::Format::Pcap << true;
    // The Ethernet header chopped off and the interface relabelled: raw IP packets.
    QTest::addRow("editcap to raw IP") << "editcap" << QStringList{"-C", "14", "-T", "rawip", "IN", "OUT"}
                                       << CaptureReader::Format::Pcapng << true;
    QTest::addRow("editcap to raw IPv4 pcap")
        << "editcap" << QStringList{"-F", "pcap", "-C", "14", "-T", "rawip4", "IN", "OUT"}
        << CaptureReader::Format::Pcap << true;
    // Merged with itself by time: every packet twice, as a capture on two interfaces would show it.
    QTest::addRow("mergecap duplicates") << "mergecap" << QStringList{"-w", "OUT", "IN", "IN"}
                                         << CaptureReader::Format::Pcapng << true;
    QTest::addRow("reordered") << "reorder" << QStringList{} << CaptureReader::Format::Pcapng << false;
}

void tst_CaptureImport::wiresharkTools()
{
    QFETCH(QString, tool);
    QFETCH(QStringList, arguments);
    QFETCH(CaptureReader::Format, format);
    QFETCH(bool, sameOrder);
    const QString editcap = findTool("editcap");
    const QString mergecap = findTool("mergecap");
    if (editcap.isEmpty() || mergecap.isEmpty())
        QSKIP("editcap / mergecap are not installed (Debian package wireshark-common, pulled in by tshark)");
    const QString out = m_dir.filePath(QStringLiteral("%1.out").arg(QString::fromLatin1(QTest::currentDataTag())));
    QByteArray errors;
    if (tool == QLatin1String("reorder")) {
        // Two consecutive data packets of one direction swapped (the client sends several frames in a row, and
        // the 70,000-byte one spans two packets): editcap keeps
        // ranges of packets, mergecap -a puts them together in the order given.
        QFile file(m_capture);
        QVERIFY(file.open(QIODevice::ReadOnly));
        CaptureReader reader(&file);
        CapturedPacket p;
        int first = 0;
        int count = 0;
        TcpEndpoint previousSource;
        TcpEndpoint previousDestination;
        bool previousHadData = false;
        while (reader.next(p) == CaptureReader::Status::Packet) {
            const TcpPacket tcp = TcpPacket::parse(p.linkType, p.data);
            const bool data = !tcp.payload.isEmpty();
            count = int(p.number);
            if (data && previousHadData && tcp.source == previousSource && tcp.destination == previousDestination &&
                first == 0)
                first = int(p.number) - 1;
            previousSource = tcp.source;
            previousDestination = tcp.destination;
            previousHadData = data;
        }
        QVERIFY(first > 0);
        QStringList parts;
        const QList<QString> ranges = {QStringLiteral("1-%1").arg(first - 1), QString::number(first + 1),
                                       QString::number(first), QStringLiteral("%1-%2").arg(first + 2).arg(count)};
        for (qsizetype i = 0; i < ranges.size(); ++i) {
            const QString part = m_dir.filePath(QStringLiteral("part%1.pcapng").arg(i));
            QVERIFY2(runTool(editcap, {QStringLiteral("-r"), m_capture, part, ranges[i]}, &errors), errors.constData());
            parts.append(part);
        }
        QVERIFY2(runTool(mergecap, QStringList{QStringLiteral("-a"), QStringLiteral("-w"), out} + parts, &errors),
                 errors.constData());
    } else {
        for (QString &a : arguments)
            a = a == QLatin1String("IN") ? m_capture : a == QLatin1String("OUT") ? out : a;
        QVERIFY2(runTool(tool == QLatin1String("editcap") ? editcap : mergecap, arguments, &errors),
                 errors.constData());
    }
    const CaptureImportResult result = importBytes(fileBytes(out));
    QVERIFY2(!result.readError, qPrintable(result.readError.message()));
    QCOMPARE(result.format, format);
    QCOMPARE(result.stats.webSocketConnections, 2u);
    QCOMPARE(result.stats.warnings, 0u);
    if (tool == QLatin1String("mergecap")) {
        // Each copy of a data packet that comes while its connection is open (copies after the last FIN are
        // dropped with the connection).
        const quint64 copies = dataPackets(fileBytes(m_capture));
        QVERIFY(result.stats.retransmissions >= copies / 2);
        QVERIFY(result.stats.retransmissions <= copies);
        QCOMPARE(result.stats.tcpStreams, 2u); // the copies are not connections of their own
    }
    if (!sameOrder)
        QVERIFY(result.stats.outOfOrder >= 1);
    if (sameOrder) {
        // The same records, to the microsecond.
        QCOMPARE(result.records.size(), m_imported.records.size());
        for (qsizetype i = 0; i < result.records.size(); ++i)
            QVERIFY2(result.records[i] == m_imported.records[i], qPrintable(QStringLiteral("record %1").arg(i)));
    } else {
        for (quint32 c : {1u, 2u}) {
            for (proto::Direction d : {proto::Direction::Outgoing, proto::Direction::Incoming})
                COMPARE_CONTENT(wire(result.records, c, d), wire(m_imported.records, c, d));
        }
    }
}

void tst_CaptureImport::snapshotLengthCutsAConnection()
{
    const QString editcap = findTool("editcap");
    if (editcap.isEmpty())
        QSKIP("editcap is not installed (Debian package wireshark-common, pulled in by tshark)");
    // 1,000 bytes per packet keep the handshake and the small messages, not the 70,000-byte one.
    const QString out = m_dir.filePath(QStringLiteral("snap.pcapng"));
    QByteArray errors;
    QVERIFY2(runTool(editcap, {QStringLiteral("-s"), QStringLiteral("1000"), m_capture, out}, &errors),
             errors.constData());
    const CaptureImportResult result = importBytes(fileBytes(out));
    QVERIFY(!result.readError);
    QCOMPARE(result.stats.webSocketConnections, 2u);
    QVERIFY(result.stats.cutPackets >= 4);
    bool cutNoted = false;
    for (const CaptureWarning &w : result.warnings)
        cutNoted = cutNoted || (w.kind == CaptureWarning::Kind::MissingData &&
                                w.detail.contains(QStringLiteral("snapshot length")));
    QVERIFY(cutNoted);
    for (quint32 c : {1u, 2u}) {
        // The direction that sent the large frame stops there, with a note; everything before it is kept.
        bool noted = false;
        for (const SessionRecord &n : ofType(result.records, RecordType::Note, c))
            noted = noted || n.text.contains(QStringLiteral("snapshot length"));
        QVERIFY(noted);
        for (proto::Direction d : {proto::Direction::Outgoing, proto::Direction::Incoming}) {
            const QList<SessionRecord> full = wire(m_imported.records, c, d);
            const QList<SessionRecord> cut = wire(result.records, c, d);
            QVERIFY(!cut.isEmpty());
            QVERIFY(cut.size() <= full.size());
            COMPARE_CONTENT(cut, full.mid(0, cut.size()));
        }
    }
}

void tst_CaptureImport::linkTypesAndFormats_data()
{
    QTest::addColumn<quint16>("linkType");
    QTest::addColumn<bool>("v6");
    QTest::addColumn<QString>("format"); // pcapng, pcapng-be, pcap, pcap-be, pcap-ns, pcap-ns-be
    QTest::addColumn<int>("variant");    // the link-layer builder below

    QTest::addRow("Ethernet, pcapng") << quint16(1) << false << "pcapng" << 0;
    QTest::addRow("Ethernet, big-endian pcapng") << quint16(1) << false << "pcapng-be" << 0;
    QTest::addRow("Ethernet with 802.1Q tag, pcap") << quint16(1) << false << "pcap" << 1;
    QTest::addRow("Ethernet with two VLAN tags, big-endian ns pcap") << quint16(1) << false << "pcap-ns-be" << 2;
    QTest::addRow("Ethernet, IPv6 with extension headers, ns pcap") << quint16(1) << true << "pcap-ns" << 3;
    QTest::addRow("IPv4 with options, pcapng") << quint16(1) << false << "pcapng" << 4;
    QTest::addRow("raw IP (101), big-endian pcap") << quint16(101) << false << "pcap-be" << 5;
    QTest::addRow("raw IPv6 (101), pcapng") << quint16(101) << true << "pcapng" << 5;
    QTest::addRow("IPv4 (228), pcap") << quint16(228) << false << "pcap" << 5;
    QTest::addRow("IPv6 (229), big-endian pcapng") << quint16(229) << true << "pcapng-be" << 5;
    QTest::addRow("BSD NULL little-endian host, pcap") << quint16(0) << false << "pcap" << 6;
    QTest::addRow("BSD NULL big-endian host, IPv6") << quint16(0) << true << "pcap-be" << 7;
    QTest::addRow("BSD LOOP, IPv6, pcapng") << quint16(108) << true << "pcapng" << 7;
    QTest::addRow("Linux cooked SLL, pcap") << quint16(113) << false << "pcap" << 8;
    QTest::addRow("Linux cooked SLL, IPv6, big-endian pcapng") << quint16(113) << true << "pcapng-be" << 8;
    QTest::addRow("Linux cooked SLL2, pcapng") << quint16(276) << false << "pcapng" << 9;
    QTest::addRow("Linux cooked SLL2, IPv6, ns pcap") << quint16(276) << true << "pcap-ns" << 9;
}

void tst_CaptureImport::linkTypesAndFormats()
{
    QFETCH(quint16, linkType);
    QFETCH(bool, v6);
    QFETCH(QString, format);
    QFETCH(int, variant);
    Endpoints e;
    e.v6 = v6;
    if (variant == 3) {
        QByteArray hopByHop(8, '\0');
        hopByHop[2] = 1; // PadN filling the header
        hopByHop[3] = 4;
        QByteArray destination(16, '\0');
        destination[1] = 1; // 16 bytes
        destination[2] = 1;
        destination[3] = 12;
        e.extensions = {{0, hopByHop}, {60, destination}};
    }
    if (variant == 4)
        e.ipv4Options = QByteArray::fromHex("01010100"); // three NOPs and the end of the option list
    const LinkFrame links[] = {
        [](const QByteArray &ip) { return capture::ethernet(ip); },
        [](const QByteArray &ip) { return capture::ethernet(ip, {100}); },
        [](const QByteArray &ip) {
            return capture::ethernet(ip, {10, 20});
        },
        [](const QByteArray &ip) { return capture::ethernet(ip); },
        [](const QByteArray &ip) { return capture::ethernet(ip); },
        [](const QByteArray &ip) { return ip; },
        [](const QByteArray &ip) { return capture::loopback(ip, false); },
        [](const QByteArray &ip) { return capture::loopback(ip, true, 24); },
        [](const QByteArray &ip) { return capture::sll(ip); },
        [](const QByteArray &ip) { return capture::sll2(ip); },
    };
    const Conversation c = sampleConversation();
    const QList<capture::Packet> list = packets(c.script().segments, e, links[variant]);
    QByteArray file;
    if (format.startsWith(QLatin1String("pcapng")))
        file = capture::pcapng(list, linkType, format.endsWith(QLatin1String("-be")));
    else
        file =
            capture::pcap(list, linkType, format.endsWith(QLatin1String("-be")), format.contains(QLatin1String("-ns")));
    const CaptureImportResult result = importBytes(file);
    QVERIFY2(!result.readError, qPrintable(result.readError.message()));
    QCOMPARE(result.stats.packets, quint64(list.size()));
    QCOMPARE(result.stats.tcpPackets, quint64(list.size()));
    QCOMPARE(result.stats.webSocketConnections, 1u);
    QCOMPARE(result.stats.warnings, 0u);
    checkConversation(result, c);
    const SessionRecord connection = ofType(result.records, RecordType::Connection).value(0);
    QCOMPARE(connection.info.localAddress,
             v6 ? QStringLiteral("[2001:db8::10]:50000") : QStringLiteral("192.0.2.10:50000"));
    QCOMPARE(connection.info.peerAddress,
             v6 ? QStringLiteral("[2001:db8::7]:8080") : QStringLiteral("198.51.100.7:8080"));
}

void tst_CaptureImport::connectionRecords()
{
    // Record by record, what a live client's recording holds.
    const Conversation c = sampleConversation();
    const QList<capture::Packet> list = packets(c.script().segments, Endpoints());
    const CaptureImportResult result = importBytes(capture::pcapng(list, 1));
    const QList<SessionRecord> &r = result.records;
    QVERIFY(r.size() > 4);
    QCOMPARE(r[0].type, RecordType::Connection);
    QCOMPARE(r[0].connection, 1u);
    QCOMPARE(r[0].info.url, QStringLiteral("ws://example.test:8080/chat?room=1"));
    QCOMPARE(r[0].info.subprotocols, (QList<QByteArray>{"chat", "superchat"}));
    QCOMPARE(r[0].info.origin, QByteArray("http://example.test"));
    QVERIFY(!r[0].info.deflate);
    QCOMPARE(r[0].timestampUs, list[3].timestampUs); // the request's packet
    QCOMPARE(r[1].type, RecordType::HandshakeRequest);
    QCOMPARE(r[1].raw, Request);
    QCOMPARE(r[2].type, RecordType::HandshakeResponse);
    QCOMPARE(r[2].raw, Response);
    QCOMPARE(r[2].timestampUs, list[4].timestampUs);
    // The frame that came with the 101 in one packet, then its message.
    QCOMPARE(r[3].type, RecordType::Frame);
    QCOMPARE(r[3].direction, proto::Direction::Incoming);
    QCOMPARE(r[3].frame.payload, QByteArray("welcome"));
    QCOMPARE(r[4].type, RecordType::Message);
    QCOMPARE(r[4].frameCount, 1u);
    QCOMPARE(r[4].messageType, proto::Opcode::Text);

    // The fragmented message: its two frames with the ping between them, then one message of two frames.
    QList<RecordType> types;
    for (const SessionRecord &x : r)
        types.append(x.type);
    const QList<SessionRecord> messages = ofType(r, RecordType::Message);
    QCOMPARE(messages.size(), 5); // welcome, Hello, the binary one, the fragmented one, the 70,000 bytes
    QCOMPARE(messages[3].frameCount, 2u);
    QCOMPARE(messages[3].direction, proto::Direction::Incoming);
    QCOMPARE(messages[1].direction, proto::Direction::Outgoing);

    const QList<SessionRecord> closes = ofType(r, RecordType::Close);
    QCOMPARE(closes.size(), 1);
    QCOMPARE(r.last().type, RecordType::Close);
    const proto::CloseInfo &close = closes[0].close;
    QCOMPARE(close.code, 1000);
    QCOMPARE(close.reason, QString());
    QVERIFY(close.wasClean);
    QCOMPARE(close.initiator, proto::CloseInitiator::Local);
    QVERIFY(close.closeSent);
    QVERIFY(close.closeReceived);
    QCOMPARE(close.sentCode, std::optional<quint16>(1000));
    QCOMPARE(close.sentReason, QStringLiteral("bye"));
    QCOMPARE(closes[0].timestampUs, list.last().timestampUs); // the client's FIN
    QVERIFY(ofType(r, RecordType::Note).isEmpty());
}

void tst_CaptureImport::reorderedAndRetransmitted()
{
    Conversation c = sampleConversation();
    c.mss = 97; // many small segments
    const QList<capture::Segment> clean = c.script().segments;
    const CaptureImportResult reference = importBytes(capture::pcapng(packets(clean, Endpoints()), 1));

    // After the TCP handshake: segments shuffled within windows of six, every third one sent twice, and a
    // retransmission that covers two segments in one.
    QList<capture::Segment> messy = clean.mid(0, 3);
    QList<capture::Segment> rest = clean.mid(3);
    QRandomGenerator random(7);
    for (qsizetype window = 0; window < rest.size(); window += 6) {
        const qsizetype end = std::min<qsizetype>(window + 6, rest.size());
        for (qsizetype i = end - 1; i > window; --i)
            rest.swapItemsAt(i, window + random.bounded(int(i - window + 1)));
    }
    for (qsizetype i = 0; i < rest.size(); ++i) {
        messy.append(rest[i]);
        if (i % 3 == 0)
            messy.append(rest[i]);
    }
    for (qsizetype i = 10; i + 1 < clean.size(); ++i) {
        const capture::Segment &a = clean[i];
        const capture::Segment &b = clean[i + 1];
        if (a.fromClient == b.fromClient && !a.payload.isEmpty() && b.seq == a.seq + quint32(a.payload.size())) {
            capture::Segment joined = a;
            joined.payload += b.payload;
            messy.append(joined);
            break;
        }
    }
    // The FINs come last, so that nothing is cut off by them.
    std::stable_partition(messy.begin() + 3, messy.end(),
                          [](const capture::Segment &s) { return !(s.flags & capture::Fin); });
    const CaptureImportResult result = importBytes(capture::pcapng(packets(messy, Endpoints()), 1));
    QVERIFY(result.stats.outOfOrder > 0);
    QVERIFY(result.stats.retransmissions > quint64(rest.size() / 3 - 3)); // the copies of the FINs carry no bytes
    QCOMPARE(result.stats.warnings, 0u);
    checkConversation(result, c);
    for (proto::Direction d : {proto::Direction::Outgoing, proto::Direction::Incoming})
        COMPARE_CONTENT(wire(result.records, 1, d), wire(reference.records, 1, d));
    QCOMPARE(ofType(result.records, RecordType::Close).value(0).close.code, 1000);
}

void tst_CaptureImport::withoutTcpHandshake()
{
    // A capture started after the connection was made: the streams start at their first segments.
    const Conversation c = sampleConversation();
    const QList<capture::Segment> segments = c.script().segments.mid(3);
    const CaptureImportResult result = importBytes(capture::pcapng(packets(segments, Endpoints()), 1));
    QCOMPARE(result.stats.webSocketConnections, 1u);
    checkConversation(result, c);
}

void tst_CaptureImport::packetMissingFromCapture()
{
    Conversation c = sampleConversation();
    const QList<capture::Segment> all = c.script().segments;
    // The second packet of the 70,000-byte server frame is not in the capture.
    qsizetype dropped = -1;
    for (qsizetype i = 0; i < all.size() && dropped < 0; ++i) {
        if (!all[i].fromClient && all[i].payload.size() == 1460 && i > 0 && !all[i - 1].fromClient &&
            all[i - 1].payload.size() == 1460)
            dropped = i;
    }
    QVERIFY(dropped > 0);
    QList<capture::Segment> segments = all;
    segments.removeAt(dropped);
    const CaptureImportResult result = importBytes(capture::pcapng(packets(segments, Endpoints()), 1));
    QCOMPARE(result.stats.webSocketConnections, 1u);
    // The server's frames before the big one are kept, the client's all of them.
    QList<proto::Frame> received;
    QList<proto::Frame> sent;
    for (const SessionRecord &r : ofType(result.records, RecordType::Frame))
        (r.direction == proto::Direction::Incoming ? received : sent).append(r.frame);
    QCOMPARE(sent, c.frames(true));
    QCOMPARE(received, c.frames(false).mid(0, 4));
    const QList<SessionRecord> notes = ofType(result.records, RecordType::Note);
    QVERIFY(!notes.isEmpty());
    QCOMPARE(notes[0].noteKind, NoteKind::Error);
    QVERIFY2(notes[0].text.contains(QStringLiteral("server to client")) &&
                 notes[0].text.contains(QStringLiteral("missing from the capture")),
             qPrintable(notes[0].text));
    bool warned = false;
    for (const CaptureWarning &w : result.warnings)
        warned = warned || (w.kind == CaptureWarning::Kind::MissingData && w.connection == 1);
    QVERIFY(warned);
    // The client's FIN was seen: the connection closed, without the server's close frame.
    const QList<SessionRecord> closes = ofType(result.records, RecordType::Close);
    QCOMPARE(closes.size(), 1);
    QVERIFY(closes[0].close.closeSent);
    QVERIFY(!closes[0].close.closeReceived);
    QCOMPARE(closes[0].close.code, 1006);
    QVERIFY(!closes[0].close.wasClean);
}

void tst_CaptureImport::tlsAndOtherStreams()
{
    capture::Script tls(1, 2);
    tls.handshake();
    tls.send(true, QByteArray::fromHex("160301004a0100004603035f") + QByteArray(70, '\x01'));
    tls.send(false, QByteArray::fromHex("160303005a0200005603035f") + QByteArray(80, '\x02'));
    capture::Script http(3, 4);
    http.handshake();
    http.send(true, "GET /index.html HTTP/1.1\r\nHost: example.test\r\n\r\n");
    http.send(false, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    Endpoints tlsEnds;
    tlsEnds.serverPort = 443;
    Endpoints httpEnds;
    httpEnds.clientPort = 50001;
    QList<capture::Packet> list = packets(tls.segments, tlsEnds);
    list += packets(http.segments, httpEnds);
    // Not TCP at all: a UDP datagram.
    list.append({StartUs, capture::ethernet(capture::ipv4(1, 2, 17, QByteArray(12, '\0')))});
    const CaptureImportResult result = importBytes(capture::pcapng(list, 1));
    QVERIFY(result.records.isEmpty());
    QCOMPARE(result.stats.tcpStreams, 2u);
    QCOMPARE(result.stats.tlsStreams, 1u);
    QCOMPARE(result.stats.otherStreams, 1u);
    QCOMPARE(result.stats.skippedStreams(), 2u);
    QCOMPARE(result.stats.otherPackets, 1u);
    QCOMPARE(result.warnings.size(), 1);
    QCOMPARE(result.warnings[0].kind, CaptureWarning::Kind::TlsStream);
    QCOMPARE(result.warnings[0].tcpStream, 0u);
    QVERIFY(result.warnings[0].detail.contains(QStringLiteral("198.51.100.7:443")));
}

void tst_CaptureImport::refusedUpgrade()
{
    capture::Script s;
    s.handshake();
    s.send(true, Request);
    const QByteArray refusal = "HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\n\r\n";
    s.send(false, refusal + "nope!\n");
    s.fin(false);
    s.fin(true);
    const CaptureImportResult result = importBytes(capture::pcapng(packets(s.segments, Endpoints()), 1));
    QCOMPARE(result.stats.failedUpgrades, 1u);
    QCOMPARE(result.stats.webSocketConnections, 0u);
    const QList<SessionRecord> &r = result.records;
    QCOMPARE(r.size(), 4);
    QCOMPARE(r[0].type, RecordType::Connection);
    QCOMPARE(r[1].raw, Request);
    QCOMPARE(r[2].type, RecordType::HandshakeResponse);
    QCOMPARE(r[2].raw, refusal);
    QCOMPARE(r[3].type, RecordType::Note);
    QCOMPARE(r[3].noteKind, NoteKind::Error);
    QCOMPARE(r[3].text, QStringLiteral("HandshakeRefused: HTTP 403 Forbidden"));
}

void tst_CaptureImport::protocolViolationKeepsWhatCameBefore()
{
    Conversation c;
    c.writes.append({true, Request, {}});
    const proto::Frame ok = makeFrame(proto::Opcode::Text, "fine", false);
    c.writes.append({false, Response + wireBytes(ok), {ok}});
    // RFC 6455 5.1: a server must not mask. The frame is read whole, recorded, and the rule named.
    const proto::Frame masked = makeFrame(proto::Opcode::Text, "masked", true);
    const proto::Frame after = makeFrame(proto::Opcode::Text, "not decoded", false);
    c.writes.append({false, wireBytes(masked) + wireBytes(after), {masked}});
    const proto::Frame hello = makeFrame(proto::Opcode::Text, "still decoded", true);
    c.writes.append({true, wireBytes(hello), {hello}});
    const proto::Frame close = makeFrame(proto::Opcode::Close, closeBody(1002, {}), true);
    c.writes.append({true, wireBytes(close), {close}});
    const CaptureImportResult result = importBytes(capture::pcapng(packets(c.script().segments, Endpoints()), 1));
    checkConversation(result, c);
    const QList<SessionRecord> notes = ofType(result.records, RecordType::Note);
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes[0].noteKind, NoteKind::ProtocolViolation);
    QVERIFY2(notes[0].text.startsWith(QStringLiteral("masked-frame-from-server: ")), qPrintable(notes[0].text));
    QVERIFY2(
        notes[0].text.contains(QStringLiteral("server to client, frame 2 at stream byte %1").arg(Response.size() + 6)),
        qPrintable(notes[0].text));
    // The message before it and the client's message after it.
    const QList<SessionRecord> messages = ofType(result.records, RecordType::Message);
    QCOMPARE(messages.size(), 2);
    const QList<SessionRecord> closes = ofType(result.records, RecordType::Close);
    QCOMPARE(closes.size(), 1);
    QCOMPARE(closes[0].close.error.error, proto::ProtocolError::MaskedFrameFromServer);
    QVERIFY(!closes[0].close.wasClean);
    QCOMPARE(result.warnings.size(), 1);
    QCOMPARE(result.warnings[0].kind, CaptureWarning::Kind::ProtocolViolation);
    QCOMPARE(result.warnings[0].connection, 1u);
}

void tst_CaptureImport::violatingFrameCutShort()
{
    // The capture ends inside a frame whose header already broke a rule: the rule is named, no frame is made up.
    Conversation c;
    c.writes.append({true, Request, {}});
    const proto::Frame masked = makeFrame(proto::Opcode::Binary, QByteArray(100, 'm'), true);
    c.writes.append({false, Response + wireBytes(masked).left(30), {}});
    c.closeByFin = false;
    const CaptureImportResult result = importBytes(capture::pcapng(packets(c.script().segments, Endpoints()), 1));
    QVERIFY(ofType(result.records, RecordType::Frame).isEmpty());
    const QList<SessionRecord> notes = ofType(result.records, RecordType::Note);
    QCOMPARE(notes.size(), 2);
    QCOMPARE(notes[0].noteKind, NoteKind::ProtocolViolation);
    QVERIFY2(
        notes[0].text.startsWith(QStringLiteral("masked-frame-from-server: ")) &&
            notes[0].text.contains(QStringLiteral("server to client, frame 1 at stream byte %1").arg(Response.size())),
        qPrintable(notes[0].text));
    QCOMPARE(notes[1].text, QStringLiteral("the capture ends while the connection is open"));
    QVERIFY(ofType(result.records, RecordType::Close).isEmpty());
}

void tst_CaptureImport::negotiatedCompression()
{
    // RFC 7692: the client offers, the server accepts with its own context reset after each message and a
    // 10-bit window for the client.
    QByteArray request = Request;
    request.insert(request.size() - 2, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
    QByteArray response = Response;
    response.insert(
        response.size() - 2,
        "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_max_window_bits=10\r\n");
    proto::DeflateParameters parameters;
    parameters.serverNoContextTakeover = true;
    parameters.clientMaxWindowBits = 10;
    proto::PerMessageDeflate server(proto::Role::Server, parameters);
    proto::PerMessageDeflate client(proto::Role::Client, parameters);
    const QList<QByteArray> texts = {"compressed hello, compressed hello, compressed hello",
                                     "compressed hello again, and again, and again", QByteArray(5000, 'z')};
    Conversation c;
    c.writes.append({true, request, {}});
    c.writes.append({false, response, {}});
    for (const QByteArray &text : texts) {
        const proto::Frame toServer = makeFrame(proto::Opcode::Text, client.compress(text).payload, true, true, true);
        c.writes.append({true, wireBytes(toServer), {toServer}});
        // The server's answer in two fragments, RSV1 on the first only.
        const QByteArray deflated = server.compress(text).payload;
        const proto::Frame first = makeFrame(proto::Opcode::Text, deflated.left(5), false, false, true);
        const proto::Frame second = makeFrame(proto::Opcode::Continuation, deflated.mid(5), false, true);
        c.writes.append({false, wireBytes(first) + wireBytes(second), {first, second}});
    }
    const CaptureImportResult result = importBytes(capture::pcapng(packets(c.script().segments, Endpoints()), 1));
    checkConversation(result, c);
    QVERIFY(ofType(result.records, RecordType::Note).isEmpty());
    QVERIFY(ofType(result.records, RecordType::Connection).value(0).info.deflate);
    const QList<SessionRecord> messages = ofType(result.records, RecordType::Message);
    QCOMPARE(messages.size(), texts.size() * 2);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        QVERIFY(messages[i].compressed);
        QCOMPARE(messages[i].inflatedPayload, texts[i / 2]);
        QCOMPARE(messages[i].frameCount, quint32(i % 2 ? 2 : 1));
    }
}

void tst_CaptureImport::fragmentsAreCountedAndSkipped()
{
    const Conversation c = sampleConversation();
    QList<capture::Packet> list = packets(c.script().segments, Endpoints());
    // An IPv4 fragment (more fragments set) and an IPv6 fragment (offset 8) of some other datagram.
    list.insert(5, {StartUs, capture::ethernet(capture::ipv4(1, 2, 6, QByteArray(40, 'f'), {}, 0x2000))});
    QByteArray fragmentHeader(8, '\0');
    fragmentHeader[3] = 8;
    list.insert(6, {StartUs, capture::ethernet(capture::ipv6(Endpoints().client6, Endpoints().server6, 6,
                                                             QByteArray(40, 'g'), {{44, fragmentHeader}}))});
    const CaptureImportResult result = importBytes(capture::pcapng(list, 1));
    QCOMPARE(result.stats.fragments, 2u);
    QCOMPARE(result.warnings.size(), 2);
    QCOMPARE(result.warnings[0].kind, CaptureWarning::Kind::IpFragment);
    QCOMPARE(result.warnings[0].packet, 6u);
    QVERIFY(result.warnings[0].offset > 0);
    QCOMPARE(result.warnings[1].kind, CaptureWarning::Kind::IpFragment);
    checkConversation(result, c);
}

void tst_CaptureImport::portReuseStartsNewConnection()
{
    const Conversation c = sampleConversation();
    QList<capture::Segment> segments = c.script(1000, 500000).segments;
    segments += c.script(90000, 7000000).segments;
    const CaptureImportResult result = importBytes(capture::pcapng(packets(segments, Endpoints()), 1));
    QCOMPARE(result.stats.tcpStreams, 2u);
    QCOMPARE(result.stats.webSocketConnections, 2u);
    checkConversation(result, c, 1);
    checkConversation(result, c, 2);
    QCOMPARE(ofType(result.records, RecordType::Close).size(), 2);
}

void tst_CaptureImport::damagedCaptureKeepsWhatCameBefore()
{
    const Conversation c = sampleConversation();
    const QByteArray file = capture::pcapng(packets(c.script().segments, Endpoints()), 1);
    const CaptureImportResult whole = importBytes(file);
    // Every block boundary, and positions inside blocks.
    QList<qint64> blockStarts;
    for (qint64 at = 0; at + 8 <= file.size();) {
        blockStarts.append(at);
        at += qFromLittleEndian<quint32>(file.constData() + at + 4);
    }
    for (qsizetype cut = 0; cut < file.size(); cut += cut < 400 ? 1 : 37) {
        const CaptureImportResult result = importBytes(file.left(cut));
        const bool atBoundary = blockStarts.contains(cut);
        const QByteArray where = "cut at " + QByteArray::number(cut);
        if (cut >= 28 && atBoundary) {
            QVERIFY2(!result.readError, where.constData());
        } else {
            QVERIFY2(result.readError, where.constData());
            const auto block = std::upper_bound(blockStarts.cbegin(), blockStarts.cend(), qint64(cut)) - 1;
            if (cut >= 4)
                QVERIFY2(result.readError.offset == *block, where.constData());
        }
        // What was read is imported: frames are those of the whole capture, in order.
        for (proto::Direction d : {proto::Direction::Outgoing, proto::Direction::Incoming}) {
            const QList<SessionRecord> part = wire(result.records, 1, d);
            const QList<SessionRecord> all = wire(whole.records, 1, d);
            QVERIFY2(part.size() <= all.size(), where.constData());
            for (qsizetype i = 0; i < part.size(); ++i)
                QVERIFY2(sameContent(part[i], all[i]), where.constData());
        }
    }
    // Damage in the middle: the packets before it are imported, the connection ends where the capture does.
    QByteArray damaged = file;
    const qint64 at = blockStarts[blockStarts.size() / 2];
    qToLittleEndian(quint32(0xFFFFFFF0), damaged.data() + at + 4);
    QFile out(m_dir.filePath(QStringLiteral("damaged.sksession")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    QBuffer in(&damaged);
    in.open(QIODevice::ReadOnly);
    const CaptureImportResult result = importCapture(in, out);
    out.close();
    QCOMPARE(result.readError.kind, CaptureReadError::Kind::Malformed);
    QCOMPARE(result.readError.offset, at);
    QVERIFY(result.readError.message().contains(QStringLiteral("at byte %1").arg(at)));
    bool complete = true;
    const QList<SessionRecord> written = readSession(out.fileName(), &complete);
    QVERIFY(!complete); // no End record: the session reads as cut short
    QVERIFY(!ofType(written, RecordType::Frame).isEmpty());
    QVERIFY(!ofType(written, RecordType::Note).isEmpty()); // the capture ends while the connection is open
}

QTEST_GUILESS_MAIN(tst_CaptureImport)
#include "tst_captureimport.moc"
