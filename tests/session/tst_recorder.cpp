// Recorder: live connections recorded into a session file, read back with SessionReader and SessionAssembler
// exactly as they happened on the wire.
#include "net/clientconnection.h"
#include "net/server.h"
#include "net/serverclient.h"
#include "session/loadedsession.h"
#include "session/recorder.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sockscope;
using namespace sockscope::session;

namespace {

net::ServerOptions localOptions()
{
    net::ServerOptions o;
    o.port = 0;
    return o;
}

// The log of a connection as (direction, opcode, payload) triples.
QList<std::tuple<proto::Direction, proto::Opcode, QByteArray>> entries(const MessageStore &log)
{
    QList<std::tuple<proto::Direction, proto::Opcode, QByteArray>> out;
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i)
        out.append({log.at(i).direction, log.at(i).opcode, log.at(i).payload});
    return out;
}

} // namespace

class tst_Recorder : public QObject
{
    Q_OBJECT
private slots:
    void recordsBothEndsOfAConnection();
    void flushedWhileRecording();
    void failedAttemptIsRecorded();
    void reconnectAttemptsAreSeparateConnections();
    void eachOpeningKeepsItsOwnOptions();
    void relayUpstreamIsRecorded();
    void unwritablePath();
    void fullDiskIsReported();
};

