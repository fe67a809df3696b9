#include "ui/certificatedialog.h"
#include "ui/connectiontab.h"
#include "ui/messagedetails.h"
#include "ui/messagelogmodel.h"
#include "ui/payloadeditor.h"
#include "ui/rawframeeditor.h"

#include "net/selfsignedcertificate.h"
#include "net/server.h"
#include "net/serverclient.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTableView>
#include <QTemporaryFile>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include "../common/httpconnectproxy.h"
#include "../common/logfixtures.h"
#include "../common/socks5proxy.h"

using namespace sockscope;
using ui::ConnectionTab;
using ui::MessageLogModel;

namespace {
QString cell(const QAbstractItemModel *model, int row, int column)
{
    return cellText(model, row, column);
}

net::ServerOptions localServer()
{
    net::ServerOptions o;
    o.port = 0;
    return o;
}

QString dataFile(const QString &name)
{
    return QFINDTESTDATA(QStringLiteral("../net/data/") + name);
}

QSslCertificate certificateFile(const QString &name)
{
    return QSslCertificate::fromPath(dataFile(name)).value(0);
}

// Answers every request of a tab with what it was given, and remembers the requests.
struct CredentialAnswers {
    QList<ui::CredentialRequest> requests;
    QList<std::optional<ui::Credentials>> answers; // in order; nothing left: declined

    ui::CredentialProvider provider()
    {
        return [this](const ui::CredentialRequest &request) {
            requests.append(request);
            return answers.isEmpty() ? std::nullopt : answers.takeFirst();
        };
    }
};

// A wss:// echo server (QWebSocketServer) that wants a client certificate issued by the test CA and remembers
// the ones it saw.
struct ClientCertificateServer {
    QWebSocketServer server{QStringLiteral("mtls"), QWebSocketServer::SecureMode};
    QList<QSslCertificate> clientCertificates;

    bool start()
    {
        QFile keyFile(dataFile(QStringLiteral("ca-server.key")));
        if (!keyFile.open(QIODevice::ReadOnly))
            return false;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(certificateFile(QStringLiteral("ca-server.crt")));
        config.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        config.setCaCertificates({certificateFile(QStringLiteral("ca.crt"))});
        server.setSslConfiguration(config);
        QObject::connect(&server, &QWebSocketServer::newConnection, &server, [this] {
            QWebSocket *s = server.nextPendingConnection();
            s->setParent(&server);
            clientCertificates.append(s->sslConfiguration().peerCertificate());
        });
        return server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("wss://127.0.0.1:%1/").arg(server.serverPort()); }
};
} // namespace

class tst_ConnectionTab : public QObject
{
    Q_OBJECT
private slots:
    void connectSendSeeEcho();
    void keyboardOnly();
    void sendHexAndFile();
    void pingAndClose();
    void invalidRawFrame();
    void refusedConnection();
    void untrustedCertificateAcceptedForThisTabOnly();
    void originAndHeadersSent();
    void trustAndIdentityFromFiles();
    void settingsRoundTrip();
    void filesChosenWithBrowseButtons();
    void proxyPasswordAskedBeforeConnecting();
    void proxyCredentialsAskedWhenRefused_data();
    void proxyCredentialsAskedWhenRefused();
    void proxyCredentialsAskedOnce();
    void passphraseAskedBeforeConnecting_data();
    void passphraseAskedBeforeConnecting();
    void floodArrivesWholeAndTheWindowStaysLive();
};

