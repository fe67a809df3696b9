// CaptureReader: pcapng and pcap files in both byte orders and every timestamp resolution, and damaged files,
// which stop with an error that says where while every packet before the damage is delivered.
#include "../common/capturebuilder.h"

#include "session/capturereader.h"

#include <QBuffer>
#include <QTest>

using namespace sockscope::session;

namespace {

struct Read {
    QList<CapturedPacket> packets;
    CaptureReader::Status status = CaptureReader::Status::End;
    CaptureReadError error;
    CaptureReader::Format format = CaptureReader::Format::Unknown;
    quint64 skipped = 0;
};

Read readAll(QByteArray bytes)
{
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    CaptureReader reader(&buffer);
    Read result;
    CapturedPacket packet;
    while ((result.status = reader.next(packet)) == CaptureReader::Status::Packet)
        result.packets.append(packet);
    // It keeps saying the same.
    if (reader.next(packet) != result.status)
        result.status = CaptureReader::Status::Packet;
    result.error = reader.error();
    result.format = reader.format();
    result.skipped = reader.blocksSkipped();
    return result;
}

QByteArray data(int n)
{
    QByteArray d;
    for (int i = 0; i < n; ++i)
        d.append(char(i * 7 + n));
    return d;
}

// Three packets of 1, 61 and 64 bytes, between blocks of other types, with the offsets where each block starts.
struct Layout {
    QByteArray bytes;
    QList<qint64> blockStarts; // every block, in order
    QList<int> packetBlocks;   // index into blockStarts of each packet's block
};

Layout sampleFile(bool bigEndian)
{
    capture::Pcapng f(bigEndian);
    Layout l;
    auto mark = [&] { l.blockStarts.append(f.bytes.size()); };
    mark();
    f.section();
    mark();
    f.interface(1);
    mark();
    f.nameResolution();
    for (int n : {1, 61, 64}) {
        l.packetBlocks.append(int(l.blockStarts.size()));
        mark();
        f.packet(0, quint64(1'700'000'000'000'000) + quint64(n), data(n));
    }
    l.bytes = f.bytes;
    return l;
}

} // namespace

class tst_CaptureReader : public QObject
{
    Q_OBJECT
private slots:
    void pcapng_data();
    void pcapng();
    void timestampResolution_data();
    void timestampResolution();
    void sectionsInBothByteOrders();
    void simpleAndObsoletePacketBlocks();
    void cutPacketsKeepTheirOriginalLength();
    void pcap_data();
    void pcap();
    void truncatedAtEveryPosition_data();
    void truncatedAtEveryPosition();
    void damaged_data();
    void damaged();
    void absurdLengthsAllocateNothing();
};

void tst_CaptureReader::pcapng_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::addRow("little-endian") << false;
    QTest::addRow("big-endian") << true;
}

void tst_CaptureReader::pcapng()
{
    QFETCH(bool, bigEndian);
    const Layout l = sampleFile(bigEndian);
    const Read r = readAll(l.bytes);
    QCOMPARE(r.status, CaptureReader::Status::End);
    QCOMPARE(r.format, CaptureReader::Format::Pcapng);
    QCOMPARE(r.packets.size(), 3);
    QCOMPARE(r.skipped, 1u); // the name resolution block
    const int sizes[] = {1, 61, 64};
    for (int i = 0; i < 3; ++i) {
        const CapturedPacket &p = r.packets[i];
        QCOMPARE(p.number, quint64(i + 1));
        QCOMPARE(p.data, data(sizes[i]));
        QCOMPARE(p.originalLength, quint32(sizes[i]));
        QCOMPARE(p.linkType, 1);
        QCOMPARE(p.offset, l.blockStarts[l.packetBlocks[i]]);
        QCOMPARE(p.block, quint64(l.packetBlocks[i] + 1));
        QCOMPARE(p.timestampUs, qint64(1'700'000'000'000'000) + sizes[i]);
        QVERIFY(!p.isCut());
    }
}

void tst_CaptureReader::timestampResolution_data()
{
    QTest::addColumn<quint8>("tsresol");
    QTest::addColumn<qint64>("tsoffset");
    QTest::addColumn<quint64>("units");
    QTest::addColumn<qint64>("expectedUs");
    const qint64 t = 1'700'000'123'456'789; // µs
    QTest::addRow("default microseconds") << quint8(6) << qint64(0) << quint64(t) << t;
    QTest::addRow("nanoseconds") << quint8(9) << qint64(0) << quint64(t) * 1000 + 999 << t;
    QTest::addRow("milliseconds") << quint8(3) << qint64(0) << quint64(t / 1000) << t / 1000 * 1000;
    QTest::addRow("seconds") << quint8(0) << qint64(0) << quint64(1'700'000'000) << qint64(1'700'000'000'000'000);
    QTest::addRow("2^-10 s") << quint8(0x80 | 10) << qint64(0) << (quint64(1'700'000'000) << 10 | 512)
                             << qint64(1'700'000'000'500'000);
    QTest::addRow("2^-50 s") << quint8(0x80 | 50) << qint64(0) << (quint64(1000) << 50 | quint64(1) << 48)
                             << qint64(1'000'250'000);
    QTest::addRow("offset in seconds") << quint8(6) << qint64(-100) << quint64(t) << t - 100'000'000;
}

void tst_CaptureReader::timestampResolution()
{
    QFETCH(quint8, tsresol);
    QFETCH(qint64, tsoffset);
    QFETCH(quint64, units);
    QFETCH(qint64, expectedUs);
    capture::Pcapng f;
    f.section();
    f.interface(101, 65535, tsresol, tsoffset ? std::optional<qint64>(tsoffset) : std::nullopt);
    f.packet(0, units, "x");
    const Read r = readAll(f.bytes);
    QCOMPARE(r.status, CaptureReader::Status::End);
    QCOMPARE(r.packets.size(), 1);
    QCOMPARE(r.packets[0].timestampUs, expectedUs);
}

void tst_CaptureReader::sectionsInBothByteOrders()
{
    // mergecap writes one section per input; a file may switch byte order between sections, and each section
    // numbers its interfaces from 0 again.
    capture::Pcapng f(false);
    f.section(false);
    f.interface(1);
    f.interface(101, 65535, 9);
    f.packet(1, 5'000'000'000, "second interface");
    f.section(true);
    f.interface(113);
    f.packet(0, 7'000'000, "big-endian section");
    const Read r = readAll(f.bytes);
    QCOMPARE(r.status, CaptureReader::Status::End);
    QCOMPARE(r.packets.size(), 2);
    QCOMPARE(r.packets[0].linkType, 101);
    QCOMPARE(r.packets[0].interfaceId, 1u);
    QCOMPARE(r.packets[0].timestampUs, 5'000'000);
    QCOMPARE(r.packets[1].linkType, 113);
    QCOMPARE(r.packets[1].timestampUs, 7'000'000);
    QCOMPARE(r.packets[1].data, QByteArray("big-endian section"));
}

void tst_CaptureReader::simpleAndObsoletePacketBlocks()
{
    capture::Pcapng f;
    f.section();
    f.interface(1, 10);
    f.packet(0, 42, "abc");
    f.simplePacket("0123456789abcdef", 16); // cut to the snapshot length of 10
    // The obsolete Packet Block (type 2): interface (16 bits), drops, timestamp, lengths, data.
    QByteArray body;
    const capture::Order o{false};
    o.u16(body, 0);
    o.u16(body, 0);
    o.u32(body, 0);
    o.u32(body, 99);
    o.u32(body, 2);
    o.u32(body, 2);
    body += "ok";
    f.block(2, body);
    f.block(0x00000BAD, "custom block, skipped");
    f.block(5, QByteArray(16, '\0')); // interface statistics
    const Read r = readAll(f.bytes);
    QCOMPARE(r.status, CaptureReader::Status::End);
    QCOMPARE(r.packets.size(), 3);
    QCOMPARE(r.packets[1].data, QByteArray("0123456789"));
    QCOMPARE(r.packets[1].originalLength, 16u);
    QVERIFY(r.packets[1].isCut());
    QVERIFY(!r.packets[1].hasTimestamp);
    QCOMPARE(r.packets[1].timestampUs, 42); // the packet before it
    QCOMPARE(r.packets[2].data, QByteArray("ok"));
    QCOMPARE(r.packets[2].timestampUs, 99);
    QCOMPARE(r.skipped, 2u);
}

void tst_CaptureReader::cutPacketsKeepTheirOriginalLength()
{
    const QByteArray file = capture::pcap({{1, "abcd", 1500}}, 1);
    const Read r = readAll(file);
    QCOMPARE(r.packets.size(), 1);
    QCOMPARE(r.packets[0].originalLength, 1500u);
    QVERIFY(r.packets[0].isCut());
}

void tst_CaptureReader::pcap_data()
{
    QTest::addColumn<bool>("bigEndian");
    QTest::addColumn<bool>("nanoseconds");
    QTest::addRow("microseconds, little-endian") << false << false;
    QTest::addRow("microseconds, big-endian") << true << false;
    QTest::addRow("nanoseconds, little-endian") << false << true;
    QTest::addRow("nanoseconds, big-endian") << true << true;
}

void tst_CaptureReader::pcap()
{
    QFETCH(bool, bigEndian);
    QFETCH(bool, nanoseconds);
    const QList<capture::Packet> packets = {
        {1'700'000'000'123'456, data(20)}, {1'700'000'001'000'001, data(0)}, {1'700'000'002'999'999, data(33)}};
    const QByteArray file = capture::pcap(packets, 113, bigEndian, nanoseconds);
    const Read r = readAll(file);
    QCOMPARE(r.status, CaptureReader::Status::End);
    QCOMPARE(r.format, CaptureReader::Format::Pcap);
    QCOMPARE(r.packets.size(), packets.size());
    qint64 offset = 24;
    for (qsizetype i = 0; i < packets.size(); ++i) {
        QCOMPARE(r.packets[i].timestampUs, packets[i].timestampUs);
        QCOMPARE(r.packets[i].data, packets[i].data);
        QCOMPARE(r.packets[i].linkType, 113);
        QCOMPARE(r.packets[i].offset, offset);
        QCOMPARE(r.packets[i].block, quint64(i + 1));
        offset += 16 + packets[i].data.size();
    }
}

void tst_CaptureReader::truncatedAtEveryPosition_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QList<qint64>>("recordStarts"); // every block / record, the end of the file last
    QTest::addColumn<QList<int>>("packetsBefore");   // packets whose record ends at or before each start
    for (bool big : {false, true}) {
        const Layout l = sampleFile(big);
        QList<qint64> starts = l.blockStarts;
        starts.append(l.bytes.size());
        QList<int> before;
        for (qsizetype i = 0; i < starts.size(); ++i) {
            int n = 0;
            for (int b : l.packetBlocks)
                n += b < i;
            before.append(n);
        }
        QTest::addRow("pcapng %s", big ? "big-endian" : "little-endian") << l.bytes << starts << before;
    }
    const QByteArray pcap = capture::pcap({{1, data(10)}, {2, data(3)}, {3, data(40)}}, 1);
    QTest::addRow("pcap") << pcap << QList<qint64>{0, 24, 50, 69, pcap.size()} << QList<int>{0, 0, 1, 2, 3};
}

void tst_CaptureReader::truncatedAtEveryPosition()
{
    QFETCH(QByteArray, file);
    QFETCH(QList<qint64>, recordStarts);
    QFETCH(QList<int>, packetsBefore);
    for (qsizetype cut = 0; cut < file.size(); ++cut) {
        const Read r = readAll(file.left(cut));
        // The record the cut falls in, and what came before it.
        qsizetype record = 0;
        while (record + 1 < recordStarts.size() && recordStarts[record + 1] <= cut)
            ++record;
        const QByteArray where = "cut at " + QByteArray::number(cut);
        QVERIFY2(r.packets.size() == packetsBefore[record], where.constData());
        if (cut == recordStarts[record] && cut > 0 && record > 0) {
            // At a boundary the file just ends there.
            QVERIFY2(r.status == CaptureReader::Status::End, where.constData());
            continue;
        }
        QVERIFY2(r.status == CaptureReader::Status::Error, where.constData());
        if (cut < 4 || (record == 0 && r.format == CaptureReader::Format::Unknown)) {
            QVERIFY2(r.error.kind == CaptureReadError::Kind::NotACapture, where.constData());
            continue;
        }
        QVERIFY2(r.error.kind == CaptureReadError::Kind::Truncated, where.constData());
        QVERIFY2(r.error.offset == recordStarts[record], where.constData());
        QVERIFY2(!r.error.detail.isEmpty(), where.constData());
        QVERIFY2(r.error.message().contains(QStringLiteral("at byte %1").arg(recordStarts[record])), where.constData());
    }
}

void tst_CaptureReader::damaged_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<CaptureReadError::Kind>("kind");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<quint64>("block");
    QTest::addColumn<int>("packetsBefore");
    QTest::addColumn<QString>("detailContains");

    const Layout l = sampleFile(false);
    const qint64 third = l.blockStarts[l.packetBlocks[2]];
    const qint64 second = l.blockStarts[l.packetBlocks[1]];
    auto patched = [&](qint64 at, quint32 value, bool big = false) {
        QByteArray b = l.bytes;
        char v[4];
        big ? qToBigEndian(value, v) : qToLittleEndian(value, v);
        b.replace(at, 4, v, 4);
        return b;
    };
    QTest::addRow("not a capture") << QByteArray("GET / HTTP/1.1\r\n\r\n") << CaptureReadError::Kind::NotACapture
                                   << qint64(0) << quint64(0) << 0 << QStringLiteral("magic number 47455420");
    QTest::addRow("empty") << QByteArray() << CaptureReadError::Kind::NotACapture << qint64(0) << quint64(0) << 0
                           << QStringLiteral("empty");
    QTest::addRow("absurd block length") << patched(third + 4, 0xFFFFFFF0) << CaptureReadError::Kind::Malformed << third
                                         << quint64(l.packetBlocks[2] + 1) << 2 << QStringLiteral("4294967280");
    QTest::addRow("block length below the minimum")
        << patched(second + 4, 8) << CaptureReadError::Kind::Malformed << second << quint64(l.packetBlocks[1] + 1) << 1
        << QStringLiteral("at least 12");
    QTest::addRow("block length not a multiple of 4")
        << patched(second + 4, 65) << CaptureReadError::Kind::Malformed << second << quint64(l.packetBlocks[1] + 1) << 1
        << QStringLiteral("multiple of 4");
    QTest::addRow("trailing length differs") << patched(third - 4, 1000) << CaptureReadError::Kind::Malformed << second
                                             << quint64(l.packetBlocks[1] + 1) << 1 << QStringLiteral("at its end");
    QTest::addRow("captured length beyond the block")
        << patched(second + 20, 1'000'000) << CaptureReadError::Kind::Malformed << second
        << quint64(l.packetBlocks[1] + 1) << 1 << QStringLiteral("captured length of 1000000");
    QTest::addRow("unknown interface") << patched(third + 8, 7) << CaptureReadError::Kind::Malformed << third
                                       << quint64(l.packetBlocks[2] + 1) << 2 << QStringLiteral("interface 7");
    QTest::addRow("byte-order magic") << patched(8, 0x12345678) << CaptureReadError::Kind::Malformed << qint64(0)
                                      << quint64(1) << 0 << QStringLiteral("byte-order magic");
    QTest::addRow("pcapng version 2") << patched(12, 2) << CaptureReadError::Kind::UnsupportedVersion << qint64(0)
                                      << quint64(1) << 0 << QStringLiteral("version 2.0");
    QTest::addRow("no section header first") << l.bytes.mid(l.blockStarts[1]) << CaptureReadError::Kind::NotACapture
                                             << qint64(0) << quint64(0) << 0 << QStringLiteral("magic number");

    const QByteArray pcap = capture::pcap({{1, data(10)}, {2, data(3)}}, 1);
    QByteArray hugeRecord = pcap;
    qToLittleEndian(quint32(0x7FFFFFFF), hugeRecord.data() + 50 + 8);
    QTest::addRow("pcap record length") << hugeRecord << CaptureReadError::Kind::Malformed << qint64(50) << quint64(2)
                                        << 1 << QStringLiteral("2147483647");
    QByteArray version = pcap;
    qToLittleEndian(quint16(3), version.data() + 4);
    QTest::addRow("pcap version 3") << version << CaptureReadError::Kind::UnsupportedVersion << qint64(0) << quint64(0)
                                    << 0 << QStringLiteral("version 3.4");
}

void tst_CaptureReader::damaged()
{
    QFETCH(QByteArray, file);
    QFETCH(CaptureReadError::Kind, kind);
    QFETCH(qint64, offset);
    QFETCH(quint64, block);
    QFETCH(int, packetsBefore);
    QFETCH(QString, detailContains);
    const Read r = readAll(file);
    QCOMPARE(r.status, CaptureReader::Status::Error);
    QCOMPARE(r.error.kind, kind);
    QCOMPARE(r.error.offset, offset);
    QCOMPARE(r.error.block, block);
    QCOMPARE(r.packets.size(), packetsBefore);
    QVERIFY2(r.error.detail.contains(detailContains), qPrintable(r.error.detail));
}

void tst_CaptureReader::absurdLengthsAllocateNothing()
{
    // A block that claims the largest accepted length in a file that holds a few bytes of it: the error comes
    // after reading what is there, not after allocating what is claimed.
    capture::Pcapng f;
    f.section();
    f.interface(1);
    const qint64 at = f.bytes.size();
    QByteArray claim;
    capture::Order{}.u32(claim, 6);
    capture::Order{}.u32(claim, CaptureReader::MaxBlockLength);
    QByteArray file = f.bytes + claim + QByteArray(100, 'x');
    const Read r = readAll(file);
    QCOMPARE(r.error.kind, CaptureReadError::Kind::Truncated);
    QCOMPARE(r.error.offset, at);
    QVERIFY(r.error.detail.contains(QStringLiteral("108 of them")));
}

QTEST_GUILESS_MAIN(tst_CaptureReader)
#include "tst_capturereader.moc"
