#include "clientconnection.h"

#include "clock.h"

#include "proto/deflateclientnegotiation.h"

#include <QAuthenticator>
#include <QHostAddress>
#include <QHostInfo>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStringList>

#include <algorithm>

namespace sockscope::net {

namespace {
// The start of a TLS record (RFC 8446 5.1): content type 20 to 23, then the legacy version's major byte 3.
bool looksLikeTls(const QByteArray &bytes)
{
    return bytes.size() >= 2 && quint8(bytes[0]) >= 20 && quint8(bytes[0]) <= 23 && bytes[1] == 3;
}
} // namespace

ClientConnection::ClientConnection(QObject *parent)
    : QObject(parent)
{
    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, [this] {
        fail(Error::Timeout,
             QStringLiteral("no complete opening handshake within %1 ms").arg(m_options.handshakeTimeoutMs));
    });
    m_reconnectTimer.setSingleShot(true);
    m_reconnectTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] { openAttempt(m_options); });
}

ClientConnection::~ClientConnection()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
}

proto::ReadyState ClientConnection::readyState() const
{
    return m_transport ? m_transport->readyState() : m_state;
}

qint64 ClientConnection::bufferedAmount() const
{
    return m_transport ? m_transport->bufferedAmount() : 0;
}

std::optional<proto::CloseInfo> ClientConnection::closeInfo() const
{
    return m_closeInfo;
}

void ClientConnection::setState(proto::ReadyState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void ClientConnection::open(const ClientOptions &options)
{
    // What ends here ends on request: no reconnecting for it.
    abort();
    m_stopRequested = false;
    m_reconnectAttempt = 0;
    openAttempt(options);
}

void ClientConnection::openAttempt(const ClientOptions &options)
{
    ++m_attemptId;
    if (m_transport) {
        // It may be in the middle of emitting the signal that led here.
        m_transport->disconnect(this);
        m_transport->abort();
        m_transport->deleteLater();
        m_transport = nullptr;
    }
    m_options = options;
    m_timings = ConnectTimings();
    m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    m_proxyRealm.clear();
    m_peerCertificateChain.clear();
    m_tlsErrors.clear();
    m_parser = proto::HttpHeadParser(proto::HttpHeadParser::Kind::Response);
    m_request = proto::HttpRequestHead();
    m_response = proto::HttpResponseHead();
    m_handshakeFailure = proto::HandshakeFailure();
    m_protocol.clear();
    m_extensions.clear();
    m_closeInfo.reset();
    m_state = proto::ReadyState::Closed;
    setState(proto::ReadyState::Connecting);

    const QString scheme = options.url.scheme().toLower();
    if ((scheme != QLatin1String("ws") && scheme != QLatin1String("wss")) || options.url.host().isEmpty()) {
        fail(Error::InvalidUrl,
             QStringLiteral("\"%1\" is not a ws:// or wss:// URL with a host").arg(options.url.toDisplayString()));
        return;
    }
    if (!options.rawRequest.isEmpty()) {
        proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Request);
        const auto status = parser.feed(options.rawRequest);
        if (status != proto::HttpHeadParser::Status::Complete) {
            fail(Error::InvalidRequest, status == proto::HttpHeadParser::Status::Error
                                            ? parser.failure().detail
                                            : QStringLiteral("the request head does not end with an empty line"));
            return;
        }
        proto::HttpRequestHead head = parser.request();
        head.raw = options.rawRequest; // everything, byte for byte
        m_handshake.emplace(head);
        // Inflate only what was offered in the request as written.
        m_options.deflate =
            std::any_of(m_handshake->offeredExtensions().cbegin(), m_handshake->offeredExtensions().cend(),
                        [](const proto::ExtensionOffer &e) { return e.name == "permessage-deflate"; });
        m_handshakeTimer.start(options.handshakeTimeoutMs);
        m_phase.start();
        startConnecting();
        return;
    }
    proto::ClientHandshake::Options handshake;
    handshake.url = options.url;
    handshake.origin = options.origin;
    handshake.subprotocols = options.subprotocols;
    handshake.extraHeaders = options.extraHeaders;
    if (options.deflate)
        handshake.extensions = proto::DeflateClientNegotiation().requestExtensions();
    proto::HandshakeFailure failure;
    m_handshake = proto::ClientHandshake::create(handshake, options.connection.random, &failure);
    if (!m_handshake) {
        fail(Error::InvalidUrl, failure.detail);
        return;
    }
    m_handshakeTimer.start(options.handshakeTimeoutMs);
    m_phase.start();
    startConnecting();
}

