// TcpPacket: captured frames decoded down to their TCP segment, or the reason they carry none; headers that
// contradict the packet are malformed, headers the snapshot length cut are cut.
#include "../common/capturebuilder.h"

#include "session/tcppacket.h"

#include <QTest>

using namespace sockscope::session;

namespace {

const QByteArray Client6 = QByteArray::fromHex("20010db8000000000000000000000010");
const QByteArray Server6 = QByteArray::fromHex("20010db8000000000000000000000007");

QByteArray segment(const QByteArray &payload = "payload")
{
    capture::Segment s;
    s.seq = 0x01020304;
    s.ack = 0x0A0B0C0D;
    s.flags = capture::Ack | capture::Psh;
    s.payload = payload;
    return capture::tcpHeader(40000, 80, s) + payload;
}

QByteArray v4(const QByteArray &tcp = segment())
{
    return capture::ipv4(0x0A000001, 0x0A000002, 6, tcp);
}

} // namespace

class tst_TcpPacket : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void endpointText_data();
    void endpointText();
};

void tst_TcpPacket::parse_data()
{
    QTest::addColumn<quint16>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("cut");
    QTest::addColumn<TcpPacket::Result>("result");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("detailContains");

    using R = TcpPacket::Result;
    QTest::addRow("Ethernet IPv4") << quint16(1) << capture::ethernet(v4()) << false << R::Tcp << QByteArray("payload")
                                   << QString();
    QByteArray padded = capture::ethernet(capture::ipv4(0x0A000001, 0x0A000002, 6, segment("x")));
    padded.append(QByteArray(20, '\0'));
    QTest::addRow("Ethernet padding is not payload")
        << quint16(1) << padded << false << R::Tcp << QByteArray("x") << QString();
    QByteArray tso = v4();
    tso[2] = 0;
    tso[3] = 0;
    QTest::addRow("IPv4 total length 0 (segmentation offload)")
        << quint16(101) << tso << false << R::Tcp << QByteArray("payload") << QString();
    QTest::addRow("IPv6 over SLL2") << quint16(276) << capture::sll2(capture::ipv6(Client6, Server6, 6, segment()))
                                    << false << R::Tcp << QByteArray("payload") << QString();
    QTest::addRow("ARP") << quint16(1) << capture::ethernet(QByteArray(28, '\0')).replace(12, 2, "\x08\x06", 2) << false
                         << R::NotTcp << QByteArray() << QStringLiteral("EtherType 0x0806");
    QTest::addRow("UDP") << quint16(101) << capture::ipv4(1, 2, 17, QByteArray(8, '\0')) << false << R::NotTcp
                         << QByteArray() << QStringLiteral("IP protocol 17");
    QTest::addRow("IPv6 ESP") << quint16(229) << capture::ipv6(Client6, Server6, 50, QByteArray(16, '\0')) << false
                              << R::NotTcp << QByteArray() << QStringLiteral("next header 50");
    QTest::addRow("loopback family 7") << quint16(108) << QByteArray::fromHex("00000007") + v4() << false << R::NotTcp
                                       << QByteArray() << QStringLiteral("address family 7");
    QTest::addRow("unsupported link type")
        << quint16(105) << v4() << false << R::UnsupportedLinkType << QByteArray() << QStringLiteral("link type 105");
    QTest::addRow("IPv4 fragment offset") << quint16(101) << capture::ipv4(1, 2, 6, segment(), {}, 0x0010) << false
                                          << R::Fragment << QByteArray() << QStringLiteral("offset 128");
    QByteArray shortHeader = v4();
    shortHeader[0] = 0x44;
    QTest::addRow("IPv4 header length 16") << quint16(101) << shortHeader << false << R::Malformed << QByteArray()
                                           << QStringLiteral("header length of 16");
    QByteArray longTotal = v4();
    longTotal[2] = 0x10;
    QTest::addRow("IPv4 total length beyond the packet")
        << quint16(101) << longTotal << false << R::Malformed << QByteArray() << QStringLiteral("total length of 4");
    QTest::addRow("IPv4 total length beyond a cut packet")
        << quint16(101) << longTotal << true << R::Tcp << QByteArray("payload") << QString();
    QByteArray badOffset = v4();
    badOffset[20 + 12] = char(0x20);
    QTest::addRow("TCP data offset 8") << quint16(101) << badOffset << false << R::Malformed << QByteArray()
                                       << QStringLiteral("data offset of 8");
    QTest::addRow("TCP header cut") << quint16(1) << capture::ethernet(v4()).left(14 + 20 + 10) << true << R::Cut
                                    << QByteArray() << QStringLiteral("TCP header of 10 bytes");
    QTest::addRow("TCP header missing") << quint16(1) << capture::ethernet(v4()).left(14 + 20 + 10) << false
                                        << R::Malformed << QByteArray() << QStringLiteral("total length");
    QTest::addRow("VLAN tag cut") << quint16(1) << capture::ethernet(v4(), {5}).left(15) << true << R::Cut
                                  << QByteArray() << QStringLiteral("VLAN tag");
    QTest::addRow("empty raw packet") << quint16(101) << QByteArray() << false << R::Malformed << QByteArray()
                                      << QStringLiteral("raw IP packet of 0 bytes");
    QTest::addRow("IPv6 extension beyond the payload")
        << quint16(229)
        << capture::ipv6(Client6, Server6, 6, QByteArray(), {{60, QByteArray::fromHex("0005000000000000")}}) << false
        << R::Malformed << QByteArray() << QStringLiteral("extension header of 48 bytes");
}

