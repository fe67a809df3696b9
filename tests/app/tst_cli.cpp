// sockscope-cli end to end: the real executable in a QProcess, against our server and QtWebSockets.
#include "../common/harfixtures.h"
#include "../common/tlsfixtures.h"
#include "../common/tshark.h"

#include "net/server.h"

#include "proto/framewriter.h"

#include "session/harreader.h"
#include "session/harwriter.h"
#include "session/loadedsession.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <QtEndian>

#include <memory>

using namespace sockscope;

namespace {
const QString Cli = QStringLiteral(SOCKSCOPE_CLI);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs sockscope-cli to its end while the event loop keeps in-process servers going.
Run runCli(const QStringList &arguments, const QByteArray &input = {}, int timeoutMs = 15000)
{
    QProcess process;
    process.start(Cli, arguments);
    if (!process.waitForStarted(5000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    QSignalSpy finished(&process, &QProcess::finished);
    if (!finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return Run{-2, process.readAllStandardOutput(), process.readAllStandardError()};
    }
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -3, process.readAllStandardOutput(),
               process.readAllStandardError()};
}

net::ServerOptions localServer()
{
    net::ServerOptions o;
    o.port = 0;
    return o;
}

// `sockscope-cli serve` in the background; url() once it said where it listens.
class ServeProcess
{
public:
    bool start(const QStringList &extra)
    {
        m_process.start(Cli,
                        QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} + extra);
        if (!m_process.waitForStarted(5000))
            return false;
        QSignalSpy ready(&m_process, &QProcess::readyReadStandardOutput);
        while (!m_process.canReadLine()) {
            if (!ready.wait(5000))
                return false;
        }
        firstLine = QString::fromUtf8(m_process.readLine()).trimmed();
        const auto match =
            QRegularExpression(QStringLiteral("^listening on (wss?://127\\.0\\.0\\.1:\\d+/echo)$")).match(firstLine);
        if (!match.hasMatch())
            return false;
        url = QUrl(match.captured(1));
        return true;
    }
    // SIGTERM, then the exit code and everything it printed after the first line.
    int stop(QByteArray *output = nullptr)
    {
        m_process.terminate();
        QSignalSpy finished(&m_process, &QProcess::finished);
        if (m_process.state() != QProcess::NotRunning && !finished.wait(5000))
            return -2;
        if (output)
            *output = m_process.readAllStandardOutput();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -3;
    }
    // What it printed on standard error so far.
    QByteArray errors() { return m_process.readAllStandardError(); }
    // SIGKILL: what a crash looks like from outside.
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }

    QString firstLine;
    QUrl url;

private:
    QProcess m_process;
};
QList<QByteArray> payloads(const session::MessageStore &log, proto::Direction direction)
{
    QList<QByteArray> out;
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        if (log.at(i).direction == direction && log.at(i).isMessage())
            out.append(log.at(i).payload);
    }
    return out;
}

// What a converted file carries, in any of the formats convert writes: each message and control frame with who
// sent it and its opcode, in order.
struct Carried {
    bool fromClient = false;
    int opcode = 0;
    QByteArray payload;

    friend bool operator==(const Carried &, const Carried &) = default;
};

