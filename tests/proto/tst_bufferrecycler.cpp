#include "proto/bufferrecycler.h"

#include <QTest>

#include <thread>

using namespace sockscope::proto;

namespace {
constexpr qsizetype MiB = 1 << 20;

QByteArray filled(BufferRecycler &recycler, qsizetype size, char byte)
{
    QByteArray buffer = recycler.take(size);
    std::memset(buffer.data(), byte, size_t(size));
    recycler.watch(buffer);
    return buffer;
}
} // namespace

class tst_BufferRecycler : public QObject
{
    Q_OBJECT
private slots:
    void reusesABufferNobodyElseHolds();
    void neverTouchesABufferSomeoneHolds();
    void smallBuffersAreLeftToTheAllocator();
    void sizeMustFitTheCapacity_data();
    void sizeMustFitTheCapacity();
    void idleBytesAreBounded();
    void buffersAreForgottenAfterTheirLifetime();
    void aBufferHeldLongIsForgotten();
    void aBufferDroppedInAnotherThreadIsReused();
    void watchingTwiceStillRecycles();
    void aBufferIsWatchedByItsCapacity();
};

void tst_BufferRecycler::reusesABufferNobodyElseHolds()
{
    BufferRecycler recycler;
    const char *first = nullptr;
    {
        const QByteArray buffer = filled(recycler, MiB, 'a');
        first = buffer.constData();
        QCOMPARE(recycler.idleBytes(), 0); // held by `buffer` too
    }
    QCOMPARE(recycler.watchedCount(), 1);
    QVERIFY(recycler.idleBytes() >= MiB);

    const QByteArray again = recycler.take(MiB);
    QCOMPARE(again.constData(), first);
    QCOMPARE(again.size(), MiB);
    QVERIFY(again.isDetached()); // the caller may write to it
    QCOMPARE(recycler.watchedCount(), 0);
}

void tst_BufferRecycler::neverTouchesABufferSomeoneHolds()
{
    BufferRecycler recycler;
    const QByteArray kept = filled(recycler, MiB, 'k');
    QByteArray other = recycler.take(MiB);
    QVERIFY(other.constData() != kept.constData());
    std::memset(other.data(), 'o', size_t(other.size()));
    QCOMPARE(kept, QByteArray(MiB, 'k'));
}

void tst_BufferRecycler::smallBuffersAreLeftToTheAllocator()
{
    BufferRecycler recycler;
    recycler.watch(QByteArray(BufferRecycler::MinimumSize - 1, 'x'));
    QCOMPARE(recycler.watchedCount(), 0);
    recycler.watch(QByteArray(BufferRecycler::MinimumSize, 'x'));
    QCOMPARE(recycler.watchedCount(), 1);
}

void tst_BufferRecycler::sizeMustFitTheCapacity_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<bool>("reused");
    QTest::newRow("same") << MiB << true;
    QTest::newRow("3/4") << MiB / 4 * 3 << true;
    QTest::newRow("below 3/4") << MiB / 4 * 3 - 1 << false;
    QTest::newRow("half") << MiB / 2 << false;
    QTest::newRow("larger") << MiB + 1 << false;
}

void tst_BufferRecycler::sizeMustFitTheCapacity()
{
    QFETCH(qsizetype, size);
    QFETCH(bool, reused);
    BufferRecycler recycler;
    const char *first = filled(recycler, MiB, 'a').constData();
    const QByteArray next = recycler.take(size);
    QCOMPARE(next.size(), size);
    QCOMPARE(next.constData() == first, reused);
}

void tst_BufferRecycler::idleBytesAreBounded()
{
    BufferRecycler recycler;
    recycler.setIdleLimit(2 * MiB);
    QList<QByteArray> held;
    for (char c : {'a', 'b', 'c', 'd'})
        held.append(filled(recycler, MiB, c));
    QCOMPARE(recycler.idleBytes(), 0);
    const char *newest = held.last().constData();
    held.clear();
    const QByteArray trigger = filled(recycler, MiB, 'e'); // watching trims; this one reuses the newest
    QCOMPARE(trigger.constData(), newest);
    QVERIFY2(recycler.idleBytes() <= 2 * MiB, QByteArray::number(recycler.idleBytes()));
    QVERIFY(recycler.idleBytes() >= MiB);

    recycler.setIdleLimit(0);
    QCOMPARE(recycler.idleBytes(), 0);
    QCOMPARE(recycler.watchedCount(), 1); // `trigger`, still held
}

