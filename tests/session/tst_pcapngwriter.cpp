#include "../common/tshark.h"
#include "session/pcapngwriter.h"

#include "proto/clienthandshake.h"
#include "proto/framewriter.h"
#include "proto/serverhandshake.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <optional>

using namespace sockscope;
using session::PcapngWriter;
using session::TcpConversation;
using session::TcpSegment;

namespace {

constexpr quint8 Fin = 0x01;
constexpr quint8 Syn = 0x02;
constexpr quint8 Psh = 0x08;
constexpr quint8 Ack = 0x10;
constexpr qint64 T0 = 1'700'000'000'123'456; // 2023-11-14 22:13:20.123456 UTC

// RFC 1071: the one's complement sum that a correct header (checksum included) brings to 0xFFFF.
quint16 onesComplementSum(QByteArrayView bytes, quint32 sum = 0)
{
    for (qsizetype i = 0; i < bytes.size(); i += 2) {
        sum += quint32(quint8(bytes[i])) << 8;
        if (i + 1 < bytes.size())
            sum += quint8(bytes[i + 1]);
    }
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return quint16(sum);
}

// One Enhanced Packet Block, read back down to the TCP payload.
struct ReadPacket {
    quint64 timestampUs = 0;
    quint32 capturedLength = 0;
    quint32 originalLength = 0;
    QByteArray comment;
    QByteArray ethernetHeader;
    int ipTotalLength = 0;
    bool dontFragment = false;
    bool ipChecksumOk = false;
    quint32 source = 0;
    quint32 destination = 0;
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    quint16 window = 0;
    QByteArray tcpOptions;
    bool tcpChecksumOk = false;
    QByteArray payload;

