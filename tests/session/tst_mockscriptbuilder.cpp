// MockScriptBuilder: the server half of a recorded connection as a mock script, from a log made by hand and from
// a real recording (client side and server side), which Replayer then plays against the mock server: everything
// must match.
#include "net/clientconnection.h"
#include "net/server.h"
#include "session/loadedsession.h"
#include "session/mockscriptbuilder.h"
#include "session/recorder.h"
#include "session/replayer.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace sockscope;
using namespace sockscope::session;
using net::MockMessage;
using net::MockScript;
using net::MockStep;
using proto::Opcode;

namespace {

const QByteArray SwitchingProtocols =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
    "Sec-WebSocket-Protocol: chat\r\n\r\n";

// One line of a hand-made log: ms after the handshake, sent by the server or the client, opcode, payload.
struct Line {
    int ms;
    bool fromServer;
    Opcode opcode;
    QByteArray payload;
};

std::unique_ptr<RecordedConnection> connection(Side side, const QList<Line> &lines, quint32 id = 1,
                                               const QByteArray &response = SwitchingProtocols)
{
    auto c = std::make_unique<RecordedConnection>(StoreLimits{});
    c->id = id;
    c->info.side = side;
    c->startedUs = 1'000'000;
    c->response = response;
    c->responseUs = 2'000'000;
    for (const Line &l : lines) {
        // At the client side of a recording the server's frames are incoming, at the server side outgoing.
        const proto::Direction direction =
            (l.fromServer == (side == Side::Client)) ? proto::Direction::Incoming : proto::Direction::Outgoing;
        proto::Frame f;
        f.opcode = l.opcode;
        f.payload = l.payload;
        const qint64 at = c->responseUs + qint64(l.ms) * 1000;
        if (proto::isControlOpcode(l.opcode)) {
            c->log.appendFrame(direction, f, at);
        } else {
            proto::Message m;
            m.type = l.opcode;
            m.payload = l.payload;
            m.frames.append(f);
            c->log.appendMessage(direction, m, at);
        }
    }
    return c;
}

QByteArray closeBody(quint16 code, const QByteArray &reason)
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason;
}

QList<Line> sampleLog(bool serverClosesFirst = false)
{
    const int clientCloseMs = serverClosesFirst ? 305 : 300;
    const int serverCloseMs = serverClosesFirst ? 300 : 305;
    QList<Line> lines = {
        {5, true, Opcode::Text, "hello"},
        {10, false, Opcode::Text, "a"},
        {12, false, Opcode::Ping, "p"}, // pings and pongs are not scripted
        {13, true, Opcode::Pong, "p"},
        {30, true, Opcode::Text, "A1"},
        {45, true, Opcode::Binary, QByteArray("\x00\x01", 2)},
        {100, false, Opcode::Binary, "\x01"},
        {200, false, Opcode::Text, "b"},
        {210, true, Opcode::Text, "B1"},
        {clientCloseMs, false, Opcode::Close, closeBody(1000, "")},
        {serverCloseMs, true, Opcode::Close, closeBody(1000, "bye")},
    };
    std::sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) { return a.ms < b.ms; });
    return lines;
}

} // namespace

class tst_MockScriptBuilder : public QObject
{
    Q_OBJECT
private slots:
    void buildFromLog_data();
    void buildFromLog();
    void closeFromTheEnd_data();
    void closeFromTheEnd();
    void damagedTimestamps();
    void choose();
    void missingPayloads();
    void recordedThenMockedThenReplayed_data();
    void recordedThenMockedThenReplayed();
};

void tst_MockScriptBuilder::buildFromLog_data()
{
    QTest::addColumn<int>("side");
    QTest::addColumn<bool>("serverClosesFirst");
    QTest::addRow("client side, the client closes") << int(Side::Client) << false;
    QTest::addRow("client side, the server closes") << int(Side::Client) << true;
    QTest::addRow("server side, the client closes") << int(Side::Server) << false;
    QTest::addRow("server side, the server closes") << int(Side::Server) << true;
}

