#include "mainwindow.h"

#include "connectioncommand.h"
#include "connectiontab.h"
#include "savedconnections.h"
#include "savedconnectionsdialog.h"
#include "servertab.h"
#include "sessiontab.h"

#include "net/server.h"
#include "net/serverclient.h"
#include "session/journal.h"
#include "session/sessionwriter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sockscope::ui {

namespace {
// The status bar's word after a connection was copied as a command: which tool, and what the command lacks.
QString commandCopiedText(const ConnectionCommand &command)
{
    using Omission = ConnectionCommand::Omission;
    QString text = command.tool() == ConnectionCommand::Tool::SockscopeCli
                       ? MainWindow::tr("Copied the sockscope-cli command.")
                       : MainWindow::tr("Copied the websocat command.");
    QStringList left;
    if (command.omissions() & Omission::Deflate)
        left << MainWindow::tr("permessage-deflate (websocat has no option for it)");
    if (command.omissions() & Omission::Proxy)
        left << MainWindow::tr("the proxy");
    if (command.omissions() & Omission::TlsFiles)
        left << MainWindow::tr("the CA and client certificate files");
    if (command.omissions() & Omission::KeepAlive)
        left << MainWindow::tr("the keep-alive ping");
    if (command.omissions() & Omission::Reconnect)
        left << MainWindow::tr("reconnecting");
    if (command.omissions() & Omission::InvalidHeader)
        left << MainWindow::tr("headers whose name holds ':' or a line break");
    if (!left.isEmpty())
        text += QLatin1Char(' ') + MainWindow::tr("Not in it: %1.").arg(left.join(QLatin1String(", ")));
    return text;
}
} // namespace

