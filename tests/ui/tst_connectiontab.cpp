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
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSslKey>
#include <QTableView>
#include <QTemporaryFile>
#include <QTest>

#include "../common/logfixtures.h"

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
} // namespace

class tst_ConnectionTab : public QObject
{
    Q_OBJECT
private slots:
    void connectSendSeeEcho();
    void sendHexAndFile();
    void pingAndClose();
    void invalidRawFrame();
    void refusedConnection();
    void untrustedCertificateAcceptedForThisTabOnly();
    void originAndHeadersSent();
    void trustAndIdentityFromFiles();
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
    tab.setProxy(int(net::ProxySettings::Kind::Socks5), QStringLiteral("no-port"));
    tab.connectToServer();
    QCOMPARE(tab.statusText(), QStringLiteral("The proxy needs host:port."));
}

QTEST_MAIN(tst_ConnectionTab)
#include "tst_connectiontab.moc"