void tst_ConnectionTab::connectSendSeeEcho()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    ConnectionTab tab;
    QAbstractItemModelTester tester(tab.logModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.resize(1200, 800);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.setUrl(server.url().toString());
    tab.setSubprotocols(QStringLiteral("chat"));
    QTest::mouseClick(tab.findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QVERIFY(tab.handshakeRequestText().startsWith(QStringLiteral("GET /echo HTTP/1.1")));
    QVERIFY(tab.handshakeResponseText().startsWith(QStringLiteral("HTTP/1.1 101 Switching Protocols")));

    // Type, Ctrl+Enter, and the echo comes back.
    auto *editor = tab.sender()->payloadEditor()->findChild<QWidget *>(QStringLiteral("textEditor"));
    editor->setFocus();
    QTest::keyClicks(editor, QStringLiteral("{\"hello\":1}"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    MessageLogModel *model = tab.logModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 5000);
    QCOMPARE(cell(model, 0, MessageLogModel::DirectionColumn), QStringLiteral("↑ sent"));
    QCOMPARE(cell(model, 1, MessageLogModel::DirectionColumn), QStringLiteral("↓ received"));
    QCOMPARE(cell(model, 1, MessageLogModel::PreviewColumn), QStringLiteral("{\"hello\":1}"));

    // Selecting the echo shows it, formatted.
    tab.logView()->setCurrentIndex(model->index(1, 0));
    QCOMPARE(tab.details()->shownText(), QStringLiteral("{\n  \"hello\": 1\n}"));

    // Filtering.
    auto *filter = tab.findChild<QLineEdit *>(QStringLiteral("filter"));
    QTest::keyClicks(filter, QStringLiteral("nothing like it"));
    QCOMPARE(model->rowCount(), 0);
    filter->clear();
    QCOMPARE(model->rowCount(), 2);

    // Disconnect: a clean close.
    QTest::mouseClick(tab.findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
    QVERIFY(tab.connection().closeInfo()->wasClean);
}

void tst_ConnectionTab::keyboardOnly()
{
    // URL, Enter, type the message, Ctrl+Enter: no mouse needed.
    net::Server server;
    QVERIFY(server.listen(localServer()));
    ConnectionTab tab;
    tab.resize(1200, 800);
    tab.show();
    tab.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&tab));
    tab.focusUrl();
    QWidget *url = QApplication::focusWidget();
    QVERIFY(url);
    QTest::keyClick(url, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(url, server.url().toString());
    // Another window is active while it connects: the tab's focus moves all the same, for when the user comes back.
    QWidget elsewhere;
    elsewhere.show();
    elsewhere.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&elsewhere));
    QTest::keyClick(url, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    auto *editor = tab.sender()->payloadEditor()->findChild<QWidget *>(QStringLiteral("textEditor"));
    QCOMPARE(tab.focusWidget(), editor);
    elsewhere.hide();
    tab.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&tab));
    QCOMPARE(QApplication::focusWidget(), editor);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("typed"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab.logModel()->rowCount(), 2, 5000);
    QCOMPARE(cell(tab.logModel(), 1, MessageLogModel::PreviewColumn), QStringLiteral("typed"));
    QCOMPARE(tab.url(), server.url().toString()); // nothing typed went into the URL
}

void tst_ConnectionTab::sendHexAndFile()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    ui::PayloadEditor *editor = tab.sender()->payloadEditor();
    editor->setMode(ui::PayloadEditor::Mode::Hex);
    editor->setText(QStringLiteral("0xde 0xad be ef"));
    QVERIFY(tab.sender()->send());
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(QByteArray(3000, '\x7f'));
    file.flush();
    editor->setMode(ui::PayloadEditor::Mode::File);
    editor->setFilePath(file.fileName());
    QVERIFY(tab.sender()->send());
    MessageLogModel *model = tab.logModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 4, 5000);
    // Both went out before their echoes came back.
    QCOMPARE(cell(model, 1, MessageLogModel::DirectionColumn), QStringLiteral("↑ sent"));
    QCOMPARE(cell(model, 2, MessageLogModel::TypeColumn), QStringLiteral("binary"));
    QCOMPARE(cell(model, 2, MessageLogModel::PreviewColumn), QStringLiteral("de ad be ef"));
    QCOMPARE(model->store().at(model->recordIndex(3)).payload, QByteArray(3000, '\x7f'));
    // A bad hex string is not sent and stays as typed.
    editor->setMode(ui::PayloadEditor::Mode::Hex);
    editor->setText(QStringLiteral("de ad b"));
    QVERIFY(!tab.sender()->send());
    QCOMPARE(editor->text(), QStringLiteral("de ad b"));
}

