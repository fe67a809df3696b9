#pragma once

#include "proto/connection.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

#include <QList>

class QTcpSocket;

namespace sockscope::proto {
struct DeflateParameters;
}

namespace sockscope::net {

// Runs a proto::Connection over an open TCP (or TLS) socket once the opening handshake is done: reads in
// 64 KiB slices, turns the connection's events into signals with microsecond timestamps, writes what the
// connection owes and closes the socket when the close handshake (or a failure) says so. A client whose server
// does not close TCP after the close handshake closes it itself after closeTimeout. It also sends keep-alive
// pings and measures their round trip, and sends messages fragment by fragment with delays between, keeping
// later data messages queued behind. It knows nothing of handshakes, URLs or widgets.
class Transport : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the socket.
    Transport(QTcpSocket *socket, proto::Role role, proto::ConnectionOptions options, QObject *parent = nullptr);
    ~Transport() override;

    // Opens the connection (with permessage-deflate when negotiated) and reads `pending`, the bytes that
    // arrived right behind the handshake.
    void start(const proto::DeflateParameters *deflate, const QByteArray &pending);

    const proto::Connection &connection() const { return m_connection; }
    proto::ReadyState readyState() const { return m_connection.readyState(); }
    // Message bytes accepted but not yet written to the network (the browser's bufferedAmount): what the socket
    // still holds, the unsent rest of a delayed fragmented message and the messages queued behind it.
    qint64 bufferedAmount() const;
    void setCloseTimeout(int ms) { m_closeTimeoutMs = std::max(ms, 0); }
    void setAutoPong(bool on) { m_connection.setAutoPong(on); }

    // While OPEN, a ping with a payload of its own ("keepalive <n>") every `ms` milliseconds; 0 turns it off.
    // The pong carrying the same payload gives the round trip; other pongs do not count. A pong answering a
    // later keep-alive ping also settles the earlier ones (RFC 6455 5.5.3 lets a peer answer the latest only).
    void setKeepAliveInterval(int ms);
    int keepAliveInterval() const { return m_keepAliveInterval; }
    // The last keep-alive round trip in microseconds, -1 before the first.
    qint64 lastRoundTripUs() const { return m_lastRoundTripUs; }
    // When `count` keep-alive pings in a row have had no pong by the time the next one is due, the peer is taken
    // for dead: peerUnresponsive() is emitted and the TCP connection is dropped (the close is 1006, not clean), as
    // a browser's network stack gives up on a silent connection. 0 never gives up.
    void setKeepAliveMissLimit(int count) { m_keepAliveMissLimit = std::max(count, 0); }
    int keepAliveMissLimit() const { return m_keepAliveMissLimit; }