    bool has(quint8 flag) const { return (flags & flag) == flag; }
};

struct ReadCapture {
    QList<quint32> blockTypes;
    quint16 majorVersion = 0;
    quint16 minorVersion = 0;
    QByteArray userApplication;
    quint16 linkType = 0;
    quint32 snapLength = 0;
    int timestampResolution = -1;
    QList<ReadPacket> packets;
};

// Options as (code, value) pairs; false when one runs past the end or opt_endofopt is missing.
bool readOptions(QByteArrayView bytes, QList<std::pair<quint16, QByteArray>> &options)
{
    qsizetype at = 0;
    while (at + 4 <= bytes.size()) {
        const auto code = qFromLittleEndian<quint16>(bytes.data() + at);
        const auto length = qFromLittleEndian<quint16>(bytes.data() + at + 2);
        if (code == 0)
            return length == 0 && at + 4 == bytes.size();
        const qsizetype paddedLength = (length + 3) & ~3;
        if (at + 4 + paddedLength > bytes.size())
            return false;
        options.append({code, bytes.sliced(at + 4, length).toByteArray()});
        at += 4 + paddedLength;
    }
    return false;
}

QByteArray option(const QList<std::pair<quint16, QByteArray>> &options, quint16 code)
{
    for (const auto &[c, value] : options) {
        if (c == code)
            return value;
    }
    return {};
}

std::optional<ReadPacket> readFrame(QByteArrayView frame, QString *error)
{
    ReadPacket p;
    if (frame.size() < 14 + 20 + 20) {
        *error = QStringLiteral("frame of %1 bytes").arg(frame.size());
        return std::nullopt;
    }
    p.ethernetHeader = frame.first(14).toByteArray();
    const QByteArrayView ip = frame.sliced(14);
    if (quint8(ip[0]) != 0x45 || quint8(ip[9]) != 6) {
        *error = QStringLiteral("not IPv4 / TCP without IP options");
        return std::nullopt;
    }
    p.ipTotalLength = qFromBigEndian<quint16>(ip.data() + 2);
    if (p.ipTotalLength != ip.size()) {
        *error = QStringLiteral("IPv4 total length %1 for %2 bytes").arg(p.ipTotalLength).arg(ip.size());
        return std::nullopt;
    }
    p.dontFragment = qFromBigEndian<quint16>(ip.data() + 6) == 0x4000;
    p.ipChecksumOk = onesComplementSum(ip.first(20)) == 0xFFFF;
    p.source = qFromBigEndian<quint32>(ip.data() + 12);
    p.destination = qFromBigEndian<quint32>(ip.data() + 16);
    const QByteArrayView tcp = ip.sliced(20);
    const int tcpHeaderSize = (quint8(tcp[12]) >> 4) * 4;
    if (tcpHeaderSize < 20 || tcpHeaderSize > tcp.size()) {
        *error = QStringLiteral("TCP header of %1 bytes").arg(tcpHeaderSize);
        return std::nullopt;
    }
    p.sourcePort = qFromBigEndian<quint16>(tcp.data());
    p.destinationPort = qFromBigEndian<quint16>(tcp.data() + 2);
    p.seq = qFromBigEndian<quint32>(tcp.data() + 4);
    p.ack = qFromBigEndian<quint32>(tcp.data() + 8);
    p.flags = quint8(tcp[13]);
    p.window = qFromBigEndian<quint16>(tcp.data() + 14);
    p.tcpOptions = tcp.sliced(20, tcpHeaderSize - 20).toByteArray();
    p.payload = tcp.sliced(tcpHeaderSize).toByteArray();
    QByteArray pseudoHeader = ip.sliced(12, 8).toByteArray();
    pseudoHeader.append('\0').append('\x06');
    pseudoHeader.append(char(tcp.size() >> 8)).append(char(tcp.size() & 0xFF));
    p.tcpChecksumOk = onesComplementSum(tcp, onesComplementSum(pseudoHeader)) == 0xFFFF;
    return p;
}

// Reads a whole capture back, checking the block framing on the way; nullopt with *error on the first fault.
std::optional<ReadCapture> readCapture(QByteArrayView bytes, QString *error)
{
    ReadCapture capture;
    qsizetype at = 0;
    while (at < bytes.size()) {
        if (bytes.size() - at < 12) {
            *error = QStringLiteral("%1 stray bytes at the end").arg(bytes.size() - at);
            return std::nullopt;
        }
        const auto type = qFromLittleEndian<quint32>(bytes.data() + at);
        const auto length = qFromLittleEndian<quint32>(bytes.data() + at + 4);
        if (length % 4 != 0 || length < 12 || length > bytes.size() - at) {
            *error = QStringLiteral("block at %1 has length %2").arg(at).arg(length);
            return std::nullopt;
        }
        if (qFromLittleEndian<quint32>(bytes.data() + at + length - 4) != length) {
            *error = QStringLiteral("block at %1: trailing length differs").arg(at);
            return std::nullopt;
        }
        const QByteArrayView body = bytes.sliced(at + 8, length - 12);
        QList<std::pair<quint16, QByteArray>> options;
        capture.blockTypes.append(type);
        if (type == 0x0A0D0D0A) {
            if (body.size() < 16 || qFromLittleEndian<quint32>(body.data()) != 0x1A2B3C4D ||
                qFromLittleEndian<qint64>(body.data() + 8) != -1 || !readOptions(body.sliced(16), options)) {
                *error = QStringLiteral("bad section header block");
                return std::nullopt;
            }
            capture.majorVersion = qFromLittleEndian<quint16>(body.data() + 4);
            capture.minorVersion = qFromLittleEndian<quint16>(body.data() + 6);
            capture.userApplication = option(options, 4);
        } else if (type == 1) {
            if (body.size() < 8 || !readOptions(body.sliced(8), options)) {
                *error = QStringLiteral("bad interface description block");
                return std::nullopt;
            }
            capture.linkType = qFromLittleEndian<quint16>(body.data());
            capture.snapLength = qFromLittleEndian<quint32>(body.data() + 4);
            const QByteArray resolution = option(options, 9);
            capture.timestampResolution = resolution.size() == 1 ? int(resolution[0]) : -1;
        } else if (type == 6) {
            const auto captured = body.size() >= 20 ? qFromLittleEndian<quint32>(body.data() + 12) : 0;
            const qsizetype paddedCaptured = (qsizetype(captured) + 3) & ~qsizetype(3);
            if (body.size() < 20 || qFromLittleEndian<quint32>(body.data()) != 0 || 20 + paddedCaptured > body.size()) {
                *error = QStringLiteral("bad enhanced packet block at %1").arg(at);
                return std::nullopt;
            }
            const QByteArrayView optionBytes = body.sliced(20 + paddedCaptured);
            if (!optionBytes.isEmpty() && !readOptions(optionBytes, options)) {
                *error = QStringLiteral("bad options in enhanced packet block at %1").arg(at);
                return std::nullopt;
            }
            std::optional<ReadPacket> packet = readFrame(body.sliced(20, captured), error);
            if (!packet)
                return std::nullopt;
            packet->timestampUs = quint64(qFromLittleEndian<quint32>(body.data() + 4)) << 32 |
                                  qFromLittleEndian<quint32>(body.data() + 8);
            packet->capturedLength = captured;
            packet->originalLength = qFromLittleEndian<quint32>(body.data() + 16);
            packet->comment = option(options, 1);
            capture.packets.append(*packet);
        } else {
            *error = QStringLiteral("unexpected block type %1").arg(type);
            return std::nullopt;
        }
        at += length;
    }
    return capture;
}

#define READ_CAPTURE(name, bytes)                                                                                      \
    QString name##Error;                                                                                               \
    const std::optional<ReadCapture> name##Read = readCapture(bytes, &name##Error);                                    \
    QVERIFY2(name##Read, qPrintable(name##Error));                                                                     \
    const ReadCapture &name = *name##Read

// Checks what every packet of a capture must satisfy: checksums, lengths, addresses, the SYN options.
#define VERIFY_PACKETS(capture)                                                                                        \
    for (const ReadPacket &packet : (capture).packets) {                                                               \
        QVERIFY(packet.ipChecksumOk);                                                                                  \
        QVERIFY(packet.tcpChecksumOk);                                                                                 \
        QVERIFY(packet.dontFragment);                                                                                  \
        QVERIFY(packet.ipTotalLength <= 65535);                                                                        \
        QCOMPARE(packet.capturedLength, packet.originalLength);                                                        \
        QCOMPARE(packet.ethernetHeader, QByteArray("\0\0\0\0\0\0\0\0\0\0\0\0\x08\x00", 14));                           \
    }

TcpSegment segment(qint64 timestampUs, bool fromClient, const QByteArray &bytes)
{
    return TcpSegment{timestampUs, fromClient, bytes};
}

TcpConversation conversation(QList<TcpSegment> segments, bool closed = true, quint16 clientPort = 0)
{
    TcpConversation c;
    c.segments = std::move(segments);
    c.closed = closed;
    c.clientPort = clientPort;
    return c;
}

QByteArray pattern(qsizetype size, int seed = 0)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 31 + seed * 7 + (i >> 8)) & 0xFF);
    return bytes;
}

// The payload each side sent, in sequence order, checking on the way that sequence numbers run on without gaps
// and that every packet acknowledges all the other side sent before it.
struct StreamCheck {
    QByteArray clientBytes;
    QByteArray serverBytes;
    QString error;
};

StreamCheck followStream(const QList<ReadPacket> &packets, quint16 clientPort)
{
    StreamCheck check;
    std::optional<quint32> next[2];
    for (const ReadPacket &p : packets) {
        if (p.sourcePort != clientPort && p.destinationPort != clientPort)
            continue;
        const int side = p.sourcePort == clientPort ? 0 : 1;
        if (p.has(Syn))
            next[side] = p.seq;
        if (!next[side] || p.seq != *next[side]) {
            check.error = QStringLiteral("seq %1 where %2 was due").arg(p.seq).arg(next[side].value_or(0));
            return check;
        }
        if (p.has(Ack) && (!next[1 - side] || p.ack != *next[1 - side])) {
            check.error = QStringLiteral("ack %1 where %2 was due").arg(p.ack).arg(next[1 - side].value_or(0));
            return check;
        }
        *next[side] += quint32(p.payload.size()) + (p.has(Syn) ? 1 : 0) + (p.has(Fin) ? 1 : 0);
        (side == 0 ? check.clientBytes : check.serverBytes).append(p.payload);
    }
    return check;
}

