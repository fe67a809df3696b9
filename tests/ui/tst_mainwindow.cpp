#include "ui/connectiontab.h"
#include "ui/handshakeinspector.h"
#include "ui/logpane.h"
#include "ui/mainwindow.h"
#include "ui/messagelogmodel.h"
#include "ui/payloadeditor.h"
#include "ui/savedconnections.h"
#include "ui/sessionconnectionsmodel.h"
#include "ui/sessiontab.h"

#include "../common/killedrecording.h"
#include "../common/sessionfixtures.h"
#include "session/journal.h"
#include "session/loadedsession.h"

#include "net/server.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTableView>
#include <QWebSocket>

#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

#include <functional>

using namespace sockscope;
using ui::MainWindow;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void firstStartTalksToTheLocalServer();
    void tabShortcuts();
    void laterStartsRestoreTabs();
    void proxyAndTlsOptionsRestored();
    void headersOfEarlierVersionsRestored();
    void copyConnectionAsCommand();
    void secretsNeverWritten();
    void everyConnectionIsRecordedAndCanBeSaved();
    void openingABadFileKeepsWhatIsOpen();
    void killedWorkbenchIsRecoveredAtTheNextStart();
    void discardedJournalsAreGone();

private:
    QTemporaryDir m_settings;
};

void tst_MainWindow::initTestCase()
{
    // Settings of this test only, never the user's.
    QVERIFY(m_settings.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QSettings::setDefaultFormat(QSettings::NativeFormat);
    QCoreApplication::setOrganizationName(QStringLiteral("SockscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
    // Journals and recovered files of this test only, never in the user's data directory.
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_settings.filePath(QStringLiteral("data"))));
}

void tst_MainWindow::firstStartTalksToTheLocalServer()
{
    net::ServerOptions options;
    options.port = 0;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.server()->isListening());
    QCOMPARE(window.connectionTabCount(), 1);
    ui::ConnectionTab *tab = window.currentConnectionTab();
    // The first tab points at the local server: Connect, then Send, shows an echo.
    QCOMPARE(tab->url(), window.server()->url().toString());
    tab->connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab->stateText(), QStringLiteral("OPEN"), 5000);
    tab->sender()->send(); // an empty text message is a message too
    QTRY_COMPARE_WITH_TIMEOUT(tab->logModel()->rowCount(), 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window.serverStatus().endsWith(QStringLiteral("· 1 client")), 5000);
    QVERIFY(window.serverStatus().startsWith(QStringLiteral("Local server ws://127.0.0.1:")));
}

void tst_MainWindow::tabShortcuts()
{
    net::ServerOptions options;
    options.port = 0;
    MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(window.connectionTabCount(), 2);
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QTRY_COMPARE(window.connectionTabCount(), 1);
}

void tst_MainWindow::laterStartsRestoreTabs()
{
    QSettings().clear();
    net::ServerOptions options;
    options.port = 0;
    {
        MainWindow window(options);
        window.currentConnectionTab()->setUrl(QStringLiteral("wss://example.org/feed"));
        window.currentConnectionTab()->setSubprotocols(QStringLiteral("v2.chat"));
        window.currentConnectionTab()->setHeaders({{QStringLiteral("Authorization"), QStringLiteral("Bearer x")}});
        window.currentConnectionTab()->sender()->payloadEditor()->setText(QStringLiteral("{\"op\":\"hello\"}"));
        window.currentConnectionTab()->sender()->saveTemplate(QStringLiteral("hello"));
        ui::ConnectionTab *second = window.newConnectionTab(QStringLiteral("ws://127.0.0.1:1234/two"));
        second->setDeflate(true);
        window.close();
    }
    MainWindow again(options);
    QCOMPARE(again.connectionTabCount(), 2);
    const QList<ui::ConnectionTab *> restored = again.findChildren<ui::ConnectionTab *>();
    QCOMPARE(restored.size(), 2);
    QStringList urls;
    for (ui::ConnectionTab *tab : restored)
        urls << tab->url();
    QVERIFY(urls.contains(QStringLiteral("wss://example.org/feed")));
    QVERIFY(urls.contains(QStringLiteral("ws://127.0.0.1:1234/two")));
    for (ui::ConnectionTab *tab : restored) {
        if (tab->url() == QStringLiteral("wss://example.org/feed")) {
            QCOMPARE(tab->subprotocols(), QStringLiteral("v2.chat"));
            QCOMPARE(tab->headers().value(0).second, QStringLiteral("Bearer x"));
            QCOMPARE(tab->sender()->templates().size(), 1);
            QCOMPARE(tab->sender()->templates()[0].text, QStringLiteral("{\"op\":\"hello\"}"));
        } else {
            QVERIFY(tab->deflate());
        }
    }
}

