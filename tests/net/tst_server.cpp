#include "net/clientconnection.h"
#include "net/server.h"
#include "net/serverclient.h"

#include "proto/framewriter.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <QWebSocketServer>

#include <memory>
#include <vector>

using namespace sockscope;
using net::Server;
using net::ServerClient;
using net::ServerMode;

namespace {
net::ServerOptions localOptions(ServerMode mode = ServerMode::Echo)
{
    net::ServerOptions o;
    o.port = 0;
    o.mode = mode;
    o.handshakeTimeoutMs = 5000;
    return o;
}

// A QWebSocket client that keeps what it received.
class Peer : public QObject
{
public:
    Peer()
    {
        socket.setMaxAllowedIncomingMessageSize(64 << 20);
        socket.setMaxAllowedIncomingFrameSize(64 << 20);
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &m) { texts << m; });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &m) { binaries << m; });
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
    int received() const { return int(texts.size() + binaries.size()); }

    QWebSocket socket;
    QStringList texts;
    QList<QByteArray> binaries;
    QList<QByteArray> pongs;
};

// A raw TCP client for what a WebSocket client would never send.
struct RawClient {
    QTcpSocket socket;
    QByteArray received;

    bool connectTo(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
    // Reads until the server closes the connection.
    bool waitClosed(int ms = 5000)
    {
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        QSignalSpy gone(&socket, &QTcpSocket::disconnected);
        return gone.wait(ms);
    }
};

QByteArray upgradeRequest(QByteArrayView path, const QByteArray &extra = {})
{
    return "GET " + path.toByteArray() +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
           extra + "\r\n";
}

QSslConfiguration trustingTestCa()
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificates(QSslCertificate::fromPath(QFINDTESTDATA("data/server.crt")));
    return config;
}

net::ServerOptions tlsOptions()
{
    net::ServerOptions o = localOptions();
    o.certificate = QSslCertificate::fromPath(QFINDTESTDATA("data/server.crt")).value(0);
    QFile keyFile(QFINDTESTDATA("data/server.key"));
    if (keyFile.open(QIODevice::ReadOnly))
        o.privateKey = QSslKey(&keyFile, QSsl::Rsa);
    return o;
}
} // namespace

class tst_Server : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void defaultsAreLocal();
    void echoTextAndBinary();
    void largeAndFragmentedMessages();
    void pingAnswered();
    void closeCodes();
    void serverClosesClient();
    void subprotocolChosen();
    void subprotocolRequired();
    void refusedByPath();
    void refusedByOrigin();
    void invalidRequestRefused();
    void testPageServed();
    void sinkMode();
    void broadcastMode();
    void relayMode();
    void relayUpstreamDown();
    void sendToAll();
    void wss();
    void faultRefuse();
    void faultEchoDelay();
    void faultDropEveryNth();
    void faultIgnorePings();
    void faultStopReading();
    void faultReset();
    void backpressureBoundsServerMemory();
    void frameSignalsOnlyWhenWatched();
    void sentMessagesCountedWhenUnwatched();
    void slowlorisDropped();
    void headerTooLarge();
    void messageTooBig();
    void misbehavingClientEndsOnlyItself();
    void thousandClients();
};

void tst_Server::initTestCase()
{
    qRegisterMetaType<ServerClient *>();
}

void tst_Server::defaultsAreLocal()
{
    const net::ServerOptions defaults;
    QCOMPARE(defaults.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(defaults.port, quint16(9998));
    QCOMPARE(defaults.path, QByteArray("/echo"));
    QCOMPARE(defaults.mode, ServerMode::Echo);

    Server server;
    QVERIFY2(server.listen(localOptions()), qPrintable(server.errorString()));
    QVERIFY(server.port() != 0);
    QCOMPARE(server.url(), QUrl(QStringLiteral("ws://127.0.0.1:%1/echo").arg(server.port())));

    // A second server cannot take the same port, and says so.
    Server second;
    net::ServerOptions same = localOptions();
    same.port = server.port();
    QVERIFY(!second.listen(same));
    QVERIFY(second.errorString().contains(QString::number(server.port())));
}

void tst_Server::echoTextAndBinary()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    QSignalSpy accepted(&server, &Server::clientAccepted);
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QCOMPARE(accepted.size(), 1);
    ServerClient *client = server.clients().value(0);
    QVERIFY(client);
    QCOMPARE(client->readyState(), proto::ReadyState::Open);
    QCOMPARE(client->path(), QByteArray("/echo"));
    QVERIFY(client->request().raw.startsWith("GET /echo HTTP/1.1\r\n"));
    QCOMPARE(client->response().statusCode, 101);
    QCOMPARE(client->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QSignalSpy received(client, &ServerClient::messageReceived);
    QSignalSpy framesSent(client, &ServerClient::frameSent);

    peer.socket.sendTextMessage(QStringLiteral("héllo wörld"));
    peer.socket.sendBinaryMessage(QByteArray("\x00\x01\xfe\xff", 4));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received(), 2, 5000);
    QCOMPARE(peer.texts, QStringList{QStringLiteral("héllo wörld")});
    QCOMPARE(peer.binaries, QList<QByteArray>{QByteArray("\x00\x01\xfe\xff", 4)});
    QCOMPARE(received.size(), 2);
    QCOMPARE(received[0][0].value<proto::Message>().type, proto::Opcode::Text);
    QCOMPARE(received[1][0].value<proto::Message>().type, proto::Opcode::Binary);
    QCOMPARE(client->messagesReceived(), quint64(2));
    QCOMPARE(client->messagesSent(), quint64(2));
    // A server never masks.
    QCOMPARE(framesSent.size(), 2);
    QVERIFY(!framesSent[0][0].value<proto::Frame>().masked);
}

