#pragma once

#include "session/sessionloader.h"

#include <QTemporaryFile>
#include <QWidget>

#include <memory>

#include <vector>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTableView;
class QTabWidget;
class QToolButton;

namespace sockscope::session {
class PayloadSource;
}

namespace sockscope::ui {

class HandshakeInspector;
class LogPane;
class MessageDetails;
class MessageLogModel;
class ReplayPanel;
class SessionConnectionsModel;
class ToneLabel;

// An opened session, read only: its connections, and for the selected one its log (filtered like a live one),
// the selected message, the raw handshake with its checks, the notes and close, and a replay against a server.
// The file loads in slices (SessionLoader) and the views fill as it does. A damaged file shows everything before
// the damage and says where it is.
class SessionTab : public QWidget
{
    Q_OBJECT
public:
    explicit SessionTab(QWidget *parent = nullptr);
    ~SessionTab() override;

    // Starts loading a session file, or a HAR file or packet capture (.har, .pcapng, .pcap) converted to a session
    // first; false with the reason in statusText() when the file cannot be opened at all.
    bool open(const QString &path);
    // The file the user opened.
    QString fileName() const { return m_source; }
    // The session file shown: the one opened, or the one converted from it.
    QString sessionFileName() const { return m_loader.fileName(); }
    // What converting the opened file said (a HAR error, what a capture held), or empty.
    QString conversionText() const { return m_conversion; }
    const session::SessionLoader &loader() const { return m_loader; }
    bool isLoaded() const { return m_loader.isFinished(); }

    // Shows connection `index` (a row of the connections table).
    void selectConnection(int index);
    int selectedConnection() const { return m_selected; }

    QTableView *connectionsView() const { return m_connectionsView; }
    SessionConnectionsModel *connectionsModel() const { return m_connections; }
    LogPane *logPane() const { return m_logPane; }
    MessageDetails *details() const { return m_details; }
    HandshakeInspector *handshakeInspector() const { return m_handshake; }
    ReplayPanel *replayPanel() const { return m_replay; }
    QString statusText() const;
    QString notesText() const;
    // Saves a copy of the file as it is on disk (QSaveFile); false with the reason.
    bool saveCopy(const QString &path, QString *error) const;
    // Writes the session's connections as pcapng; false with the reason.
    bool exportPcapng(const QString &path, QString *error) const;
    // Writes the session's connections as a HAR file; false with the reason.
    bool exportHar(const QString &path, QString *error) const;

    // Words for a session file that could not be read to its end.
    static QString readErrorText(const session::SessionReadError &error);

signals:
    // The file loaded to its end or to its damage.
    void loaded();
    // The user wants the local server to play the server side of connection `connection` of `sessionFile`.
    void mockRequested(const QString &sessionFile, quint32 connection);
    // Nothing in it could be shown (not a session file, a later major version): the tab is of no use.
    void unusable(const QString &why);

private:
    void progressed();
    void finished();
    void showDetails();
    void showConnectionInfo();
    // Converts a HAR file or capture into m_converted; false with the reason in m_conversion.
    bool convert(const QString &path, const QString &suffix);

    session::SessionLoader m_loader;
    QLabel *m_file;
    QProgressBar *m_progress;
    ToneLabel *m_status;
    QToolButton *m_export;
    QTableView *m_connectionsView;
    SessionConnectionsModel *m_connections;
    LogPane *m_logPane;
    QTabWidget *m_views;
    MessageDetails *m_details;
    HandshakeInspector *m_handshake;
    QPlainTextEdit *m_notes;
    ReplayPanel *m_replay;
    std::vector<MessageLogModel *> m_logs; // by connection, made when first shown
    int m_selected = -1;
    QString m_source;
    QString m_conversion;
    bool m_conversionFailed = false;
    std::unique_ptr<QTemporaryFile> m_converted;
    std::unique_ptr<session::PayloadSource> m_payloads;
};

} // namespace sockscope::ui
