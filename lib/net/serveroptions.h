#pragma once

#include "clientconnection.h"
#include "mockscript.h"

#include "proto/connection.h"
#include "proto/deflateservernegotiation.h"
#include "proto/httpheadparser.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

#include <memory>
#include <optional>

namespace sockscope::net {

// What the local server does with each message a client sends.
enum class ServerMode : quint8 {
    Echo,      // sends it back to that client with its type
    Sink,      // only logs it
    Broadcast, // sends it to every open client, the sender included
    Relay,     // forwards it to the client's own upstream connection (and the upstream's messages back)
    Mock,      // answers with what a recorded server sent after the same point of its conversation (mockScript)
};

// "echo", "sink", "broadcast", "relay", "mock".
const char *serverModeName(ServerMode mode);
std::optional<ServerMode> serverModeFromName(QByteArrayView name);

// Ways to misbehave on purpose, to test what a client does with a difficult server. They can be changed while
// the server runs and apply at once to every client.
struct FaultInjection {
    int refuseStatus = 0; // answer every upgrade request with this HTTP status (0: accept)
    QByteArray refuseBody;
    int echoDelayMs = 0;        // answer each message this much later (echo, broadcast, relay; mock: on top)
    int dropEveryNth = 0;       // the Nth, 2Nth, ... message of each client goes unanswered (0: none dropped)
    bool ignorePings = false;   // never answer a ping
    bool stopReading = false;   // read nothing more from the clients, so TCP backpressure builds up
    int resetAfterMessages = 0; // reset the TCP connection (RST) when a client's Nth message arrives (0: never)

    friend bool operator==(const FaultInjection &, const FaultInjection &) = default;
};

struct ServerOptions {
    // Loopback only unless asked: a workbench must not open a port to the network by default.
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 9998; // 0: any free port (Server::port() says which)
    // The resource name clients must ask for, "/echo"; empty accepts any path. The query is not compared.
    QByteArray path = "/echo";
    ServerMode mode = ServerMode::Echo;
    // Relay: every client gets its own connection to upstream.url, opened before the client's upgrade is
    // answered; it offers the client's subprotocols and Origin, and the client gets the subprotocol upstream chose.
    ClientOptions upstream;
    // Mock: the script every client gets, each from its own start, and how it is played. The subprotocol is the
    // recorded one when the client offers it (none when the recorded server chose none); otherwise the rules
    // below apply.
    std::shared_ptr<const MockScript> mockScript;
    MockPlayback mock;

    // Subprotocols this server speaks. The first one the client offered (in the client's order) is chosen.
    QList<QByteArray> subprotocols;
    // With no subprotocols listed, choose the client's first offer, whatever it is (an echo server speaks all).
    bool acceptAnySubprotocol = true;
    // Refuse (400) a client whose offer includes none of ours, or that offers none.
    bool requireSubprotocol = false;
    // When not empty, a request must carry one of these Origin values exactly, or it is refused with 403.
    QList<QByteArray> allowedOrigins;
    proto::DeflateServerPolicy deflate;

    // wss:// when a certificate is given.
    QSslCertificate certificate;
    QList<QSslCertificate> certificateChain; // intermediates sent after the certificate
    QSslKey privateKey;

    // A client that has not completed TLS and the upgrade request by then is dropped (slowloris).
    int handshakeTimeoutMs = 10000;
    proto::HttpHeadParser::Limits headLimits; // larger heads are refused with 431
    proto::ConnectionOptions connection;      // frame and message size limits (larger ones close with 1009)
    int maxClients = 10000;                   // connections beyond this are closed at once
    // Answer a GET without Upgrade on "/" with a page whose script connects back with the browser's WebSocket.
    bool servePage = true;

    FaultInjection faults;

    bool tls() const { return !certificate.isNull(); }
};

} // namespace sockscope::net
