// Journal: the workbench's continuous recording, its lock, saving a copy, a clean end, and what a killed process
// leaves for the next start to recover.
#include "net/server.h"
#include "session/journal.h"
#include "session/loadedsession.h"

#include "../common/killedrecording.h"

#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>

using namespace sockscope;
using namespace sockscope::session;

namespace {
// In the child process: record a local server's clients into a journal in $SOCKSCOPE_JOURNAL_CHILD, print the
// port, and run until killed.
int runChild(const QString &directory)
{
    Journal journal;
    if (!journal.start(directory))
        return 2;
    net::Server server;
    net::ServerOptions options;
    options.port = 0;
    if (!server.listen(options))
        return 3;
    journal.recorder().addServer(&server);
    QTextStream(stdout) << server.port() << Qt::endl;
    return QCoreApplication::exec();
}
} // namespace

class tst_Journal : public QObject
{
    Q_OBJECT
private slots:
    void recordsSavesAndDiscards();
    void aLiveJournalIsNoOrphan();
    void killedProcessLeavesAnOrphanWithAllButTheLastSecond();
};

void tst_Journal::recordsSavesAndDiscards()
{
    QTemporaryDir dir;
    Journal journal;
    QVERIFY2(journal.start(dir.filePath(QStringLiteral("j"))), qPrintable(journal.errorString()));
    QVERIFY(QFileInfo::exists(journal.path()));
    QVERIFY(QFileInfo::exists(journal.path() + QStringLiteral(".lock")));
    net::Server server;
    net::ServerOptions options;
    options.port = 0;
    QVERIFY(server.listen(options));
    journal.recorder().addServer(&server);
    QWebSocket client;
    client.open(server.url());
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    client.sendTextMessage(QStringLiteral("kept"));
    QVERIFY(echoed.wait());

    // A copy while recording: a finished session file with what came so far.
    const QString copy = dir.filePath(QStringLiteral("copy.sksession"));
    QString error;
    QVERIFY2(journal.saveCopy(copy, &error), qPrintable(error));
    LoadedSession saved = loadSessionFile(copy);
    QVERIFY(saved.complete);
    QVERIFY(!saved.error);
    QCOMPARE(saved.connections.size(), size_t(1));
    QCOMPARE(saved.connections[0]->log.size(), quint64(2));
    QCOMPARE(saved.connections[0]->log.at(0).payload, QByteArray("kept"));
    // Recording goes on after the copy.
    client.sendTextMessage(QStringLiteral("later"));
    QVERIFY(echoed.wait());
    QVERIFY(journal.isRecording());
    QVERIFY(journal.saveCopy(copy, &error));
    QCOMPARE(loadSessionFile(copy).connections[0]->log.size(), quint64(4));
    // A copy to a place that cannot be written says why and leaves nothing half-written.
    QVERIFY(!journal.saveCopy(QStringLiteral("/nonexistent/dir/x.sksession"), &error));
    QVERIFY(!error.isEmpty());

    const QString path = journal.path();
    journal.discard();
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(path + QStringLiteral(".lock")));
    QVERIFY(Journal::orphans(dir.filePath(QStringLiteral("j"))).isEmpty());
}

void tst_Journal::aLiveJournalIsNoOrphan()
{
    QTemporaryDir dir;
    Journal a, b;
    QVERIFY(a.start(dir.path()));
    QVERIFY(b.start(dir.path()));
    QVERIFY(a.path() != b.path());
    QVERIFY(Journal::orphans(dir.path()).isEmpty());
    QString error;
    QVERIFY(!Journal::adopt(a.path(), dir.filePath(QStringLiteral("taken.sksession")), &error));
    QVERIFY(!Journal::remove(a.path()));
    QVERIFY(QFileInfo::exists(a.path()));
    // A journal whose owner is gone (no lock) is one.
    const QString path = b.path();
    b.recorder().finish();
    QFile::remove(path + QStringLiteral(".lock"));
    const QList<Journal::Orphan> orphans = Journal::orphans(dir.path());
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans[0].path, path);
    QVERIFY(orphans[0].size > 0);
}

// The workbench is killed while a client sends a message every 20 ms: the journal it leaves is found as an orphan
// and holds every message sent more than a second before the kill.
void tst_Journal::killedProcessLeavesAnOrphanWithAllButTheLastSecond()
{
    QTemporaryDir dir;
    const killedrecording::Run run =
        killedrecording::sendThenKill(QStringLiteral("SOCKSCOPE_JOURNAL_CHILD"), dir.path());
    QVERIFY2(run.error.isEmpty(), qPrintable(run.error));

    const QList<Journal::Orphan> orphans = Journal::orphans(dir.path());
    QCOMPARE(orphans.size(), 1);
    const QString recovered = dir.filePath(QStringLiteral("recovered/r.sksession"));
    QString error;
    QVERIFY2(Journal::adopt(orphans[0].path, recovered, &error), qPrintable(error));
    QVERIFY(Journal::orphans(dir.path()).isEmpty());
    const LoadedSession loaded = loadSessionFile(recovered);
    QVERIFY(!loaded.complete);
    QVERIFY(loaded.error.kind == SessionReadError::Kind::None ||
            loaded.error.kind == SessionReadError::Kind::Truncated);
    QCOMPARE(loaded.connections.size(), size_t(1));
    const QString lost =
        killedrecording::lostOlderThanASecond(run, killedrecording::received(loaded.connections[0]->log));
    QVERIFY2(lost.isEmpty(), qPrintable(lost));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString childDirectory = qEnvironmentVariable("SOCKSCOPE_JOURNAL_CHILD");
    if (!childDirectory.isEmpty())
        return runChild(childDirectory);
    tst_Journal test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_journal.moc"