char *toString(const Carried &c)
{
    return qstrdup((QByteArray(c.fromClient ? "client " : "server ") + "op " + QByteArray::number(c.opcode) + " " +
                    c.payload.left(40).toHex())
                       .constData());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The content of a .sksession, .har or .pcapng file (tshark decodes the capture; tshark failures in *error).
QList<Carried> carriedBy(const QString &path, const QString &tsharkConfig, QString *error)
{
    QList<Carried> out;
    if (path.endsWith(QLatin1String(".sksession"))) {
        const session::LoadedSession s = session::loadSessionFile(path);
        if (s.error || !s.openError.isEmpty())
            *error = s.error.detail + s.openError;
        for (const auto &c : s.connections) {
            for (quint64 i = c->log.firstIndex(); i < c->log.endIndex(); ++i) {
                const session::MessageRecord &r = c->log.at(i);
                out.append({(r.direction == proto::Direction::Outgoing) == (c->info.side == session::Side::Client),
                            int(r.opcode), r.payload});
            }
        }
    } else if (path.endsWith(QLatin1String(".har"))) {
        const session::HarReadResult har = session::readHar(readAll(path));
        if (har.error)
            *error = har.error.message();
        for (const session::HarWebSocketEntry &e : har.entries) {
            for (const session::HarWebSocketMessage &m : e.messages) {
                if (m.type != session::HarMessageType::Error)
                    out.append({m.type == session::HarMessageType::Send, m.opcode, m.payload});
            }
        }
    } else {
        const tshark::Run run = tshark::run({QStringLiteral("-r"), path, QStringLiteral("-o"),
                                             QStringLiteral("tcp.desegment_tcp_streams:TRUE"), QStringLiteral("-Y"),
                                             QStringLiteral("websocket"), QStringLiteral("-T"), QStringLiteral("json"),
                                             QStringLiteral("-x"), QStringLiteral("--no-duplicate-keys")},
                                            tsharkConfig);
        const auto streams = tshark::webSocketFrames(run.out);
        if (run.exitCode != 0 || !streams)
            *error = QString::fromUtf8(run.err);
        for (const auto &[stream, frames] : streams.value_or(std::map<int, QList<tshark::DecodedFrame>>())) {
            for (const tshark::DecodedFrame &f : frames)
                out.append({bool(quint8(f.header.at(1)) & 0x80), quint8(f.header.at(0)) & 0x0F, f.payload});
        }
    }
    return out;
}

QByteArray closeBody(quint16 code, const QByteArray &reason)
{
    QByteArray body(2, '\0');
    qToBigEndian(code, body.data());
    return body + reason;
}

// A browser's HAR export of one WebSocket connection, as Chrome writes it.
QByteArray browserHar()
{
    using T = session::HarMessageType;
    session::HarWebSocketEntry e = harfixtures::upgradeEntry(QStringLiteral("wss://chat.example.test/socket?v=2"),
                                                             "chat.example.test", 1'700'000'000'250'000);
    e.timings.send = 0;
    e.timings.wait = 2.5;
    e.timings.receive = 0;
    e.messages = {{T::Send, 1'700'000'000'300'000, 1, R"({"op":"hello"})"},
                  {T::Receive, 1'700'000'000'301'000, 1, "caf\xc3\xa9"},
                  {T::Receive, 1'700'000'000'400'000, 2, QByteArray(300, '\x01')},
                  {T::Send, 1'700'000'000'500'000, 9, "p"},
                  {T::Receive, 1'700'000'000'500'100, 10, "p"},
                  {T::Error, 1'700'000'000'600'000, -1, "A server must not mask any frames"},
                  {T::Send, 1'700'000'000'700'000, 8, closeBody(1000, "done")},
                  {T::Receive, 1'700'000'000'700'200, 8, closeBody(1000, "done")}};
    return session::writeHar({e}, QStringLiteral("WebInspector"), QStringLiteral("537.36"));
}
} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void helpAndUsageErrors();
    void serveThenConnect();
    void connectSendsStdinLines();
    void connectVerbose();
    void connectEchoesForConformanceSuites();
    void exitCodes_data();
    void exitCodes();
    void serveModesAndFaults();
    void serveSelfSigned();
    void serveWithCertificateFiles();
    void serveRefusesUnusableCertificateFiles_data();
    void serveRefusesUnusableCertificateFiles();
    void connectTrustsACaFile();
    void connectPresentsAClientCertificate_data();
    void connectPresentsAClientCertificate();
    void recordBothEnds();
    void recordToUnwritableFile();
    void killedRecordingKeepsAllButTheLastSecond();
    void replayMatchesAndDiffers();
    void serveMockPlaysARecording();
    void serveMockErrors();
    void convertToPcapng();
    void convertPairs_data();
    void convertPairs();
    void convertBadHar();
    void convertBadCapture();
};

void tst_Cli::helpAndUsageErrors()
{
    const Run help = runCli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("sockscope-cli serve"));
    QVERIFY(help.out.contains("Exit status:"));

    const Run nothing = runCli({});
    QCOMPARE(nothing.exitCode, 2);
    QVERIFY(nothing.err.contains("no command given"));
    const Run badMode = runCli({QStringLiteral("serve"), QStringLiteral("--mode"), QStringLiteral("mirror")});
    QCOMPARE(badMode.exitCode, 2);
    QVERIFY2(badMode.err.contains("--mode mirror: use echo, sink, broadcast, relay or mock"), badMode.err.constData());
}

void tst_Cli::serveThenConnect()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}), qPrintable(serve.firstLine));
    QVERIFY(serve.url.port() > 0);

    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(QByteArray("\x00\x01\x02", 3));
    file.flush();
    const Run run = runCli({QStringLiteral("connect"), serve.url.toString(), QStringLiteral("--send"),
                            QStringLiteral("hello"), QStringLiteral("--send-hex"), QStringLiteral("0xde 0xad"),
                            QStringLiteral("--send-file"), file.fileName(), QStringLiteral("--send"),
                            QStringLiteral("last"), QStringLiteral("--close"), QStringLiteral("4000:done")});
    QCOMPARE(run.exitCode, 0);
    // The echoes, in the order sent: text as is, binary as hex.
    QCOMPARE(run.out, QByteArray("hello\ndead\n000102\nlast\n"));

    QByteArray log;
    QCOMPARE(serve.stop(&log), 0);
    QVERIFY2(log.contains("[1] open /echo"), log.constData());
    QVERIFY(log.contains("[1] < text 5 B: hello"));
    QVERIFY(log.contains("[1] closed 4000 \"done\", clean"));
    QVERIFY(log.contains("stopping"));
}

void tst_Cli::connectSendsStdinLines()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    const Run run =
        runCli({QStringLiteral("connect"), server.url().toString()}, "first line\nsecond line\r\nno newline");
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("first line\nsecond line\nno newline\n"));
}

void tst_Cli::connectVerbose()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    const Run run =
        runCli({QStringLiteral("connect"), server.url().toString(), QStringLiteral("-v"), QStringLiteral("-p"),
                QStringLiteral("chat"), QStringLiteral("-H"), QStringLiteral("Authorization: Bearer abc"),
                QStringLiteral("--send"), QStringLiteral("x"), QStringLiteral("--close"), QStringLiteral("1000")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains("> GET /echo HTTP/1.1\n"), run.err.constData());
    QVERIFY(run.err.contains("> Authorization: Bearer abc\n"));
    QVERIFY(run.err.contains("> Sec-WebSocket-Protocol: chat\n"));
    QVERIFY(run.err.contains("< HTTP/1.1 101 Switching Protocols\n"));
    // Each frame's header: the client's frame masked, the server's not.
    QVERIFY(QRegularExpression(QStringLiteral("> FIN text len=1 \\(7-bit\\) mask=[0-9a-f]{8} header=81 81"))
                .match(QString::fromUtf8(run.err))
                .hasMatch());
    QVERIFY(run.err.contains("< FIN text len=1 (7-bit) header=81 01\n"));
    QVERIFY(run.err.contains("< FIN close len=2 (7-bit) header=88 02\n"));
}

void tst_Cli::connectEchoesForConformanceSuites()
{
    // QtWebSockets drives the CLI client the way a conformance suite does: it sends, the client echoes.
    QWebSocketServer server(QStringLiteral("suite"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QStringList texts;
    QList<QByteArray> binaries;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *s = server.nextPendingConnection();
        s->setParent(&server);
        connect(s, &QWebSocket::textMessageReceived, s, [&texts, s](const QString &m) {
            texts << m;
            if (texts.size() == 2)
                s->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("suite done"));
        });
        connect(s, &QWebSocket::binaryMessageReceived, s, [&binaries](const QByteArray &m) { binaries << m; });
        s->sendTextMessage(QStringLiteral("ünïcode text"));
        s->sendBinaryMessage(QByteArray("\x00\xff\x10", 3));
        s->sendTextMessage(QStringLiteral("second text"));
    });
    const Run run = runCli({QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort()),
                            QStringLiteral("--echo")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(texts, (QStringList{QStringLiteral("ünïcode text"), QStringLiteral("second text")}));
    QCOMPARE(binaries, QList<QByteArray>{QByteArray("\x00\xff\x10", 3)});
}

void tst_Cli::exitCodes_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");
    QTest::addRow("refused upgrade") << QStringLiteral("refuse") << 4 << QByteArray("HTTP 503");
    QTest::addRow("nobody listening") << QStringLiteral("closed-port") << 3 << QByteArray("refused");
    QTest::addRow("server never answers") << QStringLiteral("silent") << 6 << QByteArray("timed out after 0.5 s");
    QTest::addRow("server breaks the protocol")
        << QStringLiteral("masked-server") << 5 << QByteArray("the server broke the protocol");
    QTest::addRow("connection dropped") << QStringLiteral("drop") << 1 << QByteArray("1006");
    QTest::addRow("bad hex") << QStringLiteral("bad-hex") << 7 << QByteArray("odd number of digits");
    QTest::addRow("missing file") << QStringLiteral("missing-file") << 7 << QByteArray("cannot read");
    QTest::addRow("bad close code") << QStringLiteral("bad-close") << 2 << QByteArray("--close 1006");
}

void tst_Cli::exitCodes()
{
    QFETCH(QString, scenario);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);

    net::ServerOptions options = localServer();
    options.faults.refuseStatus = scenario == QLatin1String("refuse") ? 503 : 0;
    options.faults.resetAfterMessages = scenario == QLatin1String("drop") ? 1 : 0;
    net::Server server;
    QVERIFY(server.listen(options));
    QString url = server.url().toString();

    // Raw servers for what our server never does.
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    std::vector<std::unique_ptr<QTcpSocket>> rawClients;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        rawClients.emplace_back(raw.nextPendingConnection());
        QTcpSocket *s = rawClients.back().get();
        if (scenario != QLatin1String("masked-server"))
            return; // silent
        connect(s, &QTcpSocket::readyRead, s, [s] {
            const QByteArray request = s->readAll();
            const QByteArray key = request.mid(request.indexOf("Sec-WebSocket-Key: ") + 19, 24);
            const QByteArray accept =
                QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
                    .toBase64();
            s->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: " +
                     accept + "\r\n\r\n");
            // RFC 6455 5.1: a server must not mask its frames.
            proto::Frame masked;
            masked.payload = "masked by a server";
            masked.masked = true;
            s->write(proto::FrameWriter::encode(masked));
        });
    });
    QStringList extra;
    if (scenario == QLatin1String("silent") || scenario == QLatin1String("masked-server"))
        url = QStringLiteral("ws://127.0.0.1:%1/").arg(raw.serverPort());
    if (scenario == QLatin1String("silent"))
        extra << QStringLiteral("--timeout") << QStringLiteral("0.5");
    if (scenario == QLatin1String("closed-port")) {
        const quint16 port = raw.serverPort();
        raw.close();
        url = QStringLiteral("ws://127.0.0.1:%1/").arg(port);
    }
    if (scenario == QLatin1String("drop"))
        extra << QStringLiteral("--send") << QStringLiteral("x") << QStringLiteral("--timeout") << QStringLiteral("10");
    if (scenario == QLatin1String("bad-hex"))
        extra << QStringLiteral("--send-hex") << QStringLiteral("abc");
    if (scenario == QLatin1String("missing-file"))
        extra << QStringLiteral("--send-file") << QStringLiteral("/nonexistent/sockscope-test-file");
    if (scenario == QLatin1String("bad-close"))
        extra << QStringLiteral("--close") << QStringLiteral("1006");

    const Run run = runCli(QStringList{QStringLiteral("connect"), url} + extra);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), run.err.constData());
}