void tst_ConnectionTab::pingAndClose()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    emit tab.sender()->pingRequested("are you there");
    MessageLogModel *model = tab.logModel();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 5000);
    QCOMPARE(cell(model, 0, MessageLogModel::TypeColumn), QStringLiteral("ping"));
    QCOMPARE(cell(model, 1, MessageLogModel::TypeColumn), QStringLiteral("pong"));
    QCOMPARE(cell(model, 1, MessageLogModel::PreviewColumn), QStringLiteral("are you there"));
    tab.sender()->setCloseCode(4001, QStringLiteral("bye"));
    QVERIFY(tab.sender()->requestClose());
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 4, 5000);
    QCOMPARE(cell(model, 2, MessageLogModel::PreviewColumn), QStringLiteral("4001 “bye”"));
    QCOMPARE(cell(model, 3, MessageLogModel::DirectionColumn), QStringLiteral("↓ received"));
}

void tst_ConnectionTab::invalidRawFrame()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    // An unmasked text frame from a client: the verdict says so, and the server fails the connection.
    ui::RawFrameEditor *raw = tab.sender()->rawFrameEditor();
    raw->setMasked(false);
    raw->payloadEditor()->setText(QStringLiteral("naked"));
    QVERIFY(raw->verdict());
    QVERIFY(raw->verdictText().contains(QStringLiteral("Close code 1002")));
    const auto frame = raw->frame();
    QVERIFY(frame);
    emit raw->sendRequested(*frame);
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
    QCOMPARE(tab.connection().closeInfo()->code, quint16(1002));
    MessageLogModel *model = tab.logModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 2, 5000);
    // The raw frame is in the log as sent, unmasked.
    const session::MessageRecord &sent = model->store().at(model->recordIndex(0));
    QCOMPARE(sent.opcode, proto::Opcode::Text);
    QCOMPARE(model->store().frameHeader(sent, 0).toByteArray(), QByteArray("\x81\x05", 2));
}

void tst_ConnectionTab::refusedConnection()
{
    ConnectionTab tab;
    tab.setUrl(QStringLiteral("ws://127.0.0.1:1/"));
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
    QVERIFY2(tab.statusText().startsWith(QStringLiteral("Could not connect:")), qPrintable(tab.statusText()));
    tab.setUrl(QStringLiteral("http://example.org/"));
    tab.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(tab.statusText().contains(QStringLiteral("ws://")), 5000);
    tab.setUrl(QStringLiteral("ws://127.0.0.1:9/a{b}"));
    tab.connectToServer();
    QCOMPARE(tab.statusText(), QStringLiteral("Not a valid URL: Invalid path (character '{' not permitted)"));
}

void tst_ConnectionTab::untrustedCertificateAcceptedForThisTabOnly()
{
    const auto identity = net::generateSelfSigned();
    QVERIFY(identity);
    net::ServerOptions options = localServer();
    options.certificate = identity->certificate;
    options.privateKey = identity->privateKey;
    net::Server server;
    QVERIFY(server.listen(options));
    ConnectionTab tab;
    tab.show();
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    // Verification fails; the chain and the errors are shown, nothing is accepted by itself.
    QTRY_VERIFY_WITH_TIMEOUT(tab.certificateDialog(), 5000);
    QCOMPARE(tab.stateText(), QStringLiteral("CLOSED"));
    auto *dialog = qobject_cast<ui::CertificateDialog *>(tab.certificateDialog());
    QVERIFY(dialog && dialog->isVisible());
    const QString fingerprint =
        QString::fromLatin1(identity->certificate.digest(QCryptographicHash::Sha256).toHex(':'));
    QVERIFY2(dialog->detailsText().contains(fingerprint), qPrintable(dialog->detailsText()));
    QVERIFY(dialog->detailsText().contains(QStringLiteral("Sockscope local server")));
    QCOMPARE(dialog->certificatesToAccept(), QList<QSslCertificate>{identity->certificate});
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);

    // Another tab has not accepted anything.
    ConnectionTab other;
    other.setUrl(server.url().toString());
    other.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(other.certificateDialog(), 5000);
    QCOMPARE(other.stateText(), QStringLiteral("CLOSED"));
    other.certificateDialog()->reject();
}