void tst_Recorder::recordsBothEndsOfAConnection()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    Recorder recorder;
    QVERIFY2(recorder.open(path), qPrintable(recorder.errorString()));

    net::Server server;
    QVERIFY(server.listen(localOptions()));
    recorder.addServer(&server);

    net::ClientConnection client;
    net::ClientOptions options;
    options.url = server.url();
    options.subprotocols = {"chat"};
    options.extraHeaders.append("X-Test", "1");
    options.deflate = true;
    recorder.addClient(&client, Recorder::clientInfo(options.url, options.subprotocols, options.extraHeaders,
                                                     options.origin, options.deflate));
    QSignalSpy requestSpy(&client, &net::ClientConnection::handshakeRequestSent);
    QSignalSpy responseSpy(&client, &net::ClientConnection::handshakeResponseReceived);
    QSignalSpy received(&client, &net::ClientConnection::messageReceived);
    client.open(options);
    QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);

    const QByteArray big(70'000, 'b');
    client.sendText("hello");
    client.sendBinary(big);
    // A fragmented message with a ping between its frames.
    client.sendFragmented(proto::Opcode::Text, "one two three", {4, 4}, 0, true);
    client.ping("are you there");
    QTRY_COMPARE(received.size(), 3);
    client.close(1000, "done");
    QTRY_COMPARE(client.readyState(), proto::ReadyState::Closed);
    QTRY_VERIFY(server.clients().isEmpty());
    QVERIFY(recorder.finish());

    LoadedSession loaded = loadSessionFile(path);
    QVERIFY2(!loaded.error, qPrintable(loaded.error.detail));
    QVERIFY(loaded.complete);
    QCOMPARE(loaded.connections.size(), size_t(2));
    // The client connected first, but the server saw the request first: order by what happened.
    const RecordedConnection *ours = nullptr;
    const RecordedConnection *theirs = nullptr;
    for (const auto &c : loaded.connections)
        (c->info.side == Side::Client ? ours : theirs) = c.get();
    QVERIFY(ours && theirs);

    QCOMPARE(ours->info.url, server.url().toString());
    QCOMPARE(ours->info.subprotocols, QList<QByteArray>{"chat"});
    QCOMPARE(ours->info.headers.value("X-Test"), QByteArray("1"));
    QVERIFY(ours->info.deflate);
    QCOMPARE(ours->request, requestSpy.at(0).at(0).toByteArray());
    QCOMPARE(ours->requestUs, requestSpy.at(0).at(1).toLongLong());
    QCOMPARE(ours->response, responseSpy.at(0).at(0).toByteArray());
    QCOMPARE(theirs->request, ours->request);
    QCOMPARE(theirs->response, ours->response);
    QCOMPARE(theirs->info.url, server.url().toString());
    QVERIFY2(theirs->info.peerAddress.startsWith(QLatin1String("127.0.0.1:")), qPrintable(theirs->info.peerAddress));

    using D = proto::Direction;
    using O = proto::Opcode;
    const auto log = entries(ours->log);
    // Pings go into the log when they pass; the fragmented message when its last frame does. Our own ping went
    // out right after the first fragment and its ping, before the next fragment.
    const QList<std::tuple<D, O, QByteArray>> expected = {
        {D::Outgoing, O::Text, "hello"},         {D::Outgoing, O::Binary, big}, {D::Outgoing, O::Ping, ""},
        {D::Outgoing, O::Ping, "are you there"}, {D::Outgoing, O::Ping, ""},    {D::Outgoing, O::Text, "one two three"},
    };
    // Keep-alive off: the only pings are the two between fragments and ours; compare what is ours to compare.
    QList<std::tuple<D, O, QByteArray>> outgoing;
    for (const auto &e : log) {
        if (std::get<0>(e) == D::Outgoing && std::get<1>(e) != O::Close)
            outgoing.append(e);
    }
    QCOMPARE(outgoing.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(std::get<1>(outgoing[i]), std::get<1>(expected[i]));
        if (std::get<1>(expected[i]) != O::Ping || !std::get<2>(expected[i]).isEmpty())
            QCOMPARE(std::get<2>(outgoing[i]), std::get<2>(expected[i]));
    }
    // Deflate was negotiated, so what the server echoed came compressed and is stored inflated.
    QList<QByteArray> echoed;
    for (quint64 i = ours->log.firstIndex(); i < ours->log.endIndex(); ++i) {
        const MessageRecord &m = ours->log.at(i);
        if (m.direction == D::Incoming && m.isMessage()) {
            echoed.append(m.payload);
            QVERIFY(m.compressed);
        }
    }
    QCOMPARE(echoed, (QList<QByteArray>{"hello", big, "one two three"}));
    // The fragmented message kept its three frames and their headers.
    for (quint64 i = ours->log.firstIndex(); i < ours->log.endIndex(); ++i) {
        const MessageRecord &m = ours->log.at(i);
        if (m.direction == D::Outgoing && m.payload == "one two three") {
            QCOMPARE(m.frameCount, 3u);
            QCOMPARE(quint8(ours->log.frameHeader(m, 0).bytes[0]) & 0x8F, 0x01); // FIN 0, text
            QCOMPARE(quint8(ours->log.frameHeader(m, 2).bytes[0]) & 0x8F, 0x80); // FIN 1, continuation
        }
    }
    QVERIFY(ours->close);
    QCOMPARE(ours->close->sentCode, 1000);
    QCOMPARE(ours->close->sentReason, QStringLiteral("done"));
    QCOMPARE(ours->close->code, 1000); // what the server answered
    QVERIFY(ours->close->wasClean);
    QCOMPARE(ours->close->initiator, proto::CloseInitiator::Local);
    QVERIFY(theirs->close);
    QCOMPARE(theirs->close->initiator, proto::CloseInitiator::Remote);
    QCOMPARE(theirs->close->reason, QStringLiteral("done"));
    // The server side saw the same messages the other way round.
    QCOMPARE(theirs->log.size(), ours->log.size());
}

