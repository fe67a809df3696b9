#include "ui/connectiontab.h"
#include "ui/mainwindow.h"
#include "ui/messagelogmodel.h"
#include "ui/payloadeditor.h"

#include "net/server.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

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
    QTRY_VERIFY_WITH_TIMEOUT(window.serverStatus().endsWith(QStringLiteral("· 1 clients")), 5000);
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

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
