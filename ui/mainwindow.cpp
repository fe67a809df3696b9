#include "mainwindow.h"

#include "connectiontab.h"
#include "savedconnections.h"
#include "savedconnectionsdialog.h"
#include "servertab.h"

#include "net/server.h"
#include "net/serverclient.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>

namespace sockscope::ui {

MainWindow::MainWindow(const net::ServerOptions &serverOptions, QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_server(new net::Server(this))
    , m_serverStatus(new QLabel(this))
    , m_saved(new SavedConnectionsModel(this))
{
    setWindowTitle(tr("Sockscope"));
    resize(1280, 860);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_serverStatus);

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *newTab = fileMenu->addAction(tr("&New Connection"), this, [this] { newConnectionTab(); });
    newTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction *closeTab =
        fileMenu->addAction(tr("&Close Connection"), this, [this] { closeConnectionTab(m_tabs->currentIndex()); });
    closeTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    auto *connectionMenu = menuBar()->addMenu(tr("&Connection"));
    QAction *connectAction = connectionMenu->addAction(tr("Co&nnect"), this, [this] {
        if (ConnectionTab *tab = currentConnectionTab())
            tab->connectToServer();
    });
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    connectionMenu->addAction(tr("&Disconnect"), this, [this] {
        if (ConnectionTab *tab = currentConnectionTab())
            tab->disconnectFromServer();
    });
    connectionMenu->addSeparator();
    QAction *saveConnection = connectionMenu->addAction(tr("Sa&ve Connection"), this, [this] {
        if (ConnectionTab *tab = currentConnectionTab()) {
            const QUrl url(tab->url());
            m_saved->add(SavedConnection{url.host() + url.path(), tab->settings()});
            statusBar()->showMessage(tr("Saved %1").arg(tab->url()), 4000);
        }
    });
    saveConnection->setShortcut(QKeySequence::Save);
    QAction *savedList = connectionMenu->addAction(tr("Saved Co&nnections…"), this, &MainWindow::showSavedConnections);
    savedList->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connectionMenu->addSeparator();
    QAction *send = connectionMenu->addAction(tr("&Send Message"), this, [this] {
        if (ConnectionTab *tab = currentConnectionTab())
            tab->sender()->send();
    });
    send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    send->setShortcutContext(Qt::WidgetShortcut); // the sender's own shortcut handles Ctrl+Enter
    QAction *focusUrl = connectionMenu->addAction(tr("Go to &URL"), this, [this] {
        if (ConnectionTab *tab = currentConnectionTab())
            tab->focusUrl();
    });
    focusUrl->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *focusFilter = connectionMenu->addAction(tr("&Filter Messages"), this, [this] {
        if (ConnectionTab *tab = currentConnectionTab())
            tab->focusFilter();
    });
    focusFilter->setShortcut(QKeySequence::Find);

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Sockscope"), this, [this] {
        QMessageBox::about(this, tr("About Sockscope"),
                           tr("<b>Sockscope %1</b><p>A workbench for WebSocket developers.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeConnectionTab);
    m_saved->load();
    connect(m_server, &net::Server::clientAccepted, this, &MainWindow::updateServerStatus);
    connect(m_server, &net::Server::clientFinished, this, &MainWindow::updateServerStatus, Qt::QueuedConnection);

    // The local server first, so the first tab has something to talk to.
    if (!m_server->listen(serverOptions))
        statusBar()->showMessage(tr("The local server did not start: %1").arg(m_server->errorString()));
    updateServerStatus();
    m_serverTab = new ServerTab(m_server, m_tabs);
    m_tabs->addTab(m_serverTab, tr("Local server"));
    // The server tab stays: it has no close button.
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    if (!restoreTabs()) {
        // First start: one tab pointing at the local server, so Connect then Send shows an echo at once.
        QUrl first = m_server->isListening() ? m_server->url() : QUrl(QStringLiteral("ws://127.0.0.1:9998/echo"));
        newConnectionTab(first.toString());
    }
}

void MainWindow::saveTabs() const
{
    QSettings settings;
    settings.beginWriteArray(QStringLiteral("tabs"));
    int written = 0;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i));
        if (!tab)
            continue;
        settings.setArrayIndex(written++);
        // Never the proxy password or a passphrase: they are not in a tab's settings.
        tab->settings().save(settings);
        QVariantList templates;
        for (const SavedMessage &m : tab->sender()->templates()) {
            templates.append(QVariantMap{{QStringLiteral("name"), m.name},
                                         {QStringLiteral("mode"), m.mode},
                                         {QStringLiteral("text"), m.text},
                                         {QStringLiteral("file"), m.filePath}});
        }
        settings.setValue(QStringLiteral("templates"), templates);
    }
    settings.endArray();
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
}

