#pragma once

#include "credentialsdialog.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace sockscope::net {
class Server;
struct MockScript;
} // namespace sockscope::net

namespace sockscope::ui {

class LogPane;
class MessageDetails;
class PayloadEditor;
class ServerClientsModel;

// The local server: start and stop it with host, port, path, mode (echo, sink, broadcast, relay with its
// upstream) and TLS; the list of its clients; the selected client's handshake and log in the same views as a
// connection tab; sending to that client or to all; and the fault-injection switches, which act at once.
class ServerTab : public QWidget
{
    Q_OBJECT
public:
    explicit ServerTab(net::Server *server, QWidget *parent = nullptr);

    // "1 client", "3 clients".
    static QString clientCountText(qsizetype count);

    ServerClientsModel *clientsModel() const { return m_clients; }
    QTableView *clientsView() const { return m_clientsView; }
    QTableView *logView() const;
    PayloadEditor *payloadEditor() const { return m_editor; }
    QString statusText() const;
    QString selectedHandshake() const;

    // Restarts the server with what the form says; false with the reason shown when it cannot listen.
    bool start();
    void stop();
    bool sendToSelected();
    int sendToAll();
    void setPort(int port);
    void setMode(int index);
    void setEchoDelay(int ms);
    // wss:// at the next start(): with a PEM certificate (and its key file, when the key is not in it) or a
    // PKCS#12 file; without a certificate path, a self-signed certificate made at start.
    void setTls(bool on, const QString &certificatePath = {}, const QString &keyPath = {});
    // Subprotocols and Origins as typed (comma-separated; empty: any), for the clients that connect next.
    void setHandshakeRules(const QString &subprotocols, bool required, const QString &origins);
    void setMaxMessageMiB(int mib);
    // Asked for the passphrase of an encrypted key or PKCS#12 file; a CredentialsDialog by default.
    void setCredentialProvider(CredentialProvider provider);
    // Restarts the server in mock mode playing the server side of connection `connection` of a session file (0:
    // the first that was opened); false with the reason in statusText().
    bool playSession(const QString &path, quint32 connection = 0);

private:
    void applyFaults();
    void applyRules();
    std::shared_ptr<const net::MockScript> mockScriptFrom(const QString &path, quint32 connection, QString *why);
    void showClient();
    void updateStatus();

    net::Server *m_server;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_path;
    QComboBox *m_mode;
    QLineEdit *m_upstream; // relay: the upstream URL; mock: the session file
    QComboBox *m_mockTiming = nullptr;
    quint32 m_mockConnection = 0;
    QString m_mockDescription;
    QCheckBox *m_tls;
    QLineEdit *m_tlsCertificate;
    QLineEdit *m_tlsKey;
    QString m_tlsPassphrase; // in memory while the tab is open, never saved
    CredentialProvider m_credentialProvider;
    QPushButton *m_startStop;
    QLabel *m_status;
    QSpinBox *m_refuse;
    QSpinBox *m_delay;
    QSpinBox *m_drop;
    QCheckBox *m_ignorePings;
    QCheckBox *m_stopReading;
    QSpinBox *m_resetAfter;
    QLineEdit *m_protocols = nullptr;
    QCheckBox *m_requireProtocol = nullptr;
    QLineEdit *m_origins = nullptr;
    QSpinBox *m_maxMessage = nullptr;
    ServerClientsModel *m_clients;
    QTableView *m_clientsView;
    LogPane *m_logPane;
    MessageDetails *m_details;
    QPlainTextEdit *m_handshake;
    PayloadEditor *m_editor;
};

} // namespace sockscope::ui
