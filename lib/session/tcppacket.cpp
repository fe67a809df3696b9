#include "tcppacket.h"

#include <QtEndian>

namespace sockscope::session {

namespace {

// LINKTYPE_* values (tcpdump.org link-layer header types).
constexpr quint16 LinkNull = 0;
constexpr quint16 LinkEthernet = 1;
constexpr quint16 LinkRaw = 101;
constexpr quint16 LinkLoop = 108;
constexpr quint16 LinkLinuxSll = 113;
constexpr quint16 LinkIpv4 = 228;
constexpr quint16 LinkIpv6 = 229;
constexpr quint16 LinkLinuxSll2 = 276;

constexpr quint16 EtherTypeIpv4 = 0x0800;
constexpr quint16 EtherTypeIpv6 = 0x86DD;
constexpr quint16 EtherTypeVlan = 0x8100;    // IEEE 802.1Q
constexpr quint16 EtherTypeQinQ = 0x88A8;    // IEEE 802.1ad
constexpr quint16 EtherTypeQinQOld = 0x9100; // pre-standard stacked VLANs
constexpr int EthernetHeaderSize = 14;
constexpr int VlanTagSize = 4;
constexpr int SllHeaderSize = 16;
constexpr int Sll2HeaderSize = 20;
constexpr int LoopbackHeaderSize = 4;

// BSD loopback address families: AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD),
// 30 (macOS) or 10 (Linux).
constexpr quint32 AfInet = 2;
bool isAfInet6(quint32 family)
{
    return family == 24 || family == 28 || family == 30 || family == 10;
}

constexpr quint8 ProtocolTcp = 6;
// RFC 8200 4: extension headers that can be stepped over.
constexpr quint8 Ipv6HopByHop = 0;
constexpr quint8 Ipv6Routing = 43;
constexpr quint8 Ipv6Fragment = 44;
constexpr quint8 Ipv6Authentication = 51; // RFC 4302 2.2: its length is in 4-byte units
constexpr quint8 Ipv6DestinationOptions = 60;
constexpr quint8 Ipv6Mobility = 135;
constexpr quint8 Ipv6Hip = 139;
constexpr quint8 Ipv6Shim6 = 140;
constexpr int Ipv4MinimumHeaderSize = 20;
constexpr int Ipv6HeaderSize = 40;
constexpr int TcpMinimumHeaderSize = 20;

quint16 be16(const char *p)
{
    return qFromBigEndian<quint16>(p);
}

quint32 be32(const char *p)
{
    return qFromBigEndian<quint32>(p);
}

TcpPacket outcome(TcpPacket::Result result, QString detail)
{
    TcpPacket packet;
    packet.result = result;
    packet.detail = std::move(detail);
    return packet;
}

// Cut by the snapshot length (the header would be there on the wire) or shorter than its own header says.
TcpPacket shortHeader(const char *what, qsizetype have, qsizetype need, bool cut)
{
    return outcome(cut ? TcpPacket::Result::Cut : TcpPacket::Result::Malformed,
                   QStringLiteral("%1 of %2 bytes where %3 are needed").arg(QLatin1String(what)).arg(have).arg(need));
}

class Parser
{
public:
    Parser(const QByteArray &frame, bool cut)
        : m_frame(frame)
        , m_cut(cut)
    {}

    TcpPacket link(quint16 linkType)
    {
        const char *p = m_frame.constData();
        const qsizetype size = m_frame.size();
        switch (linkType) {
        case LinkEthernet:
            if (size < EthernetHeaderSize)
                return shortHeader("an Ethernet header", size, EthernetHeaderSize, m_cut);
            return etherType(be16(p + 12), EthernetHeaderSize);
        case LinkRaw:
            if (size < 1)
                return shortHeader("a raw IP packet", size, 1, m_cut);
            return ipByVersion(0);
        case LinkIpv4: return ipv4(0);
        case LinkIpv6: return ipv6(0);
        case LinkNull:
        case LinkLoop: {
            if (size < LoopbackHeaderSize)
                return shortHeader("a loopback header", size, LoopbackHeaderSize, m_cut);
            // NULL writes the family in the capturing host's byte order, LOOP in network byte order.
            quint32 family = be32(p);
            if (linkType == LinkNull && (family & 0xFFFF) == 0)
                family = qFromLittleEndian<quint32>(p);
            if (family == AfInet)
                return ipv4(LoopbackHeaderSize);
            if (isAfInet6(family))
                return ipv6(LoopbackHeaderSize);
            return outcome(TcpPacket::Result::NotTcp, QStringLiteral("loopback address family %1").arg(family));
        }
        case LinkLinuxSll:
            if (size < SllHeaderSize)
                return shortHeader("a Linux cooked header", size, SllHeaderSize, m_cut);
            return etherType(be16(p + 14), SllHeaderSize);
        case LinkLinuxSll2:
            if (size < Sll2HeaderSize)
                return shortHeader("a Linux cooked v2 header", size, Sll2HeaderSize, m_cut);
            return etherType(be16(p), Sll2HeaderSize);
        default: return outcome(TcpPacket::Result::UnsupportedLinkType, QStringLiteral("link type %1").arg(linkType));
        }
    }

private:
    TcpPacket etherType(quint16 type, qsizetype pos)
    {
        // IEEE 802.1Q: each tag is 2 bytes of priority and VLAN id, then the next type.
        while (type == EtherTypeVlan || type == EtherTypeQinQ || type == EtherTypeQinQOld) {
            if (m_frame.size() < pos + VlanTagSize)
                return shortHeader("a VLAN tag", m_frame.size() - pos, VlanTagSize, m_cut);
            type = be16(m_frame.constData() + pos + 2);
            pos += VlanTagSize;
        }
        if (type == EtherTypeIpv4)
            return ipv4(pos);
        if (type == EtherTypeIpv6)
            return ipv6(pos);
        return outcome(TcpPacket::Result::NotTcp, QStringLiteral("EtherType 0x%1").arg(type, 4, 16, QLatin1Char('0')));
    }

