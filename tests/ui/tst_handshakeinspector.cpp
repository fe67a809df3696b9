#include "ui/connectiontab.h"
#include "ui/handshakeinspector.h"

#include "net/server.h"
#include "net/serverclient.h"

#include "proto/handshakekey.h"
#include "proto/httpheadparser.h"

#include <QCheckBox>
#include <QPushButton>
#include <QTest>

using namespace sockscope;
using ui::HandshakeInspector;

namespace {
proto::HttpRequestHead request()
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Request);
    parser.feed("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: chat, superchat\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n");
    return parser.request();
}

proto::HttpResponseHead response(const QByteArray &accept, const QByteArray &protocol)
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Response);
    parser.feed(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
        accept + "\r\nSec-WebSocket-Protocol: " + protocol + "\r\n\r\n");
    return parser.response();
}
} // namespace

class tst_HandshakeInspector : public QObject
{
    Q_OBJECT
private slots:
    void rfcExampleChecksOut();
    void wrongAcceptAndProtocolMarked();
    void lineEndsAndEditing();
    void timingBar();
    void editedRequestSentOnANewConnection();
};

void tst_HandshakeInspector::rfcExampleChecksOut()
{
    HandshakeInspector inspector;
    // RFC 6455 1.3: the key dGhlIHNhbXBsZSBub25jZQ== gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=.
    inspector.showResponse(request(), response("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "chat"));
    const QString checks = inspector.checksText();
    QVERIFY2(checks.contains(QStringLiteral("✔</span> Sec-WebSocket-Accept s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")),
             qPrintable(checks));
    QVERIFY(checks.contains(QStringLiteral("✔</span> Status 101")));
    QVERIFY(checks.contains(QStringLiteral("✔</span> Subprotocol: chat (offered: chat, superchat)")));
    QVERIFY(!checks.contains(QStringLiteral("✘")));
}

void tst_HandshakeInspector::wrongAcceptAndProtocolMarked()
{
    HandshakeInspector inspector;
    inspector.showResponse(request(), response("AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "mqtt"));
    const QString checks = inspector.checksText();
    QVERIFY2(checks.contains(QStringLiteral("✘</span> Sec-WebSocket-Accept is “AAAAAAAAAAAAAAAAAAAAAAAAAAA=”, expected "
                                            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")),
             qPrintable(checks));
    QVERIFY(checks.contains(QStringLiteral("✘</span> Subprotocol: mqtt")));
}

void tst_HandshakeInspector::lineEndsAndEditing()
{
    HandshakeInspector inspector;
    inspector.showRequest("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    QCOMPARE(inspector.requestText(), QStringLiteral("GET / HTTP/1.1\nHost: a\n\n"));
    inspector.findChild<QCheckBox *>()->setChecked(true);
    QCOMPARE(inspector.requestText(), QStringLiteral("GET / HTTP/1.1␍␊\nHost: a␍␊\n␍␊\n"));
    // The editor works with plain lines; what is sent has CR LF and the empty line that ends a head.
    inspector.setEditedRequest("GET /x HTTP/1.1\nHost: b\n");
    QCOMPARE(inspector.editedRequest(), QByteArray("GET /x HTTP/1.1\r\nHost: b\r\n\r\n"));
}

void tst_HandshakeInspector::timingBar()
{
    HandshakeInspector inspector;
    inspector.resize(600, 400);
    net::ConnectTimings t;
    t.dns = 10;
    t.tcp = 1900;
    t.upgrade = 63160;
    inspector.showTimings(t);
    QCOMPARE(inspector.timingBar()->summary(),
             QStringLiteral("DNS 0.01 ms · TCP 1.90 ms · TLS – ms · HTTP upgrade 63.16 ms"));
    QVERIFY(!inspector.timingBar()->grab().isNull());
}

void tst_HandshakeInspector::editedRequestSentOnANewConnection()
{
    net::Server server;
    net::ServerOptions options;
    options.port = 0;
    QVERIFY(server.listen(options));
    ui::ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    HandshakeInspector *inspector = tab.handshakeInspector();
    // Start from the last request, add a header, send.
    QPushButton *startFrom = nullptr;
    QPushButton *send = nullptr;
    for (QPushButton *b : inspector->findChildren<QPushButton *>()) {
        if (b->text().startsWith(QStringLiteral("Start from")))
            startFrom = b;
        if (b->objectName() == QLatin1String("sendRawRequest"))
            send = b;
    }
    QVERIFY(startFrom && send);
    startFrom->click();
    QByteArray edited = inspector->editedRequest();
    edited.replace("User-Agent: Sockscope\r\n", "User-Agent: Sockscope\r\nX-Hand-Written: yes\r\n");
    inspector->setEditedRequest(edited);
    send->click();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!server.clients().isEmpty() &&
                                 server.clients().last()->request().headers.value("X-Hand-Written") == "yes",
                             5000);
    QVERIFY(tab.handshakeRequestText().contains(QStringLiteral("X-Hand-Written: yes")));
}

QTEST_MAIN(tst_HandshakeInspector)
#include "tst_handshakeinspector.moc"