    // Data messages. While a delayed fragmented message is in progress they wait behind it, in order, and count
    // as accepted (true); the control frames below and sendFrame() go out at once.
    bool sendText(const QByteArray &utf8);
    bool sendBinary(const QByteArray &data);
    bool sendMessage(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes = {});
    // A message split into frames of the given payload sizes, as sendMessage(), with delayMs between frames and,
    // with pingBetween, a ping (empty payload) right after every frame but the last. Without a delay or pings it
    // is sendMessage(). This side's close, or the peer's, abandons the message and drops the queue behind it.
    bool sendFragmented(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes, int delayMs,
                        bool pingBetween = false);
    // Data messages waiting behind a delayed fragmented message.
    qsizetype queuedMessages() const { return qsizetype(m_queue.size()); }
    bool ping(const QByteArray &payload = {});
    bool pong(const QByteArray &payload = {});
    bool close(quint16 code = 1000, const QByteArray &reason = {});
    bool sendFrame(const proto::Frame &frame);
    // Drops the TCP connection at once, without a close handshake.
    void abort();
    // Drops the TCP connection with a reset (RST) instead of a FIN, as a crashing peer would.
    void reset();
    // Stops reading from the socket (beyond a 64 KiB buffer), so the peer's writes back up in TCP; false reads on.
    void setReadPaused(bool paused);
    bool readPaused() const { return m_readPaused; }

signals:
    void frameReceived(const sockscope::proto::Frame &frame, qint64 timestampUs);
    void frameSent(const sockscope::proto::Frame &frame, qint64 timestampUs);
    void messageReceived(const sockscope::proto::Message &message, qint64 timestampUs);
    void messageSent(const sockscope::proto::Message &message, qint64 timestampUs);
    void stateChanged(sockscope::proto::ReadyState state);
    void protocolError(const sockscope::proto::ProtocolViolation &violation);
    void closed(const sockscope::proto::CloseInfo &info);
    void bufferedAmountChanged(qint64 bytes);
    // A keep-alive pong arrived, `rttUs` microseconds after its ping was sent.
    void roundTripMeasured(qint64 rttUs);
    // No pong to the last `missedPings` keep-alive pings, the first sent `silentMs` ago: the connection is dropped.
    void peerUnresponsive(int missedPings, qint64 silentMs);

protected:
    // Data frames become events only when frameReceived or frameSent has a receiver, and sent messages only
    // when messageSent has one.
    void connectNotify(const QMetaMethod &signal) override;
    void timerEvent(QTimerEvent *event) override;

private:
    // A data message waiting for the one in progress; delayMs 0 and no pings: sent in one go.
    struct QueuedMessage {
        QueuedMessage(proto::Opcode t, const QByteArray &p, const QList<qint64> &sizes, int delay, bool pings)
            : type(t)
            , payload(p)
            , fragmentSizes(sizes)
            , delayMs(delay)
            , pingBetween(pings)
        {}
        proto::Opcode type;
        QByteArray payload;
        QList<qint64> fragmentSizes;
        int delayMs;
        bool pingBetween;
    };
    struct OutstandingPing {
        OutstandingPing(const QByteArray &p, qint64 sent)
            : payload(p)
            , sentUs(sent)
        {}
        QByteArray payload;
        qint64 sentUs; // steadyMicros()
    };

    void updateReading();
    void readAvailable();
    void pump();
    void emitEvent(const proto::ConnectionEvent &event, qint64 now);
    bool sendOrQueue(const QueuedMessage &message);
    bool startMessage(const QueuedMessage &message);
    void sendNextFragment();
    void sendQueued();
    void dropPendingSends();
    void sendKeepAlivePing();
    void matchPong(const proto::Frame &pong);

    QPointer<QTcpSocket> m_socket;
    proto::Connection m_connection;
    std::vector<proto::ConnectionEvent> m_events;
    QList<QByteArray> m_outgoing;
    // What was read from the socket and not yet given to the connection: a pause or write backpressure can
    // stop reading in the middle of it.
    QByteArray m_readBuffer;
    qsizetype m_readOffset = 0;
    QBasicTimer m_closeTimer;
    int m_closeTimeoutMs = 5000;
    qint64 m_readTimestamp = 0;
    qint64 m_readSteadyUs = 0;
    bool m_pumping = false;
    bool m_holdingWrites = false; // while reading: the answers are written at the end of the read
    bool m_disconnecting = false;
    bool m_readPaused = false;
    bool m_writeBlocked = false; // more than the high-water mark of output is unsent: reading waits

    // The delayed fragmented message in progress (its bytes are in m_connection) and what waits behind it.
    QBasicTimer m_fragmentTimer;
    int m_fragmentDelayMs = 0;
    QList<qint64> m_fragmentSizes;
    qsizetype m_nextFragment = 0;
    bool m_pingBetween = false;
    QList<QueuedMessage> m_queue; // QLists: nothing allocated while empty, as on most connections
    qint64 m_queuedBytes = 0;

    QBasicTimer m_keepAliveTimer;
    int m_keepAliveInterval = 0;
    int m_keepAliveMissLimit = 0;
    quint64 m_keepAliveSequence = 0;
    QList<OutstandingPing> m_outstandingPings;
    qint64 m_lastRoundTripUs = -1;
};

} // namespace sockscope::net
