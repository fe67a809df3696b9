// Conversion between session files and HAR files: a session written as HAR and read back keeps every message,
// control frame, direction, time and error; a HAR file converted to a session and back gives the same entries;
// Chrome's export opens as a session with exactly its messages and can be replayed against a server.
#include "../common/harfixtures.h"
#include "net/clientconnection.h"
#include "net/server.h"
#include "net/serverclient.h"
#include "session/harreader.h"
#include "session/harwriter.h"
#include "session/loadedsession.h"
#include "session/recorder.h"
#include "session/replayer.h"
#include "session/sessionassembler.h"
#include "session/sessionhar.h"
#include "session/sessionwriter.h"

#include "proto/framewriter.h"

#include <QBuffer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace sockscope;
using namespace sockscope::session;

using D = proto::Direction;
using Op = proto::Opcode;

namespace {

// One line of a connection's log as a user compares two of them: who sent it (seen from the client, whichever side
// was recorded), whether it is a message, its opcode, its application payload and its time.
struct Line {
    bool fromClient = false;
    bool message = false;
    int opcode = 0;
    QByteArray payload;
    qint64 us = 0;

    friend bool operator==(const Line &, const Line &) = default;
};

// An error or protocol violation noted on a connection.
struct Noted {
    qint64 us = 0;
    QString text;

    friend bool operator==(const Noted &, const Noted &) = default;
};

// Readable failures for QCOMPARE.
char *toString(const Line &l)
{
    return qstrdup(QByteArray(QByteArray(l.fromClient ? "client " : "server ") + (l.message ? "message " : "frame ") +
                              "op " + QByteArray::number(l.opcode) + " " + QByteArray::number(l.us) + " us " +
                              l.payload.left(40).toHex())
                       .constData());
}

char *toString(const Noted &n)
{
    return qstrdup((QByteArray::number(n.us) + " us " + n.text.toUtf8()).constData());
}

} // namespace

namespace sockscope::session {
char *toString(const HarWebSocketMessage &m)
{
    const char *types[] = {"send", "receive", "error"};
    return qstrdup(QByteArray("{" + QByteArray(types[int(m.type)]) + ", " + QByteArray::number(m.timestampUs) +
                              " us, op " + QByteArray::number(m.opcode) + ", " + m.payload.left(40).toHex() + "}")
                       .constData());
}
} // namespace sockscope::session

namespace {

QList<Line> lines(const RecordedConnection &c)
{
    QList<Line> out;
    for (quint64 i = c.log.firstIndex(); i < c.log.endIndex(); ++i) {
        const MessageRecord &r = c.log.at(i);
        out.append({(r.direction == D::Outgoing) == (c.info.side == Side::Client), r.isMessage(), int(r.opcode),
                    r.payload, r.timestampUs});
    }
    return out;
}

QList<Noted> errors(const RecordedConnection &c)
{
    QList<Noted> out;
    for (const SessionRecord &n : c.notes) {
        if (n.noteKind != NoteKind::Info)
            out.append({n.timestampUs, n.text});
    }
    return out;
}

QByteArray closeBody(quint16 code, const QByteArray &reason)
{
    QByteArray body(2, '\0');
    qToBigEndian(code, body.data());
    return body + reason;
}

QByteArray encodeSession(const QList<SessionRecord> &records)
{
    QByteArray bytes = SessionWriter::fileHeader();
    for (const SessionRecord &r : records)
        bytes += SessionWriter::encode(r);
    return bytes;
}

// The records as a file on disk, opened the way the application opens one.
LoadedSession loadRecords(const QTemporaryDir &dir, const QString &name, const QList<SessionRecord> &records)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(encodeSession(records)) < 0)
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    return loadSessionFile(path, {std::numeric_limits<quint64>::max(), std::numeric_limits<qint64>::max()});
}

LoadedSession loadBytes(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0)
        qFatal("cannot write %s", qPrintable(path));
    file.close();
    return loadSessionFile(path, {std::numeric_limits<quint64>::max(), std::numeric_limits<qint64>::max()});
}