void tst_Cli::serveModesAndFaults()
{
    ServeProcess serve;
    QVERIFY(serve.start(
        {QStringLiteral("--mode"), QStringLiteral("broadcast"), QStringLiteral("--drop-every"), QStringLiteral("2")}));
    QWebSocket a;
    QWebSocket b;
    QStringList atA;
    QStringList atB;
    connect(&a, &QWebSocket::textMessageReceived, this, [&](const QString &m) { atA << m; });
    connect(&b, &QWebSocket::textMessageReceived, this, [&](const QString &m) { atB << m; });
    QSignalSpy aOpen(&a, &QWebSocket::connected);
    QSignalSpy bOpen(&b, &QWebSocket::connected);
    a.open(serve.url);
    b.open(serve.url);
    QVERIFY(aOpen.wait(5000));
    QVERIFY(bOpen.size() == 1 || bOpen.wait(5000));
    a.sendTextMessage(QStringLiteral("1"));
    a.sendTextMessage(QStringLiteral("2")); // dropped: every second message of a client
    a.sendTextMessage(QStringLiteral("3"));
    QTRY_COMPARE_WITH_TIMEOUT(atB.size(), 2, 5000);
    QCOMPARE(atB, (QStringList{QStringLiteral("1"), QStringLiteral("3")}));
    QTRY_COMPARE_WITH_TIMEOUT(atA, (QStringList{QStringLiteral("1"), QStringLiteral("3")}), 5000);

    // Stopping closes open clients with 1001 Going Away.
    QSignalSpy aClosed(&a, &QWebSocket::disconnected);
    QCOMPARE(serve.stop(), 0);
    QVERIFY(aClosed.size() == 1 || aClosed.wait(5000));
    QCOMPARE(int(a.closeCode()), 1001);
}

void tst_Cli::serveWithCertificateFiles()
{
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--tls-cert"), tlsfixtures::dataFile("ca-server.crt"),
                          QStringLiteral("--tls-key"), tlsfixtures::dataFile("ca-server.key")}),
             qPrintable(serve.firstLine));
    QCOMPARE(serve.url.scheme(), QStringLiteral("wss"));
    // A client that trusts the issuing CA verifies the server without exceptions.
    QWebSocket client;
    QVERIFY(tlsfixtures::openVerifiedByTestCa(client, serve.url));
    QCOMPARE(client.sslConfiguration().peerCertificate(),
             QSslCertificate::fromPath(tlsfixtures::dataFile("ca-server.crt")).value(0));
    QStringList echoed;
    connect(&client, &QWebSocket::textMessageReceived, this, [&](const QString &m) { echoed << m; });
    client.sendTextMessage(QStringLiteral("verified"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed, QStringList{QStringLiteral("verified")}, 5000);
    QCOMPARE(serve.stop(), 0);
}

void tst_Cli::serveRefusesUnusableCertificateFiles_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("error");
    QTest::addRow("key of another certificate")
        << tlsfixtures::dataFile("ca-server.crt") << tlsfixtures::dataFile("other.key")
        << QByteArray("does not belong to");
    QTest::addRow("encrypted key") << tlsfixtures::dataFile("client.crt")
                                   << tlsfixtures::dataFile("client-encrypted.key") << QByteArray("is encrypted");
    QTest::addRow("no such key file") << tlsfixtures::dataFile("ca-server.crt")
                                      << QStringLiteral("/nonexistent/server.key")
                                      << QByteArray("/nonexistent/server.key does not exist");
    QTest::addRow("key as certificate") << tlsfixtures::dataFile("ca-server.key")
                                        << tlsfixtures::dataFile("ca-server.key") << QByteArray("holds no certificate");
}