void tst_Server::largeAndFragmentedMessages()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QSignalSpy frames(server.clients().value(0), &ServerClient::frameReceived);
    QByteArray big(16 << 20, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 13);
    peer.socket.sendBinaryMessage(big);
    QTRY_COMPARE_WITH_TIMEOUT(peer.binaries.size(), 1, 20000);
    QVERIFY(peer.binaries[0] == big);

    // QWebSocket splits at its outgoing frame size: a text message in 4-byte fragments arrives whole.
    frames.clear();
    peer.socket.setOutgoingFrameSize(4);
    peer.socket.sendTextMessage(QStringLiteral("fragmented hello"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.texts.size(), 1, 5000);
    QCOMPARE(peer.texts[0], QStringLiteral("fragmented hello"));
    QCOMPARE(frames.size(), 4);
    QCOMPARE(frames[1][0].value<proto::Frame>().opcode, proto::Opcode::Continuation);
}

void tst_Server::pingAnswered()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    peer.socket.ping("are you there");
    QTRY_COMPARE_WITH_TIMEOUT(peer.pongs.size(), 1, 5000);
    QCOMPARE(peer.pongs[0], QByteArray("are you there"));
}

void tst_Server::closeCodes()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    QSignalSpy finished(&server, &Server::clientFinished);
    Peer peer;
    QVERIFY(peer.open(server.url()));
    ServerClient *client = server.clients().value(0);
    QSignalSpy closed(client, &ServerClient::closed);
    peer.socket.close(QWebSocketProtocol::CloseCode(4000), QStringLiteral("done here"));
    QVERIFY(closed.wait(5000));
    const auto info = closed[0][0].value<proto::CloseInfo>();
    QCOMPARE(info.code, quint16(4000));
    QCOMPARE(info.reason, QStringLiteral("done here"));
    QVERIFY(info.wasClean);
    QCOMPARE(info.initiator, proto::CloseInitiator::Remote);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(server.clients().isEmpty());
}

void tst_Server::serverClosesClient()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QSignalSpy disconnected(&peer.socket, &QWebSocket::disconnected);
    QVERIFY(server.clients().value(0)->close(1001, "maintenance"));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(peer.socket.closeCode()), 1001);
    QCOMPARE(peer.socket.closeReason(), QStringLiteral("maintenance"));
}

void tst_Server::subprotocolChosen()
{
    {
        // By default the server speaks whatever the client offers first.
        Server server;
        QVERIFY(server.listen(localOptions()));
        Peer peer;
        QVERIFY(peer.open(server.url(), {QStringLiteral("mqtt"), QStringLiteral("chat")}));
        QCOMPARE(peer.socket.subprotocol(), QStringLiteral("mqtt"));
        QCOMPARE(server.clients().value(0)->protocol(), QByteArray("mqtt"));
    }
    {
        // With a list, the client's first offer that is on it.
        net::ServerOptions o = localOptions();
        o.subprotocols = {"chat", "v2.chat"};
        Server server;
        QVERIFY(server.listen(o));
        Peer peer;
        QVERIFY(peer.open(server.url(), {QStringLiteral("mqtt"), QStringLiteral("v2.chat"), QStringLiteral("chat")}));
        QCOMPARE(peer.socket.subprotocol(), QStringLiteral("v2.chat"));
        // No match and not required: no subprotocol.
        Peer other;
        QVERIFY(other.open(server.url(), {QStringLiteral("mqtt")}));
        QCOMPARE(other.socket.subprotocol(), QString());
    }
}

