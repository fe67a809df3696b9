#include "ui/connectiontab.h"
#include "ui/mainwindow.h"
#include "ui/savedconnections.h"
#include "ui/savedconnectionsdialog.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace sockscope;
using ui::SavedConnection;
using ui::SavedConnectionsModel;

namespace {
SavedConnection sample(const QString &name)
{
    SavedConnection c;
    c.name = name;
    c.settings.url = QStringLiteral("wss://%1.example/feed").arg(name);
    c.settings.subprotocols = QStringLiteral("v2.chat, chat");
    c.settings.deflate = true;
    c.settings.origin = QStringLiteral("https://app.example");
    c.settings.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer a:b")}};
    c.settings.proxyKind = net::ProxySettings::Kind::HttpConnect;
    c.settings.proxyHost = QStringLiteral("proxy.%1.example").arg(name);
    c.settings.proxyPort = 3128;
    c.settings.proxyUser = QStringLiteral("alice");
    c.settings.caFile = QStringLiteral("/etc/ssl/%1-ca.pem").arg(name);
    c.settings.clientCertificate = QStringLiteral("/home/me/%1.p12").arg(name);
    c.settings.keepAliveSeconds = 30;
    c.settings.reconnect = true;
    return c;
}

template <typename T> T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no %s", name);
    return found;
}
} // namespace

class tst_SavedConnections : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void addEditDuplicateDelete();
    void keptAcrossStarts();
    void dialogEditsAndOpens();
    void dialogEditsProxyAndTls();
    void saveFromTheCurrentTab();

private:
    QTemporaryDir m_settings;
};

void tst_SavedConnections::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(QStringLiteral("SockscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_savedconnections"));
}

void tst_SavedConnections::init()
{
    QSettings().clear();
}

void tst_SavedConnections::addEditDuplicateDelete()
{
    SavedConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.add(sample(QStringLiteral("prod"))), 0);
    QCOMPARE(model.add(sample(QStringLiteral("staging"))), 1);
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("prod — wss://prod.example/feed"));
    SavedConnection edited = model.at(1);
    edited.settings.url = QStringLiteral("ws://127.0.0.1:9998/echo");
    model.update(1, edited);
    QCOMPARE(model.index(1).data(SavedConnectionsModel::UrlRole).toString(),
             QStringLiteral("ws://127.0.0.1:9998/echo"));
    QCOMPARE(model.duplicate(0), 1);
    QCOMPARE(model.at(1).name, QStringLiteral("prod (copy)"));
    QCOMPARE(model.at(1).settings, model.at(0).settings);
    model.remove(0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.at(0).name, QStringLiteral("prod (copy)"));
}

void tst_SavedConnections::keptAcrossStarts()
{
    {
        SavedConnectionsModel model;
        model.add(sample(QStringLiteral("prod")));
        model.add(sample(QStringLiteral("staging")));
    }
    SavedConnectionsModel again;
    again.load();
    QCOMPARE(again.rowCount(), 2);
    QCOMPARE(again.at(0), sample(QStringLiteral("prod")));
    QCOMPARE(again.at(1), sample(QStringLiteral("staging")));
}

void tst_SavedConnections::dialogEditsAndOpens()
{
    SavedConnectionsModel model;
    model.add(sample(QStringLiteral("prod")));
    ui::SavedConnectionsDialog dialog(&model);
    dialog.show();
    QCOMPARE(dialog.selectedRow(), 0);
    dialog.setName(QStringLiteral("production"));
    QCOMPARE(model.at(0).name, QStringLiteral("production"));
    dialog.duplicateSelected();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(dialog.selectedRow(), 1);
    dialog.setUrl(QStringLiteral("wss://eu.example/feed"));
    QCOMPARE(model.at(1).settings.url, QStringLiteral("wss://eu.example/feed"));
    QCOMPARE(model.at(0).settings.url, QStringLiteral("wss://prod.example/feed"));
    QSignalSpy opened(&dialog, &ui::SavedConnectionsDialog::openRequested);
    QPushButton *open = nullptr;
    for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Open in a new tab"))
            open = b;
    }
    QVERIFY(open);
    open->click();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened[0][0].value<SavedConnection>().settings.url, QStringLiteral("wss://eu.example/feed"));
    dialog.deleteSelected();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(dialog.selectedRow(), 0);
}