void tst_Cli::serveRefusesUnusableCertificateFiles()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QByteArray, error);
    const Run run = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                            QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"), key});
    QCOMPARE(run.exitCode, 7);
    QVERIFY2(run.err.contains(error), run.err.constData());
    QVERIFY2(!run.out.contains("listening"), run.out.constData()); // it never listened
}

void tst_Cli::connectTrustsACaFile()
{
    using tlsfixtures::dataFile;
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--tls-cert"), dataFile("ca-server.crt"), QStringLiteral("--tls-key"),
                          dataFile("ca-server.key")}),
             qPrintable(serve.firstLine));
    const QStringList talk{QStringLiteral("--send"), QStringLiteral("hi"), QStringLiteral("--close"),
                           QStringLiteral("1000")};
    // The system does not know the test CA...
    const Run unknown = runCli(QStringList{QStringLiteral("connect"), serve.url.toString()} + talk);
    QCOMPARE(unknown.exitCode, 3);
    // ...--cacert makes it trusted for this connection, with verification on.
    const Run trusted = runCli(
        QStringList{QStringLiteral("connect"), serve.url.toString(), QStringLiteral("--cacert"), dataFile("ca.crt")} +
        talk);
    QCOMPARE(trusted.exitCode, 0);
    QCOMPARE(trusted.out, QByteArray("hi\n"));
    // A file without a certificate is refused before connecting.
    const Run notACa = runCli(
        QStringList{QStringLiteral("connect"), serve.url.toString(), QStringLiteral("--cacert"), dataFile("ca.key")} +
        talk);
    QCOMPARE(notACa.exitCode, 7);
    QVERIFY2(notACa.err.contains("holds no PEM certificate"), notACa.err.constData());
    QCOMPARE(serve.stop(), 0);
}

void tst_Cli::connectPresentsAClientCertificate_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("passphrase"); // in SOCKSCOPE_KEY_PASSPHRASE
    QTest::addColumn<int>("exitCode");
    using tlsfixtures::dataFile;
    QTest::addRow("PEM") << dataFile("client.crt") << dataFile("client.key") << QByteArray() << 0;
    QTest::addRow("PKCS#12") << dataFile("client.p12") << QString() << QByteArray("sockscope-test") << 0;
    QTest::addRow("encrypted key, passphrase")
        << dataFile("client.crt") << dataFile("client-encrypted.key") << QByteArray("sockscope-test") << 0;
    QTest::addRow("encrypted key, none") << dataFile("client.crt") << dataFile("client-encrypted.key") << QByteArray()
                                         << 7;
    QTest::addRow("key of another") << dataFile("client.crt") << dataFile("other.key") << QByteArray() << 7;
}

void tst_Cli::connectPresentsAClientCertificate()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QByteArray, passphrase);
    QFETCH(int, exitCode);
    using tlsfixtures::dataFile;
    // A server that wants a client certificate issued by the test CA.
    QWebSocketServer server(QStringLiteral("mtls"), QWebSocketServer::SecureMode);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate::fromPath(dataFile("ca-server.crt")).value(0));
    QFile keyFile(dataFile("ca-server.key"));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    tls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    tls.setCaCertificates(QSslCertificate::fromPath(dataFile("ca.crt")));
    server.setSslConfiguration(tls);
    QList<QSslCertificate> seen;
    connect(&server, &QWebSocketServer::newConnection, this, [&server, &seen] {
        QWebSocket *s = server.nextPendingConnection();
        s->setParent(&server);
        seen.append(s->sslConfiguration().peerCertificate());
        connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &m) { s->sendTextMessage(m); });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    QStringList arguments{QStringLiteral("connect"),  QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort()),
                          QStringLiteral("--cacert"), dataFile("ca.crt"),
                          QStringLiteral("--cert"),   certificate};
    if (!key.isEmpty())
        arguments << QStringLiteral("--key") << key;
    arguments << QStringLiteral("--send") << QStringLiteral("it is me") << QStringLiteral("--close")
              << QStringLiteral("1000");
    if (!passphrase.isEmpty())
        qputenv("SOCKSCOPE_KEY_PASSPHRASE", passphrase);
    const Run run = runCli(arguments);
    qunsetenv("SOCKSCOPE_KEY_PASSPHRASE");
    QCOMPARE(run.exitCode, exitCode);
    if (exitCode == 0) {
        QCOMPARE(run.out, QByteArray("it is me\n"));
        QCOMPARE(seen, QSslCertificate::fromPath(dataFile("client.crt")));
    } else {
        QVERIFY(seen.isEmpty()); // never connected
        QVERIFY2(run.err.startsWith("sockscope-cli: "), run.err.constData());
    }
    if (passphrase.isEmpty() && key.endsWith(QLatin1String("encrypted.key")))
        QVERIFY2(run.err.contains("SOCKSCOPE_KEY_PASSPHRASE"), run.err.constData());
    qDeleteAll(server.findChildren<QWebSocket *>(Qt::FindDirectChildrenOnly));
}

void tst_Cli::serveSelfSigned()
{
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--tls-self-signed")}), qPrintable(serve.firstLine));
    QCOMPARE(serve.url.scheme(), QStringLiteral("wss"));
    // Verification stays on: a client that does not trust the certificate sees why.
    QWebSocket untrusting;
    QSignalSpy errors(&untrusting, &QWebSocket::sslErrors);
    untrusting.open(serve.url);
    QVERIFY(errors.wait(5000));
    QVERIFY(errors[0][0].value<QList<QSslError>>().contains(
        QSslError(QSslError::SelfSignedCertificate, untrusting.sslConfiguration().peerCertificate())));
    // One that accepts this certificate for this connection gets in.
    QWebSocket accepting;
    connect(&accepting, &QWebSocket::sslErrors, &accepting,
            [&accepting](const QList<QSslError> &list) { accepting.ignoreSslErrors(list); });
    QSignalSpy connected(&accepting, &QWebSocket::connected);
    accepting.open(serve.url);
    QVERIFY(connected.wait(5000));
    QStringList echoed;
    connect(&accepting, &QWebSocket::textMessageReceived, this, [&](const QString &m) { echoed << m; });
    accepting.sendTextMessage(QStringLiteral("over TLS"));
    QTRY_COMPARE_WITH_TIMEOUT(echoed, QStringList{QStringLiteral("over TLS")}, 5000);

    // The CLI client verifies too, unless --insecure says otherwise for this connection.
    const Run verified =
        runCli({QStringLiteral("connect"), serve.url.toString(), QStringLiteral("--close"), QStringLiteral("1000")});
    QCOMPARE(verified.exitCode, 3);
    QVERIFY2(verified.err.contains("self signed") || verified.err.contains("self-signed"), verified.err.constData());
    const Run insecure =
        runCli({QStringLiteral("connect"), serve.url.toString(), QStringLiteral("--insecure"), QStringLiteral("--send"),
                QStringLiteral("secret"), QStringLiteral("--close"), QStringLiteral("1000")});
    QCOMPARE(insecure.exitCode, 0);
    QCOMPARE(insecure.out, QByteArray("secret\n"));
    QVERIFY2(insecure.err.contains("warning: --insecure ignored"), insecure.err.constData());
    QCOMPARE(serve.stop(), 0);
}

