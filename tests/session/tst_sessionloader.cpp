// SessionLoader: a session file opened a slice at a time, so the event loop keeps turning while it loads and
// everything before damage is kept.
#include "session/loadedsession.h"
#include "session/payloadsource.h"
#include "session/sessionloader.h"

#include "../common/sessionfixtures.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sockscope;
using namespace sockscope::session;

class tst_SessionLoader : public QObject
{
    Q_OBJECT
private slots:
    void loadsInSlicesWhileTheEventLoopTurns();
    void sameAsReadingWhole();
    void truncatedKeepsWhatCameBefore();
    void missingFile();
    void cancelKeepsWhatWasRead();
    void payloadBudgetIsForTheWholeFile();
    void releasedPayloadsAreReadAgainFromTheFile();
};

void tst_SessionLoader::loadsInSlicesWhileTheEventLoopTurns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(3, 100'000, QStringLiteral("ws://h/")), true)));
    SessionLoader loader;
    loader.setSliceMs(2);
    QSignalSpy added(&loader, &SessionLoader::connectionAdded);
    QSignalSpy progressed(&loader, &SessionLoader::progressed);
    QSignalSpy finished(&loader, &SessionLoader::finished);
    QVERIFY(loader.open(path));
    QVERIFY(!loader.isFinished());
    QCOMPARE(loader.bytesRead(), 0); // nothing read before the event loop turns
    QVERIFY(loader.totalBytes() > 0);
    // A timer of the window keeps firing while the file loads; the logs grow between its ticks.
    int ticks = 0;
    QList<quint64> sizesSeen;
    QTimer tick;
    tick.setInterval(1);
    connect(&tick, &QTimer::timeout, this, [&] {
        ++ticks;
        if (!loader.connections().empty())
            sizesSeen.append(loader.connections().front()->log.size());
    });
    tick.start();
    QVERIFY(finished.wait(60000));
    QVERIFY(loader.isFinished());
    QVERIFY(progressed.size() > 3);
    QVERIFY2(ticks > 3, qPrintable(QString::number(ticks)));
    QVERIFY(std::adjacent_find(sizesSeen.begin(), sizesSeen.end(), std::greater<>()) == sizesSeen.end());
    QVERIFY(sizesSeen.size() > 1 && sizesSeen.first() < sizesSeen.last());
    QCOMPARE(added.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(added[i][0].toInt(), i);
    QVERIFY(loader.complete());
    QVERIFY(!loader.error());
    QCOMPARE(loader.bytesRead(), loader.totalBytes());
    QCOMPARE(loader.connections().size(), size_t(3));
    const RecordedConnection &last = *loader.connections()[2];
    QCOMPARE(last.log.size(), quint64(100'000));
    QCOMPARE(last.log.at(99'999).payload, sessionfixtures::payloadOf(3, 99'999));
    QVERIFY(last.close);
    QCOMPARE(last.close->code, 1000);
}

void tst_SessionLoader::sameAsReadingWhole()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(4, 500, QStringLiteral("ws://h/")), true)));
    SessionLoader loader;
    loader.setSliceMs(0);
    QSignalSpy finished(&loader, &SessionLoader::finished);
    QVERIFY(loader.open(path));
    QVERIFY(finished.wait(10000));
    const LoadedSession whole = loadSessionFile(path);
    QCOMPARE(loader.connections().size(), whole.connections.size());
    for (size_t c = 0; c < whole.connections.size(); ++c) {
        const RecordedConnection &a = *loader.connections()[c];
        const RecordedConnection &b = *whole.connections[c];
        QCOMPARE(a.info, b.info);
        QCOMPARE(a.request, b.request);
        QCOMPARE(a.response, b.response);
        QCOMPARE(a.log.size(), b.log.size());
        for (quint64 i = 0; i < a.log.size(); ++i) {
            QCOMPARE(a.log.at(i).payload, b.log.at(i).payload);
            QCOMPARE(a.log.at(i).direction, b.log.at(i).direction);
            QCOMPARE(a.log.at(i).timestampUs, b.log.at(i).timestampUs);
        }
    }
}