void tst_TcpPacket::parse()
{
    QFETCH(quint16, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(bool, cut);
    QFETCH(TcpPacket::Result, result);
    QFETCH(QByteArray, payload);
    QFETCH(QString, detailContains);
    const TcpPacket packet = TcpPacket::parse(linkType, frame, cut);
    QCOMPARE(packet.result, result);
    QVERIFY2(packet.detail.contains(detailContains), qPrintable(packet.detail));
    if (result != TcpPacket::Result::Tcp)
        return;
    QCOMPARE(packet.payload, payload);
    QCOMPARE(packet.source.port, 40000);
    QCOMPARE(packet.destination.port, 80);
    QCOMPARE(packet.seq, 0x01020304u);
    QCOMPARE(packet.ack, 0x0A0B0C0Du);
    QVERIFY(packet.has(TcpPacket::Ack));
    QVERIFY(!packet.has(TcpPacket::Syn));
    QCOMPARE(packet.isCut(), cut);
}

void tst_TcpPacket::endpointText_data()
{
    QTest::addColumn<QByteArray>("address");
    QTest::addColumn<QString>("text");
    QTest::addRow("IPv4") << QByteArray::fromHex("c0000201") << "192.0.2.1:443";
    // RFC 5952 4: lower case, no leading zeros, the longest run of zeros (the first of equal ones) as "::".
    QTest::addRow("IPv6 documentation") << QByteArray::fromHex("20010db8000000000000000000000001")
                                        << "[2001:db8::1]:443";
    QTest::addRow("IPv6 loopback") << QByteArray::fromHex("00000000000000000000000000000001") << "[::1]:443";
    QTest::addRow("IPv6 unspecified") << QByteArray(16, '\0') << "[::]:443";
    QTest::addRow("IPv6 two runs") << QByteArray::fromHex("20010db8000000000001000000000001")
                                   << "[2001:db8::1:0:0:1]:443";
    QTest::addRow("IPv6 single zero group")
        << QByteArray::fromHex("20010db8000000010001000100010001") << "[2001:db8:0:1:1:1:1:1]:443";
    QTest::addRow("IPv6 trailing run") << QByteArray::fromHex("fe800000000000000000000000000000") << "[fe80::]:443";
}

void tst_TcpPacket::endpointText()
{
    QFETCH(QByteArray, address);
    QFETCH(QString, text);
    QCOMPARE((TcpEndpoint{address, 443}.toString()), text);
}

QTEST_GUILESS_MAIN(tst_TcpPacket)
#include "tst_tcppacket.moc"