void tst_Cli::recordBothEnds()
{
    QTemporaryDir dir;
    const QString serverFile = dir.filePath(QStringLiteral("server.sksession"));
    const QString clientFile = dir.filePath(QStringLiteral("client.sksession"));
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--record"), serverFile}), qPrintable(serve.firstLine));
    const Run run = runCli({QStringLiteral("connect"), serve.url.toString(), QStringLiteral("--record"), clientFile,
                            QStringLiteral("--send"), QStringLiteral("hello"), QStringLiteral("--send-hex"),
                            QStringLiteral("00ff"), QStringLiteral("--close"), QStringLiteral("1000")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(serve.stop(), 0);

    const session::LoadedSession client = session::loadSessionFile(clientFile);
    QVERIFY2(!client.error, qPrintable(client.error.detail));
    QVERIFY(client.complete);
    QCOMPARE(client.connections.size(), size_t(1));
    const session::RecordedConnection &c = *client.connections[0];
    QCOMPARE(c.info.side, session::Side::Client);
    QCOMPARE(c.info.url, serve.url.toString());
    QVERIFY(c.request.startsWith("GET /echo HTTP/1.1\r\n"));
    QVERIFY(c.response.startsWith("HTTP/1.1 101 "));
    QCOMPARE(payloads(c.log, proto::Direction::Outgoing), (QList<QByteArray>{"hello", QByteArray("\x00\xff", 2)}));
    QCOMPARE(payloads(c.log, proto::Direction::Incoming), (QList<QByteArray>{"hello", QByteArray("\x00\xff", 2)}));
    QVERIFY(c.close && c.close->wasClean);

    const session::LoadedSession server = session::loadSessionFile(serverFile);
    QVERIFY2(!server.error, qPrintable(server.error.detail));
    QVERIFY(server.complete);
    QCOMPARE(server.connections.size(), size_t(1));
    const session::RecordedConnection &s = *server.connections[0];
    QCOMPARE(s.info.side, session::Side::Server);
    QCOMPARE(s.request, c.request);
    QCOMPARE(payloads(s.log, proto::Direction::Incoming), payloads(c.log, proto::Direction::Outgoing));
}

void tst_Cli::recordToUnwritableFile()
{
    const Run run = runCli({QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:1/"), QStringLiteral("--record"),
                            QStringLiteral("/nonexistent-dir/x.sksession")});
    QCOMPARE(run.exitCode, 7);
    QVERIFY2(run.err.contains("cannot write /nonexistent-dir/x.sksession"), run.err.constData());
    const Run serve = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--record"), QStringLiteral("/nonexistent-dir/x.sksession")});
    QCOMPARE(serve.exitCode, 7);
}

void tst_Cli::killedRecordingKeepsAllButTheLastSecond()
{
    // A client sends a numbered message every 20 ms to `serve --record`, which is killed (SIGKILL) mid-stream.
    // Every message sent more than a second before the kill must be in the file, which opens as a session cut
    // short.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("killed.sksession"));
    ServeProcess serve;
    QVERIFY2(serve.start({QStringLiteral("--record"), path, QStringLiteral("--mode"), QStringLiteral("sink")}),
             qPrintable(serve.firstLine));
    net::ClientConnection client;
    net::ClientOptions options;
    options.url = serve.url;
    client.open(options);
    QTRY_COMPARE(client.readyState(), proto::ReadyState::Open);

    QElapsedTimer clock;
    clock.start();
    QList<qint64> sentAtMs;
    QTimer sender;
    sender.setInterval(20);
    connect(&sender, &QTimer::timeout, &client, [&] {
        client.sendText(QByteArray::number(sentAtMs.size()));
        sentAtMs.append(clock.elapsed());
    });
    sender.start();
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() >= 1800, 5000);
    serve.kill();
    const qint64 killedAtMs = clock.elapsed();
    sender.stop();

    const session::LoadedSession loaded = session::loadSessionFile(path);
    QVERIFY(!loaded.complete);
    if (loaded.error)
        QCOMPARE(loaded.error.kind, session::SessionReadError::Kind::Truncated);
    QCOMPARE(loaded.connections.size(), size_t(1));
    const QList<QByteArray> received = payloads(loaded.connections[0]->log, proto::Direction::Incoming);
    qsizetype mustHave = 0;
    while (mustHave < sentAtMs.size() && sentAtMs[mustHave] < killedAtMs - 1000)
        ++mustHave;
    qInfo("sent %lld messages, %lld more than 1 s before the kill; %lld in the file", qlonglong(sentAtMs.size()),
          qlonglong(mustHave), qlonglong(received.size()));
    QVERIFY(mustHave >= 20);
    QVERIFY2(received.size() >= mustHave, "messages older than a second were lost");
    for (qsizetype i = 0; i < received.size(); ++i)
        QCOMPARE(received[i], QByteArray::number(i));
}

void tst_Cli::replayMatchesAndDiffers()
{
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("r.sksession"));
    ServeProcess echo;
    QVERIFY2(echo.start({}), qPrintable(echo.firstLine));
    const Run record =
        runCli({QStringLiteral("connect"), echo.url.toString(), QStringLiteral("--record"), recording,
                QStringLiteral("--send"), QStringLiteral(R"({"n":1,"ts":100})"), QStringLiteral("--send"),
                QStringLiteral("plain"), QStringLiteral("--close"), QStringLiteral("1000")});
    QCOMPARE(record.exitCode, 0);

    // Against the same echo server: everything matches.
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const Run same = runCli({QStringLiteral("replay"), recording, QStringLiteral("--speed"), QStringLiteral("max"),
                             QStringLiteral("--report"), report});
    QCOMPARE(same.exitCode, 0);
    QVERIFY2(same.out.contains("2 of 2 responses matched"), same.out.constData());
    QFile reportFile(report);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(reportFile.readAll()).object();
    QCOMPARE(json[QStringLiteral("matched")].toBool(), true);
    QCOMPARE(json[QStringLiteral("connections")].toArray().size(), 1);

    // Against a server that answers nothing: both responses are missing, exit 1.
    ServeProcess sink;
    QVERIFY(sink.start({QStringLiteral("--mode"), QStringLiteral("sink")}));
    const Run missing =
        runCli({QStringLiteral("replay"), recording, QStringLiteral("--url"), sink.url.toString(),
                QStringLiteral("--speed"), QStringLiteral("max"), QStringLiteral("--wait"), QStringLiteral("0.3")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.out.contains("response 1 differs:"), missing.out.constData());
    QVERIFY2(missing.out.contains("0 of 2 responses matched"), missing.out.constData());

    // Nothing listening: could not connect.
    const quint16 port = sink.url.port();
    QCOMPARE(sink.stop(), 0);
    const Run gone = runCli({QStringLiteral("replay"), recording, QStringLiteral("--url"),
                             QStringLiteral("ws://127.0.0.1:%1/echo").arg(port)});
    QCOMPARE(gone.exitCode, 3);

    // A damaged file is not replayed.
    QFile file(recording);
    QVERIFY(file.open(QIODevice::ReadWrite));
    file.seek(40);
    file.write("XXXX");
    file.close();
    const Run damaged = runCli({QStringLiteral("replay"), recording});
    QCOMPARE(damaged.exitCode, 7);
    QVERIFY2(damaged.err.contains("damaged") || damaged.err.contains("claims"), damaged.err.constData());
    QCOMPARE(runCli({QStringLiteral("replay")}).exitCode, 2);
}

void tst_Cli::serveMockPlaysARecording()
{
    // A server that answers with something other than an echo: text and binary for each text message.
    QWebSocketServer peer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode);
    QVERIFY(peer.listen(QHostAddress::LocalHost, 0));
    connect(&peer, &QWebSocketServer::newConnection, this, [&peer] {
        QWebSocket *s = peer.nextPendingConnection();
        s->setParent(&peer); // deleted with the server
        connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &text) {
            s->sendTextMessage(QStringLiteral("got ") + text);
            s->sendBinaryMessage(text.toUtf8().toHex());
        });
    });
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("m.sksession"));
    const Run record =
        runCli({QStringLiteral("connect"), QStringLiteral("ws://127.0.0.1:%1/").arg(peer.serverPort()),
                QStringLiteral("--record"), recording, QStringLiteral("--send"), QStringLiteral("first"),
                QStringLiteral("--send"), QStringLiteral("second"), QStringLiteral("--close"), QStringLiteral("1000")});
    QCOMPARE(record.exitCode, 0);
    QVERIFY2(record.out.contains("got second"), record.out.constData());

    // The mock answers the replay as the peer did, with recorded timing and at once.
    for (const QStringList &timing :
         {QStringList{}, QStringList{QStringLiteral("--mock-timing"), QStringLiteral("immediate")},
          QStringList{QStringLiteral("--speed"), QStringLiteral("4")}}) {
        ServeProcess mock;
        QVERIFY2(mock.start(QStringList{QStringLiteral("--mode"), QStringLiteral("mock"), QStringLiteral("--session"),
                                        recording} +
                            timing),
                 qPrintable(mock.firstLine));
        const Run replay = runCli({QStringLiteral("replay"), recording, QStringLiteral("--url"), mock.url.toString(),
                                   QStringLiteral("--speed"), QStringLiteral("max")});
        QVERIFY2(replay.exitCode == 0, replay.out.constData());
        QVERIFY2(replay.out.contains("4 of 4 responses matched"), replay.out.constData());
        QByteArray output;
        QCOMPARE(mock.stop(&output), 0);
        QVERIFY2(output.contains("mocking connection 1 of") && output.contains("2 client messages answered with 4"),
                 output.constData());
    }

    // An echo server is not the peer: the same replay against it fails, so the matches above mean something.
    ServeProcess echo;
    QVERIFY(echo.start({}));
    const Run differs =
        runCli({QStringLiteral("replay"), recording, QStringLiteral("--url"), echo.url.toString(),
                QStringLiteral("--speed"), QStringLiteral("max"), QStringLiteral("--wait"), QStringLiteral("0.3")});
    QCOMPARE(differs.exitCode, 1);

    // A recording cut short (here inside its End record) is served with a warning.
    QFile file(recording);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() - 3));
    file.close();
    ServeProcess cut;
    QVERIFY2(cut.start({QStringLiteral("--mode"), QStringLiteral("mock"), QStringLiteral("--session"), recording}),
             qPrintable(cut.firstLine));
    const Run replay = runCli({QStringLiteral("replay"), recording, QStringLiteral("--url"), cut.url.toString(),
                               QStringLiteral("--speed"), QStringLiteral("max")});
    QCOMPARE(replay.exitCode, 0);
    const QByteArray warning = cut.errors();
    QVERIFY2(warning.contains("warning:") && warning.contains("serving what came before"), warning.constData());
    QCOMPARE(cut.stop(), 0);
}