void tst_Server::subprotocolRequired()
{
    net::ServerOptions o = localOptions();
    o.subprotocols = {"chat"};
    o.requireSubprotocol = true;
    Server server;
    QVERIFY(server.listen(o));
    QSignalSpy accepted(&server, &Server::clientAccepted);
    RawClient raw;
    QVERIFY(raw.connectTo(server.port()));
    raw.socket.write(upgradeRequest("/echo", "Sec-WebSocket-Protocol: mqtt\r\n"));
    QVERIFY(raw.waitClosed());
    QVERIFY2(raw.received.startsWith("HTTP/1.1 400 Bad Request\r\n"), raw.received.constData());
    QVERIFY(raw.received.contains("mqtt"));

    Peer peer;
    QVERIFY(peer.open(server.url(), {QStringLiteral("chat")}));
    QCOMPARE(peer.socket.subprotocol(), QStringLiteral("chat"));
}

void tst_Server::refusedByPath()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    QSignalSpy accepted(&server, &Server::clientAccepted);
    RawClient raw;
    QVERIFY(raw.connectTo(server.port()));
    QVERIFY(accepted.wait(5000));
    auto *client = accepted[0][0].value<ServerClient *>();
    QSignalSpy errors(client, &ServerClient::errorOccurred);
    QSignalSpy responses(client, &ServerClient::handshakeResponseSent);
    raw.socket.write(upgradeRequest("/elsewhere"));
    QVERIFY(raw.waitClosed());
    QVERIFY2(raw.received.startsWith("HTTP/1.1 404 Not Found\r\n"), raw.received.constData());
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0][0].value<ServerClient::Error>(), ServerClient::Error::Refused);
    QCOMPARE(responses.size(), 1);
    QVERIFY(responses[0][0].toByteArray().startsWith("HTTP/1.1 404"));

    // An empty path in the options takes every path.
    net::ServerOptions any = localOptions();
    any.path.clear();
    Server anyPath;
    QVERIFY(anyPath.listen(any));
    Peer peer;
    QVERIFY(peer.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/some/where?x=1").arg(anyPath.port()))));
    QCOMPARE(anyPath.clients().value(0)->path(), QByteArray("/some/where"));
}

void tst_Server::refusedByOrigin()
{
    net::ServerOptions o = localOptions();
    o.allowedOrigins = {"https://app.example"};
    Server server;
    QVERIFY(server.listen(o));
    for (const QByteArray &origin : {QByteArray("Origin: https://evil.example\r\n"), QByteArray()}) {
        RawClient raw;
        QVERIFY(raw.connectTo(server.port()));
        raw.socket.write(upgradeRequest("/echo", origin));
        QVERIFY(raw.waitClosed());
        QVERIFY2(raw.received.startsWith("HTTP/1.1 403 Forbidden\r\n"), raw.received.constData());
    }
    QWebSocket allowed(QStringLiteral("https://app.example"));
    QSignalSpy connected(&allowed, &QWebSocket::connected);
    allowed.open(server.url());
    QVERIFY(connected.wait(5000));
    QCOMPARE(server.clients().value(0)->origin(), QByteArray("https://app.example"));
}

void tst_Server::invalidRequestRefused()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    struct Row {
        QByteArray request;
        QByteArray status;
    };
    const Row rows[] = {
        {upgradeRequest("/echo").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"),
         "HTTP/1.1 426 Upgrade Required\r\n"},
        {upgradeRequest("/echo").replace("dGhlIHNhbXBsZSBub25jZQ==", "short"), "HTTP/1.1 400 Bad Request\r\n"},
        {"POST /echo HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 405 Method Not Allowed\r\n"},
        {"GET /echo HTTP/1.1\nHost: x\n\n", "HTTP/1.1 400 Bad Request\r\n"},
    };
    for (const Row &row : rows) {
        RawClient raw;
        QVERIFY(raw.connectTo(server.port()));
        raw.socket.write(row.request);
        QVERIFY(raw.waitClosed());
        QVERIFY2(raw.received.startsWith(row.status), raw.received.constData());
    }
    QTRY_VERIFY_WITH_TIMEOUT(server.clients().isEmpty(), 5000);
}

void tst_Server::testPageServed()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    RawClient page;
    QVERIFY(page.connectTo(server.port()));
    page.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(page.waitClosed());
    QVERIFY2(page.received.startsWith("HTTP/1.1 200 OK\r\n"), page.received.left(200).constData());
    QVERIFY(page.received.contains("Content-Type: text/html; charset=utf-8\r\n"));
    QVERIFY(page.received.contains("new WebSocket("));
    QVERIFY(page.received.contains("location.host + \"/echo\""));

    // A plain GET on the endpoint asks for an upgrade; anything else is not here.
    RawClient plain;
    QVERIFY(plain.connectTo(server.port()));
    plain.socket.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(plain.waitClosed());
    QVERIFY2(plain.received.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), plain.received.constData());
    QVERIFY(plain.received.contains("Sec-WebSocket-Version: 13\r\n"));
    RawClient missing;
    QVERIFY(missing.connectTo(server.port()));
    missing.socket.write("GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(missing.waitClosed());
    QVERIFY2(missing.received.startsWith("HTTP/1.1 404 Not Found\r\n"), missing.received.constData());
}

