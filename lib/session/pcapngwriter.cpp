#include "pcapngwriter.h"

#include "littleendian.h"

#include <QIODevice>
#include <QSet>
#include <QtEndian>

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

namespace sockscope::session {

namespace {

// pcapng (draft-ietf-opsawg-pcapng) block types, option codes and fields.
constexpr quint32 SectionHeaderBlockType = 0x0A0D0D0A;
constexpr quint32 InterfaceDescriptionBlockType = 0x00000001;
constexpr quint32 EnhancedPacketBlockType = 0x00000006;
constexpr quint32 ByteOrderMagic = 0x1A2B3C4D;
constexpr quint16 OptEndOfOpt = 0;
constexpr quint16 OptComment = 1;
constexpr quint16 ShbUserAppl = 4;
constexpr quint16 IfName = 2;
constexpr quint16 IfDescription = 3;
constexpr quint16 IfTsresol = 9;
constexpr quint16 LinkTypeEthernet = 1; // LINKTYPE_ETHERNET, what a capture on Linux "lo" has
constexpr int EpbHeaderSize = 28;       // type, length, interface, timestamp (2), captured and original length

constexpr int EthernetHeaderSize = 14;
constexpr int Ipv4HeaderSize = 20;
constexpr int TcpHeaderSize = 20;
constexpr int SynOptionsSize = 8; // MSS (4), NOP (1), window scale (3)
constexpr quint16 EtherTypeIpv4 = 0x0800;
constexpr quint8 IpProtocolTcp = 6;
constexpr quint8 Ttl = 64;

// RFC 9293 3.1: control bits.
constexpr quint8 FlagFin = 0x01;
constexpr quint8 FlagSyn = 0x02;
constexpr quint8 FlagPsh = 0x08;
constexpr quint8 FlagAck = 0x10;

constexpr quint16 WindowField = 0xFFFF;
constexpr qint64 WindowBytes = qint64(WindowField) << PcapngWriter::WindowScale;
constexpr quint16 FirstEphemeralPort = 49152;

qsizetype padded(qsizetype size)
{
    return (size + 3) & ~qsizetype(3);
}

// An option: code, length, value padded to 32 bits.
void appendOption(QByteArray &out, quint16 code, QByteArrayView value)
{
    appendLittleEndian<quint16>(out, code);
    appendLittleEndian<quint16>(out, quint16(value.size()));
    out.append(value.data(), value.size());
    out.append(padded(value.size()) - value.size(), '\0');
}

void appendEndOfOptions(QByteArray &out)
{
    appendLittleEndian<quint16>(out, OptEndOfOpt);
    appendLittleEndian<quint16>(out, 0);
}

// A whole block around a body whose size is a multiple of 4: type, total length, body, total length again.
QByteArray block(quint32 type, const QByteArray &body)
{
    Q_ASSERT(body.size() % 4 == 0);
    const auto total = quint32(12 + body.size());
    QByteArray out;
    out.reserve(total);
    appendLittleEndian<quint32>(out, type);
    appendLittleEndian<quint32>(out, total);
    out.append(body);
    appendLittleEndian<quint32>(out, total);
    return out;
}

QByteArray sectionHeaderBlock()
{
    QByteArray body;
    appendLittleEndian<quint32>(body, ByteOrderMagic);
    appendLittleEndian<quint16>(body, 1);          // major version
    appendLittleEndian<quint16>(body, 0);          // minor version
    appendLittleEndian<quint32>(body, 0xFFFFFFFF); // section length: not given (-1)
    appendLittleEndian<quint32>(body, 0xFFFFFFFF);
    appendOption(body, ShbUserAppl, "Sockscope");
    appendEndOfOptions(body);
    return block(SectionHeaderBlockType, body);
}

QByteArray interfaceDescriptionBlock()
{
    QByteArray body;
    appendLittleEndian<quint16>(body, LinkTypeEthernet);
    appendLittleEndian<quint16>(body, 0); // reserved
    appendLittleEndian<quint32>(body, PcapngWriter::SnapLength);
    appendOption(body, IfName, "sockscope");
    appendOption(body, IfDescription, "WebSocket connections recorded by Sockscope");
    const char microseconds = 6; // if_tsresol: 10^-6 s
    appendOption(body, IfTsresol, QByteArrayView(&microseconds, 1));
    appendEndOfOptions(body);
    return block(InterfaceDescriptionBlockType, body);
}

// RFC 1071: the 16-bit one's complement sum of big-endian words, the last odd byte padded with zero.
quint64 addWords(const uchar *data, qsizetype size, quint64 sum)
{
    qsizetype i = 0;
    for (; i + 1 < size; i += 2)
        sum += quint64(data[i]) << 8 | data[i + 1];
    if (i < size)
        sum += quint64(data[i]) << 8;
    return sum;
}

quint16 finishChecksum(quint64 sum)
{
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return quint16(~sum);
}

// One TCP packet of a conversation, before it is framed.
struct Packet {
    bool fromClient = true;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    QByteArrayView payload;
    bool first = false; // the conversation's SYN: carries the comment
};

// The packets of one conversation in order, produced one at a time so that payloads are never copied for the
// whole file: handshake, data (with an acknowledgement from the receiver when its window would fill), FIN
// exchange.
class ConversationPackets
{
public:
    ConversationPackets(const TcpConversation &conversation, quint16 clientPort, quint32 index)
        : m_conversation(conversation)
        , m_clientPort(clientPort)
    {
        m_segment = nextNonEmpty(0);
        if (m_segment == conversation.segments.size()) {
            m_step = Step::Done; // nothing was sent: no time to put a connection at
            return;
        }
        m_time = std::max<qint64>(0, conversation.segments[m_segment].timestampUs);
        // Initial sequence numbers: arbitrary but reproducible, so that an export is the same every time.
        m_next[Client] = initialSequenceNumber(index * 2);
        m_next[Server] = initialSequenceNumber(index * 2 + 1);
    }

