#pragma once

#include "tcppipe.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

// A small HTTP proxy for tests (RFC 9110 9.3.6 CONNECT) on 127.0.0.1, port 0. It records the target of every
// CONNECT exactly as asked ("host:port") and the credentials of a Proxy-Authorization: Basic header
// ("user:password"), then tunnels to 127.0.0.1:upstreamPort whatever the target named, so that made-up host
// names reach the test server. With credentials required it answers 407 until they are right; with a refusal
// status set it answers that (403, say) to every CONNECT. Bytes are forwarded both ways until either side closes.
class HttpConnectProxy : public QObject
{
public:
    explicit HttpConnectProxy(quint16 upstreamPort)
        : m_upstreamPort(upstreamPort)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                accept(client);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    void requireCredentials(const QByteArray &user, const QByteArray &password) { m_required = user + ':' + password; }
    void refuseWith(int status, const QByteArray &reason)
    {
        m_refusalStatus = status;
        m_refusalReason = reason;
    }

    QList<QByteArray> targets;        // every CONNECT target, in order
    QList<QByteArray> authorizations; // decoded "user:password" of every Proxy-Authorization: Basic
    int tunnels = 0;                  // tunnels opened to the upstream

private:
    void accept(QTcpSocket *client)
    {
        auto buffer = std::make_shared<QByteArray>();
        auto reading = std::make_shared<QMetaObject::Connection>();
        *reading = connect(client, &QTcpSocket::readyRead, client, [this, client, buffer, reading] {
            buffer->append(client->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QByteArray rest = buffer->mid(end + 4);
            buffer->clear();
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            if (requestLine.size() != 3 || requestLine[0] != "CONNECT") {
                client->write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                client->disconnectFromHost();
                return;
            }
            targets.append(requestLine[1]);
            QByteArray credentials;
            for (const QByteArray &line : lines.mid(1)) {
                const qsizetype colon = line.indexOf(':');
                if (colon < 0 || line.left(colon).trimmed().toLower() != "proxy-authorization")
                    continue;
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (value.startsWith("Basic ")) {
                    credentials = QByteArray::fromBase64(value.mid(6));
                    authorizations.append(credentials);
                }
            }
            if (m_refusalStatus != 0) {
                client->write("HTTP/1.1 " + QByteArray::number(m_refusalStatus) + ' ' + m_refusalReason +
                              "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                client->disconnectFromHost();
                return;
            }
            if (!m_required.isEmpty() && credentials != m_required) {
                // Stays open for the next CONNECT, with credentials.
                client->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                              "Proxy-Authenticate: Basic realm=\"sockscope-test\"\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            disconnect(*reading);
            auto *upstream = new QTcpSocket(client);
            connect(upstream, &QTcpSocket::connected, client, [this, client, upstream, rest] {
                ++tunnels;
                client->write("HTTP/1.1 200 Connection established\r\n\r\n");
                upstream->write(rest);
                pipeSockets(client, upstream);
            });
            connect(upstream, &QTcpSocket::errorOccurred, client, [client, upstream] {
                if (upstream->state() != QAbstractSocket::UnconnectedState)
                    return;
                client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                client->disconnectFromHost();
            });
            upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    QByteArray m_required;
    int m_refusalStatus = 0;
    QByteArray m_refusalReason;
};
