#include "ui/connectiontab.h"
#include "ui/mainwindow.h"
#include "ui/savedconnections.h"
#include "ui/savedconnectionsdialog.h"

#include <QAbstractItemModelTester>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
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
    c.url = QStringLiteral("wss://%1.example/feed").arg(name);
    c.subprotocols = QStringLiteral("v2.chat, chat");
    c.deflate = true;
    c.origin = QStringLiteral("https://app.example");
    c.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer a:b")}};
    return c;
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
    edited.url = QStringLiteral("ws://127.0.0.1:9998/echo");
    model.update(1, edited);
    QCOMPARE(model.index(1).data(SavedConnectionsModel::UrlRole).toString(),
             QStringLiteral("ws://127.0.0.1:9998/echo"));
    QCOMPARE(model.duplicate(0), 1);
    QCOMPARE(model.at(1).name, QStringLiteral("prod (copy)"));
    QCOMPARE(model.at(1).headers, model.at(0).headers);
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
    QCOMPARE(model.at(1).url, QStringLiteral("wss://eu.example/feed"));
    QCOMPARE(model.at(0).url, QStringLiteral("wss://prod.example/feed"));
    QSignalSpy opened(&dialog, &ui::SavedConnectionsDialog::openRequested);
    QPushButton *open = nullptr;
    for (QPushButton *b : dialog.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Open in a new tab"))
            open = b;
    }
    QVERIFY(open);
    open->click();
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened[0][0].value<SavedConnection>().url, QStringLiteral("wss://eu.example/feed"));
    dialog.deleteSelected();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(dialog.selectedRow(), 0);
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
    QTest::keyClick(&window, Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(window.savedConnections()->rowCount(), 1);
    const SavedConnection saved = window.savedConnections()->at(0);
    QCOMPARE(saved.url, tab->url());
    QCOMPARE(saved.subprotocols, QStringLiteral("mqtt"));
    // Opening it from the dialog gives a new tab with the same settings.
    window.showSavedConnections();
    auto *dialog = qobject_cast<ui::SavedConnectionsDialog *>(window.savedConnectionsDialog());
    QVERIFY(dialog);
    const int before = window.connectionTabCount();
    emit dialog->openRequested(saved);
    QCOMPARE(window.connectionTabCount(), before + 1);
    QCOMPARE(window.currentConnectionTab()->url(), saved.url);
    QCOMPARE(window.currentConnectionTab()->headers(), saved.headers);
    dialog->close();
}

QTEST_MAIN(tst_SavedConnections)
#include "tst_savedconnections.moc"
