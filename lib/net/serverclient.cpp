#include "serverclient.h"

#include "clientconnection.h"
#include "clock.h"
#include "mockplayer.h"
#include "server.h"
#include "testpage.h"

#include "proto/closecode.h"
#include "proto/serverhandshake.h"

#include <QMetaMethod>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimerEvent>

#include <limits>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

namespace sockscope::net {

namespace {
// 1014 Bad Gateway (IANA close code registry): what a relay sends its client when the upstream failed.
constexpr quint16 BadGateway = 1014;
constexpr quint16 GoingAway = 1001;

// Relay: ends one side the way the other side ended, code and reason included, as far as that close may be
// sent (RFC 6455 7.4: never 1006 or 1015); otherwise with `fallback`.
template <typename Endpoint>
void passClose(Endpoint &to, const proto::CloseInfo &info, quint16 fallback, const QByteArray &why)
{
    const QByteArray reason = info.reason.toUtf8();
    if (proto::checkCloseRequest(info.code, reason) == proto::CloseRequestProblem::None)
        to.close(info.code, reason);
    else
        to.close(fallback, why);
}
} // namespace

ServerClient::ServerClient(quint64 id, QTcpSocket *socket, Server *server)
    : QObject(server)
    , m_server(server)
    , m_id(id)
    , m_socket(socket)
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_acceptedAt(nowMicros())
    , m_parser(proto::HttpHeadParser::Kind::Request, server->options().headLimits)
{
    socket->setParent(this);
    m_handshakeTimer.start(server->options().handshakeTimeoutMs, this);

    connect(socket, &QTcpSocket::readyRead, this, &ServerClient::readHead);
    connect(socket, &QTcpSocket::disconnected, this, &ServerClient::finish);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList text;
            for (const QSslError &e : errors)
                text << e.errorString();
            emit errorOccurred(Error::TlsFailed, text.join(QLatin1String("; ")));
        });
        connect(ssl, &QSslSocket::errorOccurred, this, [this, ssl](QAbstractSocket::SocketError error) {
            if (!ssl->isEncrypted() && error != QAbstractSocket::RemoteHostClosedError)
                emit errorOccurred(Error::TlsFailed, ssl->errorString());
        });
        ssl->startServerEncryption();
    }
}

ServerClient::~ServerClient() = default;

proto::ReadyState ServerClient::readyState() const
{
    if (m_transport)
        return m_transport->readyState();
    return m_finished ? proto::ReadyState::Closed : proto::ReadyState::Connecting;
}

void ServerClient::readHead()
{
    if (m_headDone || !m_socket)
        return;
    const QByteArray data = m_socket->readAll();
    const auto status = m_parser.feed(data);
    if (status == proto::HttpHeadParser::Status::NeedMoreData)
        return;
    m_headDone = true;
    m_handshakeTimer.stop();
    m_request = m_parser.request();
    if (m_request.raw.isEmpty())
        m_request.raw = m_parser.buffered();
    emit handshakeRequestReceived(m_request.raw, nowMicros());
    if (status == proto::HttpHeadParser::Status::Error) {
        m_handshakeFailure = m_parser.failure();
        refuse(Error::BadRequest,
               proto::ServerHandshake::refusal(
                   proto::httpStatusFor(m_handshakeFailure.error),
                   proto::HttpResponseHead::standardReasonPhrase(proto::httpStatusFor(m_handshakeFailure.error)),
                   proto::handshakeErrorDescription(m_handshakeFailure.error).toUtf8() + "\n" +
                       m_handshakeFailure.detail.toUtf8() + "\n"),
               m_handshakeFailure.detail);
        return;
    }
    handleRequest(data.mid(m_parser.consumed()));
}