    TcpPacket ipByVersion(qsizetype pos)
    {
        const int version = quint8(m_frame[pos]) >> 4;
        if (version == 4)
            return ipv4(pos);
        if (version == 6)
            return ipv6(pos);
        return outcome(TcpPacket::Result::Malformed, QStringLiteral("IP version %1").arg(version));
    }

    // RFC 791 3.1
    TcpPacket ipv4(qsizetype pos)
    {
        const qsizetype have = m_frame.size() - pos;
        if (have < Ipv4MinimumHeaderSize)
            return shortHeader("an IPv4 header", have, Ipv4MinimumHeaderSize, m_cut);
        const char *ip = m_frame.constData() + pos;
        if ((quint8(ip[0]) >> 4) != 4)
            return outcome(TcpPacket::Result::Malformed,
                           QStringLiteral("IP version %1 where 4 is expected").arg(quint8(ip[0]) >> 4));
        const int headerSize = (quint8(ip[0]) & 0x0F) * 4;
        quint16 total = be16(ip + 2);
        // A packet captured on its way out before TCP segmentation offload split it says 0: it is what was
        // captured (Wireshark reads it so too).
        if (total == 0 && have >= Ipv4MinimumHeaderSize && !m_cut)
            total = quint16(qMin<qsizetype>(have, 0xFFFF));
        if (headerSize < Ipv4MinimumHeaderSize)
            return outcome(TcpPacket::Result::Malformed,
                           QStringLiteral("an IPv4 header length of %1 bytes").arg(headerSize));
        if (total < headerSize)
            return outcome(TcpPacket::Result::Malformed,
                           QStringLiteral("an IPv4 total length of %1 bytes, less than its %2-byte header")
                               .arg(total)
                               .arg(headerSize));
        if (have < headerSize)
            return shortHeader("an IPv4 header", have, headerSize, m_cut);
        // RFC 791 3.2: more fragments, or a fragment offset: a piece of a datagram.
        const quint16 fragment = be16(ip + 6);
        if ((fragment & 0x2000) || (fragment & 0x1FFF))
            return outcome(TcpPacket::Result::Fragment, QStringLiteral("IPv4 fragment at offset %1 of datagram %2")
                                                            .arg((fragment & 0x1FFF) * 8)
                                                            .arg(be16(ip + 4)));
        if (quint8(ip[9]) != ProtocolTcp)
            return outcome(TcpPacket::Result::NotTcp, QStringLiteral("IP protocol %1").arg(quint8(ip[9])));
        if (total > have && !m_cut)
            return outcome(TcpPacket::Result::Malformed,
                           QStringLiteral("an IPv4 total length of %1 bytes in a packet of %2").arg(total).arg(have));
        return tcp(pos + headerSize, total - headerSize, QByteArray(ip + 12, 4), QByteArray(ip + 16, 4));
    }