// A WebSocket conversation for Wireshark, and the frames it carries in the order they are sent.
struct WebSocketConversation {
    TcpConversation tcp;
    QList<proto::Frame> frames;
    qint64 time = 0;

    WebSocketConversation(qint64 start, quint16 clientPort, const QString &url)
        : time(start)
    {
        tcp.clientPort = clientPort;
        tcp.closed = true;
        tcp.comment = url;
        // RFC 6455 1.3: the sample key, whose Sec-WebSocket-Accept is s3pPLMBiTxaQ9kYGzzhZRbK+xOo=.
        proto::ClientHandshake::Options options;
        options.url = QUrl(url);
        options.key = "dGhlIHNhbXBsZSBub25jZQ==";
        const std::optional<proto::ClientHandshake> client = proto::ClientHandshake::create(options);
        Q_ASSERT(client);
        const std::optional<proto::HttpResponseHead> response = proto::ServerHandshake(client->request()).accept();
        Q_ASSERT(response && response->raw.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        tcp.segments.append(segment(time, true, client->request().raw));
        tcp.segments.append(segment(time + 150, false, response->raw));
    }

    static proto::Frame frame(bool fromClient, proto::Opcode opcode, const QByteArray &payload, bool fin = true)
    {
        proto::Frame f;
        f.opcode = opcode;
        f.fin = fin;
        f.payload = payload;
        f.masked = fromClient; // RFC 6455 5.1: clients mask, servers do not
        f.maskKey = {0x37, 0xFA, 0x21, quint8(payload.size() & 0xFF)};
        f.lengthEncoding = proto::Frame::minimalLengthEncoding(quint64(payload.size()));
        return f;
    }

    // Frames sent in one write, so they travel in one TCP segment.
    void send(bool fromClient, QList<proto::Frame> batch)
    {
        QByteArray bytes;
        for (proto::Frame &f : batch) {
            proto::FrameWriter::encode(f, bytes);
            frames.append(f);
        }
        time += 1000;
        tcp.segments.append(segment(time, fromClient, bytes));
    }
    void send(bool fromClient, proto::Opcode opcode, const QByteArray &payload, bool fin = true)
    {
        send(fromClient, {frame(fromClient, opcode, payload, fin)});
    }
    // One frame in two writes, split `at` bytes into its encoding.
    void sendSplit(bool fromClient, proto::Opcode opcode, const QByteArray &payload, qsizetype at)
    {
        proto::Frame f = frame(fromClient, opcode, payload);
        const QByteArray bytes = proto::FrameWriter::encode(f);
        frames.append(f);
        tcp.segments.append(segment(time += 1000, fromClient, bytes.first(at)));
        tcp.segments.append(segment(time += 1000, fromClient, bytes.sliced(at)));
    }
};

QByteArray closeBody(quint16 code, const QByteArray &reason)
{
    QByteArray body(2, Qt::Uninitialized);
    qToBigEndian(code, body.data());
    return body + reason;
}

// Two WebSocket conversations, interleaved in time, with every kind of frame a user would want decoded.
QList<WebSocketConversation> webSocketConversations()
{
    WebSocketConversation a(T0, 50001, QStringLiteral("ws://chat.example.com:8080/chat?room=1"));
    WebSocketConversation b(T0 + 500, 50002, QStringLiteral("ws://127.0.0.1:9001/echo"));
    using proto::Opcode;
    a.send(true, Opcode::Text, "Hello, server");
    b.send(true, Opcode::Text, QStringLiteral("grüße, ½ € ✓").toUtf8());
    a.send(false, Opcode::Binary, QByteArray("\x00\x01\x02\xFF\xFE", 5));
    b.send(false, Opcode::Text, QStringLiteral("grüße, ½ € ✓").toUtf8());
    a.send(false, Opcode::Binary, pattern(300, 1));          // 16-bit length
    a.send(true, Opcode::Text, QByteArray(126, 'x'));        // 16-bit length, smallest
    a.send(true, Opcode::Binary, pattern(70'000, 2));        // 64-bit length, over two packets
    a.send(false, Opcode::Binary, pattern(140'000, 3));      // 64-bit length, over three packets
    a.sendSplit(false, Opcode::Binary, pattern(1000, 4), 3); // header split between two writes
    a.send(true, {WebSocketConversation::frame(true, Opcode::Text, "frag-one ", false),
                  WebSocketConversation::frame(true, Opcode::Ping, "in between"),
                  WebSocketConversation::frame(true, Opcode::Continuation, "frag-two ", false),
                  WebSocketConversation::frame(true, Opcode::Continuation, "frag-three", true)});
    a.send(false, Opcode::Pong, "in between");
    a.send(true, Opcode::Binary, "part 1/2 ", false); // a fragmented binary message in two writes
    a.send(true, Opcode::Continuation, "part 2/2");
    b.send(false, Opcode::Ping, {});
    b.send(true, Opcode::Pong, {});
    a.send(false, Opcode::Ping, "keep-alive 17");
    a.send(true, Opcode::Pong, "keep-alive 17");
    b.send(true, Opcode::Close, closeBody(1001, "going away"));
    b.send(false, Opcode::Close, closeBody(1001, {}));
    a.send(true, Opcode::Close, closeBody(1000, "bye"));
    a.send(false, Opcode::Close, closeBody(1000, "bye"));
    return {a, b};
}

// Runs tshark with the preferences given on the command line only (an empty configuration directory), bounded in
// time. Fails the test when tshark is not installed: .ci/setup installs it.
#define RUN_TSHARK(result, arguments)                                                                                  \
    const tshark::Run result = tshark::run(arguments, m_dir.path());                                                   \
    QVERIFY2(result.exitCode == 0, result.err.constData());

// A member of a tshark JSON layer that may be one object or an array of them (several frames in a packet).
QJsonArray asArray(const QJsonValue &value)
{
    if (value.isArray())
        return value.toArray();
    if (value.isUndefined())
        return {};
    return QJsonArray{value};
}

// The bytes of a "<field>_raw" entry: [hex, offset, length, bitmask, type].
QByteArray rawBytes(const QJsonObject &object, const QString &field)
{
    const QJsonArray raw = object.value(field + QStringLiteral("_raw")).toArray();
    return raw.isEmpty() ? QByteArray() : QByteArray::fromHex(raw.at(0).toString().toLatin1());
}

// The value of a field anywhere below an object (the payload's decoded fields sit in subtrees).
std::optional<QString> findField(const QJsonObject &object, const QString &field)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == field && it.value().isString())
            return it.value().toString();
        if (it.value().isObject()) {
            if (std::optional<QString> found = findField(it.value().toObject(), field))
                return found;
        }
    }
    return std::nullopt;
}

} // namespace

class tst_PcapngWriter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void headerBlocks();
    void blockFraming_data();
    void blockFraming();
    void handshakeDataAndClose();
    void openConversationEndsWithoutFin();
    void largeSegmentIsSplit_data();
    void largeSegmentIsSplit();
    void receiverAcknowledgesBeforeWindowFills();
    void timestampsKeptToTheMicrosecond();
    void conversationsInterleavedByTime();
    void clientPortsAssigned();
    void commentOnFirstPacketOnly();
    void writeToDevice();

