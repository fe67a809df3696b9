#pragma once

#include "clientoptions.h"
#include "transport.h"

#include "proto/clienthandshake.h"
#include "proto/deflateparameters.h"
#include "proto/httpheadparser.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkProxy>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

class QTcpSocket;

namespace sockscope::net {

// How long each phase of opening took, in microseconds; -1 for a phase that did not happen (no TLS on ws://,
// no DNS through a proxy, which resolves the name itself).
struct ConnectTimings {
    qint64 dns = -1;
    qint64 tcp = -1; // through a proxy: until the tunnel to the server was up
    qint64 tls = -1;
    qint64 upgrade = -1;
};

// One client WebSocket connection as a browser would make it, with everything visible: DNS (or a proxy), TCP
// connect, TLS with the server's chain and certificate errors, the raw upgrade request and response, then every
// frame and message through a Transport. Per connection, never globally: proxy, extra CAs, accepted
// certificates, client certificate, keep-alive and reconnecting. It owns its socket; it knows nothing of widgets.
class ClientConnection : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        InvalidUrl,       // not a ws:// or wss:// URL
        HostNotFound,     // DNS
        ConnectFailed,    // TCP: refused, unreachable, timed out
        TlsFailed,        // TLS handshake or certificate
        HandshakeFailed,  // the server's response broke RFC 6455 4.1 / 4.2.2 (see handshakeFailure())
        HandshakeRefused, // the server answered with a status other than 101
        Timeout,          // the opening handshake took longer than handshakeTimeoutMs
        ConnectionLost,   // the socket closed or failed before the handshake finished
        InvalidRequest,   // ClientOptions::rawRequest is not an HTTP request head
        ProxyFailed,      // the proxy was unreachable, refused the tunnel, or broke its protocol
        // The proxy wants credentials, or refused the ones given (HTTP 407, SOCKS5 RFC 1929 failure); see
        // proxyAuthenticationRealm(). Not reconnected: the same credentials would be refused again.
        ProxyAuthenticationRequired,
    };
    Q_ENUM(Error)

    explicit ClientConnection(QObject *parent = nullptr);
    ~ClientConnection() override;

    void open(const ClientOptions &options);
    // Drops everything at once, in any state, and stops reconnecting.
    void abort();
    // Waiting to open again (ClientOptions::reconnect).
    bool reconnectPending() const { return m_reconnectTimer.isActive(); }
    // The options of the last open().
    const ClientOptions &options() const { return m_options; }

    proto::ReadyState readyState() const;
    qint64 bufferedAmount() const;
    // The negotiated subprotocol and extensions header value, as the browser's protocol / extensions.
    const QByteArray &protocol() const { return m_protocol; }
    const QByteArray &extensions() const { return m_extensions; }
    std::optional<proto::CloseInfo> closeInfo() const;
    const ConnectTimings &timings() const { return m_timings; }
    const proto::HttpRequestHead &handshakeRequest() const { return m_request; }
    const proto::HttpResponseHead &handshakeResponse() const { return m_response; }
    const proto::HandshakeFailure &handshakeFailure() const { return m_handshakeFailure; }
    // The server's certificate chain (leaf first) and the certificate errors of the last wss:// attempt. They
    // stay after a TlsFailed, so that a user can look at them and accept the certificate for the next attempt
    // (ClientOptions::acceptedCertificates); after an accepted failure, the errors that were accepted.
    const QList<QSslCertificate> &peerCertificateChain() const { return m_peerCertificateChain; }
    const QList<QSslError> &tlsErrors() const { return m_tlsErrors; }
    // The proxy of the last open(), as resolved (a system proxy as the system named it); NoProxy when direct.
    const QNetworkProxy &proxy() const { return m_proxy; }
    // The realm an HTTP proxy named when it asked for credentials in the last attempt (empty for SOCKS5, which
    // has none, and when no proxy asked).
    const QString &proxyAuthenticationRealm() const { return m_proxyRealm; }
    // Present once the connection is open.
    Transport *transport() const { return m_transport; }

    // The last keep-alive round trip in microseconds, -1 before the first (see keepAliveIntervalMs).
    qint64 lastRoundTripUs() const;

    // Sending once open; see Transport for queueing behind a delayed fragmented message.
    bool sendText(const QByteArray &utf8);
    bool sendBinary(const QByteArray &data);
    // Split into frames carrying the given payload sizes, the last frame taking the rest.
    bool sendMessage(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes = {});
    // The same with delayMs between frames and, with pingBetween, a ping after each frame but the last.
    bool sendFragmented(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes, int delayMs,
                        bool pingBetween = false);
    bool ping(const QByteArray &payload = {});
    bool pong(const QByteArray &payload = {});
    // Any frame exactly as given, invalid ones included.
    bool sendFrame(const proto::Frame &frame);
    // Starts the close handshake; before the connection is open, fails it (as a browser does). Either way, and
    // while waiting to reconnect, it stops reconnecting.
    bool close(quint16 code = 1000, const QByteArray &reason = {});