void tst_Server::sinkMode()
{
    Server server;
    QVERIFY(server.listen(localOptions(ServerMode::Sink)));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    ServerClient *client = server.clients().value(0);
    QSignalSpy received(client, &ServerClient::messageReceived);
    peer.socket.sendTextMessage(QStringLiteral("one"));
    peer.socket.sendTextMessage(QStringLiteral("two"));
    // A ping after the messages: its pong proves both were read, and nothing came back before it.
    peer.socket.ping("after");
    QTRY_COMPARE_WITH_TIMEOUT(peer.pongs.size(), 1, 5000);
    QCOMPARE(received.size(), 2);
    QCOMPARE(peer.received(), 0);
    QCOMPARE(client->messagesSent(), quint64(0));
}

void tst_Server::broadcastMode()
{
    Server server;
    QVERIFY(server.listen(localOptions(ServerMode::Broadcast)));
    Peer a;
    Peer b;
    Peer c;
    QVERIFY(a.open(server.url()));
    QVERIFY(b.open(server.url()));
    QVERIFY(c.open(server.url()));
    a.socket.sendTextMessage(QStringLiteral("from a"));
    b.socket.sendBinaryMessage("from b");
    for (Peer *p : {&a, &b, &c}) {
        QTRY_COMPARE_WITH_TIMEOUT(p->received(), 2, 5000);
        QCOMPARE(p->texts, QStringList{QStringLiteral("from a")});
        QCOMPARE(p->binaries, QList<QByteArray>{"from b"});
    }
}

void tst_Server::relayMode()
{
    // Upstream: QWebSocketServer echoing, choosing "chat".
    QWebSocketServer upstream(QStringLiteral("upstream"), QWebSocketServer::NonSecureMode);
    upstream.setSupportedSubprotocols({QStringLiteral("chat")});
    QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));
    QString upstreamOrigin;
    connect(&upstream, &QWebSocketServer::newConnection, this, [&] {
        QWebSocket *s = upstream.nextPendingConnection();
        s->setParent(&upstream);
        upstreamOrigin = s->origin();
        // A greeting right behind the 101: it reaches the relay before the relay answered its client.
        s->sendTextMessage(QStringLiteral("greeting"));
        connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &m) { s->sendTextMessage(m.toUpper()); });
        connect(s, &QWebSocket::binaryMessageReceived, s, [s](const QByteArray &m) { s->sendBinaryMessage(m); });
    });

    net::ServerOptions o = localOptions(ServerMode::Relay);
    o.upstream.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/up").arg(upstream.serverPort()));
    o.upstream.handshakeTimeoutMs = 5000;
    Server relay;
    QVERIFY2(relay.listen(o), qPrintable(relay.errorString()));
    QSignalSpy accepted(&relay, &Server::clientAccepted);

    QWebSocket peer(QStringLiteral("https://origin.example"));
    QStringList texts;
    QList<QByteArray> binaries;
    connect(&peer, &QWebSocket::textMessageReceived, this, [&](const QString &m) { texts << m; });
    connect(&peer, &QWebSocket::binaryMessageReceived, this, [&](const QByteArray &m) { binaries << m; });
    QSignalSpy connected(&peer, &QWebSocket::connected);
    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols({QStringLiteral("mqtt"), QStringLiteral("chat")});
    peer.open(relay.url(), handshake);
    QVERIFY(accepted.wait(5000));
    auto *client = accepted[0][0].value<ServerClient *>();
    QSignalSpy upstreamCreated(client, &ServerClient::upstreamCreated);
    QVERIFY(connected.wait(5000));
    // The upstream chose; the client got its choice.
    QCOMPARE(peer.subprotocol(), QStringLiteral("chat"));
    QCOMPARE(upstreamOrigin, QStringLiteral("https://origin.example"));
    QCOMPARE(upstreamCreated.size(), 1);
    net::ClientConnection *up = client->upstream();
    QVERIFY(up);
    QSignalSpy upstreamReceived(up, &net::ClientConnection::messageReceived);

    peer.sendTextMessage(QStringLiteral("through the relay"));
    peer.sendBinaryMessage(QByteArray("\x01\x02", 2));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size() + binaries.size(), 3, 5000);
    QCOMPARE(texts, (QStringList{QStringLiteral("greeting"), QStringLiteral("THROUGH THE RELAY")}));
    QCOMPARE(binaries, QList<QByteArray>{QByteArray("\x01\x02", 2)});
    // Both halves are visible: what the client sent and what the upstream answered.
    QCOMPARE(client->messagesReceived(), quint64(2));
    QCOMPARE(upstreamReceived.size(), 2);

    // The client's close code travels upstream.
    QSignalSpy upstreamClosed(up, &net::ClientConnection::closed);
    QSignalSpy finished(&relay, &Server::clientFinished);
    peer.close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
    QVERIFY(upstreamClosed.wait(5000));
    QCOMPARE(upstreamClosed[0][0].value<proto::CloseInfo>().sentCode, std::optional<quint16>(4001));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
}