void tst_SavedConnections::dialogEditsProxyAndTls()
{
    SavedConnectionsModel model;
    SavedConnection plain;
    plain.name = QStringLiteral("plain");
    plain.settings.url = QStringLiteral("wss://plain.example/");
    model.add(plain);
    ui::SavedConnectionsDialog dialog(&model);
    dialog.show();
    QCOMPARE(child<QComboBox>(&dialog, "proxyKind")->currentData().toInt(), int(net::ProxySettings::Kind::None));
    auto *kind = child<QComboBox>(&dialog, "proxyKind");
    kind->setCurrentIndex(kind->findData(int(net::ProxySettings::Kind::Socks5)));
    // Credentials typed into the address: the user is kept, the password is not.
    QTest::keyClicks(child<QLineEdit>(&dialog, "proxyAddress"), QStringLiteral("carol:pa55@[::1]:1080"));
    QTest::keyClicks(child<QLineEdit>(&dialog, "caFile"), QStringLiteral("/etc/ssl/ca.pem"));
    QTest::keyClicks(child<QLineEdit>(&dialog, "clientCertificate"), QStringLiteral("/home/me/client.crt"));
    QTest::keyClicks(child<QLineEdit>(&dialog, "clientKey"), QStringLiteral("/home/me/client.key"));
    child<QSpinBox>(&dialog, "keepAlive")->setValue(15);
    child<QCheckBox>(&dialog, "reconnect")->setChecked(true);
    const ui::ConnectionSettings edited = model.at(0).settings;
    QCOMPARE(edited.url, plain.settings.url);
    QCOMPARE(edited.proxyKind, net::ProxySettings::Kind::Socks5);
    QCOMPARE(edited.proxyHost, QStringLiteral("::1"));
    QCOMPARE(edited.proxyPort, quint16(1080));
    QCOMPARE(edited.proxyUser, QStringLiteral("carol"));
    QCOMPARE(edited.caFile, QStringLiteral("/etc/ssl/ca.pem"));
    QCOMPARE(edited.clientCertificate, QStringLiteral("/home/me/client.crt"));
    QCOMPARE(edited.clientKey, QStringLiteral("/home/me/client.key"));
    QCOMPARE(edited.keepAliveSeconds, 15);
    QVERIFY(edited.reconnect);

    // Kept across starts, and in a duplicate, which shows them.
    SavedConnectionsModel again;
    again.load();
    QCOMPARE(again.at(0).settings, edited);
    dialog.duplicateSelected();
    QCOMPARE(model.at(1).settings, edited);
    QCOMPARE(dialog.selectedRow(), 1);
    QCOMPARE(child<QLineEdit>(&dialog, "proxyAddress")->text(), QStringLiteral("[::1]:1080"));
    QCOMPARE(child<QLineEdit>(&dialog, "proxyUser")->text(), QStringLiteral("carol"));
    QCOMPARE(child<QSpinBox>(&dialog, "keepAlive")->value(), 15);
    // Editing the copy leaves the original as it was.
    child<QLineEdit>(&dialog, "proxyUser")->clear();
    QTest::keyClicks(child<QLineEdit>(&dialog, "proxyUser"), QStringLiteral("dave"));
    QCOMPARE(model.at(1).settings.proxyUser, QStringLiteral("dave"));
    QCOMPARE(model.at(0).settings.proxyUser, QStringLiteral("carol"));
    QSignalSpy opened(&dialog, &ui::SavedConnectionsDialog::openRequested);
    for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Open in a new tab"))
            b->click();
    }
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened[0][0].value<SavedConnection>().settings.proxyUser, QStringLiteral("dave"));
    QCOMPARE(opened[0][0].value<SavedConnection>().settings.caFile, QStringLiteral("/etc/ssl/ca.pem"));
}

void tst_SavedConnections::saveFromTheCurrentTab()
{
    net::ServerOptions options;
    options.port = 0;
    ui::MainWindow window(options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ui::ConnectionTab *tab = window.currentConnectionTab();
    tab->setSubprotocols(QStringLiteral("mqtt"));
    tab->setHeaders({{QStringLiteral("X-Api-Key"), QStringLiteral("k")}});
    tab->setProxy(net::ProxySettings::Kind::HttpConnect, QStringLiteral("proxy.example:3128"), QStringLiteral("alice"));
    tab->setProxyPassword(QStringLiteral("proxy secret"));
    tab->setCaFile(QStringLiteral("/etc/ssl/ca.pem"));
    tab->setClientIdentity(QStringLiteral("/home/me/client.crt"), QStringLiteral("/home/me/client.key"),
                           QStringLiteral("key secret"));
    tab->setKeepAliveSeconds(20);
    tab->setReconnect(true);
    QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(window.savedConnections()->rowCount(), 1);
    const SavedConnection saved = window.savedConnections()->at(0);
    QCOMPARE(saved.settings, tab->settings());
    QCOMPARE(saved.settings.url, tab->url());
    QCOMPARE(saved.settings.subprotocols, QStringLiteral("mqtt"));
    QCOMPARE(saved.settings.proxyHost, QStringLiteral("proxy.example"));
    QCOMPARE(saved.settings.proxyUser, QStringLiteral("alice"));
    QCOMPARE(saved.settings.clientKey, QStringLiteral("/home/me/client.key"));
    QCOMPARE(saved.settings.keepAliveSeconds, 20);
    // Opening it from the dialog gives a new tab with the same settings, and none of the secrets.
    window.showSavedConnections();
    auto *dialog = qobject_cast<ui::SavedConnectionsDialog *>(window.savedConnectionsDialog());
    QVERIFY(dialog);
    const int before = window.connectionTabCount();
    emit dialog->openRequested(saved);
    QCOMPARE(window.connectionTabCount(), before + 1);
    ui::ConnectionTab *opened = window.currentConnectionTab();
    QVERIFY(opened != tab);
    QCOMPARE(opened->settings(), saved.settings);
    QCOMPARE(opened->proxyPassword(), QString());
    QCOMPARE(opened->passphrase(), QString());
    dialog->close();
}

QTEST_MAIN(tst_SavedConnections)
#include "tst_savedconnections.moc"