void tst_Recorder::flushedWhileRecording()
{
    // Whatever happened more than a flush interval ago is on disk, and the file reads as a session cut short.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.sksession"));
    Recorder recorder;
    recorder.setFlushInterval(100);
    QVERIFY(recorder.open(path));
    net::Server server;
    QVERIFY(server.listen(localOptions()));
    net::ClientConnection client;
    net::ClientOptions options;
    options.url = server.url();
    recorder.addClient(&client, Recorder::clientInfo(options.url, {}, {}, {}, false));
    client.open(options);
    QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);
    QSignalSpy received(&client, &net::ClientConnection::messageReceived);
    client.sendText("before the crash");
    QTRY_COMPARE(received.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const LoadedSession l = loadSessionFile(path);
            return l.connections.size() == 1 && l.connections[0]->log.size() == 2;
        }(),
        2000);
    const LoadedSession loaded = loadSessionFile(path);
    QVERIFY(!loaded.complete);
    QVERIFY2(!loaded.error, qPrintable(loaded.error.detail));
    QCOMPARE(loaded.connections[0]->log.at(1).payload, QByteArray("before the crash"));
    QVERIFY(recorder.finish());
    QVERIFY(loadSessionFile(path).complete);
}

void tst_Recorder::failedAttemptIsRecorded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.sksession"));
    Recorder recorder;
    QVERIFY(recorder.open(path));
    quint16 closedPort = 0;
    {
        net::Server probe;
        QVERIFY(probe.listen(localOptions()));
        closedPort = probe.port();
    }
    net::ClientConnection client;
    net::ClientOptions options;
    options.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(closedPort));
    recorder.addClient(&client, Recorder::clientInfo(options.url, {}, {}, {}, false));
    QSignalSpy error(&client, &net::ClientConnection::errorOccurred);
    client.open(options);
    QTRY_COMPARE(error.size(), 1);
    QVERIFY(recorder.finish());
    const LoadedSession loaded = loadSessionFile(path);
    QCOMPARE(loaded.connections.size(), size_t(1));
    const RecordedConnection &c = *loaded.connections[0];
    QVERIFY(c.request.isEmpty());
    QCOMPARE(c.notes.size(), 1);
    QCOMPARE(c.notes[0].noteKind, NoteKind::Error);
    QVERIFY2(c.notes[0].text.startsWith(QLatin1String("ConnectFailed: ")), qPrintable(c.notes[0].text));
}

void tst_Recorder::reconnectAttemptsAreSeparateConnections()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.sksession"));
    Recorder recorder;
    QVERIFY(recorder.open(path));
    net::Server server;
    QVERIFY(server.listen(localOptions()));
    net::ClientConnection client;
    net::ClientOptions options;
    options.url = server.url();
    recorder.addClient(&client, Recorder::clientInfo(options.url, {}, {}, {}, false));
    for (int i = 0; i < 2; ++i) {
        client.open(options);
        QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);
        QSignalSpy received(&client, &net::ClientConnection::messageReceived);
        client.sendText(QByteArray::number(i));
        QTRY_COMPARE(received.size(), 1);
        client.close();
        QTRY_COMPARE(client.readyState(), proto::ReadyState::Closed);
    }
    QVERIFY(recorder.finish());
    const LoadedSession loaded = loadSessionFile(path);
    QCOMPARE(loaded.connections.size(), size_t(2));
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(loaded.connections[i]->log.at(0).payload, QByteArray::number(i));
        QVERIFY(loaded.connections[i]->close);
        QVERIFY(!loaded.connections[i]->request.isEmpty());
    }
}