void ServerClient::handleRequest(const QByteArray &pending)
{
    const ServerOptions &options = m_server->options();
    const proto::ServerHandshake handshake(m_request);
    m_path = handshake.path();
    m_origin = handshake.origin();

    if (handshake.outcome() == proto::ServerHandshake::Outcome::PlainHttp) {
        if (options.servePage && m_path == "/" && m_request.method == "GET") {
            respond(
                proto::ServerHandshake::refusal(200, "OK", testPageHtml(options.path), {}, "text/html; charset=utf-8"),
                false);
            return;
        }
        const bool known = options.path.isEmpty() || m_path == options.path;
        if (!known) {
            refuse(Error::Refused, proto::ServerHandshake::refusal(404, "Not Found", "No WebSocket endpoint here.\n"),
                   QStringLiteral("no endpoint at %1").arg(QString::fromUtf8(m_path)));
            return;
        }
        m_handshakeFailure = handshake.failure();
        refuse(Error::BadRequest, handshake.refuse(), m_handshakeFailure.detail);
        return;
    }
    if (handshake.outcome() == proto::ServerHandshake::Outcome::Invalid) {
        m_handshakeFailure = handshake.failure();
        refuse(Error::BadRequest, handshake.refuse(), m_handshakeFailure.detail);
        return;
    }

    const FaultInjection &faults = options.faults;
    if (faults.refuseStatus > 0) {
        const int status = faults.refuseStatus;
        refuse(Error::Refused,
               proto::ServerHandshake::refusal(status, proto::HttpResponseHead::standardReasonPhrase(status),
                                               faults.refuseBody),
               QStringLiteral("refused with %1 by fault injection").arg(status));
        return;
    }
    if (!options.path.isEmpty() && m_path != options.path) {
        refuse(Error::Refused,
               proto::ServerHandshake::refusal(404, "Not Found", "No WebSocket endpoint at this path.\n"),
               QStringLiteral("path %1 is not %2").arg(QString::fromUtf8(m_path), QString::fromUtf8(options.path)));
        return;
    }
    if (!options.allowedOrigins.isEmpty() && !options.allowedOrigins.contains(m_origin)) {
        const QString detail = m_origin.isNull()
                                   ? QStringLiteral("no Origin, and only listed origins are allowed")
                                   : QStringLiteral("Origin %1 is not allowed").arg(QString::fromUtf8(m_origin));
        refuse(Error::Refused, proto::ServerHandshake::refusal(403, "Forbidden", detail.toUtf8() + "\n"), detail);
        return;
    }

    if (options.mode == ServerMode::Relay) {
        startUpstream(handshake, pending);
        return;
    }

    // The subprotocol: a mock's recorded choice when the client offers it (none when none was chosen), else the
    // client's first offer that we speak (or any, when we speak all).
    bool chosen = false;
    if (options.mode == ServerMode::Mock && options.mockScript && options.mockScript->protocol) {
        const QByteArray &recorded = *options.mockScript->protocol;
        if (recorded.isEmpty() || handshake.subprotocols().contains(recorded)) {
            m_protocol = recorded;
            chosen = true;
        }
    }
    for (qsizetype i = 0; !chosen && i < handshake.subprotocols().size(); ++i) {
        const QByteArray &offered = handshake.subprotocols().at(i);
        if (options.subprotocols.contains(offered) ||
            (options.subprotocols.isEmpty() && options.acceptAnySubprotocol)) {
            m_protocol = offered;
            chosen = true;
        }
    }
    if (options.requireSubprotocol && m_protocol.isEmpty()) {
        const QString detail = QStringLiteral("none of the offered subprotocols (%1) is spoken here")
                                   .arg(QString::fromUtf8(handshake.subprotocols().join(", ")));
        refuse(Error::Refused, proto::ServerHandshake::refusal(400, "Bad Request", detail.toUtf8() + "\n"), detail);
        return;
    }
    accept(handshake, pending);
}

void ServerClient::accept(const proto::ServerHandshake &handshake, const QByteArray &pending)
{
    const proto::DeflateServerResult deflate =
        proto::DeflateServerNegotiation(m_server->options().deflate).negotiate(handshake.extensions());
    m_extensions = deflate.responseHeaderValue();
    proto::HandshakeFailure failure;
    const auto response = handshake.accept(m_protocol, m_extensions, {}, &failure);
    if (!response) {
        m_handshakeFailure = failure;
        refuse(Error::BadRequest, handshake.refuse(), failure.detail);
        return;
    }
    respond(*response, true);
    startTransport(pending, deflate.parameters ? &*deflate.parameters : nullptr);
}

