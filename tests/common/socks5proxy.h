#pragma once

#include "tcppipe.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>

#include <memory>

// A small SOCKS5 proxy for tests (RFC 1928, CONNECT only, with RFC 1929 user / password) on 127.0.0.1, port 0.
// It records the target of every request exactly as asked ("name:port" for a domain name, the address text
// otherwise) and the credentials it was given ("user:password"), then tunnels to 127.0.0.1:upstreamPort whatever
// the target named. With credentials required it accepts only method 2 and those credentials; refusing, it
// answers every request with reply 2 ("connection not allowed by ruleset").
class Socks5Proxy : public QObject
{
public:
    explicit Socks5Proxy(quint16 upstreamPort)
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
    void setRefuse(bool refuse) { m_refuse = refuse; }

    QList<QByteArray> targets;     // every CONNECT target, in order
    QList<QByteArray> credentials; // every "user:password" offered (RFC 1929)
    int tunnels = 0;

private:
    enum class Stage { Greeting, Credentials, Request, Tunnel };
    struct Session {
        Stage stage = Stage::Greeting;
        QByteArray buffer;
        QMetaObject::Connection reading;
    };

    void accept(QTcpSocket *client)
    {
        auto session = std::make_shared<Session>();
        session->reading = connect(client, &QTcpSocket::readyRead, client, [this, client, session] {
            session->buffer.append(client->readAll());
            while (session->stage != Stage::Tunnel && step(client, *session)) {
            }
        });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }

    // Handles one complete message at the head of the buffer; false when more bytes are needed or it ended.
    bool step(QTcpSocket *client, Session &session)
    {
        QByteArray &in = session.buffer;
        switch (session.stage) {
        case Stage::Greeting: {
            // RFC 1928 3: VER NMETHODS METHODS
            if (in.size() < 2 || in.size() < 2 + quint8(in[1]))
                return false;
            const QByteArray methods = in.mid(2, quint8(in[1]));
            in.remove(0, 2 + methods.size());
            const char wanted = m_required.isEmpty() ? '\x00' : '\x02';
            if (!methods.contains(wanted)) {
                client->write(QByteArray("\x05\xFF", 2));
                client->disconnectFromHost();
                return false;
            }
            client->write(QByteArray("\x05", 1) + wanted);
            session.stage = m_required.isEmpty() ? Stage::Request : Stage::Credentials;
            return true;
        }
        case Stage::Credentials: {
            // RFC 1929 2: VER ULEN UNAME PLEN PASSWD
            if (in.size() < 2)
                return false;
            const int userLength = quint8(in[1]);
            if (in.size() < 2 + userLength + 1)
                return false;
            const int passwordLength = quint8(in[2 + userLength]);
            if (in.size() < 3 + userLength + passwordLength)
                return false;
            const QByteArray offered = in.mid(2, userLength) + ':' + in.mid(3 + userLength, passwordLength);
            in.remove(0, 3 + userLength + passwordLength);
            credentials.append(offered);
            if (offered != m_required) {
                client->write(QByteArray("\x01\x01", 2));
                client->disconnectFromHost();
                return false;
            }
            client->write(QByteArray("\x01\x00", 2));
            session.stage = Stage::Request;
            return true;
        }
        case Stage::Request: {
            // RFC 1928 4: VER CMD RSV ATYP DST.ADDR DST.PORT
            if (in.size() < 5)
                return false;
            const char type = in[3];
            const qsizetype addressLength = type == 1 ? 4 : type == 4 ? 16 : 1 + quint8(in[4]);
            if (in.size() < 4 + addressLength + 2)
                return false;
            QByteArray host;
            if (type == 3) {
                host = in.mid(5, addressLength - 1);
            } else {
                QHostAddress address;
                if (type == 1)
                    address.setAddress(qFromBigEndian<quint32>(in.constData() + 4));
                else
                    address.setAddress(reinterpret_cast<const quint8 *>(in.constData() + 4));
                host = address.toString().toLatin1();
            }
            const quint16 port = qFromBigEndian<quint16>(in.constData() + 4 + addressLength);
            const bool connectCommand = in[1] == 1;
            in.remove(0, 4 + addressLength + 2);
            targets.append(host + ':' + QByteArray::number(port));
            // RFC 1928 6: reply 2 "connection not allowed by ruleset", 7 "command not supported".
            if (m_refuse || !connectCommand) {
                client->write(QByteArray("\x05", 1) + (m_refuse ? '\x02' : '\x07') +
                              QByteArray("\x00\x01\0\0\0\0\0\0", 8));
                client->disconnectFromHost();
                return false;
            }
            session.stage = Stage::Tunnel;
            disconnect(session.reading);
            const QByteArray rest = std::exchange(in, QByteArray());
            auto *upstream = new QTcpSocket(client);
            connect(upstream, &QTcpSocket::connected, client, [this, client, upstream, rest] {
                ++tunnels;
                client->write(QByteArray("\x05\x00\x00\x01\x7F\x00\x00\x01", 8) + QByteArray(2, '\0'));
                upstream->write(rest);
                pipeSockets(client, upstream);
            });
            connect(upstream, &QTcpSocket::errorOccurred, client, [client, upstream] {
                if (upstream->state() != QAbstractSocket::UnconnectedState)
                    return;
                client->write(QByteArray("\x05\x05\x00\x01\0\0\0\0\0\0", 10)); // 5: connection refused
                client->disconnectFromHost();
            });
            upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
            return false;
        }
        case Stage::Tunnel: return false;
        }
        return false;
    }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    QByteArray m_required;
    bool m_refuse = false;
};
