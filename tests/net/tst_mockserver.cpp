// The local server's mock mode: QWebSocket clients (the independent peer) get the scripted opening messages, the
// responses of each step with their types and scaled delays, the close at the end, each client from its own
// position in the script.
#include "net/server.h"
#include "net/serverclient.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

using namespace sockscope;
using net::MockMessage;
using net::MockScript;
using net::MockStep;
using net::Server;
using net::ServerMode;
using proto::Opcode;

namespace {

// What a client received, in arrival order, with the time since the peer was created.
struct Received {
    Opcode type;
    QByteArray payload;
    qint64 atMs;
};

class Peer : public QObject
{
public:
    Peer()
    {
        clock.start();
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) {
            received.append({Opcode::Text, m.toUtf8(), clock.elapsed()});
        });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) {
            received.append({Opcode::Binary, m, clock.elapsed()});
        });
        connect(&socket, &QWebSocket::pong, this, [this](quint64, const QByteArray &payload) { pongs << payload; });
    }
    bool open(const QUrl &url, const QStringList &protocols = {})
    {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QWebSocketHandshakeOptions options;
        options.setSubprotocols(protocols);
        socket.open(url, options);
        return connected.wait(5000);
    }
    QByteArrayList payloads() const
    {
        QByteArrayList out;
        for (const Received &r : received)
            out.append(r.payload);
        return out;
    }
    QList<Opcode> types() const
    {
        QList<Opcode> out;
        for (const Received &r : received)
            out.append(r.type);
        return out;
    }

    QElapsedTimer clock;
    QWebSocket socket;
    QList<Received> received;
    QList<QByteArray> pongs;
};

MockStep step(const QByteArray &expected, QList<MockMessage> responses)
{
    return MockStep{Opcode::Text, expected, std::move(responses)};
}

// Opening: "welcome" (text) and 01 02 (binary). "a" -> "A1" (text), A2 (binary); "b" -> "B1"; "c" -> "C1".
// Close 4001 "script over" at the end. No delays.
MockScript sampleScript()
{
    MockScript s;
    s.opening = {{0, Opcode::Text, "welcome"}, {0, Opcode::Binary, QByteArray("\x01\x02", 2)}};
    s.steps = {step("a", {{0, Opcode::Text, "A1"}, {0, Opcode::Binary, QByteArray("\x00\xa2", 2)}}),
               step("b", {{0, Opcode::Text, "B1"}}), step("c", {{0, Opcode::Text, "C1"}})};
    s.close = net::MockClose{4001, "script over", 0};
    return s;
}

net::ServerOptions mockOptions(MockScript script, net::MockPlayback playback = {})
{
    net::ServerOptions o;
    o.port = 0;
    o.handshakeTimeoutMs = 5000;
    o.mode = ServerMode::Mock;
    o.mockScript = std::make_shared<const MockScript>(std::move(script));
    o.mock = playback;
    return o;
}

} // namespace

class tst_MockServer : public QObject
{
    Q_OBJECT
private slots:
    void modeName();
    void listenNeedsAScript();
    void openingThenResponses();
    void recordedDelaysScaled_data();
    void recordedDelaysScaled();
    void immediateTiming();
    void clientsHaveTheirOwnPosition();
    void exhaustedCloses();
    void exhaustedStaysOpen();
    void laterMessageSkipsAhead();
    void subprotocolAsRecorded_data();
    void subprotocolAsRecorded();
    void faultsApply();
};

void tst_MockServer::modeName()
{
    QCOMPARE(QByteArray(net::serverModeName(ServerMode::Mock)), QByteArray("mock"));
    QCOMPARE(net::serverModeFromName("mock"), std::optional<ServerMode>(ServerMode::Mock));
}

void tst_MockServer::listenNeedsAScript()
{
    Server server;
    net::ServerOptions o = mockOptions(sampleScript());
    o.mockScript.reset();
    QVERIFY(!server.listen(o));
    QVERIFY2(server.errorString().contains(QLatin1String("script")), qPrintable(server.errorString()));
    o = mockOptions(sampleScript());
    o.mock.speed = 0;
    QVERIFY(!server.listen(o));
    QVERIFY2(server.errorString().contains(QLatin1String("speed")), qPrintable(server.errorString()));
    // Immediate timing has no speed to check.
    o.mock.timing = net::MockTiming::Immediate;
    QVERIFY2(server.listen(o), qPrintable(server.errorString()));
}