void tst_ConnectionTab::originAndHeadersSent()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.setOrigin(QStringLiteral("https://app.example"));
    tab.setHeaders({{QStringLiteral("Authorization"), QStringLiteral("Bearer t0ken")},
                    {QStringLiteral("User-Agent"), QStringLiteral("my-client/2")},
                    {QStringLiteral("X-Trace"), QStringLiteral("a")},
                    {QStringLiteral("X-Trace"), QStringLiteral("b")}});
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    const QString request = tab.handshakeRequestText();
    QVERIFY(request.contains(QStringLiteral("\nOrigin: https://app.example\n")));
    QVERIFY(request.contains(QStringLiteral("Authorization: Bearer t0ken")));
    // A header named like a default takes its place; duplicates stay, in order.
    QCOMPARE(request.count(QStringLiteral("User-Agent:")), 1);
    QVERIFY(request.contains(QStringLiteral("User-Agent: my-client/2")));
    QVERIFY(request.indexOf(QStringLiteral("X-Trace: a")) < request.indexOf(QStringLiteral("X-Trace: b")));
    QCOMPARE(server.clients().value(0)->origin(), QByteArray("https://app.example"));
}

void tst_ConnectionTab::trustAndIdentityFromFiles()
{
    // A wss server whose certificate is trusted through a CA file given for this tab only.
    net::ServerOptions options = localServer();
    options.certificate = QSslCertificate::fromPath(QFINDTESTDATA("../net/data/server.crt")).value(0);
    QFile keyFile(QFINDTESTDATA("../net/data/server.key"));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    options.privateKey = QSslKey(&keyFile, QSsl::Rsa);
    net::Server server;
    QVERIFY(server.listen(options));
    ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.setCaFile(QFINDTESTDATA("../net/data/server.crt"));
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QVERIFY(!tab.certificateDialog());
    tab.disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);

    // Files that cannot be used are named before anything is sent.
    tab.setClientIdentity(QStringLiteral("/nonexistent/client.pem"), QString(), QString());
    tab.connectToServer();
    QVERIFY2(tab.statusText().startsWith(QStringLiteral("The client certificate cannot be used:")),
             qPrintable(tab.statusText()));
    QCOMPARE(tab.stateText(), QStringLiteral("CLOSED"));
    tab.setClientIdentity(QString(), QString(), QString());
    tab.setCaFile(QStringLiteral("/nonexistent/ca.pem"));
    tab.connectToServer();
    QVERIFY(tab.statusText().startsWith(QStringLiteral("No certificate could be read")));
    tab.setCaFile(QString());
    tab.setProxy(net::ProxySettings::Kind::Socks5, QStringLiteral("no-port"));
    tab.connectToServer();
    QCOMPARE(tab.statusText(), QStringLiteral("The proxy needs host:port."));
}

void tst_ConnectionTab::settingsRoundTrip()
{
    ui::ConnectionSettings settings;
    settings.url = QStringLiteral("wss://feed.example:8443/v2?x=1");
    settings.subprotocols = QStringLiteral("v2.chat, chat");
    settings.deflate = true;
    settings.origin = QStringLiteral("https://app.example");
    settings.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer a:b")},
                        {QStringLiteral("X-Trace"), QStringLiteral("1")}};
    settings.proxyKind = net::ProxySettings::Kind::Socks5;
    settings.proxyHost = QStringLiteral("::1");
    settings.proxyPort = 1080;
    settings.proxyUser = QStringLiteral("alice");
    settings.caFile = QStringLiteral("/etc/ssl/company-ca.pem");
    settings.clientCertificate = QStringLiteral("/home/me/client.crt");
    settings.clientKey = QStringLiteral("/home/me/client.key");
    settings.keepAliveSeconds = 25;
    settings.reconnect = true;
    ConnectionTab tab;
    tab.applySettings(settings);
    QCOMPARE(tab.settings(), settings);
    QCOMPARE(tab.findChild<QLineEdit *>(QStringLiteral("proxyAddress"))->text(), QStringLiteral("[::1]:1080"));

    // Credentials typed into the address go to their fields; the password stays out of the settings.
    tab.setProxy(net::ProxySettings::Kind::HttpConnect, QStringLiteral("bob:s3cret@proxy.example:3128"));
    QCOMPARE(tab.findChild<QLineEdit *>(QStringLiteral("proxyAddress"))->text(), QStringLiteral("proxy.example:3128"));
    QCOMPARE(tab.proxyPassword(), QStringLiteral("s3cret"));
    const ui::ConnectionSettings proxied = tab.settings();
    QCOMPARE(proxied.proxyKind, net::ProxySettings::Kind::HttpConnect);
    QCOMPARE(proxied.proxyHost, QStringLiteral("proxy.example"));
    QCOMPARE(proxied.proxyPort, quint16(3128));
    QCOMPARE(proxied.proxyUser, QStringLiteral("bob"));

    // Settings for another user or another key do not bring the old secret along.
    tab.setClientIdentity(settings.clientCertificate, settings.clientKey, QStringLiteral("key secret"));
    tab.applySettings(settings);
    QCOMPARE(tab.proxyPassword(), QString());
    QCOMPARE(tab.passphrase(), QStringLiteral("key secret"));
    settings.clientKey.clear();
    tab.applySettings(settings);
    QCOMPARE(tab.passphrase(), QString());
}

