#include "ui/connectiontab.h"
#include "ui/mainwindow.h"
#include "ui/messagelogmodel.h"

#include "net/server.h"

#include <QTest>

using namespace sockscope;
using ui::MainWindow;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void firstStartTalksToTheLocalServer();
    void tabShortcuts();
};

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

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
