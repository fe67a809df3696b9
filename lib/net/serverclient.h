#pragma once

#include "transport.h"

#include "proto/httpheadparser.h"
#include "proto/httprequesthead.h"
#include "proto/httpresponsehead.h"

#include <QBasicTimer>
#include <QHostAddress>
#include <QObject>

#include <QList>
#include <memory>
#include <optional>

class QTcpSocket;

namespace sockscope::proto {
class ServerHandshake;
struct DeflateParameters;
} // namespace sockscope::proto

namespace sockscope::net {

class ClientConnection;
class MockPlayer;
class Server;

// One client of the local Server, from the accepted TCP connection to its end: TLS, the upgrade request and
// the server's answer (101, a refusal, or the test page), then every frame and message through a Transport,
// and what the server's mode and fault injection do with each message. It emits everything it sees with
// microsecond timestamps. It is created and deleted by its Server; it knows nothing of widgets.
class ServerClient : public QObject
{
    Q_OBJECT
public:
    enum class Error {
        HandshakeTimeout, // no complete TLS handshake and upgrade request in time (slowloris)
        BadRequest,       // the request broke HTTP or RFC 6455 4.2.1 (see handshakeFailure())
        Refused,          // a valid request this server refused: path, Origin, subprotocol, fault injection
        TlsFailed,        // the TLS handshake failed
        UpstreamFailed,   // relay: the upstream connection could not be opened
        ConnectionReset,  // the connection was reset on purpose (fault injection)
    };
    Q_ENUM(Error)

    ServerClient(quint64 id, QTcpSocket *socket, Server *server);
    ~ServerClient() override;

    quint64 id() const { return m_id; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    qint64 acceptedAtUs() const { return m_acceptedAt; }
    const proto::HttpRequestHead &request() const { return m_request; }
    const proto::HttpResponseHead &response() const { return m_response; }
    const proto::HandshakeFailure &handshakeFailure() const { return m_handshakeFailure; }
    const QByteArray &path() const { return m_path; }
    const QByteArray &origin() const { return m_origin; }
    const QByteArray &protocol() const { return m_protocol; }
    const QByteArray &extensions() const { return m_extensions; }
    proto::ReadyState readyState() const;
    std::optional<proto::CloseInfo> closeInfo() const { return m_closeInfo; }
    quint64 messagesReceived() const { return m_messagesReceived; }
    quint64 messagesSent() const;
    // Present once the upgrade was accepted.
    Transport *transport() const { return m_transport; }
    // Relay mode: the connection to the upstream server, present from the upgrade request on.
    ClientConnection *upstream() const { return m_upstream; }
    // Mock mode: this client's position in the script, present once the upgrade was accepted.
    const MockPlayer *mockPlayer() const { return m_mock.get(); }

    bool sendMessage(proto::Opcode type, const QByteArray &payload);
    bool ping(const QByteArray &payload = {});
    bool close(quint16 code = 1000, const QByteArray &reason = {});
    bool sendFrame(const proto::Frame &frame);
    void abort();
    // Applies the server's current fault injection to this open connection (reading, pings).
    void applyFaults();

signals:
    void handshakeRequestReceived(const QByteArray &raw, qint64 timestampUs);
    // The server's answer: the 101, a refusal, or the test page (its head; the body is in response().body).
    void handshakeResponseSent(const QByteArray &raw, qint64 timestampUs);
    void opened();
    void errorOccurred(sockscope::net::ServerClient::Error error, const QString &detail);
    void stateChanged(sockscope::proto::ReadyState state);
    void frameReceived(const sockscope::proto::Frame &frame, qint64 timestampUs);
    void frameSent(const sockscope::proto::Frame &frame, qint64 timestampUs);
    void messageReceived(const sockscope::proto::Message &message, qint64 timestampUs);
    void messageSent(const sockscope::proto::Message &message, qint64 timestampUs);
    void protocolError(const sockscope::proto::ProtocolViolation &violation);
    // The WebSocket connection ended (only for clients whose upgrade was accepted).
    void closed(const sockscope::proto::CloseInfo &info);
    // Relay: the upstream connection was created and is about to open; its signals show the other half.
    void upstreamCreated(sockscope::net::ClientConnection *upstream);
    // The TCP connection is gone, whatever happened before; the server deletes the client after this.
    void finished();

protected:
    // Frame signals and messageSent are connected to the transport only once they have a receiver.
    void connectNotify(const QMetaMethod &signal) override;
    void timerEvent(QTimerEvent *event) override;

private:
    void forwardFrames();
    void forwardSentMessages();
    void readHead();
    void handleRequest(const QByteArray &pending);
    void respond(const proto::HttpResponseHead &response, bool keepOpen);
    void refuse(Error error, const proto::HttpResponseHead &response, const QString &detail);
    void startUpstream(const proto::ServerHandshake &handshake, const QByteArray &pending);
    void accept(const proto::ServerHandshake &handshake, const QByteArray &pending);
    void startTransport(const QByteArray &pending, const proto::DeflateParameters *deflate);
    void handleMessage(const proto::Message &message);
    void answer(const proto::Message &message);
    void playMock(const proto::Message &message, bool dropped);
    // Sends a message (or, with Opcode::Close, closes) after delayUs, behind everything scheduled before it.
    void schedule(qint64 delayUs, proto::Opcode type, const QByteArray &payload, quint16 closeCode = 0);
    void sendDelayed();
    void handshakeTimedOut();
    void resetConnection();
    void finish();
    void maybeDone();

    Server *m_server;
    quint64 m_id;
    QTcpSocket *m_socket;
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    qint64 m_acceptedAt = 0;
    QBasicTimer m_handshakeTimer;
    proto::HttpHeadParser m_parser;
    proto::HttpRequestHead m_request;
    proto::HttpResponseHead m_response;
    proto::HandshakeFailure m_handshakeFailure;
    QByteArray m_path;
    QByteArray m_origin;
    QByteArray m_protocol;
    QByteArray m_extensions;
    QByteArray m_pending; // relay: bytes that came behind the request while upstream was opening
    Transport *m_transport = nullptr;
    ClientConnection *m_upstream = nullptr;
    std::unique_ptr<MockPlayer> m_mock;
    std::optional<proto::CloseInfo> m_closeInfo;
    quint64 m_messagesReceived = 0;
    // Echo delay and mock timing: messages to send, in order, with the time each is due; Opcode::Close closes.
    struct Delayed {
        Delayed(qint64 d, proto::Opcode t, QByteArray p, quint16 c)
            : due(d)
            , type(t)
            , payload(std::move(p))
            , closeCode(c)
        {}
        qint64 due;
        proto::Opcode type;
        QByteArray payload;
        quint16 closeCode;
    };
    QList<Delayed> m_delayed; // a QList, unlike a deque, allocates nothing while empty
    QBasicTimer m_delayTimer;
    bool m_headDone = false;
    bool m_finished = false;
    bool m_done = false;
    bool m_forwardingFrames = false;
    bool m_forwardingSentMessages = false;
};

} // namespace sockscope::net
