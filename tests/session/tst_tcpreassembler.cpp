// TcpReassembler: segments in any order, repeated or overlapping, give the byte stream once and in order; a gap
// that never fills and a cut packet stop the stream where the bytes stop.
#include "session/tcpreassembler.h"

#include <QRandomGenerator>
#include <QTest>

using namespace sockscope::session;

namespace {

struct Seg {
    quint32 seq;
    QByteArray payload;
    bool fin = false;
    quint32 wireLength = 0; // 0: the payload's size
};

QByteArray stream(int n)
{
    QByteArray s;
    for (int i = 0; i < n; ++i)
        s.append(char('a' + i % 26));
    return s;
}

// The stream cut into segments of `size` bytes starting at sequence number `first`, FIN on the last.
QList<Seg> cut(const QByteArray &bytes, quint32 first, int size)
{
    QList<Seg> segments;
    for (qsizetype at = 0; at < bytes.size(); at += size)
        segments.append({first + quint32(at), bytes.mid(at, size), at + size >= bytes.size()});
    return segments;
}

struct Out {
    QByteArray bytes;
    QList<TcpReassembler::Chunk> chunks;
    bool contiguous = true; // each chunk starts where the one before it ended
};

Out run(TcpReassembler &r, const QList<Seg> &segments)
{
    Out out;
    quint64 packet = 0;
    for (const Seg &s : segments) {
        QList<TcpReassembler::Chunk> delivered;
        ++packet;
        quint64 at = r.offset();
        r.add(s.seq, s.payload, s.wireLength ? s.wireLength : quint32(s.payload.size()), s.fin, qint64(packet) * 10,
              packet, delivered);
        for (const auto &c : delivered) {
            out.contiguous = out.contiguous && c.streamOffset == at;
            at += quint64(c.bytes.size());
            out.bytes += c.bytes;
        }
        out.chunks += delivered;
    }
    return out;
}

} // namespace

class tst_TcpReassembler : public QObject
{
    Q_OBJECT
private slots:
    void reassembles_data();
    void reassembles();
    void chunksCarryTheirPacket();
    void gapThatNeverFills();
    void heldBytesAreBounded();
    void cutPacketStopsTheStream();
    void finAfterAGap();
    void withoutSynStartsAtFirstSegment();
};

void tst_TcpReassembler::reassembles_data()
{
    QTest::addColumn<quint32>("isn");
    QTest::addColumn<QList<Seg>>("segments");
    QTest::addColumn<quint64>("retransmissions");

    const QByteArray s = stream(1000);
    const quint32 isn = 77;
    QList<Seg> inOrder = cut(s, isn + 1, 100);
    QTest::addRow("in order") << isn << inOrder << quint64(0);

    QList<Seg> swapped = inOrder;
    swapped.swapItemsAt(2, 3);
    swapped.swapItemsAt(6, 9);
    QTest::addRow("reordered") << isn << swapped << quint64(0);

    QList<Seg> reversed(inOrder.crbegin(), inOrder.crend());
    QTest::addRow("reversed") << isn << reversed << quint64(0);

    QList<Seg> duplicated;
    for (const Seg &seg : inOrder)
        duplicated << seg << seg;
    // The copy of the last segment comes after the FIN ended the stream: nothing is counted then.
    QTest::addRow("every segment twice") << isn << duplicated << quint64(inOrder.size() - 1);

    // A retransmission that covers the end of one segment and the start of the next, and repacketised data.
    QList<Seg> overlapping = inOrder.mid(0, 3);
    overlapping << Seg{isn + 1 + 250, s.mid(250, 150)} << inOrder.mid(3);
    QTest::addRow("overlapping retransmission") << isn << overlapping << quint64(2);

    // The first copy counts even when a later one has other bytes.
    QList<Seg> differing = inOrder;
    differing.insert(3, Seg{isn + 1 + 100, QByteArray(100, '#')});
    QTest::addRow("later copy differs") << isn << differing << quint64(1);

    // Segments held out of order that overlap each other.
    QList<Seg> heldOverlaps = {inOrder[0], Seg{isn + 1 + 300, s.mid(300, 200)}, Seg{isn + 1 + 250, s.mid(250, 100)},
                               Seg{isn + 1 + 100, s.mid(100, 150)}, Seg{isn + 1 + 500, s.mid(500), true}};
    QTest::addRow("held segments overlap") << isn << heldOverlaps << quint64(0);

    // Sequence numbers wrap around 2^32 in the middle of the stream.
    const quint32 wrapIsn = 0xFFFFFFFF - 450;
    QList<Seg> wrapped = cut(s, wrapIsn + 1, 100);
    wrapped.swapItemsAt(4, 5);
    QTest::addRow("sequence numbers wrap") << wrapIsn << wrapped << quint64(0);

    QList<Seg> seeded = inOrder;
    QRandomGenerator random(20240611);
    for (qsizetype i = seeded.size() - 1; i > 0; --i)
        seeded.swapItemsAt(i, random.bounded(int(i + 1)));
    QTest::addRow("shuffled") << isn << seeded << quint64(0);
}

