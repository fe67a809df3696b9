#pragma once

#include "proxysettings.h"
#include "reconnectpolicy.h"
#include "tlsidentity.h"

#include "proto/connection.h"
#include "proto/httpheaders.h"

#include <QSslCertificate>
#include <QUrl>

namespace sockscope::net {

// Everything a ClientConnection needs to open one connection: where, with which handshake, through which proxy,
// with which TLS trust; nothing here is global.
struct ClientOptions {
    QUrl url; // ws:// or wss://
    QByteArray origin;
    QList<QByteArray> subprotocols;
    proto::HttpHeaders extraHeaders; // any header, in order; replaces a default of the same name
    // An upgrade request written or edited by hand, sent byte for byte instead of the one built from the fields
    // above (the URL still says where to connect). It must parse as an HTTP request head; the response is
    // checked against the key, subprotocols and extensions found in it.
    QByteArray rawRequest;
    bool deflate = false; // offer permessage-deflate (client_max_window_bits)
    ProxySettings proxy;  // direct by default
    // Trusted in addition to the system's CAs for this connection only (a company or test CA).
    QList<QSslCertificate> extraCaCertificates;
    // Presented when the server asks for a client certificate (see TlsIdentity to load one).
    TlsIdentity clientIdentity;
    // Certificates the user accepted for this connection after seeing them (ClientConnection::
    // peerCertificateChain() and tlsErrors() of a failed attempt): certificate errors are ignored when every one
    // of them is about one of these exact certificates. Not a switch that turns verification off.
    QList<QSslCertificate> acceptedCertificates;
    // Turned on by the user for this one connection (sockscope-cli --insecure): every certificate error is
    // ignored; tlsErrors() still lists them. Off by default, and never shared with another connection.
    bool skipCertificateVerification = false;
    proto::ConnectionOptions connection;
    int handshakeTimeoutMs = 30000;
    int keepAliveIntervalMs = 0; // a keep-alive ping this often while OPEN, with its round trip; 0: none
    // With keep-alive on: after this many pings in a row without a pong, the peer is taken for dead and the
    // connection dropped (ClientConnection::peerUnresponsive; a reconnect policy then applies). 0: never.
    int keepAliveMissLimit = 3;
    ReconnectPolicy reconnect; // off by default
};

} // namespace sockscope::net
