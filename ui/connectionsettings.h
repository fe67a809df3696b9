#pragma once

#include "net/proxysettings.h"

#include <QList>
#include <QString>

#include <utility>

class QSettings;

namespace sockscope::ui {

// What a connection tab is set to, as kept between starts and in saved connections: where it connects, its
// handshake, its proxy, its TLS files, keep-alive and reconnecting. Never a secret: the proxy's password and the
// passphrase of a key or PKCS#12 file are not part of it; a tab asks for them and keeps them in memory only.
struct ConnectionSettings {
    QString url;
    QString subprotocols; // comma-separated, as typed
    bool deflate = false;
    QString origin;
    QList<std::pair<QString, QString>> headers; // extra handshake headers, in order
    net::ProxySettings::Kind proxyKind = net::ProxySettings::Kind::None;
    QString proxyHost;
    quint16 proxyPort = 0;
    QString proxyUser;         // empty: no credentials
    QString caFile;            // extra CA certificates (PEM) trusted for this connection
    QString clientCertificate; // PEM, or PKCS#12 (.p12, .pfx) with its key
    QString clientKey;         // PEM, when the key is not in the certificate file
    int keepAliveSeconds = 0;  // 0: no keep-alive ping
    bool reconnect = false;

    // Written to and read from the current group (or array entry) of `settings`. Missing keys read as the
    // defaults above, so settings written before a key existed still load.
    void save(QSettings &settings) const;
    static ConnectionSettings load(const QSettings &settings);

    // "host:port" of the proxy as a user types it (brackets around an IPv6 address); the host alone without a
    // port.
    QString proxyAddress() const;

    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;
};

// A proxy address as a user types it: "host:port", "[IPv6]:port", with "user:password@" before it or not.
struct ProxyAddress {
    QString host;
    int port = -1; // -1: none given
    QString user;
    QString password;

    static ProxyAddress parse(const QString &text);
    // "host:port" back, without credentials; the host alone without a port (port 0 or -1).
    static QString format(const QString &host, int port);
};

} // namespace sockscope::ui
