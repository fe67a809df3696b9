#include "ui/connectiontab.h"
#include "ui/mainwindow.h"
#include "ui/messagelogmodel.h"
#include "ui/payloadeditor.h"
#include "ui/savedconnections.h"

#include "net/server.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

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
    void secretsNeverWritten();

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

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