bool MainWindow::restoreTabs()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    const int count = settings.beginReadArray(QStringLiteral("tabs"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ConnectionTab *tab = newConnectionTab();
        tab->applySettings(ConnectionSettings::load(settings));
        QList<SavedMessage> templates;
        for (const QVariant &v : settings.value(QStringLiteral("templates")).toList()) {
            const QVariantMap map = v.toMap();
            SavedMessage m;
            m.name = map.value(QStringLiteral("name")).toString();
            m.mode = map.value(QStringLiteral("mode")).toInt();
            m.text = map.value(QStringLiteral("text")).toString();
            m.filePath = map.value(QStringLiteral("file")).toString();
            templates.append(m);
        }
        tab->sender()->setTemplates(templates);
    }
    settings.endArray();
    return count > 0;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveTabs();
    QMainWindow::closeEvent(event);
}

MainWindow::~MainWindow()
{
    // Tabs (and their connections) go before the server they may be connected to.
    while (m_tabs->count() > 0)
        delete m_tabs->widget(0);
}

ConnectionTab *MainWindow::newConnectionTab(const QString &url)
{
    auto *tab = new ConnectionTab(m_tabs);
    if (!url.isEmpty())
        tab->setUrl(url);
    const int index = m_tabs->addTab(tab, tr("New connection"));
    connect(tab, &ConnectionTab::titleChanged, this, [this, tab](const QString &title) {
        const int i = m_tabs->indexOf(tab);
        if (i >= 0)
            m_tabs->setTabText(i, title);
    });
    m_tabs->setCurrentIndex(index);
    tab->focusUrl();
    return tab;
}

void MainWindow::showSavedConnections()
{
    auto *dialog = new SavedConnectionsDialog(m_saved, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SavedConnectionsDialog::openRequested, this, [this](const SavedConnection &c) {
        ConnectionTab *tab = newConnectionTab();
        tab->applySettings(c.settings);
    });
    m_savedDialog = dialog;
    dialog->show();
}

ConnectionTab *MainWindow::currentConnectionTab() const
{
    return qobject_cast<ConnectionTab *>(m_tabs->currentWidget());
}

int MainWindow::connectionTabCount() const
{
    int count = 0;
    for (int i = 0; i < m_tabs->count(); ++i)
        count += qobject_cast<ConnectionTab *>(m_tabs->widget(i)) != nullptr;
    return count;
}

void MainWindow::closeConnectionTab(int index)
{
    auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(index));
    if (!tab)
        return;
    m_tabs->removeTab(index);
    tab->deleteLater();
}

QString MainWindow::serverStatus() const
{
    return m_serverStatus->text();
}

void MainWindow::updateServerStatus()
{
    if (!m_server->isListening()) {
        m_serverStatus->setText(tr("Local server stopped"));
        return;
    }
    m_serverStatus->setText(
        tr("Local server %1 (%2) · %3 clients")
            .arg(m_server->url().toString(), QString::fromLatin1(net::serverModeName(m_server->options().mode)))
            .arg(m_server->clients().size()));
}

} // namespace sockscope::ui