void tst_MainWindow::proxyAndTlsOptionsRestored()
{
    QSettings().clear();
    net::ServerOptions options;
    options.port = 0;
    ui::ConnectionSettings first;
    first.url = QStringLiteral("wss://feed.example/v1");
    first.headers = {{QStringLiteral("X-Value"), QStringLiteral("a: b")}};
    first.proxyKind = net::ProxySettings::Kind::Socks5;
    first.proxyHost = QStringLiteral("socks.example");
    first.proxyPort = 1080;
    first.proxyUser = QStringLiteral("alice");
    first.caFile = QStringLiteral("/etc/ssl/company-ca.pem");
    first.clientCertificate = QStringLiteral("/home/me/me.p12");
    first.keepAliveSeconds = 45;
    first.reconnect = true;
    ui::ConnectionSettings second;
    second.url = QStringLiteral("ws://127.0.0.1:1234/two");
    second.proxyKind = net::ProxySettings::Kind::System;
    second.clientCertificate = QStringLiteral("/home/me/client.crt");
    second.clientKey = QStringLiteral("/home/me/client.key");
    {
        MainWindow window(options);
        window.currentConnectionTab()->applySettings(first);
        window.newConnectionTab()->applySettings(second);
        window.close();
    }
    MainWindow again(options);
    QCOMPARE(again.connectionTabCount(), 2);
    QList<ui::ConnectionSettings> restored;
    for (ui::ConnectionTab *tab : again.findChildren<ui::ConnectionTab *>())
        restored.append(tab->settings());
    QCOMPARE(restored.size(), 2);
    QVERIFY(restored.contains(first));
    QVERIFY(restored.contains(second));
}

void tst_MainWindow::headersOfEarlierVersionsRestored()
{
    // Tabs kept by earlier versions hold their headers as "Name: value" lines.
    QSettings().clear();
    {
        QSettings settings;
        settings.beginWriteArray(QStringLiteral("tabs"));
        settings.setArrayIndex(0);
        settings.setValue(QStringLiteral("url"), QStringLiteral("ws://old.example/"));
        settings.setValue(QStringLiteral("headers"),
                          QStringList{QStringLiteral("Authorization: Bearer a:b"), QStringLiteral("X-Trace: 1")});
        settings.endArray();
    }
    net::ServerOptions options;
    options.port = 0;
    MainWindow window(options);
    QCOMPARE(window.connectionTabCount(), 1);
    ui::ConnectionTab *tab = window.findChild<ui::ConnectionTab *>();
    QCOMPARE(tab->url(), QStringLiteral("ws://old.example/"));
    const QList<std::pair<QString, QString>> expected{{QStringLiteral("Authorization"), QStringLiteral("Bearer a:b")},
                                                      {QStringLiteral("X-Trace"), QStringLiteral("1")}};
    QCOMPARE(tab->headers(), expected);
    QCOMPARE(tab->settings().proxyKind, net::ProxySettings::Kind::None);
}

void tst_MainWindow::copyConnectionAsCommand()
{
    QSettings().clear();
    net::ServerOptions options;
    options.port = 0;
    MainWindow window(options);
    ui::ConnectionTab *tab = window.currentConnectionTab();
    tab->setUrl(QStringLiteral("wss://example.org/feed?x=1"));
    tab->setSubprotocols(QStringLiteral("chat"));
    tab->setOrigin(QStringLiteral("https://example.org"));
    tab->setHeaders({{QStringLiteral("X-Note"), QStringLiteral("it's $HOME")}});
    tab->setDeflate(true);
    auto *copyCli = window.findChild<QAction *>(QStringLiteral("copyCliCommand"));
    auto *copyWebsocat = window.findChild<QAction *>(QStringLiteral("copyWebsocatCommand"));
    QVERIFY(copyCli && copyWebsocat);

    copyCli->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("sockscope-cli connect 'wss://example.org/feed?x=1' -p chat --origin https://example.org "
                            "-H 'X-Note: it'\\''s $HOME' --deflate"));
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Copied the sockscope-cli command."));

    // websocat has no permessage-deflate: its command goes without, and both the menu and the status bar say so.
    copyWebsocat->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("websocat --protocol=chat --origin=https://example.org 'wss://example.org/feed?x=1' "
                            "--header='X-Note: it'\\''s $HOME'"));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("permessage-deflate")));
    QVERIFY(copyWebsocat->toolTip().contains(QStringLiteral("permessage-deflate")));

    // Without a URL there is no command; what was copied before stays.
    tab->setUrl(QString());
    copyCli->trigger();
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("websocat ")));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("no URL")));
}