void tst_BufferRecycler::buffersAreForgottenAfterTheirLifetime()
{
    BufferRecycler recycler;
    qint64 now = 1000;
    recycler.setClock([&now] { return now; });
    recycler.setIdleLifetime(2000);
    const char *first = filled(recycler, MiB, 'a').constData(); // idle at once
    now += 1500;
    QByteArray held = filled(recycler, MiB, 'b');
    QVERIFY(held.constData() == first); // idle for less than its lifetime: reused
    now += 1500;
    recycler.releaseExpired();
    QCOMPARE(recycler.watchedCount(), 1); // still held by `held`
    now += 1500;
    recycler.releaseExpired();
    QCOMPARE(recycler.watchedCount(), 1); // held 3 s, longer than the idle lifetime: a slow peer's message
    held = QByteArray();
    now += 1500;
    recycler.releaseExpired();
    QCOMPARE(recycler.watchedCount(), 1); // idle for at most 1.5 s
    held = recycler.take(MiB);
    QVERIFY(held.constData() == first); // so used again
    recycler.watch(held);
    held = QByteArray();
    now += 2100;
    recycler.releaseExpired();
    QCOMPARE(recycler.watchedCount(), 0); // idle for more than 2 s
}

void tst_BufferRecycler::aBufferHeldLongIsForgotten()
{
    // A buffer the log keeps is let go of, so that nothing keeps looking at it.
    BufferRecycler recycler;
    qint64 now = 1000;
    recycler.setClock([&now] { return now; });
    const QByteArray kept = filled(recycler, MiB, 'k');
    now += BufferRecycler::BusyLifetime;
    recycler.releaseExpired();
    QCOMPARE(recycler.watchedCount(), 1);
    now += 1;
    recycler.releaseExpired();
    QCOMPARE(recycler.watchedCount(), 0);
    QCOMPARE(kept, QByteArray(MiB, 'k')); // forgetting a buffer leaves it to its holders
}

void tst_BufferRecycler::aBufferDroppedInAnotherThreadIsReused()
{
    BufferRecycler recycler;
    QByteArray buffer = filled(recycler, MiB, 'z');
    const char *first = buffer.constData();
    qsizetype zeds = 0;
    std::thread reader([copy = std::move(buffer), &zeds] { zeds = copy.count('z'); });
    reader.join();
    QCOMPARE(zeds, MiB);
    QCOMPARE(recycler.take(MiB).constData(), first);
}

void tst_BufferRecycler::watchingTwiceStillRecycles()
{
    BufferRecycler recycler;
    QByteArray buffer = filled(recycler, MiB, 'a');
    recycler.watch(buffer);
    QCOMPARE(recycler.watchedCount(), 1);
    const char *first = buffer.constData();
    buffer = QByteArray();
    QCOMPARE(recycler.take(MiB).constData(), first);
}

void tst_BufferRecycler::aBufferIsWatchedByItsCapacity()
{
    // A buffer that gathers small frames: large capacity, little in it.
    BufferRecycler recycler;
    QByteArray gathered = recycler.take(MiB);
    gathered.truncate(0);
    gathered.append("a small frame");
    QVERIFY(gathered.capacity() >= MiB);
    recycler.watch(gathered);
    QCOMPARE(recycler.watchedCount(), 1);
    const char *first = gathered.constData();
    gathered = QByteArray();
    const QByteArray again = recycler.take(MiB);
    QCOMPARE(again.constData(), first);
    QCOMPARE(again.size(), MiB);
}

QTEST_GUILESS_MAIN(tst_BufferRecycler)
#include "tst_bufferrecycler.moc"
