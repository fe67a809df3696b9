#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace sockscope::session {

// Bytes that one side of a TCP connection sent in one go (one write, or one read on the other side), with the
// time they went over the wire. What an export turns into TCP packets; it knows nothing of WebSocket frames.
struct TcpSegment {
    // Microseconds since the Unix epoch.
    qint64 timestampUs = 0;
    bool fromClient = true;
    QByteArray bytes;
};

} // namespace sockscope::session
