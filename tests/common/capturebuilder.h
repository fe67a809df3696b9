#pragma once

// Hand-built capture files for the capture import tests: TCP segments with the sequence numbers a real stack
// uses, IPv4 / IPv6 packets around them, the link layers a capture can have, and pcapng / pcap files in either
// byte order. Every field is written here from the specifications, independently of the code under test.

#include <QByteArray>
#include <QList>
#include <QtEndian>

#include <optional>

namespace capture {

inline void be16(QByteArray &out, quint16 v)
{
    char b[2];
    qToBigEndian(v, b);
    out.append(b, 2);
}

inline void be32(QByteArray &out, quint32 v)
{
    char b[4];
    qToBigEndian(v, b);
    out.append(b, 4);
}

// Appends in the file's byte order.
struct Order {
    bool big = false;
    void u16(QByteArray &out, quint16 v) const
    {
        char b[2];
        big ? qToBigEndian(v, b) : qToLittleEndian(v, b);
        out.append(b, 2);
    }
    void u32(QByteArray &out, quint32 v) const
    {
        char b[4];
        big ? qToBigEndian(v, b) : qToLittleEndian(v, b);
        out.append(b, 4);
    }
    void u64(QByteArray &out, quint64 v) const
    {
        char b[8];
        big ? qToBigEndian(v, b) : qToLittleEndian(v, b);
        out.append(b, 8);
    }
};

// RFC 9293 3.1
enum Flag : quint8 { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 };

// One TCP segment of a conversation.
struct Segment {
    bool fromClient = true;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = Ack;
    QByteArray payload;
};

// A TCP conversation written as a real stack would: handshake, data cut into segments of at most `mss` bytes,
// FIN exchange or RST.
class Script
{
public:
    Script(quint32 clientIsn = 1000, quint32 serverIsn = 500000)
        : m_next{clientIsn, serverIsn}
    {}

    QList<Segment> segments;