    const TcpConversation &conversation() const { return m_conversation; }
    quint16 clientPort() const { return m_clientPort; }
    bool atEnd() const { return m_step == Step::Done; }
    // When the next packet goes: never earlier than the one before it.
    qint64 nextTimestamp() const
    {
        if (m_step == Step::Data)
            return std::max(m_time, m_conversation.segments[m_segment].timestampUs);
        return m_time;
    }
    // The IPv4 identification field of the next packet from one side.
    quint16 takeIpId(bool fromClient) { return m_ipId[fromClient ? Client : Server]++; }

    Packet take()
    {
        m_time = nextTimestamp();
        switch (m_step) {
        // RFC 9293 3.5: the three-way handshake; SYN and FIN each take one sequence number.
        case Step::Syn: m_step = Step::SynAck; return advance(true, FlagSyn, 1, true);
        case Step::SynAck: m_step = Step::HandshakeAck; return advance(false, FlagSyn | FlagAck, 1);
        case Step::HandshakeAck: m_step = Step::Data; return advance(true, FlagAck, 0);
        case Step::Data: return takeData();
        // RFC 6455 7.1.1: the server closes the TCP connection first.
        case Step::ServerFin: m_step = Step::ClientFin; return advance(false, FlagFin | FlagAck, 1);
        case Step::ClientFin: m_step = Step::LastAck; return advance(true, FlagFin | FlagAck, 1);
        case Step::LastAck: m_step = Step::Done; return advance(false, FlagAck, 0);
        case Step::Done: break;
        }
        Q_UNREACHABLE();
        return {};
    }

private:
    enum class Step : quint8 { Syn, SynAck, HandshakeAck, Data, ServerFin, ClientFin, LastAck, Done };
    enum Side : quint8 { Client = 0, Server = 1 };

    static quint32 initialSequenceNumber(quint32 n)
    {
        quint32 x = n * 0x9E3779B9u + 0x7F4A7C15u; // a fixed mix, not a secret
        x ^= x >> 16;
        x *= 0x85EBCA6Bu;
        x ^= x >> 13;
        return x;
    }

    qsizetype nextNonEmpty(qsizetype from) const
    {
        const QList<TcpSegment> &segments = m_conversation.segments;
        while (from < segments.size() && segments[from].bytes.isEmpty())
            ++from;
        return from;
    }

    // A packet from one side that acknowledges everything the other side sent; `length` is how much sequence
    // space it takes (payload, SYN or FIN).
    Packet advance(bool fromClient, quint8 flags, quint32 length, bool first = false, QByteArrayView payload = {})
    {
        const Side from = fromClient ? Client : Server;
        const Side to = fromClient ? Server : Client;
        Packet packet;
        packet.fromClient = fromClient;
        packet.seq = m_next[from];
        packet.ack = (flags & FlagAck) ? m_next[to] : 0;
        packet.flags = flags;
        packet.payload = payload;
        packet.first = first;
        m_next[from] += length;
        m_unacked[from] += payload.size();
        if (flags & FlagAck)
            m_unacked[to] = 0;
        return packet;
    }