    void wiresharkDecodesEveryFrame();
    void wiresharkReportsNoProblems();

private:
    QTemporaryDir m_dir;
};

void tst_PcapngWriter::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_PcapngWriter::headerBlocks()
{
    const QByteArray bytes = PcapngWriter::toByteArray({});
    READ_CAPTURE(capture, bytes);
    QCOMPARE(capture.blockTypes, (QList<quint32>{0x0A0D0D0A, 1}));
    QCOMPARE(capture.majorVersion, quint16(1));
    QCOMPARE(capture.minorVersion, quint16(0));
    QCOMPARE(capture.userApplication, QByteArray("Sockscope"));
    QCOMPARE(capture.linkType, quint16(1)); // LINKTYPE_ETHERNET
    QCOMPARE(capture.snapLength, quint32(262144));
    QCOMPARE(capture.timestampResolution, 6);
    QVERIFY(capture.packets.isEmpty());
    // Little-endian, as the byte-order magic says.
    QCOMPARE(bytes.first(4), QByteArray("\x0A\x0D\x0D\x0A"));
    QCOMPARE(bytes.sliced(8, 4), QByteArray("\x4D\x3C\x2B\x1A"));
}

void tst_PcapngWriter::blockFraming_data()
{
    QTest::addColumn<QList<TcpConversation>>("conversations");
    QTest::addColumn<int>("packets");

    QTest::addRow("no conversations") << QList<TcpConversation>{} << 0;
    QTest::addRow("no segments") << QList<TcpConversation>{conversation({})} << 0;
    QTest::addRow("only empty segments") << QList<TcpConversation>{conversation({segment(T0, true, {})})} << 0;
    // 3 handshake + data + 3 closing
    QTest::addRow("one byte, closed") << QList<TcpConversation>{conversation({segment(T0, true, "x")})} << 7;
    QTest::addRow("one byte, open") << QList<TcpConversation>{conversation(
                                           {segment(T0, true, "x"), segment(T0, true, {})}, false)}
                                    << 4;
    QList<TcpSegment> everyPadding;
    for (int size = 1; size <= 8; ++size)
        everyPadding.append(segment(T0 + size, size % 2, pattern(size, size)));
    QTest::addRow("payloads of 1 to 8 bytes") << QList<TcpConversation>{conversation(everyPadding)} << 3 + 8 + 3;
    TcpConversation commented = conversation({segment(T0, true, "GET / HTTP/1.1\r\n\r\n")});
    for (const char *comment : {"a", "ab", "abc", "abcd", "abcde"}) {
        commented.comment = QString::fromLatin1(comment);
        QTest::addRow("comment of %d bytes", int(qstrlen(comment))) << QList<TcpConversation>{commented} << 7;
    }
    QTest::addRow("two conversations") << QList<TcpConversation>{conversation({segment(T0, true, "a")}),
                                                                 conversation({segment(T0, false, "b")}, false)}
                                       << 7 + 4;
}

void tst_PcapngWriter::blockFraming()
{
    QFETCH(QList<TcpConversation>, conversations);
    QFETCH(int, packets);
    const QByteArray bytes = PcapngWriter::toByteArray(conversations);
    QCOMPARE(bytes.size() % 4, 0);
    READ_CAPTURE(capture, bytes); // lengths multiples of 4, trailing length equal, nothing left over
    QCOMPARE(capture.blockTypes.size(), 2 + packets);
    QCOMPARE(capture.blockTypes.first(2), (QList<quint32>{0x0A0D0D0A, 1}));
    for (qsizetype i = 2; i < capture.blockTypes.size(); ++i)
        QCOMPARE(capture.blockTypes[i], quint32(6));
    QCOMPARE(capture.packets.size(), packets);
    VERIFY_PACKETS(capture);
}