void tst_MainWindow::secretsNeverWritten()
{
    QSettings().clear();
    const QString proxyPassword = QStringLiteral("Pr0xy-pa55word");
    const QString passphrase = QStringLiteral("Key-pa55phrase");
    net::ServerOptions options;
    options.port = 0;
    {
        MainWindow window(options);
        ui::ConnectionTab *tab = window.currentConnectionTab();
        // Both ways of giving the proxy password: its field, and the address as typed.
        tab->setProxy(net::ProxySettings::Kind::HttpConnect,
                      QStringLiteral("alice-the-user:%1@proxy.example:3128").arg(proxyPassword));
        QCOMPARE(tab->proxyPassword(), proxyPassword);
        tab->setClientIdentity(QStringLiteral("/home/me/client-cert.pem"), QStringLiteral("/home/me/client-key.pem"),
                               passphrase);
        ui::ConnectionTab *other = window.newConnectionTab(QStringLiteral("ws://127.0.0.1:1/"));
        other->setProxy(net::ProxySettings::Kind::Socks5, QStringLiteral("socks.example:1080"),
                        QStringLiteral("bob-the-user"));
        other->setProxyPassword(proxyPassword);
        other->setClientIdentity(QStringLiteral("/home/me/identity.p12"), QString(), passphrase);
        // Saved as a connection, and as the open tabs.
        window.savedConnections()->add(ui::SavedConnection{QStringLiteral("one"), tab->settings()});
        window.savedConnections()->add(ui::SavedConnection{QStringLiteral("two"), other->settings()});
        window.close();
    }
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray written = file.readAll();
    // What is kept is in this file...
    for (const char *kept : {"alice-the-user", "bob-the-user", "proxy.example", "client-key.pem", "identity.p12"})
        QVERIFY2(written.contains(kept), kept);
    // ...and neither secret is, as text or inside any value QSettings reads back.
    const std::function<QString(const QVariant &)> flatten = [&flatten](const QVariant &value) {
        QString text = value.toString();
        for (const QVariant &item : value.toList())
            text += QLatin1Char('\n') + flatten(item);
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            text += QLatin1Char('\n') + it.key() + QLatin1Char('=') + flatten(it.value());
        return text;
    };
    QString values;
    for (const QString &key : settings.allKeys())
        values += key + QLatin1Char('=') + flatten(settings.value(key)) + QLatin1Char('\n');
    QVERIFY(values.contains(QStringLiteral("alice-the-user")));
    for (const QString &secret : {proxyPassword, passphrase}) {
        QVERIFY2(!written.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY2(!values.contains(secret), qPrintable(secret));
    }
}

namespace {
ui::MainWindowOptions optionsIn(const QString &directory)
{
    ui::MainWindowOptions o;
    o.server.port = 0;
    o.journalDirectory = directory + QStringLiteral("/journal");
    o.recoveredDirectory = directory + QStringLiteral("/recovered");
    return o;
}

QStringList journalFiles(const QString &directory)
{
    return QDir(directory + QStringLiteral("/journal")).entryList({QStringLiteral("*.sksession")}, QDir::Files);
}
} // namespace

// A tab's connection and the local server's side of it are both in the recording; Save Recording writes them as a
// finished session that opens in a session tab.
void tst_MainWindow::everyConnectionIsRecordedAndCanBeSaved()
{
    QTemporaryDir dir;
    const QString saved = dir.filePath(QStringLiteral("saved.sksession"));
    {
        QSettings().clear(); // no tabs of earlier tests
        MainWindow window(optionsIn(dir.path()));
        QVERIFY(window.journal() && window.journal()->isRecording());
        QCOMPARE(journalFiles(dir.path()).size(), 1);
        ui::ConnectionTab *tab = window.newConnectionTab(window.server()->url().toString());
        tab->connectToServer();
        QTRY_COMPARE_WITH_TIMEOUT(tab->stateText(), QStringLiteral("OPEN"), 5000);
        tab->sender()->payloadEditor()->setText(QStringLiteral("{\"n\": 1}"));
        tab->sender()->send();
        QTRY_COMPARE_WITH_TIMEOUT(tab->logModel()->rowCount(), 2, 5000);
        QString error;
        QVERIFY2(window.saveSession(saved, &error), qPrintable(error));
        const session::LoadedSession loaded = session::loadSessionFile(saved);
        QVERIFY(loaded.complete);
        QCOMPARE(loaded.connections.size(), size_t(2));
        int client = -1;
        for (int i = 0; i < 2; ++i)
            if (loaded.connections[size_t(i)]->info.side == session::Side::Client)
                client = i;
        QVERIFY(client >= 0);
        const session::RecordedConnection &c = *loaded.connections[size_t(client)];
        QCOMPARE(c.info.url, tab->url());
        QCOMPARE(c.log.size(), quint64(2));
        QCOMPARE(c.log.at(0).payload, QByteArray("{\"n\": 1}"));
        QCOMPARE(c.log.at(0).direction, proto::Direction::Outgoing);
        QVERIFY(c.response.startsWith("HTTP/1.1 101"));
        const session::RecordedConnection &s = *loaded.connections[size_t(1 - client)];
        QCOMPARE(s.info.side, session::Side::Server);
        QCOMPARE(s.log.at(0).payload, QByteArray("{\"n\": 1}"));
        QCOMPARE(s.log.at(0).direction, proto::Direction::Incoming);

        // Opened again in a tab of its own, beside the connection tab.
        const int tabs = window.connectionTabCount();
        ui::SessionTab *view = window.openSession(saved);
        QVERIFY(view);
        QCOMPARE(window.connectionTabCount(), tabs);
        QTRY_VERIFY(view->isLoaded());
        QCOMPARE(view->connectionsModel()->rowCount(), 2);
        view->selectConnection(client);
        QTRY_COMPARE(view->logPane()->model()->rowCount(), 2);
        QVERIFY(view->handshakeInspector()->requestText().startsWith(QStringLiteral("GET ")));
        QVERIFY2(view->statusText().startsWith(QStringLiteral("Connections: 2 · records: ")),
                 qPrintable(view->statusText()));
    }
    // A clean end removes the journal and its lock.
    QVERIFY(journalFiles(dir.path()).isEmpty());
    QVERIFY(QDir(dir.filePath(QStringLiteral("journal"))).entryList(QDir::Files).isEmpty());
}

void tst_MainWindow::openingABadFileKeepsWhatIsOpen()
{
    QTemporaryDir dir;
    MainWindow window(optionsIn(dir.path()));
    window.show();
    const int before = window.connectionTabCount();
    // Not a session at all: the tab goes again, with a message.
    const QString notSession = dir.filePath(QStringLiteral("notes.txt"));
    QVERIFY(sessionfixtures::writeFile(notSession, "just some text, not a session"));
    ui::SessionTab *tab = window.openSession(notSession);
    QVERIFY(tab);
    QPointer<ui::SessionTab> guard(tab);
    QTRY_VERIFY(!guard);
    QTRY_VERIFY(window.findChild<QMessageBox *>(QStringLiteral("errorBox")));
    QVERIFY(window.findChild<QMessageBox *>(QStringLiteral("errorBox"))
                ->text()
                .contains(QStringLiteral("not a Sockscope session")));
    QCOMPARE(window.connectionTabCount(), before);
    // Missing: nothing opens.
    QVERIFY(!window.openSession(dir.filePath(QStringLiteral("missing.sksession"))));
    QCOMPARE(window.connectionTabCount(), before);
    // Cut short: what came before the damage is shown, and where it is said.
    QByteArray bytes = sessionfixtures::encode(sessionfixtures::records(2, 10, QStringLiteral("ws://h/")), false);
    bytes.chop(5);
    const QString cut = dir.filePath(QStringLiteral("cut.sksession"));
    QVERIFY(sessionfixtures::writeFile(cut, bytes));
    tab = window.openSession(cut);
    QVERIFY(tab);
    QTRY_VERIFY(tab->isLoaded());
    QVERIFY2(tab->statusText().contains(QStringLiteral("ends in the middle of a record at byte")),
             qPrintable(tab->statusText()));
    QCOMPARE(tab->connectionsModel()->rowCount(), 2);
    tab->selectConnection(1);
    QTRY_COMPARE(tab->logPane()->model()->rowCount(), 10);
}

namespace {
// In the child process: a workbench whose journal is in $SOCKSCOPE_MAINWINDOW_CHILD, its local server on a free
// port it prints, running until it is killed.
int runChild(const QString &directory)
{
    // Settings of its own, never the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, directory + QStringLiteral("/settings"));
    QCoreApplication::setOrganizationName(QStringLiteral("SockscopeTest"));
    MainWindow window(optionsIn(directory));
    window.show();
    QTextStream(stdout) << window.server()->port() << Qt::endl;
    return QApplication::exec();
}
} // namespace

// The workbench is killed while a client sends to its local server every 20 ms. The next start offers the
// journal; opening it shows every message sent more than a second before the kill.
void tst_MainWindow::killedWorkbenchIsRecoveredAtTheNextStart()
{
    QTemporaryDir dir;
    const killedrecording::Run run =
        killedrecording::sendThenKill(QStringLiteral("SOCKSCOPE_MAINWINDOW_CHILD"), dir.path());
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));

    MainWindow window(optionsIn(dir.path()));
    window.show();
    QVERIFY(!window.recoveryBar()->isHidden());
    QCOMPARE(window.recoverableJournals().size(), 1);
    auto *open = window.recoveryBar()->findChild<QPushButton *>(QStringLiteral("recoverOpen"));
    QVERIFY(open);
    QVERIFY(window.findChildren<ui::SessionTab *>().isEmpty());
    QTest::mouseClick(open, Qt::LeftButton);
    QVERIFY(window.recoveryBar()->isHidden());
    QCOMPARE(window.findChildren<ui::SessionTab *>().size(), 1);
    // Moved out of the journal directory: the next start does not offer it again.
    QCOMPARE(journalFiles(dir.path()).size(), 1); // this window's own
    QVERIFY(session::Journal::orphans(dir.filePath(QStringLiteral("journal"))).isEmpty());
    QCOMPARE(QDir(dir.filePath(QStringLiteral("recovered"))).entryList({QStringLiteral("*.sksession")}).size(), 1);

    auto *tab = window.findChild<ui::SessionTab *>();
    QVERIFY(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->isLoaded(), 10000);
    QCOMPARE(tab->connectionsModel()->rowCount(), 1);
    tab->selectConnection(0);
    ui::MessageLogModel *log = tab->logPane()->model();
    QVERIFY(log);
    log->flush();
    const QString lost = killedrecording::lostOlderThanASecond(run, killedrecording::received(log->store()));
    QVERIFY2(lost.isEmpty(), qPrintable(lost));
}