void tst_ConnectionTab::filesChosenWithBrowseButtons()
{
    ConnectionTab tab;
    QStringList asked;
    QString answer;
    tab.setFilePicker([&](const QString &title, const QString &filter, const QString &current) {
        asked << title + QLatin1Char('|') + filter.section(QStringLiteral(";;"), 0, 0) + QLatin1Char('|') + current;
        return answer;
    });
    const auto browse = [&tab](const char *field) {
        auto *action = tab.findChild<QAction *>(QLatin1String(field) + QLatin1String("Browse"));
        QVERIFY2(action, field);
        action->trigger();
    };
    answer = dataFile(QStringLiteral("ca.crt"));
    browse("caFile");
    answer = dataFile(QStringLiteral("client.p12"));
    browse("clientCertificate");
    QCOMPARE(tab.settings().caFile, dataFile(QStringLiteral("ca.crt")));
    QCOMPARE(tab.settings().clientCertificate, dataFile(QStringLiteral("client.p12")));
    // Cancelled: the field keeps what it had. The picker starts from what the field holds.
    answer.clear();
    browse("caFile");
    QCOMPARE(tab.settings().caFile, dataFile(QStringLiteral("ca.crt")));
    answer = dataFile(QStringLiteral("client.key"));
    browse("clientKey");
    QCOMPARE(tab.settings().clientKey, dataFile(QStringLiteral("client.key")));
    QCOMPARE(asked, (QStringList{QStringLiteral("Extra CA Certificates|PEM certificates (*.pem *.crt *.cer)|"),
                                 QStringLiteral("Client Certificate|Certificates (*.pem *.crt *.cer *.p12 *.pfx)|"),
                                 QStringLiteral("Extra CA Certificates|PEM certificates (*.pem *.crt *.cer)|") +
                                     dataFile(QStringLiteral("ca.crt")),
                                 QStringLiteral("Private Key|PEM keys (*.pem *.key)|")}));
}

void tst_ConnectionTab::proxyPasswordAskedBeforeConnecting()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    HttpConnectProxy proxy(server.port());
    QVERIFY(proxy.listen());
    proxy.requireCredentials("alice", "right");
    ConnectionTab tab;
    CredentialAnswers answers;
    tab.setCredentialProvider(answers.provider());
    tab.setUrl(server.url().toString());
    tab.setProxy(net::ProxySettings::Kind::HttpConnect, QStringLiteral("127.0.0.1:%1").arg(proxy.port()),
                 QStringLiteral("alice"));

    // Declined: nothing is sent anywhere.
    tab.connectToServer();
    QCOMPARE(answers.requests.size(), 1);
    QCOMPARE(answers.requests[0].kind, ui::CredentialRequest::Kind::ProxyPassword);
    QVERIFY2(answers.requests[0].text.contains(QStringLiteral("alice")), qPrintable(answers.requests[0].text));
    QCOMPARE(tab.statusText(), QStringLiteral("Not connected: the proxy password was not given."));
    QCOMPARE(tab.stateText(), QStringLiteral("CLOSED"));
    QVERIFY(proxy.targets.isEmpty());

    // Given: it is used, and kept for the next connection of this tab.
    answers.answers = {ui::Credentials{QString(), QStringLiteral("right")}};
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QCOMPARE(answers.requests.size(), 2);
    QCOMPARE(proxy.authorizations.last(), QByteArray("alice:right"));
    QCOMPARE(tab.proxyPassword(), QStringLiteral("right"));
    tab.disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QCOMPARE(answers.requests.size(), 2);
    QCOMPARE(proxy.tunnels, 2);
}