void tst_PcapngWriter::handshakeDataAndClose()
{
    const QByteArray request = "GET /chat HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray response = pattern(20, 1);
    const QByteArray more = pattern(30, 2);
    const QByteArray bytes = PcapngWriter::toByteArray(
        {conversation({segment(T0, true, request), segment(T0 + 10, false, response), segment(T0 + 20, true, more)})});
    READ_CAPTURE(capture, bytes);
    VERIFY_PACKETS(capture);
    const QList<ReadPacket> &p = capture.packets;
    QCOMPARE(p.size(), 3 + 3 + 3);

    // Endpoints: 127.0.0.1, the first ephemeral port, to 127.0.0.2:80.
    for (const ReadPacket &packet : p) {
        const bool fromClient = packet.sourcePort == 49152;
        QCOMPARE(packet.source, fromClient ? 0x7F000001u : 0x7F000002u);
        QCOMPARE(packet.destination, fromClient ? 0x7F000002u : 0x7F000001u);
        QCOMPARE(fromClient ? packet.destinationPort : packet.sourcePort, quint16(80));
        QCOMPARE(fromClient ? packet.sourcePort : packet.destinationPort, quint16(49152));
    }

    // RFC 9293 3.5: SYN, SYN-ACK, ACK; the SYNs announce MSS 65495 and window scale 7.
    const QByteArray synOptions("\x02\x04\xFF\xD7\x01\x03\x03\x07", 8);
    QCOMPARE(p[0].flags, Syn);
    QCOMPARE(p[0].sourcePort, quint16(49152));
    QCOMPARE(p[0].tcpOptions, synOptions);
    QCOMPARE(p[1].flags, quint8(Syn | Ack));
    QCOMPARE(p[1].sourcePort, quint16(80));
    QCOMPARE(p[1].ack, p[0].seq + 1);
    QCOMPARE(p[1].tcpOptions, synOptions);
    QCOMPARE(p[2].flags, Ack);
    QCOMPARE(p[2].seq, p[0].seq + 1);
    QCOMPARE(p[2].ack, p[1].seq + 1);
    QVERIFY(p[2].payload.isEmpty());

    // Each segment in one packet, PSH|ACK, numbered on from the handshake.
    QCOMPARE(p[3].flags, quint8(Psh | Ack));
    QCOMPARE(p[3].payload, request);
    QCOMPARE(p[3].seq, p[0].seq + 1);
    QCOMPARE(p[4].flags, quint8(Psh | Ack));
    QCOMPARE(p[4].sourcePort, quint16(80));
    QCOMPARE(p[4].payload, response);
    QCOMPARE(p[4].seq, p[1].seq + 1);
    QCOMPARE(p[4].ack, p[0].seq + 1 + quint32(request.size()));
    QCOMPARE(p[5].payload, more);
    QCOMPARE(p[5].seq, p[0].seq + 1 + quint32(request.size()));
    QCOMPARE(p[5].ack, p[1].seq + 1 + quint32(response.size()));

    // RFC 6455 7.1.1: the server closes first; FIN, FIN, ACK.
    QCOMPARE(p[6].flags, quint8(Fin | Ack));
    QCOMPARE(p[6].sourcePort, quint16(80));
    QCOMPARE(p[7].flags, quint8(Fin | Ack));
    QCOMPARE(p[7].sourcePort, quint16(49152));
    QCOMPARE(p[7].ack, p[6].seq + 1);
    QCOMPARE(p[8].flags, Ack);
    QCOMPARE(p[8].sourcePort, quint16(80));
    QCOMPARE(p[8].ack, p[7].seq + 1);

    const StreamCheck stream = followStream(p, 49152);
    QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));
    QCOMPARE(stream.clientBytes, request + more);
    QCOMPARE(stream.serverBytes, response);
    for (const ReadPacket &packet : p)
        QCOMPARE(packet.window, quint16(0xFFFF));
}

void tst_PcapngWriter::openConversationEndsWithoutFin()
{
    const QByteArray bytes =
        PcapngWriter::toByteArray({conversation({segment(T0, true, "ab"), segment(T0 + 1, false, "cd")}, false)});
    READ_CAPTURE(capture, bytes);
    QCOMPARE(capture.packets.size(), 5);
    for (const ReadPacket &packet : capture.packets)
        QVERIFY(!packet.has(Fin));
    QCOMPARE(capture.packets.last().payload, QByteArray("cd"));
}

void tst_PcapngWriter::largeSegmentIsSplit_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<int>("packets");
    QTest::addRow("one byte") << qsizetype(1) << 1;
    QTest::addRow("65,495 bytes: one full packet") << qsizetype(65495) << 1;
    QTest::addRow("65,496 bytes") << qsizetype(65496) << 2;
    QTest::addRow("200 KiB") << qsizetype(200 * 1024) << 4;
    QTest::addRow("1 MiB") << qsizetype(1024 * 1024) << 17;
}

void tst_PcapngWriter::largeSegmentIsSplit()
{
    QFETCH(qsizetype, size);
    QFETCH(int, packets);
    QCOMPARE(PcapngWriter::MaxPayload, 65495);
    const QByteArray big = pattern(size, 5);
    const QByteArray bytes = PcapngWriter::toByteArray(
        {conversation({segment(T0, true, "hello"), segment(T0 + 7, false, big), segment(T0 + 9, true, "after")})});
    READ_CAPTURE(capture, bytes);
    VERIFY_PACKETS(capture);
    QList<ReadPacket> parts;
    for (const ReadPacket &p : capture.packets) {
        if (p.sourcePort == 80 && !p.payload.isEmpty())
            parts.append(p);
    }
    QCOMPARE(parts.size(), packets);
    QByteArray joined;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const ReadPacket &p = parts[i];
        const bool last = i + 1 == parts.size();
        QVERIFY(p.payload.size() <= PcapngWriter::MaxPayload);
        if (!last)
            QCOMPARE(p.payload.size(), qsizetype(PcapngWriter::MaxPayload));
        // PSH marks where the write ended.
        QCOMPARE(p.flags, quint8(Ack | (last ? Psh : 0)));
        QCOMPARE(p.timestampUs, quint64(T0 + 7));
        if (i > 0)
            QCOMPARE(p.seq, parts[i - 1].seq + quint32(parts[i - 1].payload.size()));
        joined.append(p.payload);
    }
    QCOMPARE(joined, big);
    const StreamCheck stream = followStream(capture.packets, 49152);
    QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));
    QCOMPARE(stream.clientBytes, QByteArray("helloafter"));
    QCOMPARE(stream.serverBytes, big);
}

