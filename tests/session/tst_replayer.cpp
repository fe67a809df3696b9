// Replaying a recorded connection against a server and comparing what comes back, exactly or as JSON with
// ignored paths; MessageComparison's path patterns.
#include "net/server.h"
#include "session/replayer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace sockscope;
using namespace sockscope::session;

namespace {

// A recorded client connection: each entry is (ms after open, direction, text).
RecordedConnection recorded(const QUrl &url, const QList<std::tuple<int, proto::Direction, QByteArray>> &entries)
{
    RecordedConnection c(StoreLimits{});
    c.id = 1;
    c.info.side = Side::Client;
    c.info.url = url.toString();
    c.startedUs = 1'000'000;
    c.responseUs = 2'000'000;
    for (const auto &[ms, direction, text] : entries) {
        proto::Message m;
        m.type = proto::Opcode::Text;
        m.payload = text;
        proto::Frame f;
        f.payload = text;
        m.frames.append(f);
        c.log.appendMessage(direction, m, c.responseUs + ms * 1000);
    }
    return c;
}

net::ServerOptions localOptions(net::ServerMode mode = net::ServerMode::Echo)
{
    net::ServerOptions o;
    o.port = 0;
    o.mode = mode;
    return o;
}

using D = proto::Direction;

} // namespace

class tst_Replayer : public QObject
{
    Q_OBJECT
private slots:
    void patterns_data();
    void patterns();
    void invalidPatterns();
    void jsonDifferences();
    void replayAgainstEchoMatches();
    void changedResponsesAreReported();
    void ignoredPathsMatch();
    void missingResponses();
    void timingIsScaled();
    void stepwise();
    void unreachableServer();
};

void tst_Replayer::patterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<bool>("ignored");
    const QStringList ts{QStringLiteral("ts")};
    const QStringList deep{QStringLiteral("data"), QStringLiteral("items"), QStringLiteral("2"), QStringLiteral("id")};
    QTest::addRow("$.ts") << "$.ts" << ts << true;
    QTest::addRow("ts without $") << "ts" << ts << true;
    QTest::addRow("$.ts not deeper") << "$.ts" << deep << false;
    QTest::addRow("$..id anywhere") << "$..id" << deep << true;
    QTest::addRow("..id") << "..id" << deep << true;
    QTest::addRow("exact deep") << "$.data.items[2].id" << deep << true;
    QTest::addRow("other index") << "$.data.items[1].id" << deep << false;
    QTest::addRow("wildcard index") << "$.data.items[*].id" << deep << true;
    QTest::addRow("wildcard key") << "$.*.items" << deep << true; // and everything below it
    QTest::addRow("quoted key") << "$['data'].items" << deep << true;
    QTest::addRow("prefix is not a key") << "$.dat" << deep << false;
}

void tst_Replayer::patterns()
{
    QFETCH(QString, pattern);
    QFETCH(QStringList, path);
    QFETCH(bool, ignored);
    MessageComparison comparison({pattern});
    QVERIFY(comparison.invalidPatterns().isEmpty());
    QCOMPARE(comparison.ignored(path), ignored);
}

void tst_Replayer::invalidPatterns()
{
    MessageComparison comparison({QStringLiteral("$."), QStringLiteral("a[x"), QStringLiteral("a[b]"),
                                  QStringLiteral("$.."), QStringLiteral("ok")});
    QCOMPARE(comparison.invalidPatterns(),
             (QStringList{QStringLiteral("$."), QStringLiteral("a[x"), QStringLiteral("a[b]"), QStringLiteral("$..")}));
}

