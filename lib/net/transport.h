#pragma once

#include "proto/connection.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace sockscope::proto {
struct DeflateParameters;
}

namespace sockscope::net {

// Runs a proto::Connection over an open TCP (or TLS) socket once the opening handshake is done: reads in
// 64 KiB slices, turns the connection's events into signals with microsecond timestamps, writes what the
// connection owes and closes the socket when the close handshake (or a failure) says so. A client whose server
// does not close TCP after the close handshake closes it itself after closeTimeout. It knows nothing of
// handshakes, URLs or widgets.
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
    // Bytes handed to the socket but not yet written to the network (the browser's bufferedAmount).
    qint64 bufferedAmount() const;
    void setCloseTimeout(int ms) { m_closeTimer.setInterval(ms); }
    void setAutoPong(bool on) { m_connection.setAutoPong(on); }

    bool sendText(const QByteArray &utf8);
    bool sendBinary(const QByteArray &data);
    bool sendMessage(proto::Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes = {});
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

private:
    void readAvailable();
    void pump();
    void emitEvent(const proto::ConnectionEvent &event, qint64 now);

    QPointer<QTcpSocket> m_socket;
    proto::Connection m_connection;
    std::vector<proto::ConnectionEvent> m_events;
    QList<QByteArray> m_outgoing;
    QTimer m_closeTimer;
    qint64 m_readTimestamp = 0;
    bool m_pumping = false;
    bool m_disconnecting = false;
    bool m_readPaused = false;
};

} // namespace sockscope::net
