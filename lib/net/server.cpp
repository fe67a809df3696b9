#include "server.h"

#include "serverclient.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>

#include <cmath>
#include <functional>

namespace sockscope::net {

namespace {
// A QTcpServer that hands each accepted descriptor to a function, so the server can wrap it in a QSslSocket
// before anything is read (QSslServer only gives sockets after the TLS handshake, without our timeout).
class Listener : public QTcpServer
{
public:
    Listener(std::function<void(qintptr)> accepted, QObject *parent)
        : QTcpServer(parent)
        , m_accepted(std::move(accepted))
    {}

protected:
    void incomingConnection(qintptr descriptor) override { m_accepted(descriptor); }

private:
    std::function<void(qintptr)> m_accepted;
};
} // namespace

const char *serverModeName(ServerMode mode)
{
    switch (mode) {
    case ServerMode::Echo: return "echo";
    case ServerMode::Sink: return "sink";
    case ServerMode::Broadcast: return "broadcast";
    case ServerMode::Relay: return "relay";
    case ServerMode::Mock: return "mock";
    }
    return "?";
}

std::optional<ServerMode> serverModeFromName(QByteArrayView name)
{
    for (ServerMode mode :
         {ServerMode::Echo, ServerMode::Sink, ServerMode::Broadcast, ServerMode::Relay, ServerMode::Mock}) {
        if (name == serverModeName(mode))
            return mode;
    }
    return std::nullopt;
}

Server::Server(QObject *parent)
    : QObject(parent)
{}

Server::~Server()
{
    // Clients go without signals: whoever listens may be half destroyed too.
    for (auto &[id, client] : m_clients) {
        client->disconnect(this);
        client->blockSignals(true);
    }
}

bool Server::listen(const ServerOptions &options)
{
    close();
    m_options = options;
    m_error.clear();
    if (options.mode == ServerMode::Relay) {
        const QString scheme = options.upstream.url.scheme().toLower();
        if ((scheme != QLatin1String("ws") && scheme != QLatin1String("wss")) ||
            options.upstream.url.host().isEmpty()) {
            m_error = QStringLiteral("relay mode needs a ws:// or wss:// upstream URL, not \"%1\"")
                          .arg(options.upstream.url.toDisplayString());
            return false;
        }
    }
    m_mockIndex.reset();
    if (options.mode == ServerMode::Mock) {
        if (!options.mockScript) {
            m_error = QStringLiteral("mock mode needs a script");
            return false;
        }
        if (options.mock.timing == MockTiming::Recorded &&
            (!std::isfinite(options.mock.speed) || options.mock.speed <= 0)) {
            m_error = QStringLiteral("mock speed %1 is not above 0").arg(options.mock.speed);
            return false;
        }
        m_mockIndex = std::make_shared<const MockPlayer::Index>(options.mockScript);
    }
    if (options.tls() && options.privateKey.isNull()) {
        m_error = QStringLiteral("a TLS certificate was given without its private key");
        return false;
    }
    if (options.tls() && !QSslSocket::supportsSsl()) {
        m_error = QStringLiteral("TLS is not available: %1").arg(QSslSocket::sslLibraryVersionString());
        return false;
    }
    auto *listener = new Listener(
        [this](qintptr descriptor) {
            QTcpSocket *socket = nullptr;
            if (m_options.tls()) {
                auto *ssl = new QSslSocket;
                QSslConfiguration config = QSslConfiguration::defaultConfiguration();
                config.setLocalCertificate(m_options.certificate);
                config.setLocalCertificateChain(QList<QSslCertificate>{m_options.certificate} +
                                                m_options.certificateChain);
                config.setPrivateKey(m_options.privateKey);
                config.setPeerVerifyMode(QSslSocket::VerifyNone);
                ssl->setSslConfiguration(config);
                socket = ssl;
            } else {
                socket = new QTcpSocket;
            }
            if (!socket->setSocketDescriptor(descriptor)) {
                delete socket;
                return;
            }
            acceptSocket(socket);
        },
        this);
    // 1,000 clients connecting at once must not overflow the kernel's accept queue.
    listener->setListenBacklogSize(1024);
    if (!listener->listen(options.address, options.port)) {
        m_error = QStringLiteral("cannot listen on %1:%2: %3")
                      .arg(options.address.toString())
                      .arg(options.port)
                      .arg(listener->errorString());
        delete listener;
        return false;
    }
    m_listener = listener;
    return true;
}

void Server::close()
{
    if (m_listener) {
        m_listener->close();
        m_listener->deleteLater();
        m_listener = nullptr;
    }
    const auto clients = this->clients();
    for (ServerClient *client : clients) {
        if (client->readyState() == proto::ReadyState::Open)
            client->close(1001, "server stopped");
        else if (client->readyState() != proto::ReadyState::Closing)
            client->abort();
    }
}

bool Server::isListening() const
{
    return m_listener && m_listener->isListening();
}

quint16 Server::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QUrl Server::url() const
{
    QUrl url;
    url.setScheme(m_options.tls() ? QStringLiteral("wss") : QStringLiteral("ws"));
    QHostAddress host = m_options.address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(QString::fromUtf8(m_options.path.isEmpty() ? QByteArray("/") : m_options.path));
    return url;
}

void Server::setFaults(const FaultInjection &faults)
{
    m_options.faults = faults;
    for (auto &[id, client] : m_clients)
        client->applyFaults();
}

void Server::setHandshakeRules(const QList<QByteArray> &subprotocols, bool requireSubprotocol,
                               const QList<QByteArray> &allowedOrigins)
{
    m_options.subprotocols = subprotocols;
    m_options.requireSubprotocol = requireSubprotocol;
    m_options.allowedOrigins = allowedOrigins;
}

void Server::setMaxMessageSize(quint64 bytes)
{
    m_options.connection.maxMessageSize = bytes;
    m_options.connection.maxFramePayload = bytes;
}

QList<ServerClient *> Server::clients() const
{
    QList<ServerClient *> list;
    list.reserve(qsizetype(m_clients.size()));
    for (const auto &[id, client] : m_clients)
        list.append(client);
    return list;
}

ServerClient *Server::client(quint64 id) const
{
    const auto it = m_clients.find(id);
    return it == m_clients.end() ? nullptr : it->second;
}

int Server::sendToAll(proto::Opcode type, const QByteArray &payload)
{
    int sent = 0;
    // A send can end a client (a write error), which then leaves m_clients: iterate over a copy.
    const auto clients = this->clients();
    for (ServerClient *client : clients) {
        if (client->readyState() == proto::ReadyState::Open && client->sendMessage(type, payload))
            ++sent;
    }
    return sent;
}

void Server::acceptSocket(QTcpSocket *socket)
{
    if (qsizetype(m_clients.size()) >= m_options.maxClients) {
        socket->abort();
        delete socket;
        return;
    }
    const quint64 id = m_nextId++;
    auto *client = new ServerClient(id, socket, this);
    m_clients.emplace(id, client);
    emit clientAccepted(client);
}

void Server::clientDone(ServerClient *client)
{
    if (m_clients.erase(client->id()) == 0)
        return;
    emit clientFinished(client);
    client->deleteLater();
}

} // namespace sockscope::net