void tst_ConnectionTab::proxyCredentialsAskedWhenRefused_data()
{
    QTest::addColumn<net::ProxySettings::Kind>("kind");
    QTest::addColumn<QString>("user"); // set in the tab before connecting, with the password "wrong"
    QTest::addColumn<QString>("realm");
    QTest::addRow("HTTP, none given") << net::ProxySettings::Kind::HttpConnect << QString()
                                      << QStringLiteral("sockscope-test");
    QTest::addRow("HTTP, wrong password")
        << net::ProxySettings::Kind::HttpConnect << QStringLiteral("alice") << QStringLiteral("sockscope-test");
    QTest::addRow("SOCKS5, none given") << net::ProxySettings::Kind::Socks5 << QString() << QString();
    QTest::addRow("SOCKS5, wrong password") << net::ProxySettings::Kind::Socks5 << QStringLiteral("alice") << QString();
}

void tst_ConnectionTab::proxyCredentialsAskedWhenRefused()
{
    QFETCH(net::ProxySettings::Kind, kind);
    QFETCH(QString, user);
    QFETCH(QString, realm);
    net::Server server;
    QVERIFY(server.listen(localServer()));
    HttpConnectProxy http(server.port());
    Socks5Proxy socks(server.port());
    QVERIFY(http.listen());
    QVERIFY(socks.listen());
    http.requireCredentials("alice", "right");
    socks.requireCredentials("alice", "right");
    const quint16 port = kind == net::ProxySettings::Kind::Socks5 ? socks.port() : http.port();
    ConnectionTab tab;
    CredentialAnswers answers;
    answers.answers = {ui::Credentials{QStringLiteral("alice"), QStringLiteral("right")}};
    tab.setCredentialProvider(answers.provider());
    tab.setUrl(server.url().toString());
    tab.setProxy(kind, QStringLiteral("127.0.0.1:%1").arg(port), user);
    if (!user.isEmpty())
        tab.setProxyPassword(QStringLiteral("wrong"));
    tab.connectToServer();
    // Refused, asked, tried again with the answer.
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QCOMPARE(answers.requests.size(), 1);
    const ui::CredentialRequest &request = answers.requests[0];
    QCOMPARE(request.kind, ui::CredentialRequest::Kind::ProxyCredentials);
    QCOMPARE(request.user, user);
    QVERIFY2(request.text.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(request.text));
    if (!realm.isEmpty())
        QVERIFY2(request.text.contains(realm), qPrintable(request.text));
    QCOMPARE(http.tunnels + socks.tunnels, 1);
    QCOMPARE(tab.settings().proxyUser, QStringLiteral("alice"));
    QCOMPARE(tab.proxyPassword(), QStringLiteral("right"));
    QCOMPARE(server.clients().size(), 1);
}

