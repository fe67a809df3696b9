#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QtGlobal>

namespace sockscope::session {

// One end of a TCP connection: an IPv4 (4 bytes) or IPv6 (16 bytes) address in network byte order and a port.
struct TcpEndpoint {
    QByteArray address;
    quint16 port = 0;

    // "192.0.2.1:80", "[2001:db8::1]:443"
    QString toString() const;
    friend bool operator==(const TcpEndpoint &, const TcpEndpoint &) = default;
};

// The TCP segment a captured link-layer frame carries, decoded down through its link, IP and TCP headers, or why
// it carries none that can be used. It looks at headers only: it does not check checksums (captures taken on the
// sending host have offloaded, unfilled ones) and does not reassemble anything.
//
// Link types (LINKTYPE_*): Ethernet (1) with 802.1Q / 802.1ad VLAN tags, raw IP (101, 228 IPv4, 229 IPv6), BSD
// loopback NULL (0, host byte order) and LOOP (108, network byte order), Linux cooked SLL (113) and SLL2 (276).
// IPv4 with options; IPv6 through hop-by-hop, routing, destination options, atomic fragment and authentication
// headers.
struct TcpPacket {
    enum class Result : quint8 {
        Tcp,                 // a TCP segment: the fields below are set
        NotTcp,              // another protocol (ARP, UDP, ICMP, ESP...): nothing to do with TCP streams
        UnsupportedLinkType, // a link type this version does not decode
        Fragment,            // an IP fragment (RFC 791 / RFC 8200 4.5): not reassembled
        Cut,                 // cut by the snapshot length before the end of the TCP header
        Malformed,           // a header that contradicts itself or the packet's length
    };

    Result result = Result::NotTcp;
    QString detail; // for everything but Tcp: what was found

    TcpEndpoint source;
    TcpEndpoint destination;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    // The payload as far as it was captured, and its length on the wire according to the IP header; the two
    // differ when the snapshot length cut the packet.
    QByteArray payload;
    quint32 wireLength = 0;

    // RFC 9293 3.1: control bits.
    static constexpr quint8 Fin = 0x01;
    static constexpr quint8 Syn = 0x02;
    static constexpr quint8 Rst = 0x04;
    static constexpr quint8 Ack = 0x10;

    bool has(quint8 flag) const { return flags & flag; }
    bool isCut() const { return quint32(payload.size()) < wireLength; }

    // Decodes a captured frame of this link type. `cut`: the capture
    // holds less of the frame than was on the wire (the snapshot length), so a length beyond the captured bytes
    // is not a contradiction; the payload is then what was captured of it.
    static TcpPacket parse(quint16 linkType, const QByteArray &frame, bool cut = false);
};

} // namespace sockscope::session
