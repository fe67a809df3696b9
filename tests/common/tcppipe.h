#pragma once

#include <QTcpSocket>

// Forwards bytes both ways between two connected sockets until one side closes, then closes the other once it
// has written what it holds. For test proxies and relays; both sockets stay owned by the caller.
inline void pipeSockets(QTcpSocket *a, QTcpSocket *b)
{
    QObject::connect(a, &QTcpSocket::readyRead, b, [a, b] { b->write(a->readAll()); });
    QObject::connect(b, &QTcpSocket::readyRead, a, [a, b] { a->write(b->readAll()); });
    QObject::connect(a, &QTcpSocket::disconnected, b, [b] { b->disconnectFromHost(); });
    QObject::connect(b, &QTcpSocket::disconnected, a, [a] { a->disconnectFromHost(); });
    if (a->bytesAvailable() > 0)
        b->write(a->readAll());
    if (b->bytesAvailable() > 0)
        a->write(b->readAll());
}
