#pragma once

#include "mockplayer.h"
#include "serveroptions.h"

#include <QObject>
#include <QUrl>

#include <map>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace sockscope::net {

class ServerClient;

// The local WebSocket server: listens (on 127.0.0.1 unless told otherwise), accepts ws:// or wss:// clients,
// and runs each as a ServerClient that answers the handshake and handles messages by the server's mode and
// fault injection. It hands every client to its observers as soon as TCP accepted it, so the whole handshake
// can be logged, and deletes it after it finished. It knows nothing of widgets.
class Server : public QObject
{
    Q_OBJECT
public:
    explicit Server(QObject *parent = nullptr);
    ~Server() override;

    // Starts listening; false with errorString() when the address cannot be bound or the TLS identity is unusable.
    bool listen(const ServerOptions &options);
    // Stops listening and closes every client (1001 Going Away for open ones).
    void close();
    bool isListening() const;
    QString errorString() const { return m_error; }
    const ServerOptions &options() const { return m_options; }
    quint16 port() const;
    // ws://127.0.0.1:9998/echo as a client would connect to it.
    QUrl url() const;

    const FaultInjection &faults() const { return m_options.faults; }
    void setFaults(const FaultInjection &faults);
    // For the clients whose handshake comes from now on, without a restart: the subprotocols spoken (empty: the
    // client's first offer), whether a client must agree on one, and the Origin allow-list (empty: any).
    void setHandshakeRules(const QList<QByteArray> &subprotocols, bool requireSubprotocol,
                           const QList<QByteArray> &allowedOrigins);
    // The largest message (and frame) the clients whose handshake comes from now on may send; larger ones are
    // refused with 1009.
    void setMaxMessageSize(quint64 bytes);

    QList<ServerClient *> clients() const;
    ServerClient *client(quint64 id) const;
    // Sends to every open client; returns how many it went to.
    int sendToAll(proto::Opcode type, const QByteArray &payload);

signals:
    // TCP accepted the client; nothing has been read yet.
    void clientAccepted(sockscope::net::ServerClient *client);
    // The client is gone and will be deleted when control returns to the event loop.
    void clientFinished(sockscope::net::ServerClient *client);

private:
    friend class ServerClient;
    void acceptSocket(QTcpSocket *socket);
    void clientDone(ServerClient *client);
    std::shared_ptr<const MockPlayer::Index> mockIndex() const { return m_mockIndex; }

    ServerOptions m_options;
    QTcpServer *m_listener = nullptr;
    std::map<quint64, ServerClient *> m_clients;
    std::shared_ptr<const MockPlayer::Index> m_mockIndex; // mock mode: the script, shared by the clients
    quint64 m_nextId = 1;
    QString m_error;
};

} // namespace sockscope::net