void tst_Cli::serveMockErrors()
{
    QTemporaryDir dir;
    auto serveMock = [](const QString &file, const QStringList &extra = {}) {
        return runCli(QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                                  QStringLiteral("--mode"), QStringLiteral("mock"), QStringLiteral("--session"), file} +
                      extra);
    };
    const Run missing = serveMock(dir.filePath(QStringLiteral("none.sksession")));
    QCOMPARE(missing.exitCode, 7);
    QVERIFY2(missing.err.contains("cannot read") && missing.err.contains("none.sksession"), missing.err.constData());
    QVERIFY2(!missing.out.contains("listening"), missing.out.constData());

    QFile text(dir.filePath(QStringLiteral("text.sksession")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("this is not a session file\n");
    text.close();
    const Run notSession = serveMock(text.fileName());
    QCOMPARE(notSession.exitCode, 7);
    QVERIFY2(notSession.err.contains("text.sksession: at byte 0"), notSession.err.constData());

    // A recording whose only connection was refused holds nothing to play.
    const QString refusedFile = dir.filePath(QStringLiteral("refused.sksession"));
    ServeProcess refusing;
    QVERIFY(refusing.start({QStringLiteral("--refuse"), QStringLiteral("403")}));
    QCOMPARE(
        runCli({QStringLiteral("connect"), refusing.url.toString(), QStringLiteral("--record"), refusedFile}).exitCode,
        4);
    const Run refused = serveMock(refusedFile);
    QCOMPARE(refused.exitCode, 7);
    QVERIFY2(refused.err.contains("holds no connection that was opened"), refused.err.constData());
    const Run notOpened = serveMock(refusedFile, {QStringLiteral("--connection"), QStringLiteral("1")});
    QCOMPARE(notOpened.exitCode, 7);
    QVERIFY2(notOpened.err.contains("connection 1 of") && notOpened.err.contains("was not opened"),
             notOpened.err.constData());
    const Run noSuch = serveMock(refusedFile, {QStringLiteral("--connection"), QStringLiteral("5")});
    QCOMPARE(noSuch.exitCode, 7);
    QVERIFY2(noSuch.err.contains("has no connection 5"), noSuch.err.constData());

    // A damaged recording (a record's bytes changed) is not served.
    const QString damagedFile = dir.filePath(QStringLiteral("damaged.sksession"));
    ServeProcess echo;
    QVERIFY(echo.start({}));
    QCOMPARE(runCli({QStringLiteral("connect"), echo.url.toString(), QStringLiteral("--record"), damagedFile,
                     QStringLiteral("--send"), QStringLiteral("x"), QStringLiteral("--close"), QStringLiteral("1000")})
                 .exitCode,
             0);
    QFile damaged(damagedFile);
    QVERIFY(damaged.open(QIODevice::ReadWrite));
    damaged.seek(40);
    damaged.write("XXXX");
    damaged.close();
    const Run broken = serveMock(damagedFile);
    QCOMPARE(broken.exitCode, 7);
    QVERIFY2(broken.err.contains("damaged.sksession: at byte"), broken.err.constData());
    QVERIFY2(!broken.out.contains("listening"), broken.out.constData());
}

void tst_Cli::convertToPcapng()
{
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("c.sksession"));
    ServeProcess echo;
    QVERIFY2(echo.start({}), qPrintable(echo.firstLine));
    QCOMPARE(runCli({QStringLiteral("connect"), echo.url.toString(), QStringLiteral("--record"), recording,
                     QStringLiteral("--send"), QStringLiteral("x"), QStringLiteral("--close"), QStringLiteral("1000")})
                 .exitCode,
             0);
    const QString capture = dir.filePath(QStringLiteral("c.pcapng"));
    const Run run = runCli({QStringLiteral("convert"), recording, capture});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("1 connections written"), run.out.constData());
    QFile out(capture);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.read(4), QByteArray("\x0a\x0d\x0d\x0a", 4)); // a pcapng section header block

    const Run unsupported = runCli({QStringLiteral("convert"), recording, dir.filePath(QStringLiteral("c.txt"))});
    QCOMPARE(unsupported.exitCode, 2);
    QVERIFY2(unsupported.err.contains("cannot convert .sksession to .txt"), unsupported.err.constData());
    const Run missing = runCli({QStringLiteral("convert"), dir.filePath(QStringLiteral("none.sksession")), capture});
    QCOMPARE(missing.exitCode, 7);
}

