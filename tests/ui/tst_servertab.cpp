#include "ui/logpane.h"
#include "ui/messagelogmodel.h"
#include "ui/payloadeditor.h"
#include "ui/serverclientsmodel.h"
#include "ui/servertab.h"

#include "net/server.h"
#include "net/serverclient.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "../common/logfixtures.h"
#include "../common/sessionfixtures.h"
#include "../common/tlsfixtures.h"

#include <QNetworkRequest>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <optional>

using namespace sockscope;
using ui::ServerClientsModel;
using ui::ServerTab;

namespace {
// The default options (echo on 127.0.0.1) on a free port.
bool listenOnAnyPort(net::Server &server)
{
    net::ServerOptions options;
    options.port = 0;
    return server.listen(options);
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return cellText(model, row, column);
}
} // namespace

class tst_ServerTab : public QObject
{
    Q_OBJECT
private slots:
    void clientsAppearWithTheirLogs();
    void faultsApplyAtOnce();
    void handshakeRulesForTheNextClients();
    void restartAndStop();
    void wssWithCertificateFilesOrSelfSigned();
    void mocksARecordedServer();
    void mockWithoutAUsableSession();
};

void tst_ServerTab::clientsAppearWithTheirLogs()
{
    net::Server server;
    QVERIFY(listenOnAnyPort(server));
    ServerTab tab(&server);
    QAbstractItemModelTester tester(tab.clientsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.show();
    QVERIFY(tab.statusText().startsWith(QStringLiteral("Listening on ws://127.0.0.1:")));
    QVERIFY2(tab.statusText().contains(QStringLiteral("/echo — 0 clients connected.")), qPrintable(tab.statusText()));

    QWebSocket client(QStringLiteral("https://app.example"));
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, this, [&](const QString &m) { received << m; });
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(server.url());
    QVERIFY(connected.wait(5000));
    client.sendTextMessage(QStringLiteral("hello server"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 5000);

    ServerClientsModel *clients = tab.clientsModel();
    QTRY_COMPARE_WITH_TIMEOUT(clients->rowCount(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(clients, 0, ServerClientsModel::MessagesColumn), QStringLiteral("1 in / 1 out"),
                              5000);
    QCOMPARE(cell(clients, 0, ServerClientsModel::PathColumn), QStringLiteral("/echo"));
    QCOMPARE(cell(clients, 0, ServerClientsModel::OriginColumn), QStringLiteral("https://app.example"));
    QCOMPARE(cell(clients, 0, ServerClientsModel::StateColumn), QStringLiteral("OPEN"));
    QTRY_VERIFY2(tab.statusText().contains(QStringLiteral("/echo — 1 client connected.")),
                 qPrintable(tab.statusText()));
    QVERIFY(cell(clients, 0, ServerClientsModel::AddressColumn).startsWith(QStringLiteral("127.0.0.1 port ")));

    // Selecting the client shows its handshake and its log.
    tab.clientsView()->setCurrentIndex(clients->index(0, 0));
    QVERIFY(tab.selectedHandshake().startsWith(QStringLiteral("GET /echo HTTP/1.1")));
    QVERIFY(tab.selectedHandshake().contains(QStringLiteral("HTTP/1.1 101 Switching Protocols")));
    auto *log = qobject_cast<ui::MessageLogModel *>(tab.logView()->model());
    QVERIFY(log);
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 2, 5000);
    QCOMPARE(cell(log, 0, ui::MessageLogModel::PreviewColumn), QStringLiteral("hello server"));
    // Its log exports with the URL the client asked for.
    QTemporaryDir dir;
    const QString exportPath = dir.filePath(QStringLiteral("client.json"));
    QString error;
    QVERIFY2(tab.findChild<ui::LogPane *>()->exportLog(exportPath, session::LogExporter::Format::Json, true, &error),
             qPrintable(error));
    QFile exported(exportPath);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(exported.readAll()).object();
    QCOMPARE(json.value(QLatin1String("url")).toString(), server.url().toString());
    QCOMPARE(json.value(QLatin1String("messages")).toArray().size(), 2);

    // Send to the selected client, then to all.
    tab.payloadEditor()->setText(QStringLiteral("from the server tab"));
    QVERIFY(tab.sendToSelected());
    QCOMPARE(tab.sendToAll(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, 5000);
    QCOMPARE(received[1], QStringLiteral("from the server tab"));

    // The row stays after the client leaves, with its log.
    client.close();
    QTRY_COMPARE_WITH_TIMEOUT(cell(clients, 0, ServerClientsModel::StateColumn), QStringLiteral("CLOSED"), 5000);
    QVERIFY(!clients->client(0));
    QCOMPARE(clients->log(0)->store().size(), quint64(6)); // 2 + 2 messages, and the two close frames
    clients->clearFinished();
    QCOMPARE(clients->rowCount(), 0);
}

void tst_ServerTab::faultsApplyAtOnce()
{
    net::Server server;
    QVERIFY(listenOnAnyPort(server));
    ServerTab tab(&server);
    tab.setEchoDelay(120);
    QCOMPARE(server.faults().echoDelayMs, 120);
    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(server.url());
    QVERIFY(connected.wait(5000));
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    QElapsedTimer timer;
    timer.start();
    client.sendTextMessage(QStringLiteral("slow"));
    QVERIFY(echoed.wait(5000));
    QVERIFY(timer.elapsed() >= 120);
}

void tst_ServerTab::handshakeRulesForTheNextClients()
{
    net::Server server;
    QVERIFY(listenOnAnyPort(server));
    ServerTab tab(&server);
    // The status each client was answered with.
    QList<int> statuses;
    connect(&server, &net::Server::clientAccepted, this, [&statuses](net::ServerClient *client) {
        connect(client, &net::ServerClient::handshakeResponseSent, client,
                [&statuses, client] { statuses.append(client->response().statusCode); });
    });
    // Opens a client offering `protocols` with `origin`: the subprotocol chosen, or "refused N" with the status.
    const auto open = [&server, &statuses](const QStringList &protocols, const QString &origin) -> QString {
        QWebSocketHandshakeOptions handshake;
        handshake.setSubprotocols(protocols);
        QNetworkRequest request(server.url());
        request.setRawHeader("Origin", origin.toUtf8());
        QWebSocket client;
        QSignalSpy connected(&client, &QWebSocket::connected);
        QSignalSpy disconnected(&client, &QWebSocket::disconnected);
        const qsizetype answered = statuses.size();
        client.open(request, handshake);
        QElapsedTimer waited;
        waited.start();
        while (connected.isEmpty() && disconnected.isEmpty() && waited.elapsed() < 5000)
            QTest::qWait(5);
        if (connected.isEmpty())
            return QStringLiteral("refused %1").arg(statuses.size() > answered ? statuses.last() : 0);
        const QString chosen = client.subprotocol();
        client.close();
        if (disconnected.isEmpty())
            disconnected.wait(5000);
        return chosen;
    };
    // No rules: the client's first offer, any origin.
    QCOMPARE(open({QStringLiteral("b"), QStringLiteral("a")}, QStringLiteral("https://x.example")),
             QStringLiteral("b"));

    // Ours, in the client's order of preference; origins allowed; no restart needed.
    tab.setHandshakeRules(QStringLiteral("json.v2, chat"), false,
                          QStringLiteral("https://ok.example,  https://two.example"));
    QVERIFY(server.isListening());
    QCOMPARE(server.options().subprotocols, (QList<QByteArray>{"json.v2", "chat"}));
    QCOMPARE(open({QStringLiteral("other"), QStringLiteral("chat"), QStringLiteral("json.v2")},
                  QStringLiteral("https://two.example")),
             QStringLiteral("chat"));
    QCOMPARE(open({QStringLiteral("other")}, QStringLiteral("https://ok.example")), QString()); // not required
    QCOMPARE(open({QStringLiteral("chat")}, QStringLiteral("https://bad.example")), QStringLiteral("refused 403"));

    // Required: an offer without one of ours is refused.
    tab.setHandshakeRules(QStringLiteral("chat"), true, QString());
    QCOMPARE(open({QStringLiteral("other")}, QStringLiteral("https://any.example")), QStringLiteral("refused 400"));
    QCOMPARE(open({QStringLiteral("chat")}, QStringLiteral("https://any.example")), QStringLiteral("chat"));

    // The largest message: 1 MiB passes, more closes with 1009.
    tab.setMaxMessageMiB(1);
    QCOMPARE(server.options().connection.maxMessageSize, quint64(1) << 20);
    QWebSocketHandshakeOptions chat;
    chat.setSubprotocols({QStringLiteral("chat")});
    QWebSocket big;
    QSignalSpy connected(&big, &QWebSocket::connected);
    QSignalSpy disconnected(&big, &QWebSocket::disconnected);
    QSignalSpy echoed(&big, &QWebSocket::binaryMessageReceived);
    big.open(QNetworkRequest(server.url()), chat);
    QVERIFY(connected.wait(5000));
    big.sendBinaryMessage(QByteArray(1 << 20, 'a'));
    QVERIFY(echoed.wait(5000));
    big.sendBinaryMessage(QByteArray((1 << 20) + 1, 'b'));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(big.closeCode()), 1009);
}

void tst_ServerTab::restartAndStop()
{
    net::Server server;
    QVERIFY(listenOnAnyPort(server));
    ServerTab tab(&server);
    tab.setPort(0);
    tab.setMode(1); // sink
    QVERIFY(tab.start());
    QCOMPARE(server.options().mode, net::ServerMode::Sink);
    QVERIFY(server.isListening());
    tab.stop();
    QVERIFY(!server.isListening());
    QCOMPARE(tab.statusText(), QStringLiteral("Stopped."));
    // Relay without an upstream does not start, and says why.
    tab.setMode(3);
    QVERIFY(!tab.start());
    QVERIFY(tab.statusText().contains(QStringLiteral("upstream")));
}

void tst_ServerTab::wssWithCertificateFilesOrSelfSigned()
{
    using tlsfixtures::dataFile;
    net::Server server;
    ServerTab tab(&server);
    tab.setPort(0);

    // A CA-issued certificate from PEM files: a client that trusts the CA verifies it.
    tab.setTls(true, dataFile("ca-server.crt"), dataFile("ca-server.key"));
    QVERIFY2(tab.start(), qPrintable(tab.statusText()));
    QCOMPARE(server.url().scheme(), QStringLiteral("wss"));
    const QSslCertificate issued = QSslCertificate::fromPath(dataFile("ca-server.crt")).value(0);
    QCOMPARE(server.options().certificate, issued);
    QWebSocket client;
    QVERIFY(tlsfixtures::openVerifiedByTestCa(client, server.url()));
    QCOMPARE(client.sslConfiguration().peerCertificate(), issued);
    client.close();

    // A key that belongs to another certificate: the server keeps what it had and the tab says why.
    tab.setTls(true, dataFile("ca-server.crt"), dataFile("other.key"));
    QVERIFY(!tab.start());
    QVERIFY2(tab.statusText().startsWith(QStringLiteral("The server did not start: ")), qPrintable(tab.statusText()));
    QVERIFY2(tab.statusText().contains(QStringLiteral("does not belong to")), qPrintable(tab.statusText()));
    QCOMPARE(server.options().certificate, issued);

    // A password-protected PKCS#12 file: the password is asked for once, and kept for the next restarts.
    QStringList asked;
    std::optional<ui::Credentials> answer;
    tab.setCredentialProvider([&](const ui::CredentialRequest &request) {
        asked << request.text;
        return answer;
    });
    tab.setTls(true, dataFile("client.p12"));
    QVERIFY(!tab.start()); // declined
    QCOMPARE(asked, QStringList{QStringLiteral("%1 is encrypted. Its passphrase:").arg(dataFile("client.p12"))});
    QCOMPARE(
        tab.statusText(),
        QStringLiteral("The server did not start: the passphrase of %1 was not given.").arg(dataFile("client.p12")));
    QCOMPARE(server.options().certificate, issued);
    answer = ui::Credentials{QString(), QStringLiteral("sockscope-test")};
    QVERIFY2(tab.start(), qPrintable(tab.statusText()));
    QCOMPARE(server.options().certificate, QSslCertificate::fromPath(dataFile("client.crt")).value(0));
    QCOMPARE(server.options().certificateChain, QSslCertificate::fromPath(dataFile("ca.crt")));
    QVERIFY(tab.start());
    QCOMPARE(asked.size(), 2);

    // No certificate file: a self-signed one, new at each start.
    tab.setTls(true);
    QVERIFY2(tab.start(), qPrintable(tab.statusText()));
    const QSslCertificate selfSigned = server.options().certificate;
    QVERIFY(!selfSigned.isNull());
    QVERIFY(selfSigned != issued);
    QCOMPARE(selfSigned.issuerDisplayName(), selfSigned.subjectDisplayName());
    QVERIFY(server.options().certificateChain.isEmpty());

    // And back to ws://.
    tab.setTls(false, dataFile("ca-server.crt"), dataFile("ca-server.key"));
    QVERIFY(tab.start());
    QCOMPARE(server.url().scheme(), QStringLiteral("ws"));
    QVERIFY(server.options().certificate.isNull());
}

// A recorded conversation played by the local server: each message the client sends is answered with what the
// recorded server sent after it.
void tst_ServerTab::mocksARecordedServer()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(2, 6, QStringLiteral("ws://h/")), true)));
    net::Server server;
    QVERIFY(listenOnAnyPort(server));
    ServerTab tab(&server);
    tab.setPort(0);
    QVERIFY2(tab.playSession(path, 2), qPrintable(tab.statusText()));
    QCOMPARE(server.options().mode, net::ServerMode::Mock);
    QVERIFY2(tab.statusText().contains(QStringLiteral("Mock: playing connection 2 of s.sksession")),
             qPrintable(tab.statusText()));
    QWebSocket client;
    QSignalSpy received(&client, &QWebSocket::textMessageReceived);
    client.open(server.url());
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    for (int i = 0; i < 6; i += 2) {
        client.sendTextMessage(QString::fromLatin1(sessionfixtures::payloadOf(2, i)));
        QTRY_COMPARE(received.size(), i / 2 + 1);
        QCOMPARE(received.last()[0].toString(), QString::fromLatin1(sessionfixtures::payloadOf(2, i + 1)));
    }
    // The server's clients and their logs show as in any mode.
    QTRY_COMPARE(tab.clientsModel()->rowCount(), 1);
}

void tst_ServerTab::mockWithoutAUsableSession()
{
    QTemporaryDir dir;
    net::Server server;
    QVERIFY(listenOnAnyPort(server));
    ServerTab tab(&server);
    tab.setPort(0);
    QVERIFY(!tab.playSession(dir.filePath(QStringLiteral("missing.sksession"))));
    QVERIFY2(tab.statusText().contains(QStringLiteral("cannot be opened")), qPrintable(tab.statusText()));
    // The server keeps what it was doing.
    QVERIFY(server.isListening());
    QCOMPARE(server.options().mode, net::ServerMode::Echo);
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(1, 2, QStringLiteral("ws://h/")), true)));
    QVERIFY(!tab.playSession(path, 5));
    QVERIFY2(tab.statusText().contains(QStringLiteral("no connection 5")), qPrintable(tab.statusText()));
    QVERIFY(sessionfixtures::writeFile(path, "garbage, not a session"));
    QVERIFY(!tab.playSession(path));
    QVERIFY2(tab.statusText().contains(QStringLiteral("not a Sockscope session")), qPrintable(tab.statusText()));
}

QTEST_MAIN(tst_ServerTab)
#include "tst_servertab.moc"