// A workbench tab opens its one connection again with another URL, subprotocol or header each time; every
// recorded connection says what that attempt was opened with.
void tst_Recorder::eachOpeningKeepsItsOwnOptions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("o.sksession"));
    Recorder recorder;
    QVERIFY(recorder.open(path));
    net::Server server;
    net::ServerOptions serverOptions = localOptions();
    serverOptions.path.clear(); // any path
    QVERIFY(server.listen(serverOptions));
    net::ClientConnection client;
    recorder.addClient(&client);
    const QByteArray paths[] = {"/first", "/second?x=1"};
    for (int i = 0; i < 2; ++i) {
        net::ClientOptions options;
        options.url = server.url().resolved(QUrl(QString::fromLatin1(paths[i])));
        options.subprotocols = {"p" + QByteArray::number(i)};
        options.extraHeaders.append("X-Attempt", QByteArray::number(i));
        options.deflate = i == 1;
        client.open(options);
        QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);
        client.close();
        QTRY_COMPARE(client.readyState(), proto::ReadyState::Closed);
    }
    QVERIFY(recorder.finish());
    const LoadedSession loaded = loadSessionFile(path);
    QCOMPARE(loaded.connections.size(), size_t(2));
    for (int i = 0; i < 2; ++i) {
        const ConnectionInfo &info = loaded.connections[i]->info;
        QCOMPARE(QUrl(info.url).path(QUrl::FullyEncoded) +
                     (QUrl(info.url).hasQuery() ? "?" + QUrl(info.url).query() : QString()),
                 QString::fromLatin1(paths[i]));
        QCOMPARE(info.subprotocols, QList<QByteArray>{"p" + QByteArray::number(i)});
        QCOMPARE(info.headers.value("X-Attempt"), QByteArray::number(i));
        QCOMPARE(info.deflate, i == 1);
        QVERIFY(loaded.connections[i]->request.contains("GET " + paths[i] + " HTTP/1.1"));
    }
}

void tst_Recorder::relayUpstreamIsRecorded()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("relay.sksession"));
    net::Server upstream;
    QVERIFY(upstream.listen(localOptions()));
    net::Server relay;
    net::ServerOptions relayOptions = localOptions();
    relayOptions.mode = net::ServerMode::Relay;
    relayOptions.upstream.url = upstream.url();
    QVERIFY(relay.listen(relayOptions));
    Recorder recorder;
    QVERIFY(recorder.open(path));
    recorder.addServer(&relay);

    net::ClientConnection client;
    net::ClientOptions options;
    options.url = relay.url();
    client.open(options);
    QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);
    QSignalSpy received(&client, &net::ClientConnection::messageReceived);
    client.sendText("through");
    QTRY_COMPARE(received.size(), 1);
    client.close();
    QTRY_VERIFY(relay.clients().isEmpty());
    QVERIFY(recorder.finish());

    const LoadedSession loaded = loadSessionFile(path);
    QCOMPARE(loaded.connections.size(), size_t(2));
    const RecordedConnection *facing = nullptr;
    const RecordedConnection *up = nullptr;
    for (const auto &c : loaded.connections)
        (c->info.side == Side::Server ? facing : up) = c.get();
    QVERIFY(facing && up);
    QCOMPARE(up->info.url, upstream.url().toString());
    QVERIFY2(up->info.name.startsWith(QLatin1String("relay upstream for 127.0.0.1:")), qPrintable(up->info.name));
    QCOMPARE(facing->log.at(0).payload, QByteArray("through"));
    QCOMPARE(facing->log.at(0).direction, proto::Direction::Incoming);
    QCOMPARE(up->log.at(0).payload, QByteArray("through"));
    QCOMPARE(up->log.at(0).direction, proto::Direction::Outgoing);
    QCOMPARE(up->log.at(1).payload, QByteArray("through"));
    QCOMPARE(up->log.at(1).direction, proto::Direction::Incoming);
}

void tst_Recorder::unwritablePath()
{
    Recorder recorder;
    QVERIFY(!recorder.open(QStringLiteral("/nonexistent-dir/s.sksession")));
    QVERIFY(!recorder.errorString().isEmpty());
    QVERIFY(!recorder.isOpen());
}

void tst_Recorder::fullDiskIsReported()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("needs /dev/full");
    Recorder recorder;
    QSignalSpy failed(&recorder, &Recorder::failed);
    // The header fits in no buffer-free write to /dev/full: the open itself reports it.
    QVERIFY(!recorder.open(QStringLiteral("/dev/full")));
    QVERIFY2(recorder.errorString().contains(QLatin1String("space"), Qt::CaseInsensitive),
             qPrintable(recorder.errorString()));
}

QTEST_GUILESS_MAIN(tst_Recorder)
#include "tst_recorder.moc"