    void handshake()
    {
        add(true, Syn, {}, 1);
        add(false, Syn | Ack, {}, 1);
        add(true, Ack, {}, 0);
    }
    void send(bool fromClient, const QByteArray &data, int mss = 1460)
    {
        for (qsizetype at = 0; at < data.size(); at += mss)
            add(fromClient, Ack | Psh, data.mid(at, mss), 0);
    }
    void fin(bool fromClient) { add(fromClient, Fin | Ack, {}, 1); }
    void rst(bool fromClient) { add(fromClient, Rst | Ack, {}, 0); }
    quint32 next(bool fromClient) const { return m_next[fromClient ? 0 : 1]; }

private:
    void add(bool fromClient, quint8 flags, const QByteArray &payload, quint32 extra)
    {
        Segment s;
        s.fromClient = fromClient;
        s.seq = m_next[fromClient ? 0 : 1];
        s.ack = (flags & Ack) ? m_next[fromClient ? 1 : 0] : 0;
        s.flags = flags;
        s.payload = payload;
        m_next[fromClient ? 0 : 1] += quint32(payload.size()) + extra;
        segments.append(s);
    }
    quint32 m_next[2];
};

// RFC 9293 3.1: a TCP header without options (checksum left 0, as offloading hosts capture it).
inline QByteArray tcpHeader(quint16 sport, quint16 dport, const Segment &s)
{
    QByteArray t;
    be16(t, sport);
    be16(t, dport);
    be32(t, s.seq);
    be32(t, s.ack);
    t.append(char(5 << 4));
    t.append(char(s.flags));
    be16(t, 65535);
    be16(t, 0);
    be16(t, 0);
    return t;
}

// RFC 791 3.1, with options padded to 32 bits.
inline QByteArray ipv4(quint32 src, quint32 dst, quint8 protocol, const QByteArray &payload, QByteArray options = {},
                       quint16 fragment = 0x4000)
{
    while (options.size() % 4)
        options.append(char(0));
    QByteArray ip;
    ip.append(char(0x40 | (5 + options.size() / 4)));
    ip.append(char(0));
    be16(ip, quint16(20 + options.size() + payload.size()));
    be16(ip, 1);
    be16(ip, fragment);
    ip.append(char(64));
    ip.append(char(protocol));
    be16(ip, 0);
    be32(ip, src);
    be32(ip, dst);
    return ip + options + payload;
}

// RFC 8200 3; `extensions` is a chain of (next header code, header bytes with the next-header byte left 0).
inline QByteArray ipv6(const QByteArray &src, const QByteArray &dst, quint8 protocol, const QByteArray &payload,
                       const QList<std::pair<quint8, QByteArray>> &extensions = {})
{
    QByteArray chain;
    quint8 first = protocol;
    for (qsizetype i = extensions.size() - 1; i >= 0; --i) {
        QByteArray header = extensions[i].second;
        header[0] = char(first);
        chain.prepend(header);
        first = extensions[i].first;
    }
    QByteArray ip;
    be32(ip, 0x60000000);
    be16(ip, quint16(chain.size() + payload.size()));
    ip.append(char(first));
    ip.append(char(64));
    return ip + src + dst + chain + payload;
}

inline QByteArray ethernet(const QByteArray &ip, const QList<quint16> &vlanIds = {})
{
    QByteArray e(12, '\0');
    e[0] = 0x02; // a locally administered destination
    e[6] = 0x02;
    e[11] = 0x01;
    for (quint16 id : vlanIds) {
        be16(e, 0x8100);
        be16(e, id);
    }
    be16(e, (quint8(ip[0]) >> 4) == 6 ? 0x86DD : 0x0800);
    return e + ip;
}

// Linux cooked capture v1: packet type, ARPHRD_ETHER, address length and address, protocol.
inline QByteArray sll(const QByteArray &ip)
{
    QByteArray h;
    be16(h, 4); // sent by us
    be16(h, 1);
    be16(h, 6);
    h.append(QByteArray(8, '\x11'));
    be16(h, (quint8(ip[0]) >> 4) == 6 ? 0x86DD : 0x0800);
    return h + ip;
}

// Linux cooked capture v2: protocol, reserved, interface index, ARPHRD_ETHER, packet type, address length, address.
inline QByteArray sll2(const QByteArray &ip)
{
    QByteArray h;
    be16(h, (quint8(ip[0]) >> 4) == 6 ? 0x86DD : 0x0800);
    be16(h, 0);
    be32(h, 3);
    be16(h, 1);
    h.append(char(0));
    h.append(char(6));
    h.append(QByteArray(8, '\x22'));
    return h + ip;
}

// BSD loopback: the address family as a 32-bit word, in the host's order (NULL) or network order (LOOP).
inline QByteArray loopback(const QByteArray &ip, bool bigEndian, quint32 inet6Family = 30)
{
    const quint32 family = (quint8(ip[0]) >> 4) == 6 ? inet6Family : 2;
    QByteArray h;
    Order{bigEndian}.u32(h, family);
    return h + ip;
}

struct Packet {
    qint64 timestampUs = 0;
    QByteArray data;
    quint32 originalLength = 0; // 0: data.size()
    quint32 interfaceId = 0;
};

// pcapng blocks in either byte order.
class Pcapng
{
public:
    explicit Pcapng(bool bigEndian = false)
        : m_order{bigEndian}
    {}

    QByteArray bytes;

    static qsizetype pad(qsizetype n) { return (n + 3) & ~qsizetype(3); }