MainWindow::MainWindow(const net::ServerOptions &serverOptions, QWidget *parent)
    : MainWindow(MainWindowOptions{serverOptions, {}, {}}, parent)
{}

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent)
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
    m_recoveryBar = new QFrame(this);
    m_recoveryBar->setObjectName(QStringLiteral("recoveryBar"));
    static_cast<QFrame *>(m_recoveryBar)->setFrameShape(QFrame::StyledPanel);
    m_recoveryText = new QLabel(m_recoveryBar);
    m_recoveryText->setWordWrap(true);
    auto *recoverOpen = new QPushButton(tr("Open"), m_recoveryBar);
    recoverOpen->setObjectName(QStringLiteral("recoverOpen"));
    auto *recoverDiscard = new QPushButton(tr("Discard"), m_recoveryBar);
    recoverDiscard->setObjectName(QStringLiteral("recoverDiscard"));
    auto *barLayout = new QHBoxLayout(m_recoveryBar);
    barLayout->addWidget(m_recoveryText, 1);
    barLayout->addWidget(recoverOpen);
    barLayout->addWidget(recoverDiscard);
    connect(recoverOpen, &QPushButton::clicked, this, &MainWindow::recoverJournals);
    connect(recoverDiscard, &QPushButton::clicked, this, &MainWindow::discardJournals);
    m_recoveryBar->hide();
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_recoveryBar);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_serverStatus);

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *newTab = fileMenu->addAction(tr("&New Connection"), this, [this] { newConnectionTab(); });
    newTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction *closeTab =
        fileMenu->addAction(tr("&Close Connection"), this, [this] { closeConnectionTab(m_tabs->currentIndex()); });
    closeTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    fileMenu->addSeparator();
    QAction *openSessionAction = fileMenu->addAction(tr("&Open Session…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Session"), QString(),
            tr("Sessions, HAR files and captures (*.sksession *.har *.pcapng *.pcap);;Sockscope "
               "sessions (*.sksession);;HAR files (*.har);;Packet "
               "captures (*.pcapng *.pcap);;All files (*)"));
        if (!path.isEmpty())
            openSession(path);
    });
    openSessionAction->setShortcut(QKeySequence::Open);
    QAction *saveSessionAction = fileMenu->addAction(tr("Save &Recording As…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Recording"),
            QStringLiteral("sockscope-%1.sksession")
                .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))),
            tr("Sockscope sessions (*.sksession)"));
        QString error;
        if (path.isEmpty())
            return;
        if (saveSession(path, &error))
            statusBar()->showMessage(tr("Saved the recording to %1").arg(QDir::toNativeSeparators(path)), 6000);
        else
            showError(tr("Save Recording"), tr("The recording was not saved: %1").arg(error));
    });
    saveSessionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
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
    const auto copyCommand = [this](ConnectionCommand::Tool tool) {
        ConnectionTab *tab = currentConnectionTab();
        if (!tab || tab->url().isEmpty()) {
            statusBar()->showMessage(tr("Nothing was copied: the connection has no URL."), 6000);
            return;
        }
        const ConnectionCommand command(tool, tab->settings());
        QGuiApplication::clipboard()->setText(command.commandLine());
        statusBar()->showMessage(commandCopiedText(command), 10000);
    };
    QAction *copyCli = connectionMenu->addAction(tr("Copy as sockscope-cli Command"), this,
                                                 [copyCommand] { copyCommand(ConnectionCommand::Tool::SockscopeCli); });
    copyCli->setObjectName(QStringLiteral("copyCliCommand"));
    copyCli->setToolTip(tr("URL, subprotocols, Origin, headers and deflate as a sockscope-cli connect command line"));
    QAction *copyWebsocat = connectionMenu->addAction(
        tr("Copy as websocat Command"), this, [copyCommand] { copyCommand(ConnectionCommand::Tool::Websocat); });
    copyWebsocat->setObjectName(QStringLiteral("copyWebsocatCommand"));
    copyWebsocat->setToolTip(tr("URL, subprotocols, Origin and headers as a websocat command line; websocat has no "
                                "permessage-deflate, so the command connects without it"));
    connectionMenu->setToolTipsVisible(true);
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
    if (!m_server->listen(options.server))
        statusBar()->showMessage(tr("The local server did not start: %1").arg(m_server->errorString()));
    updateServerStatus();
    m_serverTab = new ServerTab(m_server, m_tabs);
    m_tabs->addTab(m_serverTab, tr("Local server"));
    // The server tab stays: it has no close button.
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    startJournal(options);
    if (!restoreTabs()) {
        // First start: one tab pointing at the local server, so Connect then Send shows an echo at once.
        QUrl first = m_server->isListening() ? m_server->url() : QUrl(QStringLiteral("ws://127.0.0.1:9998/echo"));
        newConnectionTab(first.toString());
    }
}

void MainWindow::startJournal(const MainWindowOptions &options)
{
    const QString directory =
        options.journalDirectory.isEmpty() ? session::Journal::defaultDirectory() : options.journalDirectory;
    m_recoveredDirectory = options.recoveredDirectory.isEmpty()
                               ? QDir(directory).absoluteFilePath(QStringLiteral("../recovered"))
                               : options.recoveredDirectory;
    // Journals of runs that ended badly are looked for before this run's own exists.
    QList<session::Journal::Orphan> orphans = session::Journal::orphans(directory);
    // A run that recorded nothing left only a file header: nothing to offer.
    orphans.removeIf([](const session::Journal::Orphan &o) {
        return o.size <= session::SessionWriter::fileHeader().size() && session::Journal::remove(o.path);
    });
    if (!orphans.isEmpty()) {
        qint64 bytes = 0;
        for (const auto &o : orphans) {
            m_orphans.append(o.path);
            bytes += o.size;
        }
        m_recoveryText->setText(
            tr("Sockscope did not exit cleanly last time. What it recorded (%1 in %2 file(s), last written %3) can be "
               "opened again.")
                .arg(QLocale().formattedDataSize(bytes))
                .arg(orphans.size())
                .arg(QLocale().toString(orphans.last().lastModified, QLocale::ShortFormat)));
        m_recoveryBar->show();
    }
    m_journal = new session::Journal(this);
    if (!m_journal->start(directory)) {
        statusBar()->showMessage(tr("Connections are not being recorded: %1").arg(m_journal->errorString()));
        return;
    }
    m_journal->recorder().addServer(m_server);
    connect(&m_journal->recorder(), &session::Recorder::failed, this,
            [this](const QString &error) { statusBar()->showMessage(tr("Recording stopped: %1").arg(error)); });
}