void ClientConnection::startConnecting()
{
    const ClientOptions &options = m_options;
    // Through a proxy, the proxy resolves the host name: nothing is looked up here and dns stays -1.
    m_proxy = options.proxy.networkProxyFor(options.url);
    if (m_proxy.type() != QNetworkProxy::NoProxy) {
        connectSocket({});
        return;
    }
    QHostAddress literal;
    if (literal.setAddress(options.url.host())) {
        connectSocket({literal});
        return;
    }
    m_lookupId = QHostInfo::lookupHost(options.url.host(), this, [this](const QHostInfo &info) {
        m_lookupId = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            fail(Error::HostNotFound, info.errorString());
            return;
        }
        connectSocket(info.addresses());
    });
}

void ClientConnection::connectSocket(const QList<QHostAddress> &addresses)
{
    const bool viaProxy = m_proxy.type() != QNetworkProxy::NoProxy;
    if (!viaProxy)
        m_timings.dns = m_phase.nsecsElapsed() / 1000;
    m_phase.restart();
    const bool tls = m_options.url.scheme().compare(QLatin1String("wss"), Qt::CaseInsensitive) == 0;
    const quint16 port = quint16(m_options.url.port(tls ? 443 : 80));
    if (tls) {
        auto *ssl = new QSslSocket(this);
        // Certificate checks and SNI use the host name from the URL, not the address we connect to.
        ssl->setPeerVerifyName(m_options.url.host());
        QSslConfiguration config = ssl->sslConfiguration();
        if (!m_options.extraCaCertificates.isEmpty())
            config.addCaCertificates(m_options.extraCaCertificates);
        if (!m_options.clientIdentity.isNull()) {
            const TlsIdentity &identity = m_options.clientIdentity;
            config.setLocalCertificateChain(QList<QSslCertificate>{identity.certificate} + identity.chain);
            config.setPrivateKey(identity.privateKey);
        }
        ssl->setSslConfiguration(config);
        connect(ssl, &QSslSocket::encrypted, this, [this, ssl] {
            m_timings.tls = m_phase.nsecsElapsed() / 1000;
            m_phase.restart();
            m_peerCertificateChain = ssl->peerCertificateChain();
            sendRequest();
        });
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
            // Kept after the failure, so that the user can see the chain and the errors and accept the
            // certificate for the next attempt.
            m_peerCertificateChain = ssl->peerCertificateChain();
            m_tlsErrors = errors;
            if (errorsAccepted(errors)) {
                ssl->ignoreSslErrors();
                return;
            }
            QStringList text;
            for (const QSslError &e : errors)
                text << e.errorString();
            fail(Error::TlsFailed, text.join(QLatin1String("; ")));
        });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
    }
    connect(m_socket, &QTcpSocket::connected, this, [this, tls] {
        m_timings.tcp = m_phase.nsecsElapsed() / 1000;
        m_phase.restart();
        if (tls)
            static_cast<QSslSocket *>(m_socket)->startClientEncryption();
        else
            sendRequest();
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &ClientConnection::readResponse);
    // Asked when the proxy wants credentials that were not given, or refused the ones given. Leaving the
    // authenticator empty makes the socket fail with ProxyAuthenticationRequiredError; the user is asked by
    // whoever opened the connection, which can then open it again.
    connect(m_socket, &QTcpSocket::proxyAuthenticationRequired, this,
            [this](const QNetworkProxy &, QAuthenticator *authenticator) { m_proxyRealm = authenticator->realm(); });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_transport || m_state != proto::ReadyState::Connecting)
            return;
        const bool beforeConnect = m_timings.tcp < 0;
        if (beforeConnect && m_proxy.type() != QNetworkProxy::NoProxy) {
            failThroughProxy(error);
            return;
        }
        const bool tlsPhase = !beforeConnect && m_timings.tls < 0 &&
                              m_options.url.scheme().compare(QLatin1String("wss"), Qt::CaseInsensitive) == 0;
        // With TLS 1.3 the server checks a client certificate after our handshake is done; its refusal is an
        // alert that arrives as an error while reading.
        if (error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError ||
            tlsPhase) {
            QString detail = m_socket->errorString();
            // What OpenSSL says when the first bytes back are not a TLS record: an HTTP answer, most likely.
            if (detail.contains(QLatin1String("wrong version number")))
                detail += QStringLiteral(" (the server does not answer with TLS on this port: a ws:// server?)");
            fail(Error::TlsFailed, detail);
        } else if (!beforeConnect && error == QAbstractSocket::RemoteHostClosedError) {
            fail(Error::ConnectionLost, closedBeforeResponseText());
        } else {
            fail(beforeConnect ? Error::ConnectFailed : Error::ConnectionLost, m_socket->errorString());
        }
    });
    // Always explicit: without a proxy the connection is direct, whatever the application-wide proxy says.
    m_socket->setProxy(m_proxy);
    if (viaProxy)
        m_socket->connectToHost(m_options.url.host(), port);
    else
        m_socket->connectToHost(addresses.first(), port);
}

