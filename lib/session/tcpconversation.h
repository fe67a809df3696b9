#pragma once

#include "tcpsegment.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace sockscope::session {

// One TCP connection to export (see PcapngWriter): its endpoints, the bytes each side sent in order, and
// whether it ended with a FIN exchange. Plain data; it neither records nor checks anything.
struct TcpConversation {
    static constexpr quint32 DefaultClientAddress = 0x7F000001; // 127.0.0.1
    static constexpr quint32 DefaultServerAddress = 0x7F000002; // 127.0.0.2
    static constexpr quint16 DefaultServerPort = 80;

    // IPv4 addresses in host byte order (0x7F000001 is 127.0.0.1).
    quint32 clientAddress = DefaultClientAddress;
    quint32 serverAddress = DefaultServerAddress;
    // 0: the writer picks an ephemeral port (49152 and up) that no other conversation of the file uses.
    quint16 clientPort = 0;
    // Wireshark finds HTTP, and so the WebSocket upgrade, by port: 80 needs no "Decode As" (see
    // pcapngwriter.h).
    quint16 serverPort = DefaultServerPort;
    // Written in this order; empty segments are left out. A timestamp earlier than the one before it is
    // written as that one, so that time never runs backwards within a connection.
    QList<TcpSegment> segments;
    // Ends with FIN / FIN / ACK after the last segment; otherwise the capture just stops.
    bool closed = false;
    // Shown on the connection's first packet (the SYN), e.g. the URL that was really connected to.
    QString comment;
};

} // namespace sockscope::session