void tst_TcpReassembler::reassembles()
{
    QFETCH(quint32, isn);
    QFETCH(QList<Seg>, segments);
    QFETCH(quint64, retransmissions);
    TcpReassembler r;
    r.synchronize(isn);
    const Out out = run(r, segments);
    QCOMPARE(out.bytes, stream(1000));
    QVERIFY(out.contiguous);
    QCOMPARE(r.state(), TcpReassembler::State::Finished);
    QCOMPARE(r.offset(), 1000u);
    QCOMPARE(r.heldBytes(), 0);
    QCOMPARE(r.retransmissions(), retransmissions);
}

void tst_TcpReassembler::chunksCarryTheirPacket()
{
    TcpReassembler r;
    r.synchronize(0);
    const Out out = run(r, {{1, "ab"}, {5, "ef"}, {3, "cd"}});
    QCOMPARE(out.chunks.size(), 3);
    QCOMPARE(out.chunks[0].packet, 1u);
    QCOMPARE(out.chunks[1].bytes, QByteArray("cd"));
    QCOMPARE(out.chunks[1].packet, 3u); // released by the packet that filled the gap
    QCOMPARE(out.chunks[2].bytes, QByteArray("ef"));
    QCOMPARE(out.chunks[2].packet, 2u); // but keeps the time and number of the packet that brought it
    QCOMPARE(out.chunks[2].timestampUs, 20);
    QCOMPARE(out.chunks[2].streamOffset, 4u);
    QCOMPARE(r.outOfOrder(), 1u);
}

void tst_TcpReassembler::gapThatNeverFills()
{
    TcpReassembler r;
    r.synchronize(0);
    const Out out = run(r, {{1, "abc"}, {14, "xyz"}, {17, "uvw"}});
    QCOMPARE(out.bytes, QByteArray("abc"));
    QCOMPARE(r.state(), TcpReassembler::State::Open); // it may still come
    QCOMPARE(r.heldBytes(), 6);
    r.close();
    QCOMPARE(r.state(), TcpReassembler::State::MissingData);
    QCOMPARE(r.stop().offset, 3u);
    QCOMPARE(r.stop().missing, 10u);
    QCOMPARE(r.stop().packet, 2u);
    QCOMPARE(r.stop().droppedBytes, 6u);
    QCOMPARE(r.heldBytes(), 0);
    // Nothing is taken afterwards.
    const Out late = run(r, {{4, QByteArray(10, '-')}});
    QVERIFY(late.bytes.isEmpty());
}

void tst_TcpReassembler::heldBytesAreBounded()
{
    TcpReassembler r(1000);
    r.synchronize(0);
    QList<Seg> segments = {{1, "start"}};
    for (int i = 0; i < 20; ++i)
        segments.append({quint32(100 + i * 100), QByteArray(100, 'x')});
    const Out out = run(r, segments);
    QCOMPARE(out.bytes, QByteArray("start"));
    QCOMPARE(r.state(), TcpReassembler::State::MissingData);
    QCOMPARE(r.stop().offset, 5u);
    QCOMPARE(r.stop().missing, 94u);
    QVERIFY(r.heldBytes() <= 1000);
}

void tst_TcpReassembler::cutPacketStopsTheStream()
{
    TcpReassembler r;
    r.synchronize(0);
    // The second packet was 100 bytes on the wire; the capture kept 10 of them.
    const Out out = run(r, {{1, "abc"}, {104, "later"}, {4, "0123456789", false, 100}});
    QCOMPARE(out.bytes, QByteArray("abc0123456789"));
    QCOMPARE(r.state(), TcpReassembler::State::CutPacket);
    QCOMPARE(r.stop().offset, 13u);
    QCOMPARE(r.stop().missing, 90u);
    QCOMPARE(r.stop().packet, 3u);
    QCOMPARE(r.stop().droppedBytes, 5u);
}

void tst_TcpReassembler::finAfterAGap()
{
    TcpReassembler r;
    r.synchronize(0);
    Out out = run(r, {{1, "ab"}, {5, "ef", true}});
    QCOMPARE(r.state(), TcpReassembler::State::Open);
    out = run(r, {{3, "cd"}});
    QCOMPARE(out.bytes, QByteArray("cdef"));
    QCOMPARE(r.state(), TcpReassembler::State::Finished);
}

void tst_TcpReassembler::withoutSynStartsAtFirstSegment()
{
    TcpReassembler r;
    const Out out = run(r, {{5000, "hello "}, {4990, "old bytes!"}, {5006, "world"}});
    QCOMPARE(out.bytes, QByteArray("hello world"));
    QCOMPARE(r.retransmissions(), 1u);
}

QTEST_GUILESS_MAIN(tst_TcpReassembler)
#include "tst_tcpreassembler.moc"