void ServerClient::startUpstream(const proto::ServerHandshake &handshake, const QByteArray &pending)
{
    m_pending = pending;
    ClientOptions upstream = m_server->options().upstream;
    upstream.subprotocols = handshake.subprotocols();
    if (!handshake.origin().isNull())
        upstream.origin = handshake.origin();
    m_upstream = new ClientConnection(this);
    // The request is kept whole for the answer once the upstream decided.
    const proto::HttpRequestHead request = m_request;
    connect(m_upstream, &ClientConnection::opened, this, [this, request] {
        const proto::ServerHandshake again(request);
        m_protocol = m_upstream->protocol();
        accept(again, m_pending);
        m_pending.clear();
    });
    connect(m_upstream, &ClientConnection::errorOccurred, this, [this](ClientConnection::Error, const QString &detail) {
        if (m_transport)
            return;
        const QString text =
            QStringLiteral("upstream %1: %2").arg(m_server->options().upstream.url.toDisplayString(), detail);
        emit errorOccurred(Error::UpstreamFailed, text);
        refuse(Error::UpstreamFailed, proto::ServerHandshake::refusal(502, "Bad Gateway", text.toUtf8() + "\n"), text);
    });
    connect(m_upstream, &ClientConnection::messageReceived, this, [this](const proto::Message &message) {
        // Messages that came right behind the upstream's 101 are delivered before its opened(), so before the
        // client's upgrade is answered: they wait for the client's transport.
        if (!m_transport) {
            m_delayed.emplace_back(0, message.type, message.payload, 0);
            return;
        }
        answer(message);
    });
    connect(m_upstream, &ClientConnection::closed, this, [this](const proto::CloseInfo &info) {
        if (m_finished) {
            maybeDone();
            return;
        }
        if (!m_transport || m_transport->readyState() != proto::ReadyState::Open)
            return;
        passClose(*m_transport, info, BadGateway, "upstream connection lost");
    });
    emit upstreamCreated(m_upstream);
    m_upstream->open(upstream);
}

void ServerClient::startTransport(const QByteArray &pending, const proto::DeflateParameters *deflate)
{
    m_socket->disconnect(this);
    m_transport = new Transport(m_socket, proto::Role::Server, m_server->options().connection, this);
    m_socket = nullptr;
    // Frames are forwarded only when someone watches them: building data-frame events costs a third of an
    // echo of a small message.
    if (isSignalConnected(QMetaMethod::fromSignal(&ServerClient::frameReceived)) ||
        isSignalConnected(QMetaMethod::fromSignal(&ServerClient::frameSent)))
        forwardFrames();
    connect(m_transport, &Transport::messageReceived, this, [this](const proto::Message &message, qint64 timestampUs) {
        ++m_messagesReceived;
        emit messageReceived(message, timestampUs);
        handleMessage(message);
    });
    // Likewise sent messages: the count comes from the connection.
    if (isSignalConnected(QMetaMethod::fromSignal(&ServerClient::messageSent)))
        forwardSentMessages();
    connect(m_transport, &Transport::protocolError, this, &ServerClient::protocolError);
    connect(m_transport, &Transport::stateChanged, this, &ServerClient::stateChanged);
    connect(m_transport, &Transport::closed, this, [this](const proto::CloseInfo &info) {
        m_closeInfo = info;
        m_delayed.clear();
        m_delayTimer.stop();
        if (m_upstream && m_upstream->readyState() == proto::ReadyState::Open)
            passClose(*m_upstream, info, GoingAway, "client connection lost");
        emit closed(info);
        finish();
    });
    applyFaults();
    if (m_server->options().mode == ServerMode::Mock && m_server->mockIndex()) {
        // Queued before the transport starts: messages that came behind the request are answered after these.
        m_mock = std::make_unique<MockPlayer>(m_server->mockIndex(), m_server->options().mock);
        const qint64 now = nowMicros();
        for (MockPlayer::Action &a : m_mock->opened())
            m_delayed.emplace_back(now + a.delayUs, a.type, std::move(a.payload), a.closeCode);
    }
    emit stateChanged(proto::ReadyState::Connecting);
    m_transport->start(deflate, pending);
    emit opened();
    if (!m_delayed.empty() && !m_delayTimer.isActive())
        sendDelayed();
}