void tst_Replayer::jsonDifferences()
{
    MessageComparison json;
    const auto d = json.compare(proto::Opcode::Text, R"({"a":1,"b":[1,2],"c":"x"})", proto::Opcode::Text,
                                R"({"c":"x","a":2,"b":[1],"d":null})");
    QCOMPARE(d.size(), 3);
    QCOMPARE(d[0].path, QStringLiteral("$.a"));
    QCOMPARE(d[0].expected, QStringLiteral("1"));
    QCOMPARE(d[0].actual, QStringLiteral("2"));
    QCOMPARE(d[1].path, QStringLiteral("$.b[1]"));
    QCOMPARE(d[1].actual, QStringLiteral("(absent)"));
    QCOMPARE(d[2].path, QStringLiteral("$.d"));
    QCOMPARE(d[2].expected, QStringLiteral("(absent)"));
    // Key order and spacing do not matter to JSON; they do to an exact comparison.
    QVERIFY(
        json.compare(proto::Opcode::Text, R"({"a":1,"b":2})", proto::Opcode::Text, R"({ "b": 2, "a": 1 })").isEmpty());
    MessageComparison exact({}, false);
    QCOMPARE(exact.compare(proto::Opcode::Text, R"({"a":1,"b":2})", proto::Opcode::Text, R"({"b":2,"a":1})").size(), 1);
    // Not JSON, or another type: the whole message differs.
    const auto text = json.compare(proto::Opcode::Text, "hello", proto::Opcode::Text, "hallo");
    QCOMPARE(text.size(), 1);
    QCOMPARE(text[0].path, QStringLiteral("$"));
    QVERIFY(text[0].expected.contains(QLatin1String("hello")));
    QCOMPARE(json.compare(proto::Opcode::Text, "1", proto::Opcode::Binary, "1").size(), 1);
    QVERIFY(json.compare(proto::Opcode::Binary, "\x01", proto::Opcode::Binary, "\x01").isEmpty());
    // A scalar JSON value at the top is JSON too.
    QVERIFY(json.compare(proto::Opcode::Text, "1.0", proto::Opcode::Text, "1").isEmpty());
}

void tst_Replayer::replayAgainstEchoMatches()
{
    net::Server server;
    QVERIFY(server.listen(localOptions()));
    const RecordedConnection c =
        recorded(QUrl(QStringLiteral("ws://127.0.0.1:1/elsewhere")), {{0, D::Outgoing, R"({"n":1})"},
                                                                      {1, D::Incoming, R"({"n":1})"},
                                                                      {5, D::Outgoing, "two"},
                                                                      {6, D::Incoming, "two"}});
    ReplayOptions options;
    options.url = server.url(); // not the recorded one
    Replayer replayer(c, options);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(5000));
    const ReplayResult &r = replayer.result();
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.url, server.url());
    QCOMPARE(r.messagesSent, 2);
    QCOMPARE(r.comparisons.size(), 2);
    QCOMPARE(r.matchedCount(), 2);
    QVERIFY(r.matched());
}

void tst_Replayer::changedResponsesAreReported()
{
    // A server whose answers carry the time and a counter: different from the recording every time.
    QWebSocketServer peer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode);
    QVERIFY(peer.listen(QHostAddress::LocalHost, 0));
    int counter = 0;
    connect(&peer, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *s = peer.nextPendingConnection();
        s->setParent(&peer); // deleted with the server
        connect(s, &QWebSocket::textMessageReceived, s, [s, &counter](const QString &text) {
            s->sendTextMessage(QStringLiteral(R"({"echo":%1,"ts":%2,"id":"x%3"})")
                                   .arg(text)
                                   .arg(QDateTime::currentMSecsSinceEpoch())
                                   .arg(++counter));
        });
    });
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/").arg(peer.serverPort()));
    const RecordedConnection c = recorded(url, {{0, D::Outgoing, "1"},
                                                {1, D::Incoming, R"({"echo":1,"ts":5,"id":"x1"})"},
                                                {2, D::Outgoing, "2"},
                                                {3, D::Incoming, R"({"echo":2,"ts":6,"id":"x2"})"}});
    Replayer replayer(c, ReplayOptions{});
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(5000));
    const ReplayResult &r = replayer.result();
    QVERIFY(!r.matched());
    QCOMPARE(r.comparisons.size(), 2);
    QCOMPARE(r.comparisons[0].differences.size(), 1);
    QCOMPARE(r.comparisons[0].differences[0].path, QStringLiteral("$.ts"));
    QCOMPARE(r.comparisons[0].differences[0].expected, QStringLiteral("5"));
    peer.close();
}

