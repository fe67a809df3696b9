#pragma once

#include "net/serveroptions.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QTabWidget;

namespace sockscope::net {
class Server;
}

namespace sockscope::ui {

class ConnectionTab;
class ServerTab;
class SavedConnectionsModel;

// The workbench's top-level window: menus with every action and its shortcut, the connection tabs, and the
// local server it starts (ws://127.0.0.1:9998/echo by default) so that the first tab can connect at once.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const net::ServerOptions &serverOptions = net::ServerOptions(), QWidget *parent = nullptr);
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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    bool restoreTabs();
    void updateServerStatus();

    QTabWidget *m_tabs;
    net::Server *m_server;
    QLabel *m_serverStatus;
    ServerTab *m_serverTab = nullptr;
    SavedConnectionsModel *m_saved;
    QPointer<QWidget> m_savedDialog;
};

} // namespace sockscope::ui