void tst_Server::relayUpstreamDown()
{
    // A port that nobody listens on: take one and free it.
    quint16 freePort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        freePort = probe.serverPort();
    }
    net::ServerOptions o = localOptions(ServerMode::Relay);
    o.upstream.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(freePort));
    Server relay;
    QVERIFY(relay.listen(o));
    RawClient raw;
    QVERIFY(raw.connectTo(relay.port()));
    raw.socket.write(upgradeRequest("/echo"));
    QVERIFY(raw.waitClosed());
    QVERIFY2(raw.received.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), raw.received.constData());

    // A relay without a usable upstream URL does not start.
    net::ServerOptions noUpstream = localOptions(ServerMode::Relay);
    Server broken;
    QVERIFY(!broken.listen(noUpstream));
    QVERIFY(broken.errorString().contains(QLatin1String("upstream")));
}

void tst_Server::sendToAll()
{
    Server server;
    QVERIFY(server.listen(localOptions(ServerMode::Sink)));
    Peer a;
    Peer b;
    QVERIFY(a.open(server.url()));
    QVERIFY(b.open(server.url()));
    QCOMPARE(server.sendToAll(proto::Opcode::Text, "to everyone"), 2);
    QVERIFY(server.clients().value(1)->sendMessage(proto::Opcode::Binary, "to b"));
    QTRY_COMPARE_WITH_TIMEOUT(b.received(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(a.received(), 1, 5000);
    QCOMPARE(a.texts, QStringList{QStringLiteral("to everyone")});
    QCOMPARE(b.binaries, QList<QByteArray>{"to b"});
}

void tst_Server::wss()
{
    Server server;
    const net::ServerOptions o = tlsOptions();
    QVERIFY(!o.privateKey.isNull());
    QVERIFY2(server.listen(o), qPrintable(server.errorString()));
    QCOMPARE(server.url().scheme(), QStringLiteral("wss"));
    Peer peer;
    peer.socket.setSslConfiguration(trustingTestCa());
    QVERIFY(peer.open(server.url()));
    peer.socket.sendTextMessage(QStringLiteral("secret"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.texts.size(), 1, 5000);
    QCOMPARE(peer.texts[0], QStringLiteral("secret"));

    // A client that does not trust the certificate does not get in, and the server goes on.
    QWebSocket untrusting;
    QSignalSpy sslErrors(&untrusting, &QWebSocket::sslErrors);
    untrusting.open(server.url());
    QVERIFY(sslErrors.wait(5000));
    Peer again;
    again.socket.setSslConfiguration(trustingTestCa());
    QVERIFY(again.open(server.url()));
}

void tst_Server::faultRefuse()
{
    net::ServerOptions o = localOptions();
    o.faults.refuseStatus = 503;
    o.faults.refuseBody = "come back later";
    Server server;
    QVERIFY(server.listen(o));
    RawClient raw;
    QVERIFY(raw.connectTo(server.port()));
    raw.socket.write(upgradeRequest("/echo"));
    QVERIFY(raw.waitClosed());
    QVERIFY2(raw.received.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), raw.received.constData());
    QVERIFY(raw.received.endsWith("\r\n\r\ncome back later"));

    // Turned off while running: the next client gets in.
    net::FaultInjection none;
    server.setFaults(none);
    Peer peer;
    QVERIFY(peer.open(server.url()));
}

void tst_Server::faultEchoDelay()
{
    net::ServerOptions o = localOptions();
    o.faults.echoDelayMs = 150;
    Server server;
    QVERIFY(server.listen(o));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QElapsedTimer timer;
    timer.start();
    peer.socket.sendTextMessage(QStringLiteral("first"));
    peer.socket.sendTextMessage(QStringLiteral("second"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.texts.size(), 2, 5000);
    QVERIFY2(timer.elapsed() >= 150, qPrintable(QString::number(timer.elapsed())));
    // Order is kept.
    QCOMPARE(peer.texts, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_Server::faultDropEveryNth()
{
    net::ServerOptions o = localOptions();
    o.faults.dropEveryNth = 2;
    Server server;
    QVERIFY(server.listen(o));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    for (int i = 1; i <= 5; ++i)
        peer.socket.sendTextMessage(QString::number(i));
    peer.socket.ping("after");
    QTRY_COMPARE_WITH_TIMEOUT(peer.pongs.size(), 1, 5000);
    QCOMPARE(peer.texts, (QStringList{QStringLiteral("1"), QStringLiteral("3"), QStringLiteral("5")}));
    QCOMPARE(server.clients().value(0)->messagesReceived(), quint64(5));
}

void tst_Server::faultIgnorePings()
{
    net::ServerOptions o = localOptions();
    o.faults.ignorePings = true;
    Server server;
    QVERIFY(server.listen(o));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QSignalSpy pingFrames(server.clients().value(0), &ServerClient::frameReceived);
    peer.socket.ping("hello?");
    peer.socket.sendTextMessage(QStringLiteral("after the ping"));
    // The echo of the message behind the ping arrives; a pong would have come before it.
    QTRY_COMPARE_WITH_TIMEOUT(peer.texts.size(), 1, 5000);
    QCOMPARE(pingFrames.size(), 2);
    QCOMPARE(pingFrames[0][0].value<proto::Frame>().opcode, proto::Opcode::Ping);
    QVERIFY(peer.pongs.isEmpty());

    // Switched off while connected: the next ping is answered.
    server.setFaults({});
    peer.socket.ping("now?");
    QTRY_COMPARE_WITH_TIMEOUT(peer.pongs.size(), 1, 5000);
    QCOMPARE(peer.pongs[0], QByteArray("now?"));
}

void tst_Server::faultStopReading()
{
    net::ServerOptions o = localOptions();
    o.faults.stopReading = true;
    Server server;
    QVERIFY(server.listen(o));
    net::ClientConnection client;
    net::ClientOptions co;
    co.url = server.url();
    QSignalSpy opened(&client, &net::ClientConnection::opened);
    client.open(co);
    QVERIFY(opened.wait(5000));
    QSignalSpy echoed(&client, &net::ClientConnection::messageReceived);
    // 32 MiB cannot fit in the socket buffers of both ends: most of it stays queued on our side.
    const QByteArray big(32 << 20, 'x');
    QVERIFY(client.sendBinary(big));
    QVERIFY(!echoed.wait(300));
    QVERIFY2(client.bufferedAmount() > (8 << 20), qPrintable(QString::number(client.bufferedAmount())));
    QCOMPARE(server.clients().value(0)->messagesReceived(), quint64(0));

    server.setFaults({});
    QVERIFY(echoed.wait(10000));
    QVERIFY(echoed[0][0].value<proto::Message>().payload == big);
    QTRY_COMPARE_WITH_TIMEOUT(client.bufferedAmount(), qint64(0), 5000);
}

void tst_Server::faultReset()
{
    net::ServerOptions o = localOptions();
    o.faults.resetAfterMessages = 3;
    Server server;
    QVERIFY(server.listen(o));
    net::ClientConnection client;
    net::ClientOptions co;
    co.url = server.url();
    QSignalSpy opened(&client, &net::ClientConnection::opened);
    client.open(co);
    QVERIFY(opened.wait(5000));
    QSignalSpy errors(server.clients().value(0), &ServerClient::errorOccurred);
    QSignalSpy echoed(&client, &net::ClientConnection::messageReceived);
    QSignalSpy closed(&client, &net::ClientConnection::closed);
    for (int i = 1; i <= 2; ++i) {
        client.sendText(QByteArray::number(i));
        QVERIFY(echoed.wait(5000));
    }
    client.sendText("3");
    QVERIFY(closed.wait(5000));
    QCOMPARE(echoed.size(), 2);
    const auto info = closed[0][0].value<proto::CloseInfo>();
    QCOMPARE(info.code, quint16(1006));
    QVERIFY(!info.wasClean);
    QVERIFY(!info.closeReceived);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0][0].value<ServerClient::Error>(), ServerClient::Error::ConnectionReset);
}

void tst_Server::backpressureBoundsServerMemory()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    QSignalSpy accepted(&server, &Server::clientAccepted);
    // A client that sends 64 MiB of messages and reads none of the echoes.
    RawClient raw;
    raw.socket.setReadBufferSize(64 * 1024);
    raw.socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(raw.socket.waitForConnected(5000));
    raw.socket.write(upgradeRequest("/echo"));
    QVERIFY(accepted.wait(5000));
    auto *client = accepted[0][0].value<ServerClient *>();
    QTRY_VERIFY_WITH_TIMEOUT(client->transport(), 5000);
    constexpr int Count = 64;
    proto::Frame frame;
    frame.opcode = proto::Opcode::Binary;
    frame.masked = true;
    frame.maskKey = {9, 8, 7, 6};
    frame.payload = QByteArray(1 << 20, 'p');
    const QByteArray wire = proto::FrameWriter::encode(frame);
    for (int i = 0; i < Count; ++i)
        raw.socket.write(wire);
    // The server reads until its unsent echoes pass the high-water mark, then waits.
    QTRY_VERIFY_WITH_TIMEOUT(client->messagesReceived() > 0, 5000);
    QSignalSpy received(client, &ServerClient::messageReceived);
    while (received.wait(300)) {
    }
    QVERIFY2(client->messagesReceived() < quint64(Count), qPrintable(QString::number(client->messagesReceived())));
    QVERIFY2(client->transport()->bufferedAmount() <= (8 << 20) + (2 << 20),
             qPrintable(QString::number(client->transport()->bufferedAmount())));

    // Once the client reads, everything goes through.
    raw.socket.setReadBufferSize(0);
    qint64 echoed = 0;
    connect(&raw.socket, &QTcpSocket::readyRead, this, [&] { echoed += raw.socket.readAll().size(); });
    echoed += raw.socket.readAll().size();
    QTRY_COMPARE_WITH_TIMEOUT(client->messagesReceived(), quint64(Count), 20000);
    // Each echo is the payload plus a 10-byte header, after the 101 response.
    QTRY_VERIFY_WITH_TIMEOUT(echoed >= qint64(Count) * ((1 << 20) + 10), 20000);
}

void tst_Server::frameSignalsOnlyWhenWatched()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    // A log that watches every client from the moment TCP accepted it.
    int watchedFrames = 0;
    QList<ServerClient *> clients;
    connect(&server, &Server::clientAccepted, this, [&](ServerClient *client) {
        clients << client;
        if (clients.size() == 1)
            connect(client, &ServerClient::frameReceived, this, [&] { ++watchedFrames; });
    });
    Peer watched;
    QVERIFY(watched.open(server.url()));
    Peer unwatched;
    QVERIFY(unwatched.open(server.url()));
    QCOMPARE(clients.size(), 2);
    ServerClient *second = clients[1];
    QSignalSpy secondMessages(second, &ServerClient::messageReceived);
    watched.socket.sendTextMessage(QStringLiteral("a"));
    unwatched.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE_WITH_TIMEOUT(watchedFrames, 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(secondMessages.size(), 1, 5000);
    QVERIFY(clients[0]->transport()->connection().frameEventsEnabled());
    // Unwatched, data frames are not built as events; they still travel inside the message.
    QVERIFY(!second->transport()->connection().frameEventsEnabled());
    QCOMPARE(secondMessages[0][0].value<proto::Message>().frames.size(), 1);
    // Watching later turns them on.
    QSignalSpy secondFrames(second, &ServerClient::frameSent);
    QVERIFY(second->transport()->connection().frameEventsEnabled());
    unwatched.socket.sendTextMessage(QStringLiteral("c"));
    QTRY_COMPARE_WITH_TIMEOUT(secondFrames.size(), 1, 5000);
    QCOMPARE(secondFrames[0][0].value<proto::Frame>().payload, QByteArray("c"));
}

void tst_Server::sentMessagesCountedWhenUnwatched()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    ServerClient *client = server.clients().value(0);
    QVERIFY(client);
    // Nobody watches what the client is sent: the echoes go out and are counted all the same.
    QVERIFY(!client->transport()->connection().outgoingMessageEventsEnabled());
    peer.socket.sendTextMessage(QStringLiteral("one"));
    peer.socket.sendTextMessage(QStringLiteral("two"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received(), 2, 5000);
    QCOMPARE(client->messagesSent(), quint64(2));
    // Watching later reports the next ones, with their frames.
    QSignalSpy sent(client, &ServerClient::messageSent);
    QVERIFY(client->transport()->connection().outgoingMessageEventsEnabled());
    peer.socket.sendBinaryMessage(QByteArray("three"));
    QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 5000);
    const auto message = sent[0][0].value<proto::Message>();
    QCOMPARE(message.type, proto::Opcode::Binary);
    QCOMPARE(message.payload, QByteArray("three"));
    QCOMPARE(message.frames.size(), 1);
    QCOMPARE(message.frames[0].header.view(), QByteArrayView("\x82\x05", 2));
    QCOMPARE(client->messagesSent(), quint64(3));
    QTRY_COMPARE_WITH_TIMEOUT(peer.received(), 3, 5000);
}

void tst_Server::slowlorisDropped()
{
    net::ServerOptions o = localOptions();
    o.handshakeTimeoutMs = 200;
    Server server;
    QVERIFY(server.listen(o));
    QSignalSpy accepted(&server, &Server::clientAccepted);
    RawClient slow;
    QVERIFY(slow.connectTo(server.port()));
    QVERIFY(accepted.wait(5000));
    QSignalSpy errors(accepted[0][0].value<ServerClient *>(), &ServerClient::errorOccurred);
    slow.socket.write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    QVERIFY(slow.waitClosed(5000));
    QVERIFY2(slow.received.startsWith("HTTP/1.1 408 Request Timeout\r\n"), slow.received.constData());
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0][0].value<ServerClient::Error>(), ServerClient::Error::HandshakeTimeout);

    // One that sends nothing at all is dropped too.
    RawClient silent;
    QVERIFY(silent.connectTo(server.port()));
    QVERIFY(silent.waitClosed(5000));
    QVERIFY(silent.received.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(server.clients().isEmpty(), 5000);
}