void tst_MockScriptBuilder::buildFromLog()
{
    QFETCH(int, side);
    QFETCH(bool, serverClosesFirst);
    const auto c = connection(Side(side), sampleLog(serverClosesFirst));
    const MockScript script = MockScriptBuilder::build(*c);

    MockScript expected;
    expected.protocol = QByteArray("chat");
    expected.opening = {{5'000, Opcode::Text, "hello"}};
    expected.steps = {
        MockStep{
            Opcode::Text, "a", {{20'000, Opcode::Text, "A1"}, {35'000, Opcode::Binary, QByteArray("\x00\x01", 2)}}},
        MockStep{Opcode::Binary, "\x01", {}},
        MockStep{Opcode::Text, "b", {{10'000, Opcode::Text, "B1"}}},
    };
    // The server's close frame, timed from the last client message; an answer when the client's came first.
    expected.close =
        serverClosesFirst ? net::MockClose{1000, "bye", 100'000, false} : net::MockClose{1000, "bye", 105'000, true};
    QCOMPARE(script.opening, expected.opening);
    QCOMPARE(script.steps.size(), expected.steps.size());
    for (qsizetype i = 0; i < script.steps.size(); ++i)
        QVERIFY2(script.steps[i] == expected.steps[i], qPrintable(QStringLiteral("step %1").arg(i)));
    QVERIFY(script.close);
    QCOMPARE(script.close->delayUs, expected.close->delayUs);
    QCOMPARE(script.close->answered, expected.close->answered);
    QVERIFY(script.close == expected.close);
    QCOMPARE(script.protocol, expected.protocol);
    QVERIFY(script == expected);
}

void tst_MockScriptBuilder::closeFromTheEnd_data()
{
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("code");      // CloseInfo.code: what the recording side received
    QTest::addColumn<bool>("received"); // a close frame was received
    QTest::addColumn<int>("sentCode");  // -1: the sent close had no code; 0: no close sent
    QTest::addColumn<int>("expected");  // 0: no close in the script
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<bool>("serverFirst"); // the server began the close handshake
    QTest::addRow("client side, received 4000")
        << int(Side::Client) << 4000 << true << 1000 << 4000 << QByteArray("r") << true;
    QTest::addRow("client side, received without code")
        << int(Side::Client) << 1005 << true << 1005 << 1005 << QByteArray() << true;
    QTest::addRow("client side, the answer to ours")
        << int(Side::Client) << 1000 << true << 1000 << 1000 << QByteArray("r") << false;
    QTest::addRow("client side, nothing received")
        << int(Side::Client) << 1006 << false << 1000 << 0 << QByteArray() << false;
    QTest::addRow("server side, sent 4002")
        << int(Side::Server) << 1000 << true << 4002 << 4002 << QByteArray("s") << true;
    QTest::addRow("server side, sent without code")
        << int(Side::Server) << 1000 << true << -1 << 1005 << QByteArray() << true;
    QTest::addRow("server side, the answer to the client's")
        << int(Side::Server) << 1000 << true << 1000 << 1000 << QByteArray("s") << false;
    QTest::addRow("server side, nothing sent") << int(Side::Server) << 1000 << true << 0 << 0 << QByteArray() << true;
}

void tst_MockScriptBuilder::closeFromTheEnd()
{
    // A log without the close frame (a HAR import, or frames not recorded): the connection's end says it.
    QFETCH(int, side);
    QFETCH(int, code);
    QFETCH(bool, received);
    QFETCH(int, sentCode);
    QFETCH(int, expected);
    QFETCH(QByteArray, reason);
    QFETCH(bool, serverFirst);
    auto c = connection(Side(side), {{10, false, Opcode::Text, "a"}, {20, true, Opcode::Text, "A"}});
    proto::CloseInfo info;
    info.code = quint16(code);
    info.reason = QString::fromUtf8(reason);
    info.closeReceived = received;
    info.closeSent = sentCode != 0;
    if (sentCode > 0)
        info.sentCode = quint16(sentCode);
    info.sentReason = QString::fromUtf8(reason);
    const bool recordedAtServer = Side(side) == Side::Server;
    info.initiator = serverFirst == recordedAtServer ? proto::CloseInitiator::Local : proto::CloseInitiator::Remote;
    c->close = info;
    c->closedUs = c->responseUs + 50'000;
    const MockScript script = MockScriptBuilder::build(*c);
    if (expected == 0) {
        QVERIFY(!script.close);
        return;
    }
    QVERIFY(script.close);
    QCOMPARE(int(script.close->code), expected);
    QCOMPARE(script.close->reason, expected == 1005 ? QByteArray() : reason);
    QCOMPARE(script.close->delayUs, qint64(40'000));
    QCOMPARE(script.close->answered, !serverFirst);
}

void tst_MockScriptBuilder::damagedTimestamps()
{
    // A damaged file may hold any timestamps: far apart, or going back. Delays saturate or are 0, never wrap.
    auto c = connection(Side::Client, {});
    c->responseUs = -1; // no response time: delays count from the start
    c->startedUs = std::numeric_limits<qint64>::min() + 5;
    auto add = [&c](proto::Direction direction, const QByteArray &payload, qint64 at) {
        proto::Message m;
        m.payload = payload;
        proto::Frame f;
        f.payload = payload;
        m.frames.append(f);
        c->log.appendMessage(direction, m, at);
    };
    add(proto::Direction::Incoming, "far later", std::numeric_limits<qint64>::max());
    add(proto::Direction::Outgoing, "a", 1'000);
    add(proto::Direction::Incoming, "before its question", 0);
    const MockScript script = MockScriptBuilder::build(*c);
    QCOMPARE(script.opening.size(), 1);
    QCOMPARE(script.opening[0].delayUs, std::numeric_limits<qint64>::max());
    QCOMPARE(script.steps.size(), 1);
    QCOMPARE(script.steps[0].responses.size(), 1);
    QCOMPARE(script.steps[0].responses[0].delayUs, qint64(0));
}

void tst_MockScriptBuilder::choose()
{
    using Problem = MockScriptBuilder::Problem;
    std::vector<std::unique_ptr<RecordedConnection>> none;
    Problem problem = Problem::None;
    QVERIFY(!MockScriptBuilder::choose(none, 0, &problem));
    QCOMPARE(problem, Problem::NoConnection);

    std::vector<std::unique_ptr<RecordedConnection>> connections;
    connections.push_back(connection(Side::Client, {}, 1, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
    connections.push_back(connection(Side::Client, {}, 2, "HTTP/1.1 101 Swi")); // cut short
    QVERIFY(!MockScriptBuilder::choose(connections, 0, &problem));
    QCOMPARE(problem, Problem::NoneOpened);
    connections.push_back(connection(Side::Server, sampleLog(), 3));
    QCOMPARE(MockScriptBuilder::choose(connections, 0, &problem), connections[2].get());
    QCOMPARE(problem, Problem::None);
    QCOMPARE(MockScriptBuilder::choose(connections, 3, &problem), connections[2].get());
    QVERIFY(!MockScriptBuilder::choose(connections, 1, &problem));
    QCOMPARE(problem, Problem::NotOpened);
    QVERIFY(!MockScriptBuilder::choose(connections, 9, &problem));
    QCOMPARE(problem, Problem::NoSuchConnection);
}

void tst_MockScriptBuilder::missingPayloads()
{
    // A log loaded under a small payload budget lost the oldest payloads: the script would lack them, and says so.
    StoreLimits small;
    small.payloadBudget = 100;
    auto c = connection(Side::Client, {});
    c->log.setLimits(small);
    for (int i = 0; i < 10; ++i) {
        proto::Message m;
        m.payload = QByteArray(40, char('a' + i));
        proto::Frame f;
        f.payload = m.payload;
        m.frames.append(f);
        c->log.appendMessage(i % 2 ? proto::Direction::Incoming : proto::Direction::Outgoing, m, 3'000'000 + i);
    }
    QVERIFY(MockScriptBuilder::missingPayloads(*c) > 0);
    QCOMPARE(MockScriptBuilder::missingPayloads(*connection(Side::Client, sampleLog())), quint64(0));
}

void tst_MockScriptBuilder::recordedThenMockedThenReplayed_data()
{
    QTest::addColumn<QString>("which");
    QTest::addRow("client side") << QStringLiteral("client");
    QTest::addRow("server side") << QStringLiteral("server");
    QTest::addRow("relay upstream, client side") << QStringLiteral("upstream");
}

void tst_MockScriptBuilder::recordedThenMockedThenReplayed()
{
    QFETCH(QString, which);

    // A server whose answers are not echoes: a greeting, two answers to a text, one to a binary message, and a
    // close with 4000 on "bye".
    QWebSocketServer peer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode);
    peer.setSupportedSubprotocols({QStringLiteral("chat")});
    QVERIFY(peer.listen(QHostAddress::LocalHost, 0));
    connect(&peer, &QWebSocketServer::newConnection, this, [&peer] {
        QWebSocket *s = peer.nextPendingConnection();
        s->setParent(&peer); // deleted with the server
        s->sendTextMessage(QStringLiteral("welcome"));
        connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &text) {
            if (text == QLatin1String("bye")) {
                s->close(QWebSocketProtocol::CloseCode(4000), QStringLiteral("done"));
                return;
            }
            s->sendTextMessage(QStringLiteral(R"({"re":"%1"})").arg(text));
            s->sendBinaryMessage(text.toUtf8().toHex());
        });
        connect(s, &QWebSocket::binaryMessageReceived, s,
                [s](const QByteArray &data) { s->sendTextMessage(QString::number(data.size())); });
    });
    const QUrl peerUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(peer.serverPort()));

    // Our client -> our relay server -> the peer, every connection recorded: ours (client side), the relay's
    // client (server side) and the relay's upstream (client side).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.sksession"));
    {
        Recorder recorder;
        QVERIFY2(recorder.open(path), qPrintable(recorder.errorString()));
        net::ServerOptions relayOptions;
        relayOptions.port = 0;
        relayOptions.mode = net::ServerMode::Relay;
        relayOptions.upstream.url = peerUrl;
        net::Server relay;
        QVERIFY2(relay.listen(relayOptions), qPrintable(relay.errorString()));
        recorder.addServer(&relay);
        net::ClientConnection client;
        net::ClientOptions options;
        options.url = relay.url();
        options.subprotocols = {"chat"};
        recorder.addClient(&client, Recorder::clientInfo(options.url, options.subprotocols, options.extraHeaders,
                                                         options.origin, options.deflate));
        QSignalSpy received(&client, &net::ClientConnection::messageReceived);
        client.open(options);
        QTRY_COMPARE(received.size(), 1); // the greeting, before the client says anything
        client.sendText("one");
        QTRY_COMPARE(received.size(), 3);
        client.sendBinary(QByteArray(300, 'x'));
        QTRY_COMPARE(received.size(), 4);
        client.sendText("bye");
        QTRY_COMPARE(client.readyState(), proto::ReadyState::Closed);
        QTRY_VERIFY(relay.clients().isEmpty());
        QVERIFY(recorder.finish());
    }

    LoadedSession loaded = loadSessionFile(path);
    QVERIFY2(!loaded.error, qPrintable(loaded.error.detail));
    QCOMPARE(loaded.connections.size(), size_t(3));
    const RecordedConnection *recorded = nullptr;
    for (const auto &c : loaded.connections) {
        const bool upstream = c->info.url == peerUrl.toString();
        if ((which == QLatin1String("client") && c->info.side == Side::Client && !upstream) ||
            (which == QLatin1String("server") && c->info.side == Side::Server) ||
            (which == QLatin1String("upstream") && c->info.side == Side::Client && upstream))
            recorded = c.get();
    }
    QVERIFY(recorded);
    QVERIFY(MockScriptBuilder::wasOpened(*recorded));

    const MockScript script = MockScriptBuilder::build(*recorded);
    QCOMPARE(script.protocol, std::optional<QByteArray>("chat"));
    QCOMPARE(script.opening.size(), 1);
    QCOMPARE(script.opening[0].payload, QByteArray("welcome"));
    QCOMPARE(script.steps.size(), 3);
    QCOMPARE(script.steps[0].expected, QByteArray("one"));
    QCOMPARE(script.steps[0].responses.size(), 2);
    QCOMPARE(script.steps[0].responses[0].payload, QByteArray(R"({"re":"one"})"));
    QCOMPARE(script.steps[0].responses[1].type, Opcode::Binary);
    QCOMPARE(script.steps[0].responses[1].payload, QByteArray("6f6e65"));
    QCOMPARE(script.steps[1].expectedType, Opcode::Binary);
    QCOMPARE(script.steps[1].responses.size(), 1);
    QCOMPARE(script.steps[1].responses[0].payload, QByteArray("300"));
    QCOMPARE(script.steps[2].expected, QByteArray("bye"));
    QVERIFY(script.steps[2].responses.isEmpty());
    QVERIFY(script.close);
    QCOMPARE(script.close->code, quint16(4000));
    QCOMPARE(script.close->reason, QByteArray("done"));
    QVERIFY(!script.close->answered); // the peer closed first

    // The mock in place of the peer: the recording replayed against it matches response for response.
    net::ServerOptions mockOptions;
    mockOptions.port = 0;
    mockOptions.mode = net::ServerMode::Mock;
    mockOptions.mockScript = std::make_shared<const MockScript>(script);
    net::Server mock;
    QVERIFY2(mock.listen(mockOptions), qPrintable(mock.errorString()));
    ReplayOptions replay;
    replay.url = mock.url();
    Replayer replayer(*recorded, replay);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(10000));
    const ReplayResult &r = replayer.result();
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.messagesSent, 3);
    QCOMPARE(r.comparisons.size(), 4);
    for (const ReplayComparison &c : r.comparisons)
        QVERIFY2(c.matched(),
                 qPrintable(QStringLiteral("response %1: %2").arg(c.index).arg(QString::fromUtf8(c.actual))));
    QVERIFY(r.matched());
    QCOMPARE(replayer.connection().protocol(), QByteArray("chat"));
}

QTEST_GUILESS_MAIN(tst_MockScriptBuilder)
#include "tst_mockscriptbuilder.moc"