QString ClientConnection::closedBeforeResponseText() const
{
    const QByteArray &received = m_parser.buffered(); // the whole head so far
    if (received.isEmpty()) {
        const bool plain = m_options.url.scheme().compare(QLatin1String("ws"), Qt::CaseInsensitive) == 0;
        return plain ? QStringLiteral("the server closed the connection without answering the upgrade request (if "
                                      "it wants TLS, the URL must be wss://)")
                     : QStringLiteral("the server closed the connection without answering the upgrade request");
    }
    if (looksLikeTls(received))
        return QStringLiteral("the server answered with TLS, not HTTP, and closed the connection: the URL must be "
                              "wss://");
    return QStringLiteral("the server closed the connection after %1 bytes of an unfinished HTTP response")
        .arg(received.size());
}

void ClientConnection::failThroughProxy(QAbstractSocket::SocketError error)
{
    const QString detail = QStringLiteral("%1 (proxy %2:%3)")
                               .arg(m_socket->errorString(), m_proxy.hostName(), QString::number(m_proxy.port()));
    switch (error) {
    // What the proxy answered about the target (HTTP 404 / 503, SOCKS5 replies 3 to 5).
    case QAbstractSocket::HostNotFoundError: fail(Error::HostNotFound, detail); return;
    case QAbstractSocket::ConnectionRefusedError:
    case QAbstractSocket::NetworkError:
    case QAbstractSocket::SocketTimeoutError: fail(Error::ConnectFailed, detail); return;
    // HTTP 407 with no or refused credentials, a SOCKS5 proxy that refused the user / password (RFC 1929 2) or
    // wants them.
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        fail(Error::ProxyAuthenticationRequired,
             m_proxyRealm.isEmpty() ? detail : QStringLiteral("%1, realm \"%2\"").arg(detail, m_proxyRealm));
        return;
    // The proxy itself: unreachable, closed, refused the tunnel (HTTP 403, SOCKS5 "not allowed"), or spoke
    // something else.
    default: fail(Error::ProxyFailed, detail); return;
    }
}