    Packet takeData()
    {
        const TcpSegment &segment = m_conversation.segments[m_segment];
        const Side from = segment.fromClient ? Client : Server;
        const qsizetype length = std::min<qsizetype>(segment.bytes.size() - m_offset, PcapngWriter::MaxPayload);
        // The receiver acknowledges before the sender's unacknowledged data passes half its window, as a real
        // receiver would long before; Wireshark then never reports a full window.
        if (m_unacked[from] + length > WindowBytes / 2)
            return advance(!segment.fromClient, FlagAck, 0);
        const bool last = m_offset + length == segment.bytes.size();
        const QByteArrayView payload = QByteArrayView(segment.bytes).sliced(m_offset, length);
        // PSH on the last packet of a segment marks where the sender's write ended (RFC 9293 3.9.1).
        Packet packet = advance(segment.fromClient, FlagAck | (last ? FlagPsh : 0), quint32(length), false, payload);
        m_offset += length;
        if (last) {
            m_offset = 0;
            m_segment = nextNonEmpty(m_segment + 1);
            if (m_segment == m_conversation.segments.size())
                m_step = m_conversation.closed ? Step::ServerFin : Step::Done;
        }
        return packet;
    }

    const TcpConversation &m_conversation;
    quint16 m_clientPort = 0;
    Step m_step = Step::Syn;
    qsizetype m_segment = 0;
    qsizetype m_offset = 0;
    qint64 m_time = 0;
    quint32 m_next[2] = {};
    qint64 m_unacked[2] = {};
    quint16 m_ipId[2] = {1, 1};
};

// An option's value holds at most 65,535 bytes: a longer comment is cut, at a character boundary.
QByteArray commentOption(const QString &comment)
{
    QByteArray utf8 = comment.toUtf8();
    if (utf8.size() > 0xFFFF) {
        qsizetype end = 0xFFFF;
        while (end > 0 && (quint8(utf8[end]) & 0xC0) == 0x80)
            --end;
        utf8.truncate(end);
    }
    return utf8;
}

void writeBe16(uchar *at, quint16 value)
{
    qToBigEndian(value, at);
}

void writeBe32(uchar *at, quint32 value)
{
    qToBigEndian(value, at);
}

// The Enhanced Packet Block of one packet: Ethernet, IPv4 and TCP headers with their checksums, the payload,
// and the conversation's comment on its first packet.
QByteArray enhancedPacketBlock(ConversationPackets &stream, const Packet &packet, qint64 timestampUs)
{
    const TcpConversation &conversation = stream.conversation();
    const bool synOptions = packet.flags & FlagSyn;
    const int tcpHeaderSize = TcpHeaderSize + (synOptions ? SynOptionsSize : 0);
    const auto payloadSize = int(packet.payload.size());
    const int ipSize = Ipv4HeaderSize + tcpHeaderSize + payloadSize;
    const int frameSize = EthernetHeaderSize + ipSize;
    Q_ASSERT(ipSize <= 0xFFFF);

    QByteArray options;
    if (packet.first && !conversation.comment.isEmpty()) {
        appendOption(options, OptComment, commentOption(conversation.comment));
        appendEndOfOptions(options);
    }
    const auto total = quint32(EpbHeaderSize + padded(frameSize) + options.size() + 4);
    QByteArray out(qsizetype(total), '\0');
    auto *p = reinterpret_cast<uchar *>(out.data());

    const auto timestamp = quint64(std::max<qint64>(0, timestampUs));
    qToLittleEndian(EnhancedPacketBlockType, p);
    qToLittleEndian(total, p + 4);
    qToLittleEndian(quint32(0), p + 8); // interface 0
    qToLittleEndian(quint32(timestamp >> 32), p + 12);
    qToLittleEndian(quint32(timestamp & 0xFFFFFFFF), p + 16);
    qToLittleEndian(quint32(frameSize), p + 20); // captured
    qToLittleEndian(quint32(frameSize), p + 24); // original
    std::copy(options.cbegin(), options.cend(), out.begin() + EpbHeaderSize + padded(frameSize));
    qToLittleEndian(total, p + total - 4);

    // Ethernet: zero destination and source addresses, as on Linux loopback.
    uchar *frame = p + EpbHeaderSize;
    writeBe16(frame + 12, EtherTypeIpv4);

    const quint32 source = packet.fromClient ? conversation.clientAddress : conversation.serverAddress;
    const quint32 destination = packet.fromClient ? conversation.serverAddress : conversation.clientAddress;
    const quint16 sourcePort = packet.fromClient ? stream.clientPort() : conversation.serverPort;
    const quint16 destinationPort = packet.fromClient ? conversation.serverPort : stream.clientPort();

    // RFC 791 3.1: IPv4 header without options, Don't Fragment set.
    uchar *ip = frame + EthernetHeaderSize;
    ip[0] = 0x45;
    ip[1] = 0;
    writeBe16(ip + 2, quint16(ipSize));
    writeBe16(ip + 4, stream.takeIpId(packet.fromClient));
    writeBe16(ip + 6, 0x4000);
    ip[8] = Ttl;
    ip[9] = IpProtocolTcp;
    writeBe32(ip + 12, source);
    writeBe32(ip + 16, destination);
    writeBe16(ip + 10, finishChecksum(addWords(ip, Ipv4HeaderSize, 0)));

    // RFC 9293 3.1: TCP header.
    uchar *tcp = ip + Ipv4HeaderSize;
    writeBe16(tcp, sourcePort);
    writeBe16(tcp + 2, destinationPort);
    writeBe32(tcp + 4, packet.seq);
    writeBe32(tcp + 8, packet.ack);
    tcp[12] = quint8((tcpHeaderSize / 4) << 4);
    tcp[13] = packet.flags;
    writeBe16(tcp + 14, WindowField);
    if (synOptions) {
        uchar *option = tcp + TcpHeaderSize;
        option[0] = 2; // RFC 9293 3.7.1: maximum segment size
        option[1] = 4;
        writeBe16(option + 2, quint16(PcapngWriter::MaxPayload));
        option[4] = 1; // no-operation
        option[5] = 3; // RFC 7323 2.2: window scale
        option[6] = 3;
        option[7] = quint8(PcapngWriter::WindowScale);
    }
    std::copy(packet.payload.begin(), packet.payload.end(), reinterpret_cast<char *>(tcp + tcpHeaderSize));
    // RFC 9293 3.1: the checksum covers a pseudo-header, the TCP header and the payload.
    const quint16 tcpLength = quint16(tcpHeaderSize + payloadSize);
    quint64 sum = addWords(ip + 12, 8, 0); // source and destination addresses
    sum += IpProtocolTcp;
    sum += tcpLength;
    writeBe16(tcp + 16, finishChecksum(addWords(tcp, tcpLength, sum)));
    return out;
}

// The client ports: the caller's, and for conversations without one, ephemeral ports no other conversation
// of the file uses (taken again from the start once all of them are).
QList<quint16> clientPorts(const QList<TcpConversation> &conversations)
{
    QSet<quint16> used;
    for (const TcpConversation &conversation : conversations) {
        if (conversation.clientPort != 0)
            used.insert(conversation.clientPort);
    }
    QList<quint16> ports;
    ports.reserve(conversations.size());
    quint32 candidate = FirstEphemeralPort;
    for (const TcpConversation &conversation : conversations) {
        if (conversation.clientPort != 0) {
            ports.append(conversation.clientPort);
            continue;
        }
        for (quint32 tried = 0; tried <= 0xFFFF - FirstEphemeralPort && used.contains(quint16(candidate)); ++tried)
            candidate = candidate == 0xFFFF ? FirstEphemeralPort : candidate + 1;
        ports.append(quint16(candidate));
        used.insert(quint16(candidate));
        candidate = candidate == 0xFFFF ? FirstEphemeralPort : candidate + 1;
    }
    return ports;
}

bool writeCapture(const QList<TcpConversation> &conversations, const std::function<bool(const QByteArray &)> &sink)
{
    if (!sink(sectionHeaderBlock()) || !sink(interfaceDescriptionBlock()))
        return false;

    const QList<quint16> ports = clientPorts(conversations);
    std::vector<ConversationPackets> streams;
    streams.reserve(size_t(conversations.size()));
    for (qsizetype i = 0; i < conversations.size(); ++i)
        streams.emplace_back(conversations[i], ports[i], quint32(i));

    // Merge by time; on equal times the conversation given first goes first, and a conversation's own packets
    // keep their order.
    using Entry = std::pair<qint64, size_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    for (size_t i = 0; i < streams.size(); ++i) {
        if (!streams[i].atEnd())
            queue.emplace(streams[i].nextTimestamp(), i);
    }
    while (!queue.empty()) {
        const auto [timestamp, i] = queue.top();
        queue.pop();
        ConversationPackets &stream = streams[i];
        const Packet packet = stream.take();
        if (!sink(enhancedPacketBlock(stream, packet, timestamp)))
            return false;
        if (!stream.atEnd())
            queue.emplace(stream.nextTimestamp(), i);
    }
    return true;
}

} // namespace

QByteArray PcapngWriter::toByteArray(const QList<TcpConversation> &conversations)
{
    QByteArray out;
    writeCapture(conversations, [&out](const QByteArray &block) {
        out.append(block);
        return true;
    });
    return out;
}

bool PcapngWriter::write(QIODevice &device, const QList<TcpConversation> &conversations, QString *error)
{
    const bool written =
        writeCapture(conversations, [&device](const QByteArray &block) { return device.write(block) == block.size(); });
    if (!written && error)
        *error = device.errorString();
    return written;
}

} // namespace sockscope::session