void ServerClient::forwardFrames()
{
    if (m_forwardingFrames || !m_transport)
        return;
    m_forwardingFrames = true;
    connect(m_transport, &Transport::frameReceived, this, &ServerClient::frameReceived);
    connect(m_transport, &Transport::frameSent, this, &ServerClient::frameSent);
}

void ServerClient::forwardSentMessages()
{
    if (m_forwardingSentMessages || !m_transport)
        return;
    m_forwardingSentMessages = true;
    connect(m_transport, &Transport::messageSent, this, &ServerClient::messageSent);
}

void ServerClient::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&ServerClient::frameReceived) ||
        signal == QMetaMethod::fromSignal(&ServerClient::frameSent))
        forwardFrames();
    else if (signal == QMetaMethod::fromSignal(&ServerClient::messageSent))
        forwardSentMessages();
}

quint64 ServerClient::messagesSent() const
{
    return m_transport ? m_transport->connection().messagesSent() : 0;
}

void ServerClient::applyFaults()
{
    if (!m_transport)
        return;
    const FaultInjection &faults = m_server->faults();
    m_transport->setAutoPong(!faults.ignorePings);
    m_transport->setReadPaused(faults.stopReading);
}

void ServerClient::respond(const proto::HttpResponseHead &response, bool keepOpen)
{
    m_response = response;
    m_response.raw = response.serialize();
    m_socket->write(m_response.raw);
    if (!response.body.isEmpty())
        m_socket->write(response.body);
    emit handshakeResponseSent(m_response.raw, nowMicros());
    if (!keepOpen)
        m_socket->disconnectFromHost(); // after what was written
}

void ServerClient::refuse(Error error, const proto::HttpResponseHead &response, const QString &detail)
{
    m_headDone = true;
    m_handshakeTimer.stop();
    if (error != Error::UpstreamFailed)
        emit errorOccurred(error, detail);
    if (m_socket)
        respond(response, false);
}

void ServerClient::handleMessage(const proto::Message &message)
{
    const FaultInjection &faults = m_server->faults();
    if (faults.resetAfterMessages > 0 && m_messagesReceived >= quint64(faults.resetAfterMessages)) {
        resetConnection();
        return;
    }
    const bool drop = faults.dropEveryNth > 0 && m_messagesReceived % quint64(faults.dropEveryNth) == 0;
    if (m_mock) {
        playMock(message, drop);
        return;
    }
    if (drop)
        return;
    switch (m_server->options().mode) {
    case ServerMode::Sink: return;
    case ServerMode::Echo: answer(message); return;
    case ServerMode::Broadcast:
        if (faults.echoDelayMs > 0) {
            answer(message); // delayed to this client only; the others get it at once
            for (ServerClient *other : m_server->clients()) {
                if (other != this)
                    other->sendMessage(message.type, message.payload);
            }
        } else {
            m_server->sendToAll(message.type, message.payload);
        }
        return;
    case ServerMode::Relay:
        if (m_upstream && m_upstream->transport())
            m_upstream->transport()->sendMessage(message.type, message.payload);
        return;
    case ServerMode::Mock: return; // without a script (m_mock), nothing to answer with
    }
}

void ServerClient::answer(const proto::Message &message)
{
    schedule(qint64(std::max(m_server->faults().echoDelayMs, 0)) * 1000, message.type, message.payload);
}

