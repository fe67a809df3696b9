#include "session/messagestore.h"

#include "proto/framewriter.h"

#include <QTest>

using namespace sockscope;
using session::MessageStore;

namespace {
proto::Frame encodedFrame(proto::Opcode opcode, const QByteArray &payload, bool fin = true)
{
    proto::Frame f;
    f.opcode = opcode;
    f.fin = fin;
    f.payload = payload;
    f.masked = true;
    f.maskKey = {1, 2, 3, 4};
    proto::FrameWriter::encode(f); // fills the raw header
    return f;
}

proto::Message message(proto::Opcode type, const QByteArray &payload, int fragments = 1)
{
    proto::Message m;
    m.type = type;
    m.payload = payload;
    const qsizetype step = payload.size() / fragments;
    for (int i = 0; i < fragments; ++i) {
        const QByteArray part = i + 1 < fragments ? payload.mid(i * step, step) : payload.mid(i * step);
        m.frames.append(encodedFrame(i == 0 ? type : proto::Opcode::Continuation, part, i + 1 == fragments));
    }
    return m;
}
} // namespace

class tst_MessageStore : public QObject
{
    Q_OBJECT
private slots:
    void messagesAndFrames();
    void payloadBudgetReleasesOldestFirst();
    void recordCapTrimsInBatches();
    void clearKeepsIndicesGrowing();
};

void tst_MessageStore::messagesAndFrames()
{
    MessageStore store;
    store.appendMessage(proto::Direction::Outgoing, message(proto::Opcode::Text, "hello world", 3), 1000);
    store.appendFrame(proto::Direction::Incoming, encodedFrame(proto::Opcode::Ping, "p"), 2000);
    QCOMPARE(store.size(), quint64(2));
    const session::MessageRecord &text = store.at(0);
    QCOMPARE(text.payload, QByteArray("hello world"));
    QCOMPARE(text.frameCount, quint32(3));
    QVERIFY(text.isMessage());
    QCOMPARE(text.direction, proto::Direction::Outgoing);
    // The raw header bytes of each frame: FIN/opcode byte, masked length, key.
    QCOMPARE(store.frameHeader(text, 0).toByteArray(), QByteArray("\x01\x83\x01\x02\x03\x04", 6));
    QCOMPARE(store.frameHeader(text, 1).toByteArray(), QByteArray("\x00\x83\x01\x02\x03\x04", 6));
    QCOMPARE(store.frameHeader(text, 2).toByteArray(), QByteArray("\x80\x85\x01\x02\x03\x04", 6));
    const session::MessageRecord &ping = store.at(1);
    QVERIFY(!ping.isMessage());
    QCOMPARE(ping.opcode, proto::Opcode::Ping);
    QCOMPARE(store.frameHeader(ping, 0).toByteArray(), QByteArray("\x89\x81\x01\x02\x03\x04", 6));
    QCOMPARE(store.payloadBytes(), qint64(12));
}

void tst_MessageStore::payloadBudgetReleasesOldestFirst()
{
    MessageStore store(session::StoreLimits{1000, 1000});
    for (int i = 0; i < 20; ++i)
        store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Binary, QByteArray(100, char(i))), i);
    QVERIFY(store.payloadBytes() <= 1000);
    QCOMPARE(store.size(), quint64(20));
    // The newest payloads are kept, the oldest released; sizes and headers stay.
    QVERIFY(store.at(0).payloadReleased);
    QVERIFY(store.at(0).payload.isNull());
    QCOMPARE(store.at(0).payloadSize, qint64(100));
    QCOMPARE(store.frameHeader(store.at(0), 0).toByteArray(), QByteArray("\x82\xe4\x01\x02\x03\x04", 6));
    QVERIFY(!store.at(19).payloadReleased);
    QCOMPARE(store.at(19).payload, QByteArray(100, char(19)));
    for (quint64 i = 1; i < 20; ++i)
        QVERIFY(store.at(i - 1).payloadReleased || !store.at(i).payloadReleased);
}

void tst_MessageStore::recordCapTrimsInBatches()
{
    MessageStore store(session::StoreLimits{100, 1 << 20});
    for (int i = 0; i < 100; ++i)
        store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, QByteArray::number(i), 1), i);
    QCOMPARE(store.excessRecords(), quint64(0));
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "100", 1), 100);
    // Over the cap: down to 90% of it in one go.
    QCOMPARE(store.excessRecords(), quint64(11));
    QCOMPARE(store.trim(), quint64(11));
    QCOMPARE(store.size(), quint64(90));
    QCOMPARE(store.firstIndex(), quint64(11));
    QCOMPARE(store.trimmedRecords(), quint64(11));
    QVERIFY(!store.contains(10));
    QCOMPARE(store.at(11).payload, QByteArray("11"));
    QCOMPARE(store.frameHeader(store.at(11), 0).toByteArray(), QByteArray("\x81\x82\x01\x02\x03\x04", 6));
    QCOMPARE(store.payloadBytes(), qint64(89 * 2 + 3));
}

void tst_MessageStore::clearKeepsIndicesGrowing()
{
    MessageStore store;
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "a"), 1);
    store.clear();
    QCOMPARE(store.size(), quint64(0));
    QCOMPARE(store.payloadBytes(), qint64(0));
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "b"), 2);
    QCOMPARE(store.firstIndex(), quint64(1));
    QCOMPARE(store.at(1).payload, QByteArray("b"));
    QCOMPARE(store.frameHeader(store.at(1), 0).toByteArray(), QByteArray("\x81\x81\x01\x02\x03\x04", 6));
}

QTEST_GUILESS_MAIN(tst_MessageStore)
#include "tst_messagestore.moc"