void tst_SessionLoader::truncatedKeepsWhatCameBefore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.sksession"));
    QByteArray bytes = sessionfixtures::encode(sessionfixtures::records(2, 50, QStringLiteral("ws://h/")), false);
    bytes.chop(3); // inside the second connection's close record
    QVERIFY(sessionfixtures::writeFile(path, bytes));
    SessionLoader loader;
    QSignalSpy finished(&loader, &SessionLoader::finished);
    QVERIFY(loader.open(path));
    QVERIFY(finished.wait(10000));
    QCOMPARE(loader.error().kind, SessionReadError::Kind::Truncated);
    QVERIFY(loader.error().offset > 0 && loader.error().offset < bytes.size());
    QVERIFY(!loader.complete());
    QCOMPARE(loader.connections().size(), size_t(2));
    QCOMPARE(loader.connections()[1]->log.size(), quint64(50));
    QVERIFY(!loader.connections()[1]->close);
}

void tst_SessionLoader::missingFile()
{
    SessionLoader loader;
    QVERIFY(!loader.open(QStringLiteral("/nonexistent/x.sksession")));
    QVERIFY(!loader.openError().isEmpty());
    QVERIFY(loader.isFinished());
    QVERIFY(loader.connections().empty());
}

void tst_SessionLoader::cancelKeepsWhatWasRead()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(1, 300'000, QStringLiteral("ws://h/")), true)));
    SessionLoader loader;
    loader.setSliceMs(1);
    QSignalSpy finished(&loader, &SessionLoader::finished);
    QVERIFY(loader.open(path));
    QTRY_VERIFY(!loader.connections().empty() && loader.connections()[0]->log.size() > 0);
    loader.cancel();
    QCOMPARE(finished.size(), 1);
    const quint64 kept = loader.connections()[0]->log.size();
    QVERIFY(kept < 300'000);
    QTest::qWait(20);
    QCOMPARE(loader.connections()[0]->log.size(), kept);
    QVERIFY(!loader.complete());
}

// Four connections of 3 MiB of payloads each, under a budget of 4 MiB for the file: what the logs hold stays within
// it, the newest payloads of each connection are there, and every record is, released or not.
void tst_SessionLoader::payloadBudgetIsForTheWholeFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.sksession"));
    QList<SessionRecord> records;
    for (int c = 1; c <= 4; ++c) {
        QList<SessionRecord> one = sessionfixtures::records(1, 0, QStringLiteral("ws://h/"));
        for (SessionRecord &r : one)
            r.connection = quint32(c);
        one.removeLast(); // the close
        records.append(one);
    }
    for (int i = 0; i < 192; ++i) {
        const quint32 c = quint32(i % 4 + 1);
        SessionRecord f = sessionfixtures::frameRecord(c, 2'000'000'000'000'000 + i, proto::Direction::Incoming,
                                                       proto::Opcode::Binary, QByteArray(64 << 10, char(i)));
        SessionRecord m;
        m.type = RecordType::Message;
        m.connection = c;
        m.timestampUs = f.timestampUs;
        m.direction = proto::Direction::Incoming;
        m.messageType = proto::Opcode::Binary;
        m.frameCount = 1;
        records.append(f);
        records.append(m);
    }
    QVERIFY(sessionfixtures::writeFile(path, sessionfixtures::encode(records, true)));
    SessionLoader loader(StoreLimits{1'000'000, 4 << 20});
    QSignalSpy finished(&loader, &SessionLoader::finished);
    QVERIFY(loader.open(path));
    QVERIFY(finished.wait(10000));
    QCOMPARE(loader.connections().size(), size_t(4));
    qint64 held = 0;
    for (const auto &c : loader.connections()) {
        held += c->log.payloadBytes();
        QCOMPARE(c->log.size(), quint64(48));
        const MessageRecord &newest = c->log.at(c->log.endIndex() - 1);
        QVERIFY(!newest.payloadReleased);
        QCOMPARE(newest.payload.size(), 64 << 10);
        QVERIFY(c->log.at(c->log.firstIndex()).payloadReleased);
        QCOMPARE(c->log.at(c->log.firstIndex()).payloadSize, 64 << 10);
    }
    QVERIFY2(held <= 4 << 20, qPrintable(QString::number(held)));
}