void ServerClient::playMock(const proto::Message &message, bool dropped)
{
    // A dropped message still takes its step, so the next one is answered as recorded; the close still comes.
    const qint64 extraUs = qint64(std::max(m_server->faults().echoDelayMs, 0)) * 1000;
    for (MockPlayer::Action &a : m_mock->received(message.type, message.payload)) {
        if (!dropped || a.type == proto::Opcode::Close)
            schedule(a.delayUs + extraUs, a.type, a.payload, a.closeCode);
    }
}

void ServerClient::schedule(qint64 delayUs, proto::Opcode type, const QByteArray &payload, quint16 closeCode)
{
    if (delayUs <= 0 && m_delayed.empty()) {
        if (type == proto::Opcode::Close)
            close(closeCode, payload);
        else
            sendMessage(type, payload);
        return;
    }
    m_delayed.emplace_back(nowMicros() + std::max<qint64>(delayUs, 0), type, payload, closeCode);
    if (!m_delayTimer.isActive())
        sendDelayed();
}

void ServerClient::timerEvent(QTimerEvent *event)
{
    // Timers without objects of their own: a server holds thousands of idle clients.
    if (event->timerId() == m_handshakeTimer.timerId()) {
        m_handshakeTimer.stop();
        handshakeTimedOut();
    } else if (event->timerId() == m_delayTimer.timerId()) {
        m_delayTimer.stop();
        sendDelayed();
    } else {
        QObject::timerEvent(event);
    }
}

void ServerClient::handshakeTimedOut()
{
    const QString detail =
        QStringLiteral("no complete upgrade request within %1 ms").arg(m_server->options().handshakeTimeoutMs);
    if (m_socket && !m_parser.buffered().isEmpty()) {
        refuse(Error::HandshakeTimeout, proto::ServerHandshake::refusal(408, "Request Timeout", detail.toUtf8()),
               detail);
    } else {
        emit errorOccurred(Error::HandshakeTimeout, detail);
        abort();
    }
}

void ServerClient::sendDelayed()
{
    const qint64 now = nowMicros();
    while (!m_delayed.empty() && m_delayed.front().due <= now) {
        const Delayed d = std::move(m_delayed.front());
        m_delayed.pop_front();
        if (d.type == proto::Opcode::Close)
            close(d.closeCode, d.payload);
        else
            sendMessage(d.type, d.payload);
    }
    if (!m_delayed.empty())
        m_delayTimer.start(
            int(std::min<qint64>((m_delayed.front().due - now + 999) / 1000, std::numeric_limits<int>::max())), this);
}

void ServerClient::resetConnection()
{
    emit errorOccurred(
        Error::ConnectionReset,
        QStringLiteral("TCP connection reset after %1 messages (fault injection)").arg(m_messagesReceived));
    if (m_transport)
        m_transport->reset();
}

bool ServerClient::sendMessage(proto::Opcode type, const QByteArray &payload)
{
    return m_transport && m_transport->sendMessage(type, payload);
}

bool ServerClient::ping(const QByteArray &payload)
{
    return m_transport && m_transport->ping(payload);
}

bool ServerClient::close(quint16 code, const QByteArray &reason)
{
    return m_transport && m_transport->close(code, reason);
}

bool ServerClient::sendFrame(const proto::Frame &frame)
{
    return m_transport && m_transport->sendFrame(frame);
}

void ServerClient::abort()
{
    if (m_transport)
        m_transport->abort();
    else if (m_socket)
        m_socket->abort();
}

void ServerClient::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_handshakeTimer.stop();
    m_delayTimer.stop();
    // A relay whose upstream is still closing stays until that is done (bounded by the upstream's close timeout).
    if (m_upstream && m_upstream->readyState() != proto::ReadyState::Closing)
        m_upstream->abort();
    maybeDone();
}

void ServerClient::maybeDone()
{
    if (m_done || !m_finished || (m_upstream && m_upstream->readyState() != proto::ReadyState::Closed))
        return;
    m_done = true;
    emit finished();
    m_server->clientDone(this);
}

} // namespace sockscope::net