void tst_Replayer::ignoredPathsMatch()
{
    QWebSocketServer peer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode);
    QVERIFY(peer.listen(QHostAddress::LocalHost, 0));
    connect(&peer, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *s = peer.nextPendingConnection();
        s->setParent(&peer); // deleted with the server
        connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &text) {
            s->sendTextMessage(QStringLiteral(R"({"echo":%1,"meta":{"ts":%2,"id":"%3"}})")
                                   .arg(text)
                                   .arg(QDateTime::currentMSecsSinceEpoch())
                                   .arg(QDateTime::currentMSecsSinceEpoch() % 977));
        });
    });
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/").arg(peer.serverPort()));
    const RecordedConnection c =
        recorded(url, {{0, D::Outgoing, "1"}, {1, D::Incoming, R"({"echo":1,"meta":{"ts":5,"id":"q"}})"}});
    ReplayOptions options;
    options.ignorePaths = {QStringLiteral("$..ts"), QStringLiteral("$.meta.id")};
    Replayer replayer(c, options);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(5000));
    QVERIFY(replayer.result().matched());
    peer.close();
}

void tst_Replayer::missingResponses()
{
    net::Server server;
    QVERIFY(server.listen(localOptions(net::ServerMode::Sink)));
    const RecordedConnection c = recorded(server.url(), {{0, D::Outgoing, "a"}, {1, D::Incoming, "a"}});
    ReplayOptions options;
    options.settleMs = 200;
    Replayer replayer(c, options);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(5000));
    const ReplayResult &r = replayer.result();
    QVERIFY(!r.matched());
    QCOMPARE(r.comparisons.size(), 1);
    QVERIFY(r.comparisons[0].expectedPresent);
    QVERIFY(!r.comparisons[0].actualPresent);
    QCOMPARE(r.comparisons[0].differences[0].actual, QStringLiteral("(no message)"));
}

void tst_Replayer::timingIsScaled()
{
    net::Server server;
    QVERIFY(server.listen(localOptions()));
    const RecordedConnection c = recorded(
        server.url(), {{0, D::Outgoing, "a"}, {1, D::Incoming, "a"}, {400, D::Outgoing, "b"}, {401, D::Incoming, "b"}});
    for (double speed : {2.0, 0.0}) {
        ReplayOptions options;
        options.speed = speed;
        Replayer replayer(c, options);
        QList<qint64> sentAt;
        QElapsedTimer clock;
        connect(&replayer, &Replayer::messageSent, this, [&](int) { sentAt.append(clock.elapsed()); });
        QSignalSpy finished(&replayer, &Replayer::finished);
        clock.start();
        replayer.start();
        QVERIFY(finished.wait(5000));
        QVERIFY(replayer.result().matched());
        QCOMPARE(sentAt.size(), 2);
        const qint64 gap = sentAt[1] - sentAt[0];
        qInfo("speed %g: %lld ms between the messages (recorded 400 ms)", speed, qlonglong(gap));
        if (speed == 2.0)
            QVERIFY2(gap >= 190, qPrintable(QString::number(gap))); // 400 ms / 2, less timer slack
        else
            QVERIFY2(gap < 190, qPrintable(QString::number(gap)));
    }
}

void tst_Replayer::stepwise()
{
    net::Server server;
    QVERIFY(server.listen(localOptions()));
    const RecordedConnection c = recorded(
        server.url(), {{0, D::Outgoing, "a"}, {1, D::Incoming, "a"}, {2, D::Outgoing, "b"}, {3, D::Incoming, "b"}});
    ReplayOptions options;
    options.stepwise = true;
    Replayer replayer(c, options);
    QSignalSpy sent(&replayer, &Replayer::messageSent);
    QSignalSpy compared(&replayer, &Replayer::responseCompared);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QTRY_COMPARE(replayer.connection().readyState(), proto::ReadyState::Open);
    QVERIFY(!finished.wait(100));
    QCOMPARE(sent.size(), 0);
    QVERIFY(replayer.step());
    QTRY_COMPARE(compared.size(), 1);
    QVERIFY(finished.isEmpty());
    QVERIFY(replayer.step());
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!replayer.step());
    QVERIFY(replayer.result().matched());
}

void tst_Replayer::unreachableServer()
{
    quint16 port = 0;
    {
        net::Server probe;
        QVERIFY(probe.listen(localOptions()));
        port = probe.port();
    }
    const RecordedConnection c =
        recorded(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)), {{0, D::Outgoing, "a"}, {1, D::Incoming, "a"}});
    Replayer replayer(c, ReplayOptions{});
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.start();
    QVERIFY(finished.wait(5000));
    QVERIFY(!replayer.result().connected);
    QVERIFY(!replayer.result().error.isEmpty());
    QVERIFY(!replayer.result().matched());
}

QTEST_GUILESS_MAIN(tst_Replayer)
#include "tst_replayer.moc"