void tst_MockServer::openingThenResponses()
{
    Server server;
    QVERIFY2(server.listen(mockOptions(sampleScript())), qPrintable(server.errorString()));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 2, 5000);
    QCOMPARE(peer.payloads(), (QByteArrayList{"welcome", QByteArray("\x01\x02", 2)}));
    QCOMPARE(peer.types(), (QList<Opcode>{Opcode::Text, Opcode::Binary}));

    peer.socket.sendTextMessage(QStringLiteral("a"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 4, 5000);
    peer.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 5, 5000);
    QCOMPARE(peer.payloads().mid(2), (QByteArrayList{"A1", QByteArray("\x00\xa2", 2), "B1"}));
    QCOMPARE(peer.types().mid(2), (QList<Opcode>{Opcode::Text, Opcode::Binary, Opcode::Text}));
    const net::ServerClient *client = server.clients().value(0);
    QVERIFY(client && client->mockPlayer());
    QCOMPARE(client->mockPlayer()->position(), qsizetype(2));
    QCOMPARE(peer.socket.state(), QAbstractSocket::ConnectedState);
}

void tst_MockServer::recordedDelaysScaled_data()
{
    QTest::addColumn<double>("speed");
    QTest::addRow("recorded spacing") << 1.0;
    QTest::addRow("twice as fast") << 2.0;
    QTest::addRow("half as fast") << 0.5;
}