QList<SessionTab *> MainWindow::recoverJournals()
{
    QList<SessionTab *> opened;
    QStringList failed;
    for (const QString &path : std::as_const(m_orphans)) {
        const QString target =
            QDir(m_recoveredDirectory).filePath(QStringLiteral("recovered-") + QFileInfo(path).fileName().mid(8));
        QString error;
        if (!session::Journal::adopt(path, target, &error)) {
            failed.append(tr("%1: %2").arg(QDir::toNativeSeparators(path), error));
            continue;
        }
        if (SessionTab *tab = openSession(target))
            opened.append(tab);
    }
    m_orphans.clear();
    m_recoveryBar->hide();
    if (!failed.isEmpty())
        showError(tr("Recover Recording"),
                  tr("Some recordings could not be recovered:\n%1").arg(failed.join(QLatin1Char('\n'))));
    else if (!opened.isEmpty())
        statusBar()->showMessage(tr("Recovered recordings are kept in %1; save a copy to keep one elsewhere.")
                                     .arg(QDir::toNativeSeparators(m_recoveredDirectory)),
                                 10000);
    return opened;
}

void MainWindow::discardJournals()
{
    for (const QString &path : std::as_const(m_orphans))
        session::Journal::remove(path);
    m_orphans.clear();
    m_recoveryBar->hide();
}

SessionTab *MainWindow::openSession(const QString &path)
{
    auto *tab = new SessionTab(m_tabs);
    if (!tab->open(path)) {
        showError(tr("Open Session"), tab->statusText());
        delete tab;
        return nullptr;
    }
    const int index = m_tabs->addTab(tab, QFileInfo(path).fileName());
    m_tabs->setTabToolTip(index, QDir::toNativeSeparators(path));
    m_tabs->setCurrentIndex(index);
    connect(tab, &SessionTab::mockRequested, this, [this](const QString &file, quint32 connection) {
        if (m_serverTab->playSession(file, connection))
            m_tabs->setCurrentWidget(m_serverTab);
        else
            showError(tr("Mock This Server"), m_serverTab->statusText());
        updateServerStatus();
    });
    connect(tab, &SessionTab::unusable, this, [this, tab, path](const QString &why) {
        const int i = m_tabs->indexOf(tab);
        if (i >= 0)
            m_tabs->removeTab(i);
        tab->deleteLater();
        showError(tr("Open Session"), tr("%1 cannot be opened. %2").arg(QDir::toNativeSeparators(path), why));
    });
    return tab;
}

bool MainWindow::saveSession(const QString &path, QString *error)
{
    // The journal says why when it is not recording (it could not be created, or writing it failed).
    return m_journal->saveCopy(path, error);
}

void MainWindow::showError(const QString &title, const QString &text)
{
    statusBar()->showMessage(text, 10000);
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("errorBox"));
    box->open(); // not modal to the event loop: nothing else waits for it
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
    // A clean end: the journal is not needed again.
    if (m_journal)
        m_journal->discard();
}

ConnectionTab *MainWindow::newConnectionTab(const QString &url)
{
    auto *tab = new ConnectionTab(m_tabs);
    if (m_journal && m_journal->isRecording())
        m_journal->recorder().addClient(&tab->connection());
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
    QWidget *tab = m_tabs->widget(index);
    if (!qobject_cast<ConnectionTab *>(tab) && !qobject_cast<SessionTab *>(tab))
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
    m_serverStatus->setText(tr("Local server %1 (%2) · %3")
                                .arg(m_server->url().toString(),
                                     QString::fromLatin1(net::serverModeName(m_server->options().mode)),
                                     ServerTab::clientCountText(m_server->clients().size())));
}

} // namespace sockscope::ui
