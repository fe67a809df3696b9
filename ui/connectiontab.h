#pragma once

#include "connectionsettings.h"
#include "credentialsdialog.h"
#include "senderpanel.h"

#include "net/clientconnection.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QDialog;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTabWidget;
class QSpinBox;
class QStandardItemModel;

namespace sockscope::ui {

class HandshakeInspector;
class LogPane;
class MessageDetails;
class StatsPlot;
class MessageLogModel;

// One connection: the bar (URL, Connect / Disconnect, readyState, protocol, extensions, bufferedAmount, close
// code with its meaning, reason and wasClean), the message log with its filter, the selected message, the
// raw handshake, and the sender. It owns its ClientConnection; sockets stay in lib/net.
class ConnectionTab : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionTab(QWidget *parent = nullptr);
    ~ConnectionTab() override;

    QString url() const;
    void setUrl(const QString &url);
    void setSubprotocols(const QString &commaSeparated);
    void setDeflate(bool on);
    void setOrigin(const QString &origin);
    // Extra handshake headers in order; a name like a default one (User-Agent, ...) takes its place.
    void setHeaders(const QList<std::pair<QString, QString>> &headers);
    QList<std::pair<QString, QString>> headers() const;
    QString subprotocols() const;
    bool deflate() const;
    QString origin() const;
    // The proxy of the given kind at "host:port" ("user:password@host:port" fills the user and password in), and
    // TLS files, for this connection.
    void setProxy(net::ProxySettings::Kind kind, const QString &address, const QString &user = {});
    // Kept in memory for this tab only, never in its settings.
    void setProxyPassword(const QString &password);
    QString proxyPassword() const;
    void setCaFile(const QString &path);
    void setClientIdentity(const QString &certificatePath, const QString &keyPath, const QString &passphrase);
    QString passphrase() const;
    void setKeepAliveSeconds(int seconds);
    void setReconnect(bool on);

    // Everything above but the secrets, to keep between starts or in a saved connection, and back.
    ConnectionSettings settings() const;
    void applySettings(const ConnectionSettings &settings);

    // Asked for the proxy password when a proxy user has none, the passphrase of an encrypted key or PKCS#12
    // file when none is given or the one given does not open it, and the proxy's user and password when it
    // refuses the connection for want of them (then the connection is tried once more). A CredentialsDialog by
    // default.
    void setCredentialProvider(CredentialProvider provider);

    // Asked for a file by the browse buttons of the CA, client certificate and key fields: a title, a name
    // filter, the path in the field; returns the path chosen, empty when cancelled. A QFileDialog by default.
    using FilePicker = std::function<QString(const QString &title, const QString &filter, const QString &current)>;
    void setFilePicker(FilePicker picker);

    // With a raw request, that request is sent byte for byte instead of the one built from the options.
    void connectToServer(const QByteArray &rawRequest = {});
    void disconnectFromServer();

    net::ClientConnection &connection() { return m_connection; }
    MessageLogModel *logModel() const { return m_model; }
    QTableView *logView() const;
    SenderPanel *sender() const { return m_sender; }
    MessageDetails *details() const { return m_details; }
    HandshakeInspector *handshakeInspector() const { return m_handshake; }
    StatsPlot *statsPlot() const { return m_stats; }
    QString stateText() const;
    QString statusText() const;
    QString handshakeRequestText() const;
    QString handshakeResponseText() const;
    // Focuses the URL field (Ctrl+L) or the filter (Ctrl+F).
    void focusUrl();
    void focusFilter();
    // The dialog offering to accept an untrusted certificate, while it is open.
    QDialog *certificateDialog() const { return m_certificateDialog; }

signals:
    // The title for the tab: the host and path, with the state.
    void titleChanged(const QString &title);

private:
    void open(const QByteArray &rawRequest);
    std::optional<Credentials> askFor(CredentialRequest::Kind kind, const QString &text, const QString &user = {});
    void askProxyCredentialsAndRetry();
    void offerCertificate();
    void updateState();
    void send(const SendRequest &request);
    void sendOne(const SendRequest &request);
    void showSelected();

    net::ClientConnection m_connection;
    QComboBox *m_url;
    QPushButton *m_connect;
    QLabel *m_state;
    QLabel *m_info;
    QLineEdit *m_protocols;
    QCheckBox *m_deflate;
    LogPane *m_logPane;
    MessageLogModel *m_model;
    MessageDetails *m_details;
    HandshakeInspector *m_handshake;
    SenderPanel *m_sender;
    QLabel *m_status;
    QTimer m_repeat;
    std::optional<SendRequest> m_repeating;
    int m_repeatsLeft = 0;
    int m_rawFramesPending = 0;
    proto::Frame m_lastIncomingDataFrame;
    QTimer m_bufferedTimer;
    QWidget *m_options = nullptr;
    QLineEdit *m_origin = nullptr;
    QStandardItemModel *m_headers = nullptr;
    QSpinBox *m_keepAlive = nullptr;
    QCheckBox *m_reconnect = nullptr;
    qint64 m_lastRoundTripUs = -1;
    StatsPlot *m_stats = nullptr;
    QComboBox *m_proxyKind = nullptr;
    QLineEdit *m_proxyAddress = nullptr;
    QLineEdit *m_proxyUser = nullptr;
    QLineEdit *m_proxyPassword = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_clientCertificate = nullptr;
    QLineEdit *m_clientKey = nullptr;
    QLineEdit *m_clientPassphrase = nullptr;
    QTimer m_statsTimer;
    QList<QSslCertificate> m_acceptedCertificates;
    QPointer<QDialog> m_certificateDialog;
    CredentialProvider m_credentialProvider;
    FilePicker m_filePicker;
    QByteArray m_rawRequest;              // of the last attempt, for trying it again
    bool m_proxyCredentialsAsked = false; // once per Connect: a second refusal is shown, not asked again
};

} // namespace sockscope::ui
