#pragma once

#include "net/serveroptions.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QTabWidget;

namespace sockscope::net {
class Server;
}

namespace sockscope::session {
class Journal;
}

namespace sockscope::ui {

class ConnectionTab;
class ServerTab;
class SavedConnectionsModel;
class SessionTab;

struct MainWindowOptions {
    net::ServerOptions server;
    // Where the journal of this run is kept and where journals of runs that ended badly are looked for; empty:
    // session::Journal::defaultDirectory().
    QString journalDirectory;
    // Where recovered journals are moved; empty: "recovered" beside the journal directory.
    QString recoveredDirectory;
};

// The workbench's top-level window: menus with every action and its shortcut, the connection tabs, and the
// local server it starts (ws://127.0.0.1:9998/echo by default) so that the first tab can connect at once.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const net::ServerOptions &serverOptions = net::ServerOptions(), QWidget *parent = nullptr);
    explicit MainWindow(const MainWindowOptions &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    ConnectionTab *newConnectionTab(const QString &url = {});
    ConnectionTab *currentConnectionTab() const;
    int connectionTabCount() const;
    void closeConnectionTab(int index);
    net::Server *server() const { return m_server; }
    ServerTab *serverTab() const { return m_serverTab; }
    QString serverStatus() const;
    SavedConnectionsModel *savedConnections() const { return m_saved; }
    // Opens the saved-connections dialog (not modal).
    void showSavedConnections();
    QWidget *savedConnectionsDialog() const { return m_savedDialog; }

    // The connection tabs and their settings, kept in QSettings for the next start.
    void saveTabs() const;

    // Opens a session file in a tab of its own; the tabs already open are not touched. Null when the file cannot be
    // opened (the reason is shown); a file that turns out not to be a session closes its tab again.
    SessionTab *openSession(const QString &path);
    // Writes everything recorded since the start (every tab's connections and every client of the local server)
    // as a finished session file. False with the reason.
    bool saveSession(const QString &path, QString *error);
    session::Journal *journal() const { return m_journal; }
    // Journals of earlier runs that ended badly, offered in a bar above the tabs.
    QWidget *recoveryBar() const { return m_recoveryBar; }
    QStringList recoverableJournals() const { return m_orphans; }
    // Moves them to the recovered directory and opens each; or deletes them.
    QList<SessionTab *> recoverJournals();
    void discardJournals();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    bool restoreTabs();
    void updateServerStatus();
    void startJournal(const MainWindowOptions &options);
    void showError(const QString &title, const QString &text);

    QTabWidget *m_tabs;
    net::Server *m_server;
    QLabel *m_serverStatus;
    ServerTab *m_serverTab = nullptr;
    SavedConnectionsModel *m_saved;
    QPointer<QWidget> m_savedDialog;
    session::Journal *m_journal = nullptr;
    QWidget *m_recoveryBar = nullptr;
    QLabel *m_recoveryText = nullptr;
    QStringList m_orphans;
    QString m_recoveredDirectory;
};

} // namespace sockscope::ui
