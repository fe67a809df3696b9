#include "transport.h"

#include "clock.h"
#include "proto/bufferrecycler.h"

#include <QMetaMethod>
#include <QTcpSocket>
#include <QTimer>
#include <QTimerEvent>

#include <algorithm>
#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

namespace sockscope::net {

namespace {
constexpr qint64 ReadSlice = 64 * 1024;
// The socket's read buffer while reading: one read from the kernel at most. Small enough that its blocks come
// from reused, cache-warm heap memory instead of fresh pages, large enough to take few event-loop turns.
constexpr qint64 ReadBufferSize = 256 * 1024;
// Backpressure: above this much unsent output the transport stops reading until it is below the low mark, so a
// peer that sends faster than it reads the answers cannot make us buffer without bound.
constexpr qint64 WriteHighWater = 8 << 20;
constexpr qint64 WriteLowWater = 1 << 20;
// Keep-alive pings still waiting for their pong; older ones are forgotten (a peer may answer the latest only).
constexpr qsizetype MaxOutstandingPings = 16;

// The large payload buffers this thread's recycler remembers are let go a little after the traffic that used them
// stopped; while it goes on, the recycler forgets old ones by itself.
void scheduleRecyclerCleanup()
{
    thread_local bool scheduled = false;
    const proto::BufferRecycler &recycler = proto::BufferRecycler::forThisThread();
    if (scheduled || recycler.watchedCount() == 0)
        return;
    scheduled = true;
    QTimer::singleShot(std::max<qint64>(recycler.idleLifetime(), 50), [] {
        scheduled = false;
        proto::BufferRecycler::forThisThread().releaseExpired();
        scheduleRecyclerCleanup();
    });
}
} // namespace

Transport::Transport(QTcpSocket *socket, proto::Role role, proto::ConnectionOptions options, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_connection(role, std::move(options))
{
    socket->setParent(this);
    socket->setReadBufferSize(ReadBufferSize);
    connect(socket, &QTcpSocket::readyRead, this, &Transport::readAvailable);
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_writeBlocked && m_socket && m_socket->bytesToWrite() < WriteLowWater) {
            m_writeBlocked = false;
            updateReading();
        }
        emit bufferedAmountChanged(bufferedAmount());
    });
    // Data frames become events only once someone watches them (connectNotify).
    m_connection.setFrameEventsEnabled(false);
    // Likewise the messages this side sends (connectNotify).
    m_connection.setOutgoingMessageEventsEnabled(false);
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
    if (m_keepAliveInterval > 0)
        m_keepAliveTimer.start(m_keepAliveInterval, this);
    m_readTimestamp = nowMicros();
    m_readSteadyUs = steadyMicros();
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
    return (m_socket ? m_socket->bytesToWrite() : 0) + m_connection.outgoingSize() +
           m_connection.outgoingMessageRemaining() + m_queuedBytes;
}

void Transport::readAvailable()
{
    // What the slots answer to the messages of one read goes out in one write at the end, not a write per slice:
    // fewer system calls, and fewer wake-ups of the peer.
    const bool outermost = !m_holdingWrites;
    m_holdingWrites = true;
    m_connection.setOutgoingBufferCapacity(ReadBufferSize);
    while (!m_readPaused && !m_writeBlocked && m_connection.readyState() != proto::ReadyState::Closed) {
        if (m_readOffset >= m_readBuffer.size()) {
            if (!m_socket || m_socket->bytesAvailable() <= 0)
                break;
            // Reading exactly what the socket holds hands over its buffered block as it is, without a copy (the
            // socket's read buffer is bounded, so that block is one read from the kernel); the connection then
            // reads it in slices through views.
            m_readBuffer = m_socket->read(m_socket->bytesAvailable());
            m_readOffset = 0;
            if (m_readBuffer.isEmpty())
                break;
            m_readTimestamp = nowMicros();
            m_readSteadyUs = steadyMicros();
        }
        const qsizetype n = std::min(ReadSlice, m_readBuffer.size() - m_readOffset);
        m_connection.receive(QByteArrayView(m_readBuffer).sliced(m_readOffset, n));
        m_readOffset += n;
        pump();
    }
    if (m_readOffset >= m_readBuffer.size()) {
        m_readBuffer = QByteArray();
        m_readOffset = 0;
    }
    if (outermost) {
        m_holdingWrites = false;
        m_connection.setOutgoingBufferCapacity(0);
        pump();
    }
    scheduleRecyclerCleanup();
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
            if (m_holdingWrites && m_connection.outgoingSize() < ReadBufferSize)
                break; // readAvailable() writes when it is done, or when this much is waiting
            // Large payloads come as buffers of their own; QIODevice::write(QByteArray) keeps a reference to
            // them instead of copying them into the socket's write buffer.
            m_connection.takeOutgoing(m_outgoing);
            if (m_outgoing.isEmpty())
                break;
            if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
                for (const QByteArray &chunk : std::as_const(m_outgoing))
                    m_socket->write(chunk);
                if (!m_writeBlocked && m_socket->bytesToWrite() > WriteHighWater) {
                    m_writeBlocked = true;
                    updateReading();
                }
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
        m_closeTimer.start(m_closeTimeoutMs, this);
    }
}