void tst_Cli::convertPairs_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("messages"); // data messages and control frames the output carries

    // A recorded session: two messages, their echoes, and the close handshake.
    QTest::addRow(".sksession to .har") << "sksession"
                                        << "har" << 6;
    QTest::addRow(".sksession to .pcapng") << "sksession"
                                           << "pcapng" << 6;
    // The browser's export: three messages, a ping and its pong, and the close handshake; the error is not a frame.
    QTest::addRow(".har to .sksession") << "har"
                                        << "sksession" << 7;
    QTest::addRow(".har to .pcapng") << "har"
                                     << "pcapng" << 7;
    // A capture of the recorded session (written by convert itself, then read as any capture).
    QTest::addRow(".pcapng to .sksession") << "pcapng"
                                           << "sksession" << 6;
    QTest::addRow(".pcapng to .har") << "pcapng"
                                     << "har" << 6;
}

void tst_Cli::convertPairs()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(int, messages);
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("in.") + from);
    if (from == QLatin1String("pcapng")) {
        ServeProcess echo;
        QVERIFY2(echo.start({}), qPrintable(echo.firstLine));
        const QString recorded = dir.filePath(QStringLiteral("recorded.sksession"));
        QCOMPARE(runCli({QStringLiteral("connect"), echo.url.toString(), QStringLiteral("--record"), recorded,
                         QStringLiteral("--send"), QStringLiteral("caf\u00e9"), QStringLiteral("--send-hex"),
                         QStringLiteral("00 ff 80"), QStringLiteral("--close"), QStringLiteral("4000:bye")})
                     .exitCode,
                 0);
        QCOMPARE(runCli({QStringLiteral("convert"), recorded, input}).exitCode, 0);
    } else if (from == QLatin1String("sksession")) {
        ServeProcess echo;
        QVERIFY2(echo.start({}), qPrintable(echo.firstLine));
        QCOMPARE(runCli({QStringLiteral("connect"), echo.url.toString(), QStringLiteral("--record"), input,
                         QStringLiteral("--send"), QStringLiteral("caf\u00e9"), QStringLiteral("--send-hex"),
                         QStringLiteral("00 ff 80"), QStringLiteral("--close"), QStringLiteral("4000:bye")})
                     .exitCode,
                 0);
    } else {
        QFile file(input);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(browserHar());
    }
    const QString output = dir.filePath(QStringLiteral("out.") + to);
    const Run run = runCli({QStringLiteral("convert"), input, output});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("1 connections written to " + output.toUtf8()), run.out.constData());
    QVERIFY2(run.err.isEmpty(), run.err.constData());

    QString inputError;
    QString outputError;
    const QList<Carried> expected = carriedBy(input, dir.path(), &inputError);
    const QList<Carried> converted = carriedBy(output, dir.path(), &outputError);
    QVERIFY2(inputError.isEmpty(), qPrintable(inputError));
    QVERIFY2(outputError.isEmpty(), qPrintable(outputError));
    QCOMPARE(expected.size(), messages);
    QCOMPARE(converted, expected);
}