void tst_Server::headerTooLarge()
{
    net::ServerOptions o = localOptions();
    o.headLimits.maxHeadSize = 4096;
    Server server;
    QVERIFY(server.listen(o));
    RawClient raw;
    QVERIFY(raw.connectTo(server.port()));
    raw.socket.write(upgradeRequest("/echo", "Cookie: " + QByteArray(8000, 'c') + "\r\n"));
    QVERIFY(raw.waitClosed());
    QVERIFY2(raw.received.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), raw.received.constData());
}

void tst_Server::messageTooBig()
{
    net::ServerOptions o = localOptions();
    o.connection.maxMessageSize = 1000;
    Server server;
    QVERIFY(server.listen(o));
    Peer peer;
    QVERIFY(peer.open(server.url()));
    QSignalSpy disconnected(&peer.socket, &QWebSocket::disconnected);
    peer.socket.sendBinaryMessage(QByteArray(1001, 'b'));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(peer.socket.closeCode()), 1009);
}

void tst_Server::misbehavingClientEndsOnlyItself()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    Peer good;
    QVERIFY(good.open(server.url()));

    RawClient bad;
    QVERIFY(bad.connectTo(server.port()));
    bad.socket.write(upgradeRequest("/echo"));
    QTRY_VERIFY_WITH_TIMEOUT(bad.received.contains("\r\n\r\n"), 5000);
    QVERIFY(bad.received.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    bad.received.clear();
    // RFC 6455 5.1: a client frame without a mask fails the connection with 1002.
    proto::Frame unmasked;
    unmasked.opcode = proto::Opcode::Text;
    unmasked.payload = "no mask";
    bad.socket.write(proto::FrameWriter::encode(unmasked));
    QVERIFY(bad.waitClosed());
    QCOMPARE(bad.received.left(1), QByteArray("\x88"));       // close
    QCOMPARE(bad.received.mid(2, 2), QByteArray("\x03\xea")); // 1002

    good.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE_WITH_TIMEOUT(good.texts.size(), 1, 5000);
    QVERIFY(server.isListening());
}