void Transport::emitEvent(const proto::ConnectionEvent &event, qint64 now)
{
    if (const auto *f = std::get_if<proto::FrameEvent>(&event)) {
        if (f->direction == proto::Direction::Incoming) {
            emit frameReceived(f->frame, m_readTimestamp);
            if (f->frame.opcode == proto::Opcode::Pong)
                matchPong(f->frame);
        } else {
            emit frameSent(f->frame, now);
        }
    } else if (const auto *m = std::get_if<proto::MessageEvent>(&event)) {
        if (m->direction == proto::Direction::Incoming)
            emit messageReceived(m->message, m_readTimestamp);
        else
            emit messageSent(m->message, now);
    } else if (const auto *s = std::get_if<proto::StateEvent>(&event)) {
        if (s->state != proto::ReadyState::Open) {
            // Closing: no more keep-alive pings, and the data waiting to be sent never will be.
            m_keepAliveTimer.stop();
            m_outstandingPings.clear();
            dropPendingSends();
        }
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
    // Nothing in progress or queued: straight to the connection (what startMessage() does), without the copy.
    if (!m_connection.outgoingMessageInProgress() && m_queue.empty()) {
        const bool ok = m_connection.sendMessage(type, payload, fragmentSizes);
        pump();
        return ok;
    }
    return sendOrQueue(QueuedMessage(type, payload, fragmentSizes, 0, false));
}

bool Transport::sendFragmented(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes,
                               int delayMs, bool pingBetween)
{
    return sendOrQueue(QueuedMessage(type, payload, fragmentSizes, std::max(delayMs, 0), pingBetween));
}

bool Transport::sendOrQueue(const QueuedMessage &message)
{
    if (!m_connection.outgoingMessageInProgress() && m_queue.empty())
        return startMessage(message);
    if (m_connection.readyState() != proto::ReadyState::Open)
        return false;
    m_queue.push_back(message);
    m_queuedBytes += message.payload.size();
    emit bufferedAmountChanged(bufferedAmount());
    return true;
}

bool Transport::startMessage(const QueuedMessage &message)
{
    if (message.delayMs == 0 && !message.pingBetween) {
        const bool ok = m_connection.sendMessage(message.type, message.payload, message.fragmentSizes);
        pump();
        return ok;
    }
    if (!m_connection.beginMessage(message.type, message.payload))
        return false;
    m_fragmentSizes = message.fragmentSizes;
    m_nextFragment = 0;
    m_pingBetween = message.pingBetween;
    m_fragmentDelayMs = message.delayMs;
    sendNextFragment();
    return true;
}

void Transport::timerEvent(QTimerEvent *event)
{
    // Timers without objects of their own: a server holds thousands of idle transports.
    if (event->timerId() == m_closeTimer.timerId()) {
        m_closeTimer.stop();
        if (m_socket)
            m_socket->abort();
    } else if (event->timerId() == m_fragmentTimer.timerId()) {
        m_fragmentTimer.stop();
        sendNextFragment();
    } else if (event->timerId() == m_keepAliveTimer.timerId()) {
        sendKeepAlivePing();
    } else {
        QObject::timerEvent(event);
    }
}

void Transport::sendNextFragment()
{
    // A close frame (ours or the answer to the peer's) abandoned the message.
    if (!m_connection.outgoingMessageInProgress()) {
        dropPendingSends();
        return;
    }
    // The same split as proto::Connection::sendMessage(): a last size reaching the end of the message carries
    // FIN, otherwise a final frame takes the rest.
    const qsizetype index = m_nextFragment++;
    const bool last = index >= m_fragmentSizes.size() ||
                      (index == m_fragmentSizes.size() - 1 &&
                       std::max<qint64>(m_fragmentSizes[index], 0) >= m_connection.outgoingMessageRemaining());
    if (last) {
        m_connection.finishMessage();
    } else {
        m_connection.continueMessage(m_fragmentSizes[index]);
        // RFC 6455 5.4: control frames may be injected between the fragments of a message.
        if (m_pingBetween)
            m_connection.ping();
        // Precise: the delay between fragments is what is being tested.
        m_fragmentTimer.start(m_fragmentDelayMs, Qt::PreciseTimer, this);
    }
    pump();
    if (last)
        sendQueued();
}

void Transport::sendQueued()
{
    while (!m_queue.empty() && !m_connection.outgoingMessageInProgress()) {
        const QueuedMessage next = std::move(m_queue.front());
        m_queue.pop_front();
        m_queuedBytes -= next.payload.size();
        if (!startMessage(next)) {
            dropPendingSends();
            return;
        }
    }
}

void Transport::dropPendingSends()
{
    m_fragmentTimer.stop();
    m_fragmentSizes.clear();
    m_nextFragment = 0;
    m_queue.clear();
    m_queuedBytes = 0;
}

void Transport::setKeepAliveInterval(int ms)
{
    m_keepAliveInterval = std::max(ms, 0);
    if (m_keepAliveInterval > 0 && m_connection.readyState() == proto::ReadyState::Open)
        m_keepAliveTimer.start(m_keepAliveInterval, this);
    else
        m_keepAliveTimer.stop();
}

void Transport::sendKeepAlivePing()
{
    if (m_connection.readyState() != proto::ReadyState::Open) {
        m_keepAliveTimer.stop();
        return;
    }
    const qint64 sent = steadyMicros();
    if (m_keepAliveMissLimit > 0 && m_outstandingPings.size() >= m_keepAliveMissLimit) {
        // Every one of the last pings went unanswered for at least an interval.
        m_keepAliveTimer.stop();
        const int missed = int(m_outstandingPings.size());
        const qint64 silentMs = (sent - m_outstandingPings.front().sentUs) / 1000;
        m_outstandingPings.clear();
        emit peerUnresponsive(missed, silentMs);
        abort();
        return;
    }
    const QByteArray payload = "keepalive " + QByteArray::number(++m_keepAliveSequence);
    if (!m_connection.ping(payload))
        return;
    m_outstandingPings.emplace_back(payload, sent);
    if (m_outstandingPings.size() > MaxOutstandingPings)
        m_outstandingPings.pop_front();
    pump();
}

void Transport::matchPong(const proto::Frame &pong)
{
    const auto it = std::find_if(m_outstandingPings.begin(), m_outstandingPings.end(),
                                 [&pong](const OutstandingPing &p) { return p.payload == pong.payload; });
    if (it == m_outstandingPings.end())
        return;
    m_lastRoundTripUs = m_readSteadyUs - it->sentUs;
    // RFC 6455 5.5.3: a peer may answer only the latest of several pings; the earlier ones are settled too.
    m_outstandingPings.erase(m_outstandingPings.begin(), it + 1);
    emit roundTripMeasured(m_lastRoundTripUs);
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
    updateReading();
}

void Transport::updateReading()
{
    if (!m_socket)
        return;
    const bool stopped = m_readPaused || m_writeBlocked;
    // A bounded read buffer makes Qt stop taking bytes from the kernel, so TCP flow control reaches the peer.
    m_socket->setReadBufferSize(stopped ? ReadSlice : ReadBufferSize);
    if (!stopped && !m_pumping && m_connection.readyState() != proto::ReadyState::Connecting)
        QMetaObject::invokeMethod(this, &Transport::readAvailable, Qt::QueuedConnection);
}

void Transport::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Transport::frameReceived) ||
        signal == QMetaMethod::fromSignal(&Transport::frameSent))
        m_connection.setFrameEventsEnabled(true);
    else if (signal == QMetaMethod::fromSignal(&Transport::messageSent))
        m_connection.setOutgoingMessageEventsEnabled(true);
}

} // namespace sockscope::net