void tst_MainWindow::discardedJournalsAreGone()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("journal"))));
    const QString orphan = dir.filePath(QStringLiteral("journal/journal-20260101-000000-1.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        orphan, sessionfixtures::encode(sessionfixtures::records(1, 4, QStringLiteral("ws://h/")), false)));
    // One that holds nothing but the file header is not offered, and goes.
    const QString empty = dir.filePath(QStringLiteral("journal/journal-20260101-000000-2.sksession"));
    QVERIFY(sessionfixtures::writeFile(empty, sessionfixtures::encode({}, false)));
    MainWindow window(optionsIn(dir.path()));
    QVERIFY(!window.recoveryBar()->isHidden());
    QCOMPARE(window.recoverableJournals(), QStringList{orphan});
    QVERIFY(!QFile::exists(empty));
    QTest::mouseClick(window.recoveryBar()->findChild<QPushButton *>(QStringLiteral("recoverDiscard")), Qt::LeftButton);
    QVERIFY(window.recoveryBar()->isHidden());
    QVERIFY(!QFile::exists(orphan));
    QVERIFY(window.findChildren<ui::SessionTab *>().isEmpty());
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString childDirectory = qEnvironmentVariable("SOCKSCOPE_MAINWINDOW_CHILD");
    if (!childDirectory.isEmpty())
        return runChild(childDirectory);
    tst_MainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