    // RFC 8200 3
    TcpPacket ipv6(qsizetype pos)
    {
        const qsizetype have = m_frame.size() - pos;
        if (have < Ipv6HeaderSize)
            return shortHeader("an IPv6 header", have, Ipv6HeaderSize, m_cut);
        const char *ip = m_frame.constData() + pos;
        if ((quint8(ip[0]) >> 4) != 6)
            return outcome(TcpPacket::Result::Malformed,
                           QStringLiteral("IP version %1 where 6 is expected").arg(quint8(ip[0]) >> 4));
        const quint16 payloadLength = be16(ip + 4);
        if (payloadLength == 0)
            return outcome(TcpPacket::Result::NotTcp, QStringLiteral("an IPv6 jumbogram (RFC 2675)"));
        if (payloadLength > have - Ipv6HeaderSize && !m_cut)
            return outcome(
                TcpPacket::Result::Malformed,
                QStringLiteral("an IPv6 payload length of %1 bytes in a packet of %2").arg(payloadLength).arg(have));
        quint8 next = quint8(ip[6]);
        qsizetype at = pos + Ipv6HeaderSize;
        qsizetype remaining = payloadLength;
        for (;;) {
            if (next == ProtocolTcp)
                return tcp(at, remaining, QByteArray(ip + 8, 16), QByteArray(ip + 24, 16));
            const bool stepOver = next == Ipv6HopByHop || next == Ipv6Routing || next == Ipv6DestinationOptions ||
                                  next == Ipv6Fragment || next == Ipv6Authentication || next == Ipv6Mobility ||
                                  next == Ipv6Hip || next == Ipv6Shim6;
            if (!stepOver)
                return outcome(TcpPacket::Result::NotTcp, QStringLiteral("IPv6 next header %1").arg(next));
            if (m_frame.size() - at < 8)
                return shortHeader("an IPv6 extension header", m_frame.size() - at, 8, m_cut);
            const char *ext = m_frame.constData() + at;
            qsizetype length = 8;
            if (next == Ipv6Fragment) {
                // RFC 8200 4.5: an offset or the M flag: a piece of a packet. Offset 0 without M is an atomic
                // fragment that holds the whole packet.
                const quint16 offsetAndFlags = be16(ext + 2);
                if ((offsetAndFlags & 0xFFF8) || (offsetAndFlags & 1))
                    return outcome(TcpPacket::Result::Fragment,
                                   QStringLiteral("IPv6 fragment at offset %1 of packet %2")
                                       .arg(offsetAndFlags & 0xFFF8)
                                       .arg(be32(ext + 4)));
            } else if (next == Ipv6Authentication) {
                length = (qsizetype(quint8(ext[1])) + 2) * 4;
            } else {
                length = (qsizetype(quint8(ext[1])) + 1) * 8;
            }
            if (length > remaining)
                return outcome(TcpPacket::Result::Malformed,
                               QStringLiteral("an IPv6 extension header of %1 bytes in a payload of %2 left")
                                   .arg(length)
                                   .arg(remaining));
            next = quint8(ext[0]);
            at += length;
            remaining -= length;
        }
    }

    // RFC 9293 3.1; `segmentLength` is the TCP header and payload according to the IP header.
    TcpPacket tcp(qsizetype pos, qsizetype segmentLength, QByteArray source, QByteArray destination)
    {
        const qsizetype have = qMin(m_frame.size() - pos, segmentLength);
        if (have < TcpMinimumHeaderSize)
            return shortHeader("a TCP header", have, TcpMinimumHeaderSize, m_cut);
        const char *t = m_frame.constData() + pos;
        const int headerSize = (quint8(t[12]) >> 4) * 4;
        if (headerSize < TcpMinimumHeaderSize || headerSize > segmentLength)
            return outcome(
                TcpPacket::Result::Malformed,
                QStringLiteral("a TCP data offset of %1 bytes in a segment of %2").arg(headerSize).arg(segmentLength));
        if (have < headerSize)
            return shortHeader("a TCP header", have, headerSize, m_cut);
        TcpPacket packet;
        packet.result = TcpPacket::Result::Tcp;
        packet.source = {std::move(source), be16(t)};
        packet.destination = {std::move(destination), be16(t + 2)};
        packet.seq = be32(t + 4);
        packet.ack = be32(t + 8);
        packet.flags = quint8(t[13]);
        packet.wireLength = quint32(segmentLength - headerSize);
        // Bytes past the IP length (Ethernet padding) are left out.
        packet.payload = m_frame.sliced(pos + headerSize, have - headerSize);
        return packet;
    }

    const QByteArray &m_frame;
    bool m_cut;
};

} // namespace

QString TcpEndpoint::toString() const
{
    if (address.size() == 4) {
        return QStringLiteral("%1.%2.%3.%4:%5")
            .arg(quint8(address[0]))
            .arg(quint8(address[1]))
            .arg(quint8(address[2]))
            .arg(quint8(address[3]))
            .arg(port);
    }
    if (address.size() != 16)
        return QStringLiteral("?:%1").arg(port);
    // RFC 5952 4: lower-case hex groups without leading zeros, the longest run of two or more zero groups (the
    // first of equal ones) written as "::".
    quint16 groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = be16(address.constData() + 2 * i);
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            ++j;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    QString text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += QStringLiteral("::");
            i += bestLength - 1;
            continue;
        }
        if (!text.isEmpty() && !text.endsWith(QLatin1Char(':')))
            text += QLatin1Char(':');
        text += QString::number(groups[i], 16);
    }
    return QStringLiteral("[%1]:%2").arg(text).arg(port);
}

TcpPacket TcpPacket::parse(quint16 linkType, const QByteArray &frame, bool cut)
{
    return Parser(frame, cut).link(linkType);
}

} // namespace sockscope::session