bool ClientConnection::errorsAccepted(const QList<QSslError> &errors) const
{
    if (m_options.skipCertificateVerification)
        return true;
    // Each error must be about a certificate the user accepted for this connection, byte for byte: an error
    // about another certificate of the chain, or a different certificate in the same place, is not accepted.
    const auto accepted = [this](const QSslError &error) {
        const QSslCertificate certificate = error.certificate();
        if (certificate.isNull())
            return false;
        const QByteArray der = certificate.toDer();
        return std::any_of(m_options.acceptedCertificates.cbegin(), m_options.acceptedCertificates.cend(),
                           [&der](const QSslCertificate &c) { return c.toDer() == der; });
    };
    return !errors.isEmpty() && std::all_of(errors.cbegin(), errors.cend(), accepted);
}

void ClientConnection::sendRequest()
{
    m_request = m_handshake->request();
    const QByteArray raw = m_request.raw.isEmpty() ? m_request.serialize() : m_request.raw;
    m_socket->write(raw);
    emit handshakeRequestSent(raw, nowMicros());
}

void ClientConnection::readResponse()
{
    if (m_transport || !m_socket)
        return;
    const QByteArray data = m_socket->readAll();
    const auto status = m_parser.feed(data);
    if (status == proto::HttpHeadParser::Status::NeedMoreData)
        return;
    if (status == proto::HttpHeadParser::Status::Error) {
        m_handshakeFailure = m_parser.failure();
        fail(Error::HandshakeFailed, m_handshakeFailure.detail);
        return;
    }
    m_response = m_parser.response();
    emit handshakeResponseReceived(m_response.raw, nowMicros());
    const QByteArray pending = data.mid(m_parser.consumed());
    if (m_response.statusCode != 101) {
        fail(Error::HandshakeRefused,
             QStringLiteral("HTTP %1 %2").arg(m_response.statusCode).arg(QString::fromLatin1(m_response.reasonPhrase)));
        return;
    }
    const auto accepted = m_handshake->validateResponse(m_response, &m_handshakeFailure);
    if (!accepted) {
        fail(Error::HandshakeFailed, m_handshakeFailure.detail);
        return;
    }
    std::optional<proto::DeflateParameters> deflate;
    if (m_options.deflate) {
        const proto::DeflateClientResult result = proto::DeflateClientNegotiation().checkResponse(accepted->extensions);
        if (result.failure.error != proto::DeflateNegotiationError::None) {
            fail(Error::HandshakeFailed, result.failure.detail);
            return;
        }
        deflate = result.parameters;
    }
    m_timings.upgrade = m_phase.nsecsElapsed() / 1000;
    m_handshakeTimer.stop();
    m_protocol = accepted->subprotocol;
    m_extensions = m_response.headers.combinedValue("Sec-WebSocket-Extensions");

    // The socket now belongs to the transport.
    m_socket->disconnect(this);
    m_transport = new Transport(m_socket, proto::Role::Client, m_options.connection, this);
    m_socket = nullptr;
    connect(m_transport, &Transport::frameReceived, this, &ClientConnection::frameReceived);
    connect(m_transport, &Transport::frameSent, this, &ClientConnection::frameSent);
    connect(m_transport, &Transport::messageReceived, this, &ClientConnection::messageReceived);
    connect(m_transport, &Transport::messageSent, this, &ClientConnection::messageSent);
    connect(m_transport, &Transport::protocolError, this, &ClientConnection::protocolError);
    connect(m_transport, &Transport::stateChanged, this, &ClientConnection::setState);
    connect(m_transport, &Transport::roundTripMeasured, this, &ClientConnection::roundTripMeasured);
    m_transport->setKeepAliveMissLimit(m_options.keepAliveMissLimit);
    connect(m_transport, &Transport::peerUnresponsive, this, &ClientConnection::peerUnresponsive);
    m_transport->setKeepAliveInterval(m_options.keepAliveIntervalMs);
    connect(m_transport, &Transport::closed, this, [this](const proto::CloseInfo &info) {
        m_closeInfo = info;
        const quint64 attempt = m_attemptId;
        emit closed(info);
        if (attempt == m_attemptId)
            scheduleReconnect();
    });
    m_reconnectAttempt = 0; // the backoff starts over
    m_transport->start(deflate ? &*deflate : nullptr, pending);
    emit opened();
}