signals:
    void stateChanged(sockscope::proto::ReadyState state);
    void handshakeRequestSent(const QByteArray &raw, qint64 timestampUs);
    void handshakeResponseReceived(const QByteArray &raw, qint64 timestampUs);
    void opened();
    void errorOccurred(sockscope::net::ClientConnection::Error error, const QString &detail);
    // Forwarded from the Transport once open.
    void frameReceived(const sockscope::proto::Frame &frame, qint64 timestampUs);
    void frameSent(const sockscope::proto::Frame &frame, qint64 timestampUs);
    void messageReceived(const sockscope::proto::Message &message, qint64 timestampUs);
    void messageSent(const sockscope::proto::Message &message, qint64 timestampUs);
    void protocolError(const sockscope::proto::ProtocolViolation &violation);
    void closed(const sockscope::proto::CloseInfo &info);
    void roundTripMeasured(qint64 rttUs);
    // Keep-alive: no pong to `missedPings` pings in a row (ClientOptions::keepAliveMissLimit), the first sent
    // `silentMs` ago. The connection is dropped right after, and closed() follows with 1006.
    void peerUnresponsive(int missedPings, qint64 silentMs);
    // After a loss or a failed attempt: attempt number `attempt` (1, 2, ...) starts in delayMs.
    void reconnectScheduled(int attempt, int delayMs);
    // maxAttempts attempts in a row failed; nothing more is scheduled.
    void reconnectGaveUp(int attempts);

private:
    void openAttempt(const ClientOptions &options);
    void scheduleReconnect();
    void stopReconnecting();
    // Empty addresses: through m_proxy, by host name.
    void startConnecting();
    void connectSocket(const QList<QHostAddress> &addresses);
    // Why the opening handshake failed when the server closed TCP before a whole response head came.
    QString closedBeforeResponseText() const;
    void failThroughProxy(QAbstractSocket::SocketError error);
    bool errorsAccepted(const QList<QSslError> &errors) const;
    void sendRequest();
    void readResponse();
    void fail(Error error, const QString &detail);
    void setState(proto::ReadyState state);

    ClientOptions m_options;
    proto::ReadyState m_state = proto::ReadyState::Closed;
    QTcpSocket *m_socket = nullptr;
    Transport *m_transport = nullptr;
    std::optional<proto::ClientHandshake> m_handshake;
    proto::HttpHeadParser m_parser{proto::HttpHeadParser::Kind::Response};
    proto::HttpRequestHead m_request;
    proto::HttpResponseHead m_response;
    proto::HandshakeFailure m_handshakeFailure;
    QByteArray m_protocol;
    QByteArray m_extensions;
    std::optional<proto::CloseInfo> m_closeInfo;
    ConnectTimings m_timings;
    QNetworkProxy m_proxy;
    QString m_proxyRealm;
    QList<QSslCertificate> m_peerCertificateChain;
    QList<QSslError> m_tlsErrors;
    QElapsedTimer m_phase;
    QTimer m_handshakeTimer;
    int m_lookupId = -1;
    QTimer m_reconnectTimer;
    int m_reconnectAttempt = 0;   // attempts since the last successful open
    bool m_stopRequested = false; // close() or abort(): what ends now is not to be reconnected
    quint64 m_attemptId = 0;
};

} // namespace sockscope::net