void tst_ConnectionTab::proxyCredentialsAskedOnce()
{
    net::Server server;
    QVERIFY(server.listen(localServer()));
    HttpConnectProxy proxy(server.port());
    QVERIFY(proxy.listen());
    proxy.requireCredentials("alice", "right");
    ConnectionTab tab;
    CredentialAnswers answers;
    answers.answers = {ui::Credentials{QStringLiteral("alice"), QStringLiteral("still wrong")}};
    tab.setCredentialProvider(answers.provider());
    tab.setUrl(server.url().toString());
    tab.setProxy(net::ProxySettings::Kind::HttpConnect, QStringLiteral("127.0.0.1:%1").arg(proxy.port()));
    tab.connectToServer();
    // The answer is refused as well: that is said, not asked again.
    QTRY_VERIFY_WITH_TIMEOUT(
        proxy.authorizations.contains("alice:still wrong") && tab.stateText() == QStringLiteral("CLOSED"), 5000);
    QCoreApplication::processEvents(); // where a second question would come from
    QVERIFY2(tab.statusText().startsWith(QStringLiteral("Could not connect:")), qPrintable(tab.statusText()));
    QCOMPARE(answers.requests.size(), 1);
    QCOMPARE(tab.stateText(), QStringLiteral("CLOSED"));
    QCOMPARE(proxy.tunnels, 0);

    // The next Connect asks again: first the password of the user now set, then, refused, both.
    answers.answers = {ui::Credentials{QString(), QStringLiteral("guess")},
                       ui::Credentials{QStringLiteral("alice"), QStringLiteral("right")}};
    tab.setProxy(net::ProxySettings::Kind::HttpConnect, QStringLiteral("127.0.0.1:%1").arg(proxy.port()),
                 QStringLiteral("nobody"));
    tab.setProxyPassword(QString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QCOMPARE(answers.requests.size(), 3);
    QCOMPARE(answers.requests[1].kind, ui::CredentialRequest::Kind::ProxyPassword);
    QCOMPARE(answers.requests[2].kind, ui::CredentialRequest::Kind::ProxyCredentials);
    QCOMPARE(answers.requests[2].user, QStringLiteral("nobody"));
    QVERIFY(proxy.authorizations.contains("nobody:guess"));
    QCOMPARE(proxy.tunnels, 1);
}

void tst_ConnectionTab::passphraseAskedBeforeConnecting_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addRow("encrypted PEM key") << "client.crt"
                                       << "client-encrypted.key";
    QTest::addRow("PKCS#12") << "client.p12" << QString();
}

void tst_ConnectionTab::passphraseAskedBeforeConnecting()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    ClientCertificateServer server;
    QVERIFY(server.start());
    ConnectionTab tab;
    CredentialAnswers answers;
    tab.setCredentialProvider(answers.provider());
    tab.setUrl(server.url());
    tab.setCaFile(dataFile(QStringLiteral("ca.crt")));
    const QString keyPath = key.isEmpty() ? QString() : dataFile(key);
    tab.setClientIdentity(dataFile(certificate), keyPath, QString());
    const QString encrypted = key.isEmpty() ? dataFile(certificate) : keyPath;

    // Declined: nothing is sent.
    tab.connectToServer();
    QCOMPARE(answers.requests.size(), 1);
    QCOMPARE(answers.requests[0].kind, ui::CredentialRequest::Kind::Passphrase);
    QVERIFY2(answers.requests[0].text.contains(encrypted), qPrintable(answers.requests[0].text));
    QCOMPARE(tab.statusText(), QStringLiteral("Not connected: the passphrase of %1 was not given.").arg(encrypted));
    QCOMPARE(tab.stateText(), QStringLiteral("CLOSED"));

    // A wrong one is named as such.
    answers.answers = {ui::Credentials{QString(), QStringLiteral("not it")}};
    tab.connectToServer();
    QCOMPARE(answers.requests.size(), 2);
    QVERIFY2(tab.statusText().startsWith(QStringLiteral("The client certificate cannot be used:")) &&
                 tab.statusText().contains(QStringLiteral("wrong")),
             qPrintable(tab.statusText()));
    QCOMPARE(tab.stateText(), QStringLiteral("CLOSED"));

    // Asked again since the one given does not open it; the right one opens the connection and the server
    // sees the certificate.
    answers.answers = {ui::Credentials{QString(), QStringLiteral("sockscope-test")}};
    tab.connectToServer();
    QCOMPARE(answers.requests.size(), 3);
    QVERIFY2(answers.requests[2].text.contains(QStringLiteral("does not open")), qPrintable(answers.requests[2].text));
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QCOMPARE(server.clientCertificates, QList<QSslCertificate>{certificateFile(QStringLiteral("client.crt"))});
    QCOMPARE(tab.passphrase(), QStringLiteral("sockscope-test"));
    // Kept for the next connection of this tab.
    tab.disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QCOMPARE(answers.requests.size(), 3);
}