void tst_PcapngWriter::receiverAcknowledgesBeforeWindowFills()
{
    // 24 MiB from the server in 3 MiB writes, and nothing from the client: the client still acknowledges, so
    // the data in flight stays within the 8 MiB window the SYN-ACK's scale announces.
    QList<TcpSegment> segments{segment(T0, true, "GET / HTTP/1.1\r\n\r\n")};
    for (int i = 0; i < 8; ++i)
        segments.append(segment(T0 + 1 + i, false, QByteArray(3 << 20, char('a' + i))));
    const QByteArray bytes = PcapngWriter::toByteArray({conversation(segments, false)});
    READ_CAPTURE(capture, bytes);
    VERIFY_PACKETS(capture);
    const StreamCheck stream = followStream(capture.packets, 49152);
    QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));
    QCOMPARE(stream.serverBytes.size(), qsizetype(24 << 20));

    const ReadPacket &synAck = capture.packets[1];
    QCOMPARE(synAck.tcpOptions.sliced(5, 3), QByteArray("\x03\x03\x07", 3));
    const qint64 window = qint64(0xFFFF) << 7;
    quint32 acked = capture.packets[2].ack;
    int clientAcks = 0;
    for (const ReadPacket &p : capture.packets.sliced(3)) {
        if (p.sourcePort == 49152) {
            QVERIFY(p.has(Ack));
            acked = p.ack;
            clientAcks += p.payload.isEmpty() ? 1 : 0;
        } else {
            const qint64 inFlight = qint64(quint32(p.seq + quint32(p.payload.size()) - acked));
            QVERIFY2(inFlight < window, qPrintable(QStringLiteral("%1 bytes in flight").arg(inFlight)));
        }
    }
    QVERIFY(clientAcks >= 5);
}

