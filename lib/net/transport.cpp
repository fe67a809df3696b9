#include "transport.h"

#include "clock.h"

#include <QTcpSocket>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

namespace sockscope::net {

namespace {
constexpr qint64 ReadSlice = 64 * 1024;
}

Transport::Transport(QTcpSocket *socket, proto::Role role, proto::ConnectionOptions options, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_connection(role, std::move(options))
{
    socket->setParent(this);
    m_closeTimer.setSingleShot(true);
    m_closeTimer.setInterval(5000);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
    connect(socket, &QTcpSocket::readyRead, this, &Transport::readAvailable);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] { emit bufferedAmountChanged(bufferedAmount()); });
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_closeTimer.stop();
        m_connection.transportClosed();
        pump();
    });
}

Transport::~Transport() = default;

void Transport::start(const proto::DeflateParameters *deflate, const QByteArray &pending)
{
    m_connection.open(deflate);
    m_readTimestamp = nowMicros();
    for (qsizetype pos = 0; pos < pending.size(); pos += ReadSlice) {
        m_connection.receive(QByteArrayView(pending).sliced(pos, std::min(ReadSlice, pending.size() - pos)));
        pump();
    }
    pump();
    if (m_socket && m_socket->bytesAvailable() > 0)
        readAvailable();
}

qint64 Transport::bufferedAmount() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void Transport::readAvailable()
{
    while (!m_readPaused && m_socket && m_socket->bytesAvailable() > 0 &&
           m_connection.readyState() != proto::ReadyState::Closed) {
        const QByteArray chunk = m_socket->read(ReadSlice);
        if (chunk.isEmpty())
            break;
        m_readTimestamp = nowMicros();
        m_connection.receive(chunk);
        pump();
    }
}

void Transport::pump()
{
    // Slots connected to our signals may send; their frames are picked up by the loop below, not re-entered.
    if (m_pumping)
        return;
    m_pumping = true;
    for (;;) {
        m_connection.takeEvents(m_events);
        if (m_events.empty()) {
            // Large payloads come as buffers of their own; QIODevice::write(QByteArray) keeps a reference to
            // them instead of copying them into the socket's write buffer.
            m_connection.takeOutgoing(m_outgoing);
            if (m_outgoing.isEmpty())
                break;
            if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
                for (const QByteArray &chunk : std::as_const(m_outgoing))
                    m_socket->write(chunk);
                emit bufferedAmountChanged(bufferedAmount());
            }
            m_outgoing.clear();
            continue; // takeOutgoing() may have added a close frame's event
        }
        // A slot that sends re-enters pump() and returns at once, so m_events is not touched while we iterate.
        const qint64 now = nowMicros();
        for (const proto::ConnectionEvent &event : m_events)
            emitEvent(event, now);
    }
    m_pumping = false;

    if (!m_socket || m_disconnecting)
        return;
    if (m_connection.transportCloseRequested()) {
        // Graceful: what is queued is written first.
        m_disconnecting = true;
        m_socket->disconnectFromHost();
    } else if (m_connection.closeInfo().closeSent && m_connection.closeInfo().closeReceived &&
               !m_closeTimer.isActive()) {
        // RFC 6455 7.1.1: the client waits for the server to close TCP, but not forever.
        m_closeTimer.start();
    }
}

void Transport::emitEvent(const proto::ConnectionEvent &event, qint64 now)
{
    if (const auto *f = std::get_if<proto::FrameEvent>(&event)) {
        if (f->direction == proto::Direction::Incoming)
            emit frameReceived(f->frame, m_readTimestamp);
        else
            emit frameSent(f->frame, now);
    } else if (const auto *m = std::get_if<proto::MessageEvent>(&event)) {
        if (m->direction == proto::Direction::Incoming)
            emit messageReceived(m->message, m_readTimestamp);
        else
            emit messageSent(m->message, now);
    } else if (const auto *s = std::get_if<proto::StateEvent>(&event)) {
        emit stateChanged(s->state);
    } else if (const auto *p = std::get_if<proto::ProtocolErrorEvent>(&event)) {
        emit protocolError(p->violation);
    } else if (const auto *c = std::get_if<proto::CloseEvent>(&event)) {
        emit closed(c->info);
    }
}

bool Transport::sendText(const QByteArray &utf8)
{
    return sendMessage(proto::Opcode::Text, utf8);
}

bool Transport::sendBinary(const QByteArray &data)
{
    return sendMessage(proto::Opcode::Binary, data);
}

bool Transport::sendMessage(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes)
{
    const bool ok = m_connection.sendMessage(type, payload, fragmentSizes);
    pump();
    return ok;
}

bool Transport::ping(const QByteArray &payload)
{
    const bool ok = m_connection.ping(payload);
    pump();
    return ok;
}

bool Transport::pong(const QByteArray &payload)
{
    const bool ok = m_connection.pong(payload);
    pump();
    return ok;
}

bool Transport::close(quint16 code, const QByteArray &reason)
{
    const bool ok = m_connection.close(code, reason);
    pump();
    return ok;
}

bool Transport::sendFrame(const proto::Frame &frame)
{
    const bool ok = m_connection.sendFrame(frame);
    pump();
    return ok;
}

void Transport::abort()
{
    if (m_socket)
        m_socket->abort();
}

void Transport::reset()
{
    if (!m_socket)
        return;
#if defined(Q_OS_UNIX)
    // SO_LINGER with a zero timeout makes close() send RST and drop what is queued.
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0) {
        const linger noLinger{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
    }
#endif
    m_socket->abort();
}

void Transport::setReadPaused(bool paused)
{
    if (m_readPaused == paused)
        return;
    m_readPaused = paused;
    if (!m_socket)
        return;
    m_socket->setReadBufferSize(paused ? ReadSlice : 0);
    if (!paused && m_connection.readyState() != proto::ReadyState::Connecting)
        readAvailable();
}

} // namespace sockscope::net