void tst_MockServer::recordedDelaysScaled()
{
    QFETCH(double, speed);
    // The opening message 200 ms after the handshake; "a" answered after 100 ms and 300 ms.
    MockScript script;
    script.opening = {{200'000, Opcode::Text, "hello"}};
    script.steps = {step("a", {{100'000, Opcode::Text, "first"}, {300'000, Opcode::Binary, "second"}})};
    net::MockPlayback playback;
    playback.speed = speed;
    Server server;
    QVERIFY(server.listen(mockOptions(script, playback)));
    Peer peer;
    const qint64 openingAt = peer.clock.elapsed();
    QVERIFY(peer.open(server.url()));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 1, 5000);
    const qint64 sentAt = peer.clock.elapsed();
    peer.socket.sendTextMessage(QStringLiteral("a"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 3, 5000);
    QCOMPARE(peer.payloads(), (QByteArrayList{"hello", "first", "second"}));
    QCOMPARE(peer.types(), (QList<Opcode>{Opcode::Text, Opcode::Text, Opcode::Binary}));
    // Never earlier than the recorded delay divided by the speed (an upper bound would only measure the machine).
    const qint64 opening = peer.received[0].atMs - openingAt;
    const qint64 first = peer.received[1].atMs - sentAt;
    const qint64 second = peer.received[2].atMs - sentAt;
    qInfo("speed %g: opening after %lld ms, responses after %lld and %lld ms", speed, qlonglong(opening),
          qlonglong(first), qlonglong(second));
    QVERIFY2(opening >= qint64(200 / speed), qPrintable(QString::number(opening)));
    QVERIFY2(first >= qint64(100 / speed), qPrintable(QString::number(first)));
    QVERIFY2(second >= qint64(300 / speed), qPrintable(QString::number(second)));
}

void tst_MockServer::immediateTiming()
{
    // Recorded a minute apart: with immediate timing everything comes well inside the wait below.
    MockScript script;
    script.opening = {{60'000'000, Opcode::Text, "hello"}};
    script.steps = {step("a", {{60'000'000, Opcode::Text, "first"}, {120'000'000, Opcode::Binary, "second"}})};
    net::MockPlayback playback;
    playback.timing = net::MockTiming::Immediate;
    Server server;
    QVERIFY(server.listen(mockOptions(script, playback)));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    peer.socket.sendTextMessage(QStringLiteral("a"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 3, 10000);
    QCOMPARE(peer.payloads(), (QByteArrayList{"hello", "first", "second"}));
    QCOMPARE(peer.types(), (QList<Opcode>{Opcode::Text, Opcode::Text, Opcode::Binary}));
}

void tst_MockServer::clientsHaveTheirOwnPosition()
{
    Server server;
    QVERIFY(server.listen(mockOptions(sampleScript())));
    Peer first;
    QVERIFY(first.open(server.url()));
    first.socket.sendTextMessage(QStringLiteral("a"));
    first.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(first.received.size(), 5, 5000);

    // A second client starts from the beginning, whatever the first one did.
    Peer second;
    QVERIFY(second.open(server.url()));
    second.socket.sendTextMessage(QStringLiteral("a"));
    QTRY_COMPARE_WITH_TIMEOUT(second.received.size(), 4, 5000);
    QCOMPARE(second.payloads(),
             (QByteArrayList{"welcome", QByteArray("\x01\x02", 2), "A1", QByteArray("\x00\xa2", 2)}));

    // And the first one goes on from where it was.
    first.socket.sendTextMessage(QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(first.received.size(), 6, 5000);
    QCOMPARE(first.payloads().last(), QByteArray("C1"));
    second.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(second.received.size(), 5, 5000);
    QCOMPARE(second.payloads().last(), QByteArray("B1"));
    QCOMPARE(first.payloads().size(), 6);
}

void tst_MockServer::exhaustedCloses()
{
    Server server;
    QVERIFY(server.listen(mockOptions(sampleScript())));
    Peer peer;
    QSignalSpy disconnected(&peer.socket, &QWebSocket::disconnected);
    QVERIFY(peer.open(server.url()));
    for (const char *m : {"a", "b"})
        peer.socket.sendTextMessage(QString::fromLatin1(m));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 5, 5000);
    QVERIFY(disconnected.isEmpty()); // not before the script is played
    peer.socket.sendTextMessage(QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 5000);
    QCOMPARE(peer.payloads().last(), QByteArray("C1")); // the last response came before the close
    QCOMPARE(int(peer.socket.closeCode()), 4001);
    QCOMPARE(peer.socket.closeReason(), QStringLiteral("script over"));

    // A script without steps closes after its opening messages.
    MockScript openingOnly;
    openingOnly.opening = {{0, Opcode::Text, "only this"}};
    openingOnly.close = net::MockClose{1000, "", 0};
    Server second;
    QVERIFY(second.listen(mockOptions(openingOnly)));
    Peer other;
    QSignalSpy otherGone(&other.socket, &QWebSocket::disconnected);
    QVERIFY(other.open(second.url()));
    // The close may come with the handshake's answer, before open() returned.
    QTRY_COMPARE_WITH_TIMEOUT(otherGone.size(), 1, 5000);
    QCOMPARE(other.payloads(), QByteArrayList{"only this"});
    QCOMPARE(int(other.socket.closeCode()), 1000);
}

void tst_MockServer::exhaustedStaysOpen()
{
    enum Case { StayOpen, NoCloseRecorded, ClientClosedFirst };
    for (Case c : {StayOpen, NoCloseRecorded, ClientClosedFirst}) {
        MockScript script = sampleScript();
        net::MockPlayback playback;
        if (c == StayOpen)
            playback.atEnd = net::MockEnd::StayOpen;
        else if (c == NoCloseRecorded)
            script.close.reset(); // nothing to close with
        else
            script.close->answered = true; // the recorded server did not close first; neither does the mock
        Server server;
        QVERIFY(server.listen(mockOptions(script, playback)));
        Peer peer;
        QSignalSpy disconnected(&peer.socket, &QWebSocket::disconnected);
        QVERIFY(peer.open(server.url()));
        for (const char *m : {"a", "b", "c", "beyond the script"})
            peer.socket.sendTextMessage(QString::fromLatin1(m));
        // The pong comes after anything the server would have sent for the messages before the ping.
        peer.socket.ping("still there?");
        QTRY_COMPARE_WITH_TIMEOUT(peer.pongs.size(), 1, 5000);
        QCOMPARE(peer.payloads().size(), 6);
        QCOMPARE(peer.payloads().last(), QByteArray("C1"));
        QVERIFY(disconnected.isEmpty());
        QCOMPARE(peer.socket.state(), QAbstractSocket::ConnectedState);
        QVERIFY(server.clients().value(0)->mockPlayer()->finished());
    }
}

void tst_MockServer::laterMessageSkipsAhead()
{
    Server server;
    QVERIFY(server.listen(mockOptions(sampleScript())));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    // "b" is the second recorded client message: the first step is skipped.
    peer.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 3, 5000);
    QCOMPARE(peer.payloads().last(), QByteArray("B1"));
    // A message the script never saw takes the next step.
    peer.socket.sendTextMessage(QStringLiteral("unknown"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 4, 5000);
    QCOMPARE(peer.payloads().last(), QByteArray("C1"));

    // With skipping off, the n-th message gets the n-th step's responses.
    net::MockPlayback strict;
    strict.skipToMatch = false;
    Server strictServer;
    QVERIFY(strictServer.listen(mockOptions(sampleScript(), strict)));
    Peer other;
    QVERIFY(other.open(strictServer.url()));
    other.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(other.received.size(), 4, 5000);
    QCOMPARE(other.payloads().mid(2), (QByteArrayList{"A1", QByteArray("\x00\xa2", 2)}));
}

void tst_MockServer::subprotocolAsRecorded_data()
{
    QTest::addColumn<QVariant>("recorded"); // invalid: no recorded answer
    QTest::addColumn<QStringList>("offered");
    QTest::addColumn<QString>("chosen");
    QTest::addRow("recorded one offered second")
        << QVariant(QByteArray("chat.v2")) << QStringList{QStringLiteral("x"), QStringLiteral("chat.v2")}
        << QStringLiteral("chat.v2");
    QTest::addRow("recorded one not offered")
        << QVariant(QByteArray("chat.v2")) << QStringList{QStringLiteral("x")} << QStringLiteral("x");
    QTest::addRow("recorded none") << QVariant(QByteArray("")) << QStringList{QStringLiteral("x")} << QString();
    QTest::addRow("nothing recorded") << QVariant() << QStringList{QStringLiteral("x"), QStringLiteral("y")}
                                      << QStringLiteral("x");
}

void tst_MockServer::subprotocolAsRecorded()
{
    QFETCH(QVariant, recorded);
    QFETCH(QStringList, offered);
    QFETCH(QString, chosen);
    MockScript script = sampleScript();
    if (recorded.isValid())
        script.protocol = recorded.toByteArray();
    Server server;
    QVERIFY(server.listen(mockOptions(script)));
    Peer peer;
    QVERIFY(peer.open(server.url(), offered));
    QCOMPARE(peer.socket.subprotocol(), chosen);
    QCOMPARE(server.clients().value(0)->protocol(), chosen.toUtf8());
}

void tst_MockServer::faultsApply()
{
    // 200 ms of echo delay on top of the recorded 100 ms; every second message goes unanswered but takes its step.
    MockScript script = sampleScript();
    script.steps[0].responses = {{100'000, Opcode::Text, "A1"}};
    script.close.reset();
    net::ServerOptions o = mockOptions(script);
    o.faults.echoDelayMs = 200;
    o.faults.dropEveryNth = 2;
    Server server;
    QVERIFY(server.listen(o));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 2, 5000);
    const qint64 sentAt = peer.clock.elapsed();
    peer.socket.sendTextMessage(QStringLiteral("a"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 3, 5000);
    QVERIFY2(peer.received[2].atMs - sentAt >= 300, qPrintable(QString::number(peer.received[2].atMs - sentAt)));
    peer.socket.sendTextMessage(QStringLiteral("b")); // dropped
    peer.socket.sendTextMessage(QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received.size(), 4, 5000);
    QCOMPARE(peer.payloads().last(), QByteArray("C1"));
    QCOMPARE(server.clients().value(0)->messagesReceived(), quint64(3));
}

QTEST_GUILESS_MAIN(tst_MockServer)
#include "tst_mockserver.moc"