void tst_PcapngWriter::timestampsKeptToTheMicrosecond()
{
    const QList<qint64> times{T0, T0 + 1, T0 + 999'999, T0 + 1'000'000, T0 + 86'400'000'001};
    QList<TcpSegment> segments;
    for (qsizetype i = 0; i < times.size(); ++i)
        segments.append(segment(times[i], i % 2 == 0, pattern(10 + i, int(i))));
    segments.append(segment(T0 + 5, true, "late")); // earlier than the one before: written at that one's time
    const QByteArray bytes = PcapngWriter::toByteArray({conversation(segments)});
    READ_CAPTURE(capture, bytes);
    const QList<ReadPacket> &p = capture.packets;
    QCOMPARE(p.size(), 3 + 6 + 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(p[i].timestampUs, quint64(T0)); // the handshake at the first segment's time
    for (qsizetype i = 0; i < times.size(); ++i) {
        QCOMPARE(p[3 + i].payload, segments[i].bytes);
        QCOMPARE(p[3 + i].timestampUs, quint64(times[i]));
    }
    QCOMPARE(p[8].payload, QByteArray("late"));
    QCOMPARE(p[8].timestampUs, quint64(times.last()));
    for (int i = 9; i < 12; ++i)
        QCOMPARE(p[i].timestampUs, quint64(times.last())); // the close at the last segment's time
}

void tst_PcapngWriter::conversationsInterleavedByTime()
{
    // a: 1000 3000 5000, b: 2000 4000, c: 3000 (the same time as a's second segment: a was given first).
    const QList<TcpConversation> conversations{
        conversation({segment(T0 + 1000, true, "a1"), segment(T0 + 3000, false, "a2"), segment(T0 + 5000, true, "a3")}),
        conversation({segment(T0 + 2000, true, "b1"), segment(T0 + 4000, false, "b2")}, false),
        conversation({segment(T0 + 3000, true, "c1")}, true, 40000),
    };
    const QByteArray bytes = PcapngWriter::toByteArray(conversations);
    READ_CAPTURE(capture, bytes);
    VERIFY_PACKETS(capture);
    QStringList order;
    quint64 previous = 0;
    for (const ReadPacket &p : capture.packets) {
        QVERIFY(p.timestampUs >= previous);
        previous = p.timestampUs;
        const quint16 port = p.sourcePort == 80 ? p.destinationPort : p.sourcePort;
        order.append(p.payload.isEmpty() ? QString::number(port) : QString::fromLatin1(p.payload));
    }
    const QStringList expected{
        "49152", "49152", "49152", "a1",                      // a's handshake at its first segment's time
        "49153", "49153", "49153", "b1",                      //
        "a2",    "40000", "40000", "40000", "c1",    "40000", // c closes at once
        "40000", "40000", "b2",    "a3",    "49152", "49152", "49152",
    };
    QCOMPARE(order, expected);
    for (quint16 port : {quint16(49152), quint16(49153), quint16(40000)}) {
        const StreamCheck stream = followStream(capture.packets, port);
        QVERIFY2(stream.error.isEmpty(), qPrintable(stream.error));
    }
    QCOMPARE(followStream(capture.packets, 49152).clientBytes, QByteArray("a1a3"));
    QCOMPARE(followStream(capture.packets, 49153).serverBytes, QByteArray("b2"));
    QCOMPARE(followStream(capture.packets, 40000).clientBytes, QByteArray("c1"));
}

void tst_PcapngWriter::clientPortsAssigned()
{
    QList<TcpConversation> conversations;
    for (quint16 port : {quint16(0), quint16(49153), quint16(0), quint16(0), quint16(49153)}) {
        TcpConversation c = conversation({segment(T0, true, "x")}, false, port);
        conversations.append(c);
    }
    conversations[4].serverPort = 8080;
    conversations[4].clientAddress = 0x0A000001; // 10.0.0.1
    conversations[4].serverAddress = 0xC0A80001; // 192.168.0.1
    const QByteArray bytes = PcapngWriter::toByteArray(conversations);
    READ_CAPTURE(capture, bytes);
    VERIFY_PACKETS(capture);
    QList<quint16> synPorts;
    for (const ReadPacket &p : capture.packets) {
        if (p.flags == Syn)
            synPorts.append(p.sourcePort);
        if (p.destinationPort == 8080)
            QCOMPARE(std::pair(p.source, p.destination), std::pair(0x0A000001u, 0xC0A80001u));
    }
    // Taken ports are skipped; the caller's ports are kept even when they repeat.
    QCOMPARE(synPorts, (QList<quint16>{49152, 49153, 49154, 49155, 49153}));
}

void tst_PcapngWriter::commentOnFirstPacketOnly()
{
    TcpConversation c = conversation({segment(T0, true, "GET / HTTP/1.1\r\n\r\n"), segment(T0 + 1, false, "x")});
    c.comment = QStringLiteral("wss://exämple.com:8443/ü?q=1");
    TcpConversation noComment = conversation({segment(T0 + 2, true, "y")});
    const QByteArray bytes = PcapngWriter::toByteArray({c, noComment});
    READ_CAPTURE(capture, bytes);
    VERIFY_PACKETS(capture);
    QCOMPARE(capture.packets[0].flags, Syn);
    QCOMPARE(capture.packets[0].comment, c.comment.toUtf8());
    for (const ReadPacket &p : capture.packets.sliced(1))
        QVERIFY(p.comment.isEmpty());

    // An option holds 65,535 bytes at most: a longer comment is cut at a character boundary.
    c.comment = QString(30000, QChar(u'a')) + QString(20000, QChar(u'é'));
    const QByteArray longBytes = PcapngWriter::toByteArray({c});
    READ_CAPTURE(longCapture, longBytes);
    const QByteArray cut = longCapture.packets[0].comment;
    QCOMPARE(cut.size(), 65534);
    QCOMPARE(cut, c.comment.toUtf8().first(65534));
}

void tst_PcapngWriter::writeToDevice()
{
    const QList<TcpConversation> conversations{
        conversation({segment(T0, true, pattern(100'000)), segment(T0 + 1, false, "ok")})};
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QString error;
    QVERIFY(PcapngWriter::write(buffer, conversations, &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(buffer.data(), PcapngWriter::toByteArray(conversations));

    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
    QVERIFY(!PcapngWriter::write(readOnly, conversations, &error));
    QVERIFY(!error.isEmpty());
}

void tst_PcapngWriter::wiresharkDecodesEveryFrame()
{
    const QList<WebSocketConversation> sent = webSocketConversations();
    const QString file = m_dir.filePath(QStringLiteral("websocket.pcapng"));
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(PcapngWriter::write(out, {sent[0].tcp, sent[1].tcp}));
    }
    RUN_TSHARK(decoded, (QStringList{"-r", file, "-o", "tcp.desegment_tcp_streams:TRUE", "-Y", "websocket", "-T",
                                     "json", "-x", "--no-duplicate-keys"}));
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(decoded.out, &parseError);
    QVERIFY2(json.isArray(), qPrintable(parseError.errorString()));

    // The frames Wireshark decoded, per TCP stream (stream 0 is the first conversation), in order.
    QList<QList<QJsonObject>> frames(2);
    QList<QList<QByteArray>> headers(2);
    for (const QJsonValue &packet : json.array()) {
        const QJsonObject layers = packet[QStringLiteral("_source")][QStringLiteral("layers")].toObject();
        const int stream = layers[QStringLiteral("tcp")][QStringLiteral("tcp.stream")].toString().toInt();
        QVERIFY(stream == 0 || stream == 1);
        const QJsonArray ws = asArray(layers[QStringLiteral("websocket")]);
        QJsonArray wsRaw = layers[QStringLiteral("websocket_raw")].toArray();
        if (!wsRaw.isEmpty() && wsRaw.at(0).isString()) // one frame: [hex, offset, length, ...]
            wsRaw = QJsonArray{QJsonValue(wsRaw)};
        QCOMPARE(wsRaw.size(), ws.size());
        for (qsizetype i = 0; i < ws.size(); ++i) {
            frames[stream].append(ws.at(i).toObject());
            headers[stream].append(QByteArray::fromHex(wsRaw.at(i).toArray().at(0).toString().toLatin1()));
        }
    }

    for (int stream = 0; stream < 2; ++stream) {
        const QList<proto::Frame> &expected = sent[stream].frames;
        QCOMPARE(frames[stream].size(), expected.size());
        QByteArray message; // a fragmented message so far
        proto::Opcode messageType = proto::Opcode::Continuation;
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const proto::Frame &f = expected[i];
            const QJsonObject &ws = frames[stream][i];
            const QByteArray where = "stream " + QByteArray::number(stream) + ", frame " + QByteArray::number(i);
            auto field = [&ws](const char *name) { return ws[QLatin1String(name)].toString(); };
            QVERIFY2(headers[stream][i] == f.header.toByteArray(), where.constData());
            QVERIFY2(field("websocket.fin") == QLatin1String(f.fin ? "1" : "0"), where.constData());
            QVERIFY2(field("websocket.rsv").toUInt(nullptr, 0) == f.rsvBits(), where.constData());
            QVERIFY2(field("websocket.opcode").toUInt() == uint(f.opcode), where.constData());
            QVERIFY2(field("websocket.mask") == QLatin1String(f.masked ? "1" : "0"), where.constData());
            const quint64 length = f.lengthEncoding == proto::LengthEncoding::Bits64
                                       ? field("websocket.payload_length_ext_64").toULongLong()
                                   : f.lengthEncoding == proto::LengthEncoding::Bits16
                                       ? field("websocket.payload_length_ext_16").toULongLong()
                                       : field("websocket.payload_length").toULongLong();
            QVERIFY2(length == quint64(f.payload.size()), where.constData());
            QVERIFY2(rawBytes(ws, QStringLiteral("websocket.payload")) == f.payload, where.constData());
            if (f.masked) {
                QByteArray masked = f.payload;
                for (qsizetype k = 0; k < masked.size(); ++k)
                    masked[k] = char(masked[k] ^ f.maskKey[size_t(k % 4)]);
                const QByteArray key(reinterpret_cast<const char *>(f.maskKey.data()), 4);
                QVERIFY2(rawBytes(ws, QStringLiteral("websocket.masking_key")) == key, where.constData());
                QVERIFY2(rawBytes(ws, QStringLiteral("websocket.masked_payload")) == masked, where.constData());
            }

            // What Wireshark makes of the payload: text of whole messages, close code and reason.
            if (f.opcode == proto::Opcode::Text || f.opcode == proto::Opcode::Binary) {
                messageType = f.opcode;
                message = f.payload;
            } else if (f.opcode == proto::Opcode::Continuation) {
                message += f.payload;
            }
            if (f.fin && messageType == proto::Opcode::Text && !f.isControl()) {
                const std::optional<QString> text = findField(ws, QStringLiteral("websocket.payload.text"));
                QVERIFY2(text, where.constData());
                QCOMPARE(*text, QString::fromUtf8(message));
            }
            if (f.opcode == proto::Opcode::Close) {
                const quint16 code = qFromBigEndian<quint16>(f.payload.constData());
                QCOMPARE(findField(ws, QStringLiteral("websocket.payload.close.status_code")),
                         std::optional<QString>(QString::number(code)));
                if (f.payload.size() > 2) {
                    QCOMPARE(findField(ws, QStringLiteral("websocket.payload.close.reason")),
                             std::optional<QString>(QString::fromUtf8(f.payload.sliced(2))));
                }
            }
        }
    }

    // The URL of each conversation is on its SYN.
    RUN_TSHARK(comments, (QStringList{"-r", file, "-Y", "frame.comment", "-T", "fields", "-E", "separator=/t", "-e",
                                      "tcp.srcport", "-e", "frame.comment"}));
    QCOMPARE(comments.out, QByteArray("50001\tws://chat.example.com:8080/chat?room=1\n"
                                      "50002\tws://127.0.0.1:9001/echo\n"));
}

void tst_PcapngWriter::wiresharkReportsNoProblems()
{
    QList<TcpConversation> conversations;
    for (const WebSocketConversation &c : webSocketConversations())
        conversations.append(c.tcp);
    // A third conversation: 12 MiB from the server in 3 MiB messages without a word from the client, so the
    // acknowledgements that keep the window open are checked by Wireshark's analysis too.
    WebSocketConversation bulk(T0 + 100, 50003, QStringLiteral("ws://bulk.example.com/feed"));
    for (int i = 0; i < 4; ++i)
        bulk.send(false, proto::Opcode::Binary, QByteArray(3 << 20, char(i)));
    conversations.append(bulk.tcp);
    const QByteArray bytes = PcapngWriter::toByteArray(conversations);
    READ_CAPTURE(capture, bytes);

    const QString file = m_dir.filePath(QStringLiteral("analysis.pcapng"));
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(bytes), bytes.size());
    }
    // No TCP analysis flag (retransmission, lost segment, window full, duplicate ACK...), nothing malformed,
    // no expert warning or error, and IPv4 and TCP checksums verified as good on every packet.
    const QString problems = QStringLiteral(
        "tcp.analysis.flags || _ws.malformed || _ws.expert.severity >= warning || !(ip.checksum.status == 1) || "
        "!(tcp.checksum.status == 1)");
    const QStringList checks{"-o", "ip.check_checksum:TRUE",
                             "-o", "tcp.check_checksum:TRUE",
                             "-o", "tcp.analyze_sequence_numbers:TRUE",
                             "-o", "tcp.desegment_tcp_streams:TRUE"};
    RUN_TSHARK(flagged, QStringList({"-r", file}) + checks + QStringList({"-Y", problems}));
    QVERIFY2(flagged.out.isEmpty(), flagged.out.constData());

    // Every packet was read, in three streams, and the bulk messages were decoded.
    RUN_TSHARK(all, QStringList({"-r", file}) + checks +
                        QStringList({"-T", "fields", "-E", "separator=/t", "-e", "tcp.stream", "-e", "tcp.dstport",
                                     "-e", "websocket.opcode"}));
    const QList<QByteArray> lines = all.out.trimmed().split('\n');
    QCOMPARE(lines.size(), capture.packets.size());
    QSet<QByteArray> streams;
    int bulkMessages = 0;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split('\t');
        streams.insert(fields.value(0));
        bulkMessages += fields.value(1) == "50003" && fields.value(2) == "2" ? 1 : 0;
    }
    QCOMPARE(streams, (QSet<QByteArray>{"0", "1", "2"}));
    QCOMPARE(bulkMessages, 4);

    // The check above does see problems: one flipped payload byte breaks the TCP checksum of its packet.
    QByteArray damaged = bytes;
    const qsizetype at = damaged.indexOf("Upgrade: websocket");
    damaged[at] = char(damaged[at] ^ 0x20);
    const QString damagedFile = m_dir.filePath(QStringLiteral("damaged.pcapng"));
    {
        QFile out(damagedFile);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QCOMPARE(out.write(damaged), damaged.size());
    }
    RUN_TSHARK(damagedRun, QStringList({"-r", damagedFile}) + checks +
                               QStringList({"-Y", problems, "-T", "fields", "-e", "frame.number"}));
    QCOMPARE(damagedRun.out, QByteArray("4\n"));
}

QTEST_GUILESS_MAIN(tst_PcapngWriter)
#include "tst_pcapngwriter.moc"
