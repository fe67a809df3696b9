#pragma once

#include <QNetworkProxy>
#include <QString>
#include <QUrl>

namespace sockscope::net {

// How a client reaches its server: directly, through the proxy the system names for the URL, or through a given
// HTTP CONNECT or SOCKS5 proxy. Through a proxy the server's host name is passed to the proxy, never resolved
// here. It is a description only; ClientConnection applies it.
struct ProxySettings {
    enum class Kind : quint8 {
        None,        // direct
        System,      // QNetworkProxyFactory::systemProxyForQuery() for the http(s) URL of the same place
        HttpConnect, // an HTTP proxy that tunnels with CONNECT
        Socks5,      // RFC 1928, with RFC 1929 user / password when a user is set
    };
    Kind kind = Kind::None;
    QString host;
    quint16 port = 0;
    QString user; // empty: no credentials
    QString password;

    // The Qt proxy to connect through for a ws:// or wss:// URL; NoProxy for a direct connection, also when the
    // system names no proxy, or only ones that cannot tunnel TCP.
    QNetworkProxy networkProxyFor(const QUrl &url) const;
    // The http:// or https:// URL a system proxy is looked up for: same host, port, path and query.
    static QUrl httpEquivalent(const QUrl &url);
};

} // namespace sockscope::net