void tst_Server::thousandClients()
{
    Server server;
    QVERIFY(server.listen(localOptions()));
    constexpr int Count = 1000;
    std::vector<std::unique_ptr<net::ClientConnection>> clients;
    int opened = 0;
    int echoed = 0;
    for (int i = 0; i < Count; ++i) {
        auto c = std::make_unique<net::ClientConnection>();
        connect(c.get(), &net::ClientConnection::opened, this, [&opened, raw = c.get(), i] {
            ++opened;
            raw->sendText("client " + QByteArray::number(i));
        });
        connect(c.get(), &net::ClientConnection::messageReceived, this,
                [&echoed, i](const proto::Message &m) { echoed += m.payload == "client " + QByteArray::number(i); });
        net::ClientOptions co;
        co.url = server.url();
        co.handshakeTimeoutMs = 20000;
        c->open(co);
        clients.push_back(std::move(c));
    }
    QTRY_COMPARE_WITH_TIMEOUT(echoed, Count, 30000);
    QCOMPARE(opened, Count);
    QCOMPARE(server.clients().size(), Count);
    for (auto &c : clients)
        c->close(1000, "done");
    QTRY_VERIFY_WITH_TIMEOUT(server.clients().isEmpty(), 30000);
}

QTEST_GUILESS_MAIN(tst_Server)
#include "tst_server.moc"
