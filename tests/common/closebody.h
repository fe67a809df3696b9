#pragma once

#include <QByteArray>
#include <QtGlobal>

// A close frame body (RFC 6455 5.5.1): the 2-byte status code in network order, then the reason.
inline QByteArray closeBody(quint16 code, const QByteArray &reason = {})
{
    QByteArray body(2, 0);
    body[0] = char(code >> 8);
    body[1] = char(code & 0xFF);
    return body + reason;
}
