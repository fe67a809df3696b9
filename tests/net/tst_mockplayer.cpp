// MockPlayer: one client's position in a mock script, what it answers each message with and after how long.
#include "net/mockplayer.h"

#include <QTest>

using namespace sockscope;
using net::MockEnd;
using net::MockMessage;
using net::MockPlayback;
using net::MockPlayer;
using net::MockScript;
using net::MockStep;
using net::MockTiming;
using proto::Opcode;

namespace {

MockStep step(const QByteArray &expected, QList<MockMessage> responses, Opcode type = Opcode::Text)
{
    return MockStep{type, expected, std::move(responses)};
}

// Opening "hi" after 100 ms; "a" -> "A" after 200 ms, "b" -> "B1" after 50 ms and "B2" (binary) after 300 ms,
// "c" -> "C" at once, "a" again -> "A again"; then close 4000 "bye" 1 s after the last client message.
std::shared_ptr<const MockPlayer::Index> sampleIndex()
{
    auto script = std::make_shared<MockScript>();
    script->opening = {{100'000, Opcode::Text, "hi"}};
    script->steps = {step("a", {{200'000, Opcode::Text, "A"}}),
                     step("b", {{50'000, Opcode::Text, "B1"}, {300'000, Opcode::Binary, "B2"}}),
                     step("c", {{0, Opcode::Text, "C"}}), step("a", {{0, Opcode::Text, "A again"}})};
    script->close = net::MockClose{4000, "bye", 1'000'000};
    return std::make_shared<const MockPlayer::Index>(std::move(script));
}

QByteArrayList payloads(const QList<MockPlayer::Action> &actions)
{
    QByteArrayList out;
    for (const auto &a : actions)
        out.append(a.type == Opcode::Close ? "close " + QByteArray::number(a.closeCode) + " " + a.payload : a.payload);
    return out;
}

QList<qint64> delays(const QList<MockPlayer::Action> &actions)
{
    QList<qint64> out;
    for (const auto &a : actions)
        out.append(a.delayUs);
    return out;
}

} // namespace

class tst_MockPlayer : public QObject
{
    Q_OBJECT
private slots:
    void playsInOrder();
    void delaysScaled_data();
    void delaysScaled();
    void hugeDelaysAreBounded();
    void skipToMatch_data();
    void skipToMatch();
    void stayOpenSendsNoClose();
    void scriptWithoutSteps();
    void answeredCloseIsNotSentFirst();
    void indexFindsLaterSteps();
};

void tst_MockPlayer::playsInOrder()
{
    MockPlayer player(sampleIndex(), MockPlayback{});
    QCOMPARE(payloads(player.opened()), QByteArrayList{"hi"});
    QCOMPARE(player.position(), qsizetype(0));
    const auto a = player.received(Opcode::Text, "a");
    QCOMPARE(payloads(a), QByteArrayList{"A"});
    QCOMPARE(player.lastStep(), qsizetype(0));
    const auto b = player.received(Opcode::Text, "b");
    QCOMPARE(payloads(b), (QByteArrayList{"B1", "B2"}));
    QCOMPARE(b[0].type, Opcode::Text);
    QCOMPARE(b[1].type, Opcode::Binary);
    // A message that is not the expected one still takes the next step when no later step expects it.
    QCOMPARE(payloads(player.received(Opcode::Text, "something else")), QByteArrayList{"C"});
    QVERIFY(!player.finished());
    // The last step's responses, then the recorded close.
    QCOMPARE(payloads(player.received(Opcode::Text, "a")), (QByteArrayList{"A again", "close 4000 bye"}));
    QVERIFY(player.finished());
    QCOMPARE(player.position(), qsizetype(4));
    QVERIFY(player.received(Opcode::Text, "a").isEmpty());
    QCOMPARE(player.lastStep(), qsizetype(-1));
}

void tst_MockPlayer::delaysScaled_data()
{
    QTest::addColumn<int>("timing");
    QTest::addColumn<double>("speed");
    QTest::addColumn<QList<qint64>>("opening");
    QTest::addColumn<QList<qint64>>("second");
    QTest::addRow("recorded") << int(MockTiming::Recorded) << 1.0 << QList<qint64>{100'000}
                              << QList<qint64>{50'000, 300'000};
    QTest::addRow("twice as fast") << int(MockTiming::Recorded) << 2.0 << QList<qint64>{50'000}
                                   << QList<qint64>{25'000, 150'000};
    QTest::addRow("ten times slower") << int(MockTiming::Recorded) << 0.1 << QList<qint64>{1'000'000}
                                      << QList<qint64>{500'000, 3'000'000};
    QTest::addRow("immediate") << int(MockTiming::Immediate) << 1.0 << QList<qint64>{0} << QList<qint64>{0, 0};
    QTest::addRow("immediate ignores speed")
        << int(MockTiming::Immediate) << 0.5 << QList<qint64>{0} << QList<qint64>{0, 0};
}

void tst_MockPlayer::delaysScaled()
{
    QFETCH(int, timing);
    QFETCH(double, speed);
    QFETCH(QList<qint64>, opening);
    QFETCH(QList<qint64>, second);
    MockPlayback playback;
    playback.timing = MockTiming(timing);
    playback.speed = speed;
    MockPlayer player(sampleIndex(), playback);
    QCOMPARE(delays(player.opened()), opening);
    player.received(Opcode::Text, "a");
    QCOMPARE(delays(player.received(Opcode::Text, "b")), second);
}

void tst_MockPlayer::hugeDelaysAreBounded()
{
    // A damaged or hostile recording may claim any gap; it must not overflow into a negative or wrapped delay.
    auto script = std::make_shared<MockScript>();
    script->opening = {{std::numeric_limits<qint64>::max(), Opcode::Text, "late"}, {-5'000'000, Opcode::Text, "early"}};
    MockPlayback playback;
    playback.speed = 0.1;
    MockPlayer player(std::make_shared<const MockPlayer::Index>(std::move(script)), playback);
    const auto actions = player.opened();
    QCOMPARE(actions.size(), 2);
    QVERIFY(actions[0].delayUs > 0);
    QVERIFY(actions[0].delayUs <= qint64(std::numeric_limits<int>::max()) * 1000);
    QCOMPARE(actions[1].delayUs, qint64(0));
}

void tst_MockPlayer::skipToMatch_data()
{
    QTest::addColumn<bool>("skip");
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<QByteArrayList>("answers");
    QTest::addColumn<qsizetype>("step");
    QTest::addRow("expected message") << true << QByteArray("a") << QByteArrayList{"A"} << qsizetype(0);
    QTest::addRow("later message jumps") << true << QByteArray("c") << QByteArrayList{"C"} << qsizetype(2);
    QTest::addRow("unknown message takes the next step")
        << true << QByteArray("zzz") << QByteArrayList{"A"} << qsizetype(0);
    QTest::addRow("strict order") << false << QByteArray("c") << QByteArrayList{"A"} << qsizetype(0);
}

void tst_MockPlayer::skipToMatch()
{
    QFETCH(bool, skip);
    QFETCH(QByteArray, first);
    QFETCH(QByteArrayList, answers);
    QFETCH(qsizetype, step);
    MockPlayback playback;
    playback.skipToMatch = skip;
    MockPlayer player(sampleIndex(), playback);
    player.opened();
    QCOMPARE(payloads(player.received(Opcode::Text, first)), answers);
    QCOMPARE(player.lastStep(), step);
    QCOMPARE(player.position(), step + 1);
}

void tst_MockPlayer::stayOpenSendsNoClose()
{
    MockPlayback playback;
    playback.atEnd = MockEnd::StayOpen;
    MockPlayer player(sampleIndex(), playback);
    player.opened();
    for (const char *m : {"a", "b", "c"})
        player.received(Opcode::Text, m);
    QCOMPARE(payloads(player.received(Opcode::Text, "a")), QByteArrayList{"A again"});
    QVERIFY(player.finished());
}

void tst_MockPlayer::scriptWithoutSteps()
{
    auto script = std::make_shared<MockScript>();
    script->opening = {{0, Opcode::Binary, "\x01"}};
    script->close = net::MockClose{1005, {}, 20'000};
    MockPlayer player(std::make_shared<const MockPlayer::Index>(std::move(script)), MockPlayback{});
    QVERIFY(player.finished());
    const auto actions = player.opened();
    QCOMPARE(payloads(actions), (QByteArrayList{"\x01", "close 1005 "}));
    QCOMPARE(actions[1].delayUs, qint64(20'000));
    QVERIFY(player.received(Opcode::Text, "x").isEmpty());
}

void tst_MockPlayer::answeredCloseIsNotSentFirst()
{
    // The recorded server only answered the client's close: the mock leaves the closing to the client.
    auto script = std::make_shared<MockScript>();
    script->steps = {step("a", {{0, Opcode::Text, "A"}})};
    script->close = net::MockClose{1000, "bye", 0, true};
    MockPlayer player(std::make_shared<const MockPlayer::Index>(std::move(script)), MockPlayback{});
    QVERIFY(player.opened().isEmpty());
    QCOMPARE(payloads(player.received(Opcode::Text, "a")), QByteArrayList{"A"});
    QVERIFY(player.finished());
}

void tst_MockPlayer::indexFindsLaterSteps()
{
    const auto index = sampleIndex();
    QCOMPARE(index->nextStep(-1, Opcode::Text, "a"), qsizetype(0));
    QCOMPARE(index->nextStep(0, Opcode::Text, "a"), qsizetype(3));
    QCOMPARE(index->nextStep(3, Opcode::Text, "a"), qsizetype(-1));
    QCOMPARE(index->nextStep(-1, Opcode::Binary, "a"), qsizetype(-1)); // same bytes, other type
    QCOMPARE(index->nextStep(-1, Opcode::Text, "nowhere"), qsizetype(-1));
}

QTEST_GUILESS_MAIN(tst_MockPlayer)
#include "tst_mockplayer.moc"