// Under a tiny budget most payloads are released; each comes back from the file exactly as a log without a budget
// holds it: fragmented messages whose frames interleave with another connection's, a compressed message (its
// inflated payload is in its Message record), and control frames.
void tst_SessionLoader::releasedPayloadsAreReadAgainFromTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.sksession"));
    QList<SessionRecord> records;
    for (int c = 1; c <= 2; ++c) {
        QList<SessionRecord> one = sessionfixtures::records(1, 0, QStringLiteral("ws://h/"));
        for (SessionRecord &r : one)
            r.connection = quint32(c);
        one.removeLast();
        records.append(one);
    }
    auto message = [&records](quint32 c, proto::Direction d, proto::Opcode type, quint32 frames, bool compressed,
                              const QByteArray &inflated) {
        SessionRecord m;
        m.type = RecordType::Message;
        m.connection = c;
        m.timestampUs = 1;
        m.direction = d;
        m.messageType = type;
        m.frameCount = frames;
        m.compressed = compressed;
        m.inflatedPayload = inflated;
        records.append(m);
    };
    for (int i = 0; i < 40; ++i) {
        const QByteArray a(300'000, char('a' + i % 26)), b(200'000, char('A' + i % 26));
        // Three fragments of connection 1 with connection 2's frames and a ping between them.
        SessionRecord f1 = sessionfixtures::frameRecord(1, i, proto::Direction::Incoming, proto::Opcode::Binary, a);
        f1.frame.fin = false;
        records.append(f1);
        records.append(sessionfixtures::frameRecord(2, i, proto::Direction::Incoming, proto::Opcode::Text, b));
        records.append(sessionfixtures::frameRecord(1, i, proto::Direction::Incoming, proto::Opcode::Ping,
                                                    "ping " + QByteArray::number(i)));
        records.append(sessionfixtures::frameRecord(1, i, proto::Direction::Outgoing, proto::Opcode::Text, b));
        message(2, proto::Direction::Incoming, proto::Opcode::Text, 1, false, {});
        SessionRecord f2 =
            sessionfixtures::frameRecord(1, i, proto::Direction::Incoming, proto::Opcode::Continuation, b);
        f2.frame.fin = false;
        records.append(f2);
        records.append(
            sessionfixtures::frameRecord(1, i, proto::Direction::Incoming, proto::Opcode::Continuation, "end"));
        message(1, proto::Direction::Incoming, proto::Opcode::Binary, 3, false, {});
        message(1, proto::Direction::Outgoing, proto::Opcode::Text, 1, false, {});
        // A compressed message: its frame carries deflated bytes, its Message record the inflated ones.
        SessionRecord z =
            sessionfixtures::frameRecord(2, i, proto::Direction::Outgoing, proto::Opcode::Text, "\x4b\x04\x00");
        z.frame.rsv1 = true;
        records.append(z);
        message(2, proto::Direction::Outgoing, proto::Opcode::Text, 1, true, QByteArray(100'000, 'z'));
    }
    QVERIFY(sessionfixtures::writeFile(path, sessionfixtures::encode(records, true)));

    const LoadedSession whole = loadSessionFile(path, StoreLimits{1'000'000, qint64(1) << 40});
    QVERIFY(!whole.error);
    SessionLoader loader(StoreLimits{1'000'000, 2 << 20});
    QSignalSpy finished(&loader, &SessionLoader::finished);
    QVERIFY(loader.open(path));
    QVERIFY(finished.wait(10000));
    PayloadSource source(path);
    int released = 0;
    for (size_t c = 0; c < 2; ++c) {
        const MessageStore &log = loader.connections()[c]->log;
        const MessageStore &full = whole.connections[c]->log;
        QCOMPARE(log.size(), full.size());
        for (quint64 i = 0; i < log.size(); ++i) {
            const MessageRecord &r = log.at(i);
            QVERIFY(r.sourceOffset > 0);
            if (!r.payloadReleased)
                continue;
            ++released;
            QString error;
            const std::optional<QByteArray> payload = source.payload(loader.connections()[c]->id, r, &error);
            QVERIFY2(payload, qPrintable(error));
            QCOMPARE(*payload, full.at(i).payload);
        }
    }
    QVERIFY2(released > 100, qPrintable(QString::number(released)));
    // A record not from a file, or a file that changed under it, says so.
    MessageRecord live;
    QString error;
    QVERIFY(!source.payload(1, live, &error));
    QVERIFY(error.contains(QStringLiteral("not read from a session file")));
    MessageRecord wrong = loader.connections()[0]->log.at(0);
    QVERIFY(!source.payload(2, wrong, &error));
    QVERIFY(error.contains(QStringLiteral("not this one's")));
}

QTEST_GUILESS_MAIN(tst_SessionLoader)
#include "tst_sessionloader.moc"