void ClientConnection::fail(Error error, const QString &detail)
{
    m_handshakeTimer.stop();
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    // WHATWG: a connection that fails to open fires error, then close with code 1006.
    proto::CloseInfo info;
    m_closeInfo = info;
    const quint64 attempt = m_attemptId;
    emit errorOccurred(error, detail);
    setState(proto::ReadyState::Closed);
    emit closed(info);
    // Unless a slot opened again meanwhile; a URL that is not one will not become one by waiting, nor will a
    // proxy accept credentials it refused.
    if (attempt == m_attemptId && error != Error::InvalidUrl && error != Error::ProxyAuthenticationRequired)
        scheduleReconnect();
}

void ClientConnection::scheduleReconnect()
{
    const ReconnectPolicy &policy = m_options.reconnect;
    if (!policy.enabled || m_stopRequested)
        return;
    if (policy.maxAttempts > 0 && m_reconnectAttempt >= policy.maxAttempts) {
        emit reconnectGaveUp(m_reconnectAttempt);
        return;
    }
    ++m_reconnectAttempt;
    const int delay = policy.delayForAttempt(m_reconnectAttempt);
    m_reconnectTimer.start(delay);
    emit reconnectScheduled(m_reconnectAttempt, delay);
}

void ClientConnection::stopReconnecting()
{
    m_stopRequested = true;
    m_reconnectTimer.stop();
}

void ClientConnection::abort()
{
    stopReconnecting();
    if (m_transport) {
        m_transport->abort();
        return;
    }
    if (m_state == proto::ReadyState::Connecting)
        fail(Error::ConnectionLost, QStringLiteral("aborted"));
}

bool ClientConnection::sendText(const QByteArray &utf8)
{
    return m_transport && m_transport->sendText(utf8);
}

bool ClientConnection::sendBinary(const QByteArray &data)
{
    return m_transport && m_transport->sendBinary(data);
}

bool ClientConnection::sendMessage(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes)
{
    return m_transport && m_transport->sendMessage(type, payload, fragmentSizes);
}

bool ClientConnection::sendFragmented(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes,
                                      int delayMs, bool pingBetween)
{
    return m_transport && m_transport->sendFragmented(type, payload, fragmentSizes, delayMs, pingBetween);
}

bool ClientConnection::ping(const QByteArray &payload)
{
    return m_transport && m_transport->ping(payload);
}

bool ClientConnection::pong(const QByteArray &payload)
{
    return m_transport && m_transport->pong(payload);
}

bool ClientConnection::sendFrame(const proto::Frame &frame)
{
    return m_transport && m_transport->sendFrame(frame);
}

qint64 ClientConnection::lastRoundTripUs() const
{
    return m_transport ? m_transport->lastRoundTripUs() : -1;
}

bool ClientConnection::close(quint16 code, const QByteArray &reason)
{
    if (readyState() == proto::ReadyState::Open) {
        // Refused arguments change nothing, reconnecting included.
        if (!m_transport->close(code, reason))
            return false;
        stopReconnecting();
        return true;
    }
    const bool waiting = m_reconnectTimer.isActive();
    stopReconnecting();
    if (m_transport)
        return m_transport->close(code, reason) || waiting;
    // WHATWG: close() before the connection is established fails it.
    if (m_state == proto::ReadyState::Connecting) {
        fail(Error::ConnectionLost, QStringLiteral("closed before the connection was open"));
        return true;
    }
    return waiting;
}

} // namespace sockscope::net
