#pragma once

// pcapng export of TCP conversations (draft-ietf-opsawg-pcapng), so that Wireshark and tshark open what
// Sockscope recorded and their WebSocket dissector decodes every frame.
//
// Why the server port matters: Wireshark picks the HTTP dissector by TCP port, and only the HTTP dissector sees
// the upgrade request and the 101 response that hand the rest of the stream to the WebSocket dissector. On any
// port Wireshark does not take for HTTP the frames show up as bare TCP data until the user sets "Decode As".
// So the server port is the caller's choice (TcpConversation::serverPort): the session export writes 80, which
// Wireshark always decodes as HTTP, whatever port the real server had, and puts the real URL in the
// conversation's comment. The same goes for wss:// connections: what was recorded is the plain WebSocket
// traffic inside TLS, and it is written as plain TCP.

#include "tcpconversation.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace sockscope::session {

// Writes TCP conversations as a pcapng capture that reads like one taken on a Linux loopback interface: one
// section, one Ethernet interface (zero MAC addresses, as on "lo") with microsecond timestamps, and an Enhanced
// Packet Block per packet. Each conversation gets a three-way handshake at the time of its first segment, then
// its segments as IPv4 / TCP packets with the sequence and acknowledgement numbers a real stack would use,
// split at MaxPayload bytes, and a FIN exchange when it was closed. The packets of all conversations are
// merged by timestamp. IPv4 and TCP checksums are filled in. It does not capture anything, does not know what
// the bytes mean, and writes IPv4 only.
class PcapngWriter
{
public:
    // The most TCP payload one packet carries: an IPv4 packet of at most 65,535 bytes with 20-byte IPv4 and TCP
    // headers. This is the MSS the SYNs announce, that of Linux loopback (MTU 65,536) without TCP timestamps.
    static constexpr int MaxPayload = 65535 - 20 - 20;
    // The window scale the SYNs announce (RFC 7323 2.2): windows of 8 MiB. A receiver that has nothing to send
    // acknowledges with an empty packet before the data in flight would pass half of that, as a real one would,
    // so the data in flight always fits the window.
    static constexpr int WindowScale = 7;
    // The snapshot length of the interface: the largest Ethernet frame written is 65,549 bytes.
    static constexpr quint32 SnapLength = 262144;

    // The whole capture in memory.
    static QByteArray toByteArray(const QList<TcpConversation> &conversations);
    // Writes the capture to an open device one block at a time. On a failed write returns false with the
    // device's error string in *error; what was written until then stays on the device.
    static bool write(QIODevice &device, const QList<TcpConversation> &conversations, QString *error = nullptr);
};

} // namespace sockscope::session