void tst_Cli::convertBadCapture()
{
    QTemporaryDir dir;
    ServeProcess echo;
    QVERIFY2(echo.start({}), qPrintable(echo.firstLine));
    const QString recorded = dir.filePath(QStringLiteral("recorded.sksession"));
    QCOMPARE(runCli({QStringLiteral("connect"), echo.url.toString(), QStringLiteral("--record"), recorded,
                     QStringLiteral("--send"), QStringLiteral("one"), QStringLiteral("--send"), QStringLiteral("two"),
                     QStringLiteral("--close"), QStringLiteral("1000")})
                 .exitCode,
             0);
    const QString capture = dir.filePath(QStringLiteral("whole.pcapng"));
    QCOMPARE(runCli({QStringLiteral("convert"), recorded, capture}).exitCode, 0);
    const QByteArray bytes = readAll(capture);

    // Cut short: the connection up to the cut is converted, the error says where, status 7.
    const QString cut = dir.filePath(QStringLiteral("cut.pcapng"));
    QFile cutFile(cut);
    QVERIFY(cutFile.open(QIODevice::WriteOnly));
    cutFile.write(bytes.left(bytes.size() - 40));
    cutFile.close();
    const QString cutSession = dir.filePath(QStringLiteral("cut.sksession"));
    const Run truncated = runCli({QStringLiteral("convert"), cut, cutSession});
    QCOMPARE(truncated.exitCode, 7);
    QVERIFY2(QRegularExpression(QStringLiteral("block \\d+ at byte \\d+: .*; converting what came before"))
                 .match(QString::fromUtf8(truncated.err))
                 .hasMatch(),
             truncated.err.constData());
    const session::LoadedSession partial = session::loadSessionFile(cutSession);
    QVERIFY(!partial.complete);
    QCOMPARE(partial.connections.size(), size_t(1));
    QCOMPARE(payloads(partial.connections.front()->log, proto::Direction::Outgoing), (QList<QByteArray>{"one", "two"}));

    // Not a capture: nothing written, an existing OUT left as it was.
    const QString notCapture = dir.filePath(QStringLiteral("text.pcap"));
    QFile text(notCapture);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("not a capture at all");
    text.close();
    const QString kept = dir.filePath(QStringLiteral("kept.har"));
    QFile keptFile(kept);
    QVERIFY(keptFile.open(QIODevice::WriteOnly));
    keptFile.write("previous");
    keptFile.close();
    const Run bad = runCli({QStringLiteral("convert"), notCapture, kept});
    QCOMPARE(bad.exitCode, 7);
    QVERIFY2(bad.err.contains("text.pcap: "), bad.err.constData());
    QCOMPARE(readAll(kept), QByteArray("previous"));
}

void tst_Cli::convertBadHar()
{
    QTemporaryDir dir;
    const QByteArray har = browserHar();
    auto write = [&dir](const QString &name, const QByteArray &bytes) {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    };

    // Cut inside the third message: the two before it are converted, the error says where, status 7.
    const qsizetype cut = har.indexOf("AQEB");
    QVERIFY(cut > 0);
    QVERIFY(write(QStringLiteral("cut.har"), har.left(cut)));
    const QString cutSession = dir.filePath(QStringLiteral("cut.sksession"));
    const Run truncated = runCli({QStringLiteral("convert"), dir.filePath(QStringLiteral("cut.har")), cutSession});
    QCOMPARE(truncated.exitCode, 7);
    const QByteArray where = "line " + QByteArray::number(har.left(cut).count('\n') + 1) + ", column ";
    QVERIFY2(truncated.err.contains(where), truncated.err.constData());
    QVERIFY2(truncated.err.contains("converting what was read before it"), truncated.err.constData());
    const session::LoadedSession partial = session::loadSessionFile(cutSession);
    QVERIFY(!partial.error);
    QVERIFY(!partial.complete);
    QCOMPARE(partial.connections.size(), size_t(1));
    QCOMPARE(payloads(partial.connections.front()->log, proto::Direction::Outgoing),
             QList<QByteArray>{R"({"op":"hello"})"});
    QCOMPARE(payloads(partial.connections.front()->log, proto::Direction::Incoming), QList<QByteArray>{"caf\xc3\xa9"});

    // A value of the wrong type: named by its path, with its line and column.
    QByteArray wrongType = har;
    wrongType.replace("\"opcode\": 9", "\"opcode\": \"ping\"");
    QVERIFY(write(QStringLiteral("type.har"), wrongType));
    const Run typed = runCli({QStringLiteral("convert"), dir.filePath(QStringLiteral("type.har")),
                              dir.filePath(QStringLiteral("type.pcapng"))});
    QCOMPARE(typed.exitCode, 7);
    QVERIFY2(typed.err.contains("log.entries[0]._webSocketMessages[3].opcode: expected a number"),
             typed.err.constData());
    QVERIFY2(QRegularExpression(QStringLiteral("type\\.har: line \\d+, column \\d+ \\(byte \\d+\\): log"))
                 .match(QString::fromUtf8(typed.err))
                 .hasMatch(),
             typed.err.constData());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("type.pcapng"))));

    // Not a HAR file at all: nothing to convert, and an existing OUT is left as it was.
    QVERIFY(write(QStringLiteral("text.har"), "hello"));
    const QString kept = dir.filePath(QStringLiteral("kept.sksession"));
    QVERIFY(write(QStringLiteral("kept.sksession"), "previous"));
    const Run notHar = runCli({QStringLiteral("convert"), dir.filePath(QStringLiteral("text.har")), kept});
    QCOMPARE(notHar.exitCode, 7);
    QVERIFY2(notHar.err.contains("text.har: line 1, column 1 (byte 0)"), notHar.err.constData());
    QCOMPARE(readAll(kept), QByteArray("previous"));

    const Run unsupported = runCli(
        {QStringLiteral("convert"), dir.filePath(QStringLiteral("cut.har")), dir.filePath(QStringLiteral("out.har"))});
    QCOMPARE(unsupported.exitCode, 2);
    QVERIFY2(unsupported.err.contains("cannot convert .har to .har; supported: .pcapng to .sksession, .pcap to "
                                      ".sksession, .pcapng to .har, .pcap to .har, .sksession to .pcapng, .sksession "
                                      "to .har, .har to .sksession, .har to .pcapng"),
             unsupported.err.constData());
    const Run missing = runCli({QStringLiteral("convert"), dir.filePath(QStringLiteral("none.har")), kept});
    QCOMPARE(missing.exitCode, 7);
    QCOMPARE(readAll(kept), QByteArray("previous"));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