    void block(quint32 type, QByteArray body)
    {
        body.append(QByteArray(pad(body.size()) - body.size(), '\0'));
        m_order.u32(bytes, type);
        m_order.u32(bytes, quint32(body.size() + 12));
        bytes += body;
        m_order.u32(bytes, quint32(body.size() + 12));
    }
    void option(QByteArray &body, quint16 code, const QByteArray &value) const
    {
        m_order.u16(body, code);
        m_order.u16(body, quint16(value.size()));
        body += value;
        body.append(QByteArray(pad(value.size()) - value.size(), '\0'));
    }
    void section(bool bigEndian)
    {
        m_order.big = bigEndian;
        QByteArray body;
        m_order.u32(body, 0x1A2B3C4D);
        m_order.u16(body, 1);
        m_order.u16(body, 0);
        m_order.u64(body, ~quint64(0));
        block(0x0A0D0D0A, body);
    }
    void section() { section(m_order.big); }
    void interface(quint16 linkType, quint32 snapLength = 262144, std::optional<quint8> tsresol = {},
                   std::optional<qint64> tsoffset = {})
    {
        QByteArray body;
        m_order.u16(body, linkType);
        m_order.u16(body, 0);
        m_order.u32(body, snapLength);
        if (tsresol)
            option(body, 9, QByteArray(1, char(*tsresol)));
        if (tsoffset) {
            QByteArray v;
            m_order.u64(v, quint64(*tsoffset));
            option(body, 14, v);
        }
        if (tsresol || tsoffset) {
            m_order.u16(body, 0);
            m_order.u16(body, 0);
        }
        block(1, body);
    }
    // An Enhanced Packet Block with a timestamp in the interface's units.
    void packet(quint32 interfaceId, quint64 units, const QByteArray &data, quint32 originalLength = 0)
    {
        QByteArray body;
        m_order.u32(body, interfaceId);
        m_order.u32(body, quint32(units >> 32));
        m_order.u32(body, quint32(units));
        m_order.u32(body, quint32(data.size()));
        m_order.u32(body, originalLength ? originalLength : quint32(data.size()));
        body += data;
        body.append(QByteArray(pad(data.size()) - data.size(), '\0'));
        QByteArray comment;
        option(body, 1, "a packet comment");
        m_order.u16(body, 0);
        m_order.u16(body, 0);
        block(6, body);
    }
    void simplePacket(const QByteArray &data, quint32 originalLength = 0)
    {
        QByteArray body;
        m_order.u32(body, originalLength ? originalLength : quint32(data.size()));
        body += data;
        block(3, body);
    }
    void nameResolution()
    {
        QByteArray body;
        m_order.u16(body, 1); // IPv4 record
        m_order.u16(body, 14);
        body += QByteArray("\x7f\x00\x00\x01localhost\0", 14);
        body.append(QByteArray(2, '\0'));
        m_order.u16(body, 0);
        m_order.u16(body, 0);
        block(4, body);
    }

private:
    Order m_order;
};

// A classic pcap file: file header, then a record per packet.
inline QByteArray pcap(const QList<Packet> &packets, quint32 linkType, bool bigEndian = false, bool nanoseconds = false,
                       quint32 snapLength = 262144)
{
    const Order o{bigEndian};
    QByteArray out;
    o.u32(out, nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
    o.u16(out, 2);
    o.u16(out, 4);
    o.u32(out, 0);
    o.u32(out, 0);
    o.u32(out, snapLength);
    o.u32(out, linkType);
    for (const Packet &p : packets) {
        o.u32(out, quint32(p.timestampUs / 1'000'000));
        o.u32(out, quint32(p.timestampUs % 1'000'000) * (nanoseconds ? 1000 : 1));
        o.u32(out, quint32(p.data.size()));
        o.u32(out, p.originalLength ? p.originalLength : quint32(p.data.size()));
        out += p.data;
    }
    return out;
}

// The same packets as a pcapng file with one interface (microseconds).
inline QByteArray pcapng(const QList<Packet> &packets, quint16 linkType, bool bigEndian = false)
{
    Pcapng file(bigEndian);
    file.section();
    file.interface(linkType);
    for (const Packet &p : packets)
        file.packet(0, quint64(p.timestampUs), p.data, p.originalLength);
    return file.bytes;
}

} // namespace capture