void tst_ConnectionTab::floodArrivesWholeAndTheWindowStaysLive()
{
    // The local server sends 200,000 small text messages as fast as it can queue them; the tab, shown and
    // autoscrolling, must log every one while its event loop keeps turning.
    constexpr int Messages = 200'000;
    constexpr int PerTurn = 2'000; // queued by the server per event-loop turn, so that the test itself never stalls
    const auto payload = [](int i) { return QByteArray("msg-") + QByteArray::number(i).rightJustified(6, '0'); };
    net::Server server;
    QVERIFY(server.listen(localServer()));
    // No QAbstractItemModelTester here: it walks every row after every change, which over a flood measures the
    // tester. The log model is under it in connectSendSeeEcho() and in tst_messagelogmodel.
    ConnectionTab tab;
    tab.resize(1200, 800);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
        !server.clients().isEmpty() && server.clients().first()->readyState() == proto::ReadyState::Open, 5000);
    net::ServerClient *peer = server.clients().first();

    // A 10 ms timer tells how long the event loop was away.
    QElapsedTimer clock;
    qint64 lastTick = 0;
    qint64 longestGapMs = 0;
    int ticks = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    connect(&probe, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        longestGapMs = std::max(longestGapMs, now - lastTick);
        lastTick = now;
        ++ticks;
    });
    int sent = 0;
    bool sendFailed = false;
    QTimer sender;
    sender.setInterval(0);
    connect(&sender, &QTimer::timeout, this, [&] {
        for (const int end = std::min(sent + PerTurn, Messages); sent < end; ++sent)
            sendFailed = sendFailed || !peer->sendMessage(proto::Opcode::Text, payload(sent));
        if (sent == Messages)
            sender.stop();
    });
    clock.start();
    probe.start();
    sender.start();
    MessageLogModel *model = tab.logModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= Messages || sendFailed, 25000);
    const qint64 elapsedMs = clock.elapsed();
    probe.stop();
    // The gap until the probe was stopped counts as well.
    longestGapMs = std::max(longestGapMs, elapsedMs - lastTick);
    qInfo("%d messages logged in %lld ms (%.0f/s); longest event-loop stall %lld ms over %d probe ticks", Messages,
          elapsedMs, Messages * 1000.0 / double(std::max<qint64>(elapsedMs, 1)), longestGapMs, ticks);
    QVERIFY(!sendFailed);

    // Every message, once, in order.
    QCOMPARE(model->rowCount(), Messages);
    QCOMPARE(model->store().size(), quint64(Messages));
    for (int i : {0, 1, 99'999, 137'035, Messages - 1}) {
        const session::MessageRecord &record = model->store().at(model->recordIndex(i));
        QCOMPARE(record.payload, payload(i));
        QCOMPARE(record.direction, proto::Direction::Incoming);
    }
    for (int i = 0; i < Messages; i += 997)
        QCOMPARE(model->store().at(model->recordIndex(i)).payload, payload(i));
    QCOMPARE(cell(model, Messages - 1, MessageLogModel::PreviewColumn), QStringLiteral("msg-199999"));
    // The window kept up: a generous bound, for a slow machine or a sanitizer build.
    QVERIFY2(longestGapMs < 1000, qPrintable(QStringLiteral("longest stall %1 ms").arg(longestGapMs)));
    QVERIFY(ticks > 0);

    // The filter finds one message among them, then ten by a regular expression.
    auto *filter = tab.findChild<QLineEdit *>(QStringLiteral("filter"));
    filter->setText(QStringLiteral("msg-137035"));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("msg-137035"));
    QCOMPARE(model->store().at(model->recordIndex(0)).payload, payload(137'035));
    QCheckBox *regex = nullptr;
    for (QCheckBox *box : tab.findChildren<QCheckBox *>()) {
        if (box->text() == QStringLiteral("Regex"))
            regex = box;
    }
    QVERIFY(regex);
    regex->setChecked(true);
    filter->setText(QStringLiteral("^msg-19999\\d$"));
    QCOMPARE(model->rowCount(), 10);
    QCOMPARE(cell(model, 9, MessageLogModel::PreviewColumn), QStringLiteral("msg-199999"));
    filter->clear();
    QCOMPARE(model->rowCount(), Messages);
    tab.disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("CLOSED"), 5000);
}

QTEST_MAIN(tst_ConnectionTab)
#include "tst_connectiontab.moc"