QByteArray readData(const char *name)
{
    QFile file(QFINDTESTDATA(QStringLiteral("data/") + QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", name);
    return file.readAll();
}

// Writes the records of a session by hand, frames as a real connection would put them on the wire (the client's
// masked).
class SessionBuilder
{
public:
    quint32 connection(Side side, const QString &url, qint64 us, const QByteArray &request = {},
                       const QByteArray &response = {})
    {
        SessionRecord &c = add(RecordType::Connection, ++m_id, us);
        c.info.side = side;
        c.info.url = url;
        m_sides.insert(m_id, side);
        if (!request.isEmpty())
            add(RecordType::HandshakeRequest, m_id, us + 100).raw = request;
        if (!response.isEmpty())
            add(RecordType::HandshakeResponse, m_id, us + 300).raw = response;
        return m_id;
    }

    // A message in frames of the given payload sizes (the last takes the rest); `wire` stands for the compressed
    // bytes of a compressed message.
    void message(quint32 c, D d, Op type, const QByteArray &payload, qint64 us, const QList<int> &sizes = {},
                 const QByteArray &wire = {})
    {
        const bool compressed = !wire.isEmpty();
        const QByteArray carried = compressed ? wire : payload;
        qsizetype at = 0;
        quint32 count = 0;
        for (qsizetype i = 0; i <= sizes.size(); ++i) {
            const qsizetype size = i < sizes.size() ? sizes[i] : carried.size() - at;
            proto::Frame f = frame(c, d, i == 0 ? type : Op::Continuation, carried.mid(at, size));
            f.fin = i == sizes.size();
            f.rsv1 = compressed && i == 0;
            add(RecordType::Frame, c, us, d).frame = encoded(f);
            at += size;
            ++count;
        }
        SessionRecord &m = add(RecordType::Message, c, us, d);
        m.messageType = type;
        m.frameCount = count;
        m.compressed = compressed;
        if (compressed)
            m.inflatedPayload = payload;
    }

    // One frame that is not part of a message: control frames, or a data frame sent on its own.
    void frameAlone(quint32 c, D d, Op opcode, const QByteArray &payload, qint64 us, bool fin = true)
    {
        proto::Frame f = frame(c, d, opcode, payload);
        f.fin = fin;
        add(RecordType::Frame, c, us, d).frame = encoded(f);
    }

    void note(quint32 c, NoteKind kind, const QString &text, qint64 us)
    {
        SessionRecord &n = add(RecordType::Note, c, us);
        n.noteKind = kind;
        n.text = text;
    }

    void close(quint32 c, const proto::CloseInfo &info, qint64 us) { add(RecordType::Close, c, us).close = info; }

    QByteArray bytes(bool finished = true) const
    {
        QList<SessionRecord> records = m_records;
        if (finished) {
            SessionRecord end;
            end.type = RecordType::End;
            end.recordCount = quint64(records.size());
            records.append(end);
        }
        return encodeSession(records);
    }

private:
    SessionRecord &add(RecordType type, quint32 c, qint64 us, D d = D::Incoming)
    {
        SessionRecord r;
        r.type = type;
        r.connection = c;
        r.timestampUs = us;
        r.direction = d;
        m_records.append(r);
        return m_records.back();
    }

    proto::Frame frame(quint32 c, D d, Op opcode, const QByteArray &payload)
    {
        proto::Frame f;
        f.opcode = opcode;
        f.payload = payload;
        f.masked = (d == D::Outgoing) == (m_sides.value(c) == Side::Client);
        f.maskKey = {quint8(0x11 * (m_records.size() % 15 + 1)), 0x22, 0x33, 0x44};
        return f;
    }

    static proto::Frame encoded(proto::Frame f)
    {
        const QByteArray header = proto::FrameWriter::header(f);
        f.header.assign(header.constData(), int(header.size()));
        return f;
    }

    QList<SessionRecord> m_records;
    QHash<quint32, Side> m_sides;
    quint32 m_id = 0;
};

const QByteArray clientRequest = "GET /chat?room=1 HTTP/1.1\r\nHost: example.test\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                 "Sec-WebSocket-Version: 13\r\n\r\n";
const QByteArray switching = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
constexpr qint64 T0 = 1'700'000'000'000'000;

HarWebSocketMessage msg(HarMessageType type, qint64 us, int opcode, const QByteArray &payload)
{
    return {type, us, opcode, payload};
}

HarWebSocketEntry harEntry(const QString &url = QStringLiteral("wss://example.test/feed?x=1"))
{
    HarWebSocketEntry e = harfixtures::upgradeEntry(url, "example.test", T0 + 123'456);
    e.timings = {0.75, -1, -1, -1, 0, 1.25, 0.5};
    return e;
}

// What an entry looks like after a trip through a session file (docs/session-format.md, "HAR files"): the phases
// before the request add up to connect, those after it to wait.
HarWebSocketEntry afterSession(HarWebSocketEntry e)
{
    auto us = [](double ms) { return ms > 0 ? qint64(std::llround(ms * 1000)) : qint64(0); };
    const HarTimings t = e.timings;
    e.timings = HarTimings{};
    e.timings.connect = double(us(t.blocked) + us(t.dns) + us(t.connect)) / 1000.0;
    e.timings.send = 0;
    if (e.status != 0) {
        e.timings.wait = double(us(t.send) + us(t.wait) + us(t.receive)) / 1000.0;
        e.timings.receive = 0;
    }
    return e;
}

} // namespace

class tst_SessionHar : public QObject
{
    Q_OBJECT
private slots:
    void sessionToHarAndBack_data();
    void sessionToHarAndBack();
    void recordedSessionToHarAndBack();
    void harToSessionAndBack_data();
    void harToSessionAndBack();
    void closeFramesMakeTheCloseRecord_data();
    void closeFramesMakeTheCloseRecord();
    void chromeExportOpensAsASession();
    void truncatedHarKeepsWhatCameBefore();
    void everyTruncationKeepsAPrefix();
    void damagedSessionKeepsWhatCameBefore();
    void openedConnectionToHar();
    void harSessionReplaysAgainstEchoServer();
};

void tst_SessionHar::sessionToHarAndBack_data()
{
    QTest::addColumn<QByteArray>("session");

    {
        SessionBuilder b;
        const quint32 c =
            b.connection(Side::Client, QStringLiteral("ws://example.test/chat?room=1"), T0, clientRequest, switching);
        b.message(c, D::Outgoing, Op::Text, R"({"op":"hello"})", T0 + 1000);
        b.message(c, D::Incoming, Op::Text, "caf\xc3\xa9 \xf0\x9f\x98\x80", T0 + 1500);
        b.message(c, D::Outgoing, Op::Binary, QByteArray("\x00\x01\xfe\xff", 4), T0 + 2000);
        b.message(c, D::Incoming, Op::Binary, QByteArray(300, '\x7f'), T0 + 2001, {100, 100});
        b.message(c, D::Outgoing, Op::Text, "", T0 + 3000);
        QTest::addRow("text and binary, fragmented and empty") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 c =
            b.connection(Side::Client, QStringLiteral("ws://example.test/"), T0, clientRequest, switching);
        b.message(c, D::Incoming, Op::Text, "\xff\xfe not UTF-8 \xc3", T0 + 10);
        b.message(c, D::Outgoing, Op::Text, "\xed\xa0\x80", T0 + 20); // an encoded surrogate
        QTest::addRow("text that is not UTF-8") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 c =
            b.connection(Side::Client, QStringLiteral("ws://example.test/"), T0, clientRequest, switching);
        b.message(c, D::Outgoing, Op::Text, "before", T0 + 10);
        b.frameAlone(c, D::Outgoing, Op::Ping, "are you there", T0 + 20);
        b.frameAlone(c, D::Incoming, Op::Pong, "are you there", T0 + 30);
        b.frameAlone(c, D::Incoming, Op::Ping, QByteArray("\x00\xff", 2), T0 + 40);
        b.frameAlone(c, D::Outgoing, Op::Pong, QByteArray("\x00\xff", 2), T0 + 50);
        b.frameAlone(c, D::Outgoing, Op::Close, closeBody(4000, "done \xe2\x9c\x93"), T0 + 60);
        b.frameAlone(c, D::Incoming, Op::Close, closeBody(4000, "done \xe2\x9c\x93"), T0 + 70);
        proto::CloseInfo close;
        close.code = 4000;
        close.reason = QStringLiteral("done ✓");
        close.wasClean = true;
        close.closeSent = close.closeReceived = true;
        close.initiator = proto::CloseInitiator::Local;
        close.sentCode = 4000;
        close.sentReason = close.reason;
        b.close(c, close, T0 + 80);
        QTest::addRow("control frames and a close with code and reason") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 c =
            b.connection(Side::Client, QStringLiteral("ws://example.test/"), T0, clientRequest, switching);
        b.message(c, D::Outgoing, Op::Text, "first", T0 + 10);
        b.note(c, NoteKind::ProtocolViolation, QStringLiteral("reserved-bits-set: RSV2 set without an extension"),
               T0 + 20);
        b.frameAlone(c, D::Incoming, Op::Close, closeBody(1002, {}), T0 + 21);
        b.note(c, NoteKind::Error, QStringLiteral("RemoteClosed: the peer reset the connection"), T0 + 30);
        QTest::addRow("errors between messages") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 c =
            b.connection(Side::Client, QStringLiteral("ws://example.test/"), T0, clientRequest, switching);
        b.frameAlone(c, D::Outgoing, Op::Continuation, "stray", T0 + 10);
        b.frameAlone(c, D::Outgoing, Op::Reserved3, "reserved", T0 + 20);
        b.frameAlone(c, D::Incoming, Op::ReservedB, "reserved control", T0 + 30);
        b.message(c, D::Incoming, Op::Text, "after", T0 + 40);
        QTest::addRow("frames of no message, reserved opcodes") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 c =
            b.connection(Side::Server, QStringLiteral("ws://127.0.0.1:9998/echo"), T0, clientRequest, switching);
        b.message(c, D::Incoming, Op::Text, "from the client", T0 + 10, {4, 4});
        b.message(c, D::Outgoing, Op::Text, "from the server", T0 + 20);
        b.frameAlone(c, D::Incoming, Op::Close, closeBody(1000, "bye"), T0 + 30);
        b.frameAlone(c, D::Outgoing, Op::Close, closeBody(1000, "bye"), T0 + 31);
        QTest::addRow("recorded at the server side") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 c = b.connection(Side::Client, QStringLiteral("ws://example.test/"), T0, clientRequest,
                                       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: "
                                       "Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
        b.message(c, D::Outgoing, Op::Text, "inflated text", T0 + 10, {}, QByteArray("\xca\xcc\x4b\xcb", 4));
        b.message(c, D::Incoming, Op::Binary, QByteArray(1000, 'z'), T0 + 20, {2}, QByteArray("\xab\xaa\x02\x00", 4));
        QTest::addRow("compressed messages") << b.bytes();
    }
    {
        SessionBuilder b;
        const quint32 first = b.connection(Side::Client, QStringLiteral("ws://a.test/"), T0, clientRequest, switching);
        const quint32 refused = b.connection(Side::Client, QStringLiteral("ws://b.test/"), T0 + 5, clientRequest,
                                             "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        const quint32 never = b.connection(Side::Client, QStringLiteral("ws://c.test/"), T0 + 7);
        b.note(never, NoteKind::Error, QStringLiteral("HostNotFound: c.test"), T0 + 8);
        b.message(first, D::Outgoing, Op::Text, "a", T0 + 10);
        b.note(refused, NoteKind::Error, QStringLiteral("HandshakeFailed: 403"), T0 + 11);
        b.message(first, D::Incoming, Op::Text, "a", T0 + 12);
        QTest::addRow("several connections, refused and unreachable") << b.bytes();
    }
}

void tst_SessionHar::sessionToHarAndBack()
{
    QFETCH(QByteArray, session);
    QTemporaryDir dir;
    const LoadedSession original = loadBytes(dir, QStringLiteral("original.sksession"), session);
    QVERIFY(!original.error);

    QBuffer in(&session);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const sessionhar::SessionHar har = sessionhar::toHar(in);
    QVERIFY2(!har.error, qPrintable(har.error.detail));
    QVERIFY(har.complete);
    QCOMPARE(har.entries.size(), qsizetype(original.connections.size()));

    // Through HAR text, as a file would go.
    const HarReadResult read = readHar(writeHar(har.entries, QStringLiteral("test"), QStringLiteral("1")));
    QVERIFY2(!read.error, qPrintable(read.error.message()));
    QCOMPARE(read.entries, har.entries);

    const LoadedSession back = loadRecords(dir, QStringLiteral("back.sksession"), sessionhar::toSessionRecords(read));
    QVERIFY2(!back.error, qPrintable(back.error.detail));
    QVERIFY(back.complete);
    QCOMPARE(back.connections.size(), original.connections.size());
    for (size_t i = 0; i < original.connections.size(); ++i) {
        const RecordedConnection &o = *original.connections[i];
        const RecordedConnection &b = *back.connections[i];
        QCOMPARE(b.info.url, o.info.url);
        QCOMPARE(b.startedUs, o.startedUs);
        QCOMPARE(lines(b), lines(o));
        QCOMPARE(errors(b), errors(o));
        // Every message is stored once, uncompressed, in one frame.
        for (quint64 r = b.log.firstIndex(); r < b.log.endIndex(); ++r) {
            QCOMPARE(b.log.at(r).frameCount, 1u);
            QVERIFY(!b.log.at(r).compressed);
        }
    }
}

void tst_SessionHar::recordedSessionToHarAndBack()
{
    // A real recording: our client with permessage-deflate against our server, both sides recorded.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("recorded.sksession"));
    {
        Recorder recorder;
        QVERIFY(recorder.open(path));
        net::Server server;
        net::ServerOptions serverOptions;
        serverOptions.port = 0;
        QVERIFY(server.listen(serverOptions));
        recorder.addServer(&server);
        net::ClientConnection client;
        net::ClientOptions options;
        options.url = server.url();
        options.deflate = true;
        recorder.addClient(&client, Recorder::clientInfo(options.url, {}, {}, {}, true));
        client.open(options);
        QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);
        QSignalSpy received(&client, &net::ClientConnection::messageReceived);
        client.sendText("hello, wire");
        client.sendBinary(QByteArray(70'000, '\x5a'));
        client.sendFragmented(proto::Opcode::Text, "fragmented with a ping in between", {10, 10}, 0, true);
        client.ping("p");
        QTRY_COMPARE(received.size(), 3);
        client.close(4000, "the end");
        QTRY_VERIFY(server.clients().isEmpty() && client.readyState() == proto::ReadyState::Closed);
        QVERIFY(recorder.finish());
    }
    const LoadedSession original = loadSessionFile(path);
    QVERIFY(!original.error);
    QCOMPARE(original.connections.size(), size_t(2)); // the client, and the server facing it

    QFile in(path);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const sessionhar::SessionHar har = sessionhar::toHar(in);
    QVERIFY(!har.error);
    const HarReadResult read = readHar(writeHar(har.entries, QStringLiteral("test"), QStringLiteral("1")));
    QVERIFY(!read.error);
    const LoadedSession back = loadRecords(dir, QStringLiteral("back.sksession"), sessionhar::toSessionRecords(read));
    QVERIFY(!back.error);
    QCOMPARE(back.connections.size(), size_t(2));
    for (size_t i = 0; i < 2; ++i) {
        const RecordedConnection &o = *original.connections[i];
        const RecordedConnection &b = *back.connections[i];
        QCOMPARE(lines(b), lines(o));
        QCOMPARE(b.request, o.request); // the recorded heads are valid HTTP, so they are rebuilt byte for byte
        QCOMPARE(b.response, o.response);
        QCOMPARE(b.info.deflate, true);
        QVERIFY(b.close);
        QCOMPARE(b.close->closeSent, true);
        QCOMPARE(b.close->closeReceived, true);
        QCOMPARE(b.close->sentCode, std::optional<quint16>(4000)); // the client closed, at either side
        QCOMPARE(b.close->sentReason, QStringLiteral("the end"));
        QCOMPARE(b.close->initiator, proto::CloseInitiator::Local);
    }
    // Six messages each way as the client saw them, the fragmented one whole; a ping and its pong; two closes.
    const QList<Line> client = lines(*back.connections[0]);
    QCOMPARE(std::count_if(client.begin(), client.end(), [](const Line &l) { return l.message; }), 6);
    QCOMPARE(std::count_if(client.begin(), client.end(),
                           [](const Line &l) { return l.message && l.payload == QByteArray(70'000, '\x5a'); }),
             2);
    QCOMPARE(std::count_if(client.begin(), client.end(), [](const Line &l) { return l.opcode == 8; }), 2);
}

void tst_SessionHar::harToSessionAndBack_data()
{
    QTest::addColumn<HarWebSocketEntry>("entry");

    using T = HarMessageType;
    HarWebSocketEntry e = harEntry();
    e.messages = {msg(T::Send, T0 + 500'001, 1, R"({"op":"subscribe"})"),
                  msg(T::Receive, T0 + 500'002, 1, "caf\xc3\xa9"),
                  msg(T::Receive, T0 + 600'000, 2, QByteArray("\x00\x01\xfe\xff", 4)),
                  msg(T::Send, T0 + 600'000, 2, QByteArray()), msg(T::Send, T0 + 700'000, 1, QByteArray(70'000, 'x'))};
    QTest::addRow("text and binary") << e;

    e = harEntry();
    e.messages = {msg(T::Receive, T0 + 1, 1, "\xff\xfe\xc3"), msg(T::Send, T0 + 2, 1, "\xed\xa0\x80")};
    QTest::addRow("text that is not UTF-8") << e;

    e = harEntry();
    e.messages = {msg(T::Send, T0 + 10, 9, "ping?"),
                  msg(T::Receive, T0 + 11, 10, "ping?"),
                  msg(T::Receive, T0 + 12, 9, QByteArray("\x80", 1)),
                  msg(T::Send, T0 + 13, 10, QByteArray("\x80", 1)),
                  msg(T::Receive, T0 + 20, 8, closeBody(1001, "going away")),
                  msg(T::Send, T0 + 21, 8, closeBody(1001, {}))};
    QTest::addRow("control frames and close frames") << e;

    e = harEntry();
    e.messages = {msg(T::Send, T0 + 10, 1, "x"), msg(T::Error, T0 + 20, -1, "Could not decode a text frame as UTF-8."),
                  msg(T::Error, T0 + 20, -1, "A second error at the same time"), msg(T::Receive, T0 + 20, 1, "y")};
    QTest::addRow("error messages") << e;

    e = harEntry();
    e.messages = {msg(T::Send, T0 + 10, 0, "continuation"), msg(T::Receive, T0 + 11, 3, "reserved"),
                  msg(T::Receive, T0 + 12, 15, "reserved control")};
    QTest::addRow("opcodes that make no message") << e;

    e = harEntry(QStringLiteral("ws://h.test"));
    e.httpVersion = "http/1.1"; // as newer Chrome writes it
    e.requestHeaders = {{":authority", "h.test"},
                        {"cookie", "a=1"},
                        {"Cookie", "b=2"},
                        {"X-Empty", ""},
                        {"Sec-WebSocket-Protocol", "chat, superchat"},
                        {"Origin", "https://h.test"}};
    e.responseHttpVersion = "http/1.1";
    e.statusText = "";
    e.timings = {-1, 2.5, 10.125, 3, 0.5, 20, 1.75};
    QTest::addRow("heads the strict parser refuses") << e;

    e = harEntry();
    e.status = 0;
    e.statusText.clear();
    e.responseHttpVersion.clear();
    e.responseHeaders.clear();
    e.timings = {0.5, -1, -1, -1, -1, -1, -1};
    e.messages = {msg(T::Error, T0 + 900'000, -1, "net::ERR_CONNECTION_REFUSED")};
    QTest::addRow("no response") << e;

    e = harEntry();
    e.status = 403;
    e.statusText = "Forbidden";
    e.responseHeaders = {{"Content-Length", "0"}};
    QTest::addRow("refused") << e;
}

void tst_SessionHar::harToSessionAndBack()
{
    QFETCH(HarWebSocketEntry, entry);
    HarWebSocketEntry second = harEntry(QStringLiteral("ws://second.test/"));
    second.messages = {msg(HarMessageType::Send, T0 + 5, 1, "2nd")};
    const QList<HarWebSocketEntry> entries{entry, second};

    QTemporaryDir dir;
    const QByteArray session = encodeSession(sessionhar::toSessionRecords(entries));
    QByteArray bytes = session;
    QBuffer in(&bytes);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const sessionhar::SessionHar har = sessionhar::toHar(in);
    QVERIFY2(!har.error, qPrintable(har.error.detail));
    QVERIFY(har.complete);
    QCOMPARE(har.entries.size(), 2);
    const HarWebSocketEntry &back = har.entries.first();
    const HarWebSocketEntry expected = afterSession(entry);
    QCOMPARE(back.url, expected.url);
    QCOMPARE(back.startedUs, expected.startedUs);
    QCOMPARE(back.method, expected.method);
    QCOMPARE(back.httpVersion, expected.httpVersion);
    QCOMPARE(back.requestHeaders, expected.requestHeaders);
    QCOMPARE(back.status, expected.status);
    QCOMPARE(back.statusText, expected.statusText);
    QCOMPARE(back.responseHttpVersion, expected.responseHttpVersion);
    QCOMPARE(back.responseHeaders, expected.responseHeaders);
    QCOMPARE(back.timings, expected.timings);
    QCOMPARE(back.messages, expected.messages);
    QCOMPARE(back, expected);
    QCOMPARE(har.entries.last(), afterSession(second));

    // The session itself is a valid one: it loads whole, every client frame masked and no server frame.
    const LoadedSession loaded = loadBytes(dir, QStringLiteral("s.sksession"), session);
    QVERIFY(!loaded.error);
    QVERIFY(loaded.complete);
    const RecordedConnection &c = *loaded.connections.front();
    QCOMPARE(c.info.side, Side::Client);
    for (quint64 i = c.log.firstIndex(); i < c.log.endIndex(); ++i) {
        const MessageRecord &r = c.log.at(i);
        const proto::RawHeader &h = c.log.frameHeader(r, 0);
        QCOMPARE(bool(quint8(h.bytes[1]) & 0x80), r.direction == D::Outgoing);
        QCOMPARE(bool(quint8(h.bytes[0]) & 0x80), true); // FIN
    }
    QVERIFY(!c.notes.isEmpty());
    QCOMPARE(c.notes.first().noteKind, NoteKind::Info);
    QCOMPARE(c.notes.first().text, sessionhar::synthesizedNote(false));
}

void tst_SessionHar::closeFramesMakeTheCloseRecord_data()
{
    QTest::addColumn<QList<HarWebSocketMessage>>("messages");
    QTest::addColumn<bool>("hasClose");
    QTest::addColumn<quint16>("code"); // received, as WHATWG CloseEvent.code
    QTest::addColumn<QString>("reason");
    QTest::addColumn<std::optional<quint16>>("sentCode");
    QTest::addColumn<QString>("sentReason");
    QTest::addColumn<bool>("wasClean");
    QTest::addColumn<proto::CloseInitiator>("initiator");
    QTest::addColumn<qint64>("closedUs");

    using T = HarMessageType;
    using I = proto::CloseInitiator;
    QTest::addRow("client closes, server answers")
        << QList<HarWebSocketMessage>{msg(T::Send, T0 + 1, 8, closeBody(1000, "bye")),
                                      msg(T::Receive, T0 + 2, 8, closeBody(1000, "bye too"))}
        << true << quint16(1000) << "bye too" << std::optional<quint16>(1000) << "bye" << true << I::Local << T0 + 2;
    QTest::addRow("server closes first") << QList<HarWebSocketMessage>{msg(T::Receive, T0 + 1, 8,
                                                                           closeBody(4001, "kicked")),
                                                                       msg(T::Send, T0 + 3, 8, closeBody(4001, {}))}
                                         << true << quint16(4001) << "kicked" << std::optional<quint16>(4001) << ""
                                         << true << I::Remote << T0 + 3;
    QTest::addRow("no answer") << QList<HarWebSocketMessage>{msg(T::Send, T0 + 1, 8, closeBody(1000, {}))} << true
                               << quint16(1006) << "" << std::optional<quint16>(1000) << "" << false << I::Local
                               << T0 + 1;
    QTest::addRow("close without a code")
        << QList<HarWebSocketMessage>{msg(T::Receive, T0 + 1, 8, {}), msg(T::Send, T0 + 2, 8, {})} << true
        << quint16(1005) << "" << std::optional<quint16>() << "" << true << I::Remote << T0 + 2;
    QTest::addRow("only the first close of a side counts")
        << QList<HarWebSocketMessage>{msg(T::Receive, T0 + 1, 8, closeBody(3000, "a")),
                                      msg(T::Receive, T0 + 2, 8, closeBody(3001, "b"))}
        << true << quint16(3000) << "a" << std::optional<quint16>() << "" << false << I::Remote << T0 + 1;
    QTest::addRow("no close frame") << QList<HarWebSocketMessage>{msg(T::Send, T0 + 1, 1, "x")} << false << quint16(0)
                                    << "" << std::optional<quint16>() << "" << false << I::None << qint64(0);
}

void tst_SessionHar::closeFramesMakeTheCloseRecord()
{
    QFETCH(QList<HarWebSocketMessage>, messages);
    QFETCH(bool, hasClose);
    HarWebSocketEntry e = harEntry();
    e.messages = messages;
    QTemporaryDir dir;
    const LoadedSession s = loadRecords(dir, QStringLiteral("s.sksession"), sessionhar::toSessionRecords({e}));
    QVERIFY(!s.error);
    const RecordedConnection &c = *s.connections.front();
    QCOMPARE(c.close.has_value(), hasClose);
    if (!hasClose)
        return;
    QTEST(c.close->code, "code");
    QTEST(c.close->reason, "reason");
    QTEST(c.close->sentCode, "sentCode");
    QTEST(c.close->sentReason, "sentReason");
    QTEST(c.close->wasClean, "wasClean");
    QTEST(c.close->initiator, "initiator");
    QTEST(c.closedUs, "closedUs");
}

void tst_SessionHar::chromeExportOpensAsASession()
{
    const HarReadResult har = readHar(readData("chrome-websocket-chat.har"));
    QVERIFY2(!har.error, qPrintable(har.error.message()));
    QCOMPARE(har.skippedEntries, 1); // the page itself
    QTemporaryDir dir;
    const LoadedSession s = loadRecords(dir, QStringLiteral("chat.sksession"), sessionhar::toSessionRecords(har));
    QVERIFY(!s.error);
    QVERIFY(s.complete);
    QCOMPARE(s.connections.size(), size_t(2));

    // 2023-11-14T22:15:00.100Z, then 0.41 ms blocked before the request and 3.63 ms to the response.
    const qint64 started = 1'700'000'100'100'000;
    const RecordedConnection &chat = *s.connections[0];
    QCOMPARE(chat.id, 1u);
    QCOMPARE(chat.startedUs, started);
    QCOMPARE(chat.requestUs, started + 410);
    QCOMPARE(chat.responseUs, started + 410 + 3630);
    QCOMPARE(chat.info.side, Side::Client);
    QCOMPARE(chat.info.url, QStringLiteral("ws://127.0.0.1:8080/ws?room=lobby"));
    QCOMPARE(chat.info.subprotocols, (QList<QByteArray>{"chat.v2", "chat.v1"}));
    QCOMPARE(chat.info.origin, QByteArray("http://127.0.0.1:8080"));
    QCOMPARE(chat.info.deflate, true);
    // What a replay sends besides the fields its own handshake writes.
    const proto::HttpHeaders extra{{"Accept-Encoding", "gzip, deflate, br"},
                                   {"Cache-Control", "no-cache"},
                                   {"Cookie", "session=abc123"},
                                   {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                                                  "Gecko) Chrome/119.0.0.0 Safari/537.36"}};
    QCOMPARE(chat.info.headers, extra);
    QVERIFY(chat.request.startsWith("GET /ws?room=lobby HTTP/1.1\r\nAccept-Encoding: gzip, deflate, br\r\n"));
    QVERIFY(chat.request.endsWith("Upgrade: websocket\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/"
                                  "537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36\r\n\r\n"));
    QCOMPARE(chat.response, QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                       "Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=\r\n"
                                       "Sec-WebSocket-Extensions: permessage-deflate\r\n"
                                       "Sec-WebSocket-Protocol: chat.v2\r\nUpgrade: websocket\r\n\r\n"));

    const QList<Line> expected{
        {true, true, 1, R"({"type":"join","room":"lobby"})", 1'700'000'100'104'512},
        {false, true, 1, R"({"type":"welcome","users":["ana","bo"]})", 1'700'000'100'106'300},
        {true, true, 1, "h\xc3\xa9llo \xe2\x9c\x93", 1'700'000'101'500'000},
        {false, true, 2,
         QByteArray("\x93\xa4jo"
                    "in\x00\xff\x10",
                    9),
         1'700'000'101'502'001},
        {false, true, 1, "", 1'700'000'102'000'000},
    };
    QCOMPARE(lines(chat), expected);
    QCOMPARE(errors(chat), (QList<Noted>{{1'700'000'103'250'000, QStringLiteral("Invalid frame header")}}));
    QCOMPARE(chat.notes.first().noteKind, NoteKind::Info);
    QCOMPARE(chat.notes.first().text, sessionhar::synthesizedNote(true));
    QVERIFY(!chat.close); // Chrome lists no close frames: how it ended is not known

    const RecordedConnection &refused = *s.connections[1];
    QCOMPARE(refused.id, 2u);
    QCOMPARE(refused.info.url, QStringLiteral("ws://127.0.0.1:8080/admin"));
    QCOMPARE(refused.response, QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
    QCOMPARE(refused.log.size(), 0u);
    QCOMPARE(refused.info.deflate, false);
    QVERIFY(refused.info.headers.isEmpty());
}

void tst_SessionHar::truncatedHarKeepsWhatCameBefore()
{
    const QByteArray whole = readData("chrome-websocket-chat.har");
    // Cut inside the fourth message of the chat, the binary one.
    const qsizetype cut = whole.indexOf("k6Rqb2lu") + 3;
    const QByteArray prefix = whole.left(cut);
    const HarReadResult har = readHar(prefix);
    QCOMPARE(har.error.kind, HarReadError::Kind::Syntax);
    QCOMPARE(har.error.offset, cut);
    const int line = int(prefix.count('\n')) + 1;
    QCOMPARE(har.error.line, line);
    QVERIFY(har.lastEntryPartial);

    QTemporaryDir dir;
    const LoadedSession s = loadRecords(dir, QStringLiteral("cut.sksession"), sessionhar::toSessionRecords(har));
    QVERIFY(!s.error);
    QVERIFY(!s.complete); // no End record: it reads as a session cut short
    QCOMPARE(s.connections.size(), size_t(1));
    const RecordedConnection &c = *s.connections.front();
    const QList<Line> l = lines(c);
    QCOMPARE(l.size(), 3);
    QCOMPARE(l.last().payload, QByteArray("h\xc3\xa9llo \xe2\x9c\x93"));
    // Chrome writes the messages before the request: the cut entry has no URL and no response.
    QVERIFY(c.info.url.isEmpty());
    QVERIFY(c.response.isEmpty());
    const QList<Noted> e = errors(c);
    QCOMPARE(e.size(), 1);
    QVERIFY2(e.first().text.contains(
                 QStringLiteral("line %1, column %2 (byte %3)").arg(line).arg(har.error.column).arg(cut)),
             qPrintable(e.first().text));
    QCOMPARE(e.first().us, 1'700'000'101'500'000); // at the last message that was read
}

void tst_SessionHar::everyTruncationKeepsAPrefix()
{
    const QByteArray whole = readData("chrome-websocket-chat.har");
    auto assemble = [](const QList<SessionRecord> &records) {
        QByteArray bytes = encodeSession(records);
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        SessionReader reader(&buffer);
        SessionAssembler assembler;
        SessionRecord r;
        bool ok = true;
        while (reader.next(r) == SessionReader::Status::Record)
            ok = assembler.add(r) && ok;
        assembler.finish();
        return std::make_pair(ok && !reader.error(), assembler.takeConnections());
    };
    const auto [wholeOk, full] = assemble(sessionhar::toSessionRecords(readHar(whole)));
    QVERIFY(wholeOk);
    const QList<Line> fullLines = lines(*full.front());
    // Every cut before the closing brace; what follows it is white space.
    for (qsizetype cut = 0; cut < whole.trimmed().size(); ++cut) {
        const HarReadResult har = readHar(QByteArrayView(whole).first(cut));
        QVERIFY(har.error);
        const QList<SessionRecord> records = sessionhar::toSessionRecords(har);
        QVERIFY(records.isEmpty() || records.last().type != RecordType::End);
        const auto [ok, connections] = assemble(records);
        QVERIFY2(ok, qPrintable(QStringLiteral("cut at %1").arg(cut)));
        QCOMPARE(connections.size(), size_t(har.entries.size()));
        if (connections.empty())
            continue;
        const QList<Line> l = lines(*connections.front());
        QVERIFY2(l.size() <= fullLines.size() && l == fullLines.first(l.size()),
                 qPrintable(QStringLiteral("cut at %1").arg(cut)));
    }
}

void tst_SessionHar::damagedSessionKeepsWhatCameBefore()
{
    SessionBuilder b;
    const quint32 c = b.connection(Side::Client, QStringLiteral("ws://example.test/"), T0, clientRequest, switching);
    b.message(c, D::Outgoing, Op::Text, "kept", T0 + 10);
    b.message(c, D::Incoming, Op::Text, "damaged", T0 + 20);
    QByteArray bytes = b.bytes();
    const qsizetype at = bytes.indexOf("damaged");
    bytes[at] = 'D'; // the frame record's CRC no longer matches
    QBuffer in(&bytes);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const sessionhar::SessionHar har = sessionhar::toHar(in);
    QCOMPARE(har.error.kind, SessionReadError::Kind::Checksum);
    QVERIFY(!har.complete);
    QCOMPARE(har.entries.size(), 1);
    QCOMPARE(har.entries.first().messages, (QList<HarWebSocketMessage>{msg(HarMessageType::Send, T0 + 10, 1, "kept")}));
    QCOMPARE(har.entries.first().status, 101);

    // Cut short instead: everything up to the cut, and the reader's error says so.
    QByteArray cut = b.bytes().left(at);
    QBuffer cutIn(&cut);
    QVERIFY(cutIn.open(QIODevice::ReadOnly));
    const sessionhar::SessionHar truncated = sessionhar::toHar(cutIn);
    QCOMPARE(truncated.error.kind, SessionReadError::Kind::Truncated);
    QCOMPARE(truncated.entries.first().messages.size(), 1);
}

void tst_SessionHar::openedConnectionToHar()
{
    RecordedConnection c(StoreLimits{1000, 6}); // room for one small payload only
    c.id = 1;
    c.info.side = Side::Server;
    c.info.url = QStringLiteral("ws://127.0.0.1:9998/echo");
    c.startedUs = T0;
    c.request = clientRequest;
    c.requestUs = T0 + 2500;
    c.response = switching;
    c.responseUs = T0 + 2750;
    auto message = [](Op type, const QByteArray &payload) {
        proto::Message m;
        m.type = type;
        m.payload = payload;
        proto::Frame f;
        f.opcode = type;
        f.payload = payload;
        m.frames.append(f);
        return m;
    };
    c.log.appendMessage(D::Incoming, message(Op::Text, "older"), T0 + 10);
    c.log.appendMessage(D::Outgoing, message(Op::Text, "newer"), T0 + 30);
    SessionRecord note;
    note.type = RecordType::Note;
    note.noteKind = NoteKind::ProtocolViolation;
    note.text = QStringLiteral("between");
    note.timestampUs = T0 + 20;
    c.notes.append(note);
    note.noteKind = NoteKind::Info;
    note.text = QStringLiteral("information is left out");
    c.notes.append(note);

    qsizetype released = 0;
    const HarWebSocketEntry e = sessionhar::toHarEntry(c, &released);
    QCOMPARE(released, 1);
    using T = HarMessageType;
    QCOMPARE(e.messages,
             (QList<HarWebSocketMessage>{msg(T::Send, T0 + 10, 1, {}), msg(T::Error, T0 + 20, -1, "between"),
                                         msg(T::Receive, T0 + 30, 1, "newer")}));
    QCOMPARE(e.url, c.info.url);
    QCOMPARE(e.startedUs, T0);
    QCOMPARE(e.method, QByteArray("GET"));
    QCOMPARE(e.httpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(e.requestHeaders.size(), 5);
    QCOMPARE(e.requestHeaders.at(3), (HarHeader{"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}));
    QCOMPARE(e.status, 101);
    QCOMPARE(e.statusText, QByteArray("Switching Protocols"));
    QCOMPARE(e.responseHttpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(e.responseHeaders.size(), 3);
    QCOMPARE(e.timings.connect, 2.5);
    QCOMPARE(e.timings.send, 0.0);
    QCOMPARE(e.timings.wait, 0.25);
    QCOMPARE(e.timings.dns, -1.0);

    // A connection that never sent its request: GET, HTTP/1.1, no status, no timings.
    RecordedConnection never(StoreLimits{});
    never.startedUs = T0;
    const HarWebSocketEntry n = sessionhar::toHarEntry(never);
    QCOMPARE(n.method, QByteArray("GET"));
    QCOMPARE(n.status, 0);
    QCOMPARE(n.timings, HarTimings{});
}

void tst_SessionHar::harSessionReplaysAgainstEchoServer()
{
    net::Server server;
    net::ServerOptions options;
    options.port = 0;
    QVERIFY(server.listen(options));
    QByteArray seenRequest;
    connect(&server, &net::Server::clientAccepted, this, [&seenRequest](net::ServerClient *client) {
        connect(client, &net::ServerClient::handshakeRequestReceived, client,
                [&seenRequest](const QByteArray &raw) { seenRequest = raw; });
    });

    // Recorded by a browser against another server.
    using T = HarMessageType;
    HarWebSocketEntry e = harEntry(QStringLiteral("wss://elsewhere.test/live"));
    e.requestHeaders.append(HarHeader{"Cookie", "session=abc123"});
    e.requestHeaders.append(HarHeader{"Sec-WebSocket-Protocol", "chat"});
    e.messages = {msg(T::Send, T0 + 1000, 1, R"({"n":1})"),
                  msg(T::Receive, T0 + 1200, 1, R"({"n":1})"),
                  msg(T::Send, T0 + 5000, 2, QByteArray("\x01\x02\x03", 3)),
                  msg(T::Receive, T0 + 5100, 2, QByteArray("\x01\x02\x03", 3)),
                  msg(T::Send, T0 + 6000, 8, closeBody(1000, {})),
                  msg(T::Receive, T0 + 6100, 8, closeBody(1000, {}))};
    QTemporaryDir dir;
    const LoadedSession s = loadRecords(dir, QStringLiteral("browser.sksession"), sessionhar::toSessionRecords({e}));
    QVERIFY(!s.error);

    ReplayOptions replay;
    replay.url = server.url();
    replay.speed = 0;
    Replayer replayer(*s.connections.front(), replay);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(5000));
    const ReplayResult &r = replayer.result();
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.messagesSent, 2);
    QCOMPARE(r.comparisons.size(), 2);
    QVERIFY(r.matched());
    // The browser's cookie and subprotocol went out again.
    QVERIFY2(seenRequest.contains("\r\nCookie: session=abc123\r\n"), seenRequest.constData());
    QVERIFY2(seenRequest.contains("\r\nSec-WebSocket-Protocol: chat\r\n"), seenRequest.constData());
}

QTEST_GUILESS_MAIN(tst_SessionHar)
#include "tst_sessionhar.moc"
