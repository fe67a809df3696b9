// SessionTab and its replay: an opened session shown read-only, HAR files and captures opened as sessions, exports,
// and a replay whose differences are shown by JSON path and side by side.
#include "ui/handshakeinspector.h"
#include "ui/logpane.h"
#include "ui/messagedetails.h"
#include "ui/messagelogmodel.h"
#include "ui/replaypanel.h"
#include "ui/replayresultsmodel.h"
#include "ui/sessionconnectionsmodel.h"
#include "ui/sessiontab.h"
#include "ui/sidebysidediff.h"

#include "session/harreader.h"
#include "session/loadedsession.h"

#include "../common/logfixtures.h"
#include "../common/sessionfixtures.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace sockscope;
using ui::SessionTab;
using ui::SideBySideDiff;

namespace {

// A recorded client connection to `url`: two requests, each answered with a JSON object with an id, a value and
// a timestamp.
QByteArray recordedJsonSession(const QString &url)
{
    QList<session::SessionRecord> records = sessionfixtures::records(1, 0, url);
    records.removeLast(); // its close
    const QByteArray requests[] = {R"({"op":"get","n":1})", R"({"op":"get","n":2})"};
    const QByteArray answers[] = {R"({"id":1,"value":"a","ts":111})", R"({"id":2,"value":"b","ts":222})"};
    qint64 t = records.last().timestampUs + 1000;
    for (int i = 0; i < 2; ++i) {
        for (auto [d, payload] :
             {std::pair{proto::Direction::Outgoing, requests[i]}, std::pair{proto::Direction::Incoming, answers[i]}}) {
            t += 1000;
            records.append(sessionfixtures::frameRecord(1, t, d, proto::Opcode::Text, payload));
            session::SessionRecord m;
            m.type = session::RecordType::Message;
            m.connection = 1;
            m.timestampUs = t;
            m.direction = d;
            m.messageType = proto::Opcode::Text;
            m.frameCount = 1;
            records.append(m);
        }
    }
    return sessionfixtures::encode(records, true);
}

// Answers {"op":"get","n":N} with {"id":N,"value":<value>,"ts":<now>}.
class JsonServer : public QObject
{
public:
    explicit JsonServer(QString value)
        : m_server(QStringLiteral("json"), QWebSocketServer::NonSecureMode)
        , m_value(std::move(value))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            connect(socket, &QWebSocket::textMessageReceived, socket, [this, socket](const QString &text) {
                const QString n = text.section(QLatin1Char(':'), 2).chopped(1);
                socket->sendTextMessage(QStringLiteral("{\"id\":%1,\"value\":\"%2\",\"ts\":%3}")
                                            .arg(n, n == QLatin1String("1") ? QStringLiteral("a") : m_value)
                                            .arg(QDateTime::currentMSecsSinceEpoch()));
            });
        });
    }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort()); }

private:
    QWebSocketServer m_server;
    QString m_value;
};

bool loaded(SessionTab &tab)
{
    return QTest::qWaitFor([&] { return tab.isLoaded(); }, 10000);
}

// The recording of recordedJsonSession() opened and loaded in `tab`.
bool openJsonSession(SessionTab &tab, const QTemporaryDir &dir, const QString &url)
{
    const QString path = dir.filePath(QStringLiteral("j.sksession"));
    return sessionfixtures::writeFile(path, recordedJsonSession(url)) && tab.open(path) && loaded(tab);
}

} // namespace

class tst_SessionTab : public QObject
{
    Q_OBJECT
private slots:
    void showsConnectionsLogHandshakeAndClose();
    void replayShowsDifferencesByPathAndSideBySide();
    void replayWithIgnoredPathsMatches();
    void replayToAnUnreachableServer();
    void opensHarFiles();
    void opensCaptures();
    void exportsRoundTrip();
    void alignsLines_data();
    void alignsLines();
};

void tst_SessionTab::showsConnectionsLogHandshakeAndClose()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path,
        sessionfixtures::encode(sessionfixtures::records(3, 40, QStringLiteral("ws://example.test/echo")), true)));
    SessionTab tab;
    QAbstractItemModelTester tester(tab.connectionsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(tab.open(path));
    QVERIFY(loaded(tab));
    QCOMPARE(tab.connectionsModel()->rowCount(), 3);
    QCOMPARE(cellText(tab.connectionsModel(), 2, ui::SessionConnectionsModel::UrlColumn),
             QStringLiteral("ws://example.test/echo"));
    QCOMPARE(cellText(tab.connectionsModel(), 2, ui::SessionConnectionsModel::MessagesColumn), QStringLiteral("40"));
    QVERIFY(cellText(tab.connectionsModel(), 2, ui::SessionConnectionsModel::CloseColumn)
                .startsWith(QStringLiteral("1000")));
    // The first connection is shown at once; another on selection, its log filtered like a live one.
    QCOMPARE(tab.selectedConnection(), 0);
    tab.selectConnection(1);
    ui::MessageLogModel *log = tab.logPane()->model();
    QTRY_COMPARE(log->rowCount(), 40);
    QCOMPARE(cellText(log, 3, ui::MessageLogModel::PreviewColumn), QStringLiteral("c2-m3"));
    tab.logPane()->filterEdit()->setText(QStringLiteral("c2-m1"));
    QCOMPARE(log->rowCount(), 11); // m1, m10..m19
    tab.logPane()->view()->setCurrentIndex(log->index(0, 0));
    QVERIFY(tab.details()->summary().contains(QStringLiteral("text")));
    QVERIFY(tab.handshakeInspector()->requestText().startsWith(QStringLiteral("GET /echo HTTP/1.1")));
    QVERIFY(tab.handshakeInspector()->checksText().contains(QStringLiteral("Sec-WebSocket-Accept")));
    QVERIFY2(tab.notesText().contains(QStringLiteral("closed: code 1000")), qPrintable(tab.notesText()));
    QCOMPARE(tab.statusText(), QStringLiteral("Connections: 3 · records: %1").arg(3 * (3 + 80 + 1) + 1));
}

void tst_SessionTab::replayShowsDifferencesByPathAndSideBySide()
{
    JsonServer server(QStringLiteral("changed"));
    QTemporaryDir dir;
    SessionTab tab;
    QVERIFY(openJsonSession(tab, dir, server.url()));
    ui::ReplayPanel *replay = tab.replayPanel();
    QAbstractItemModelTester tester(replay->results(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    replay->setSpeed(0);
    QSignalSpy finished(replay, &ui::ReplayPanel::finished);
    replay->start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(replay->results()->rowCount(), 2);
    QCOMPARE(cellText(replay->results(), 0, ui::ReplayResultsModel::VerdictColumn), QStringLiteral("✘ differs"));
    QCOMPARE(cellText(replay->results(), 1, ui::ReplayResultsModel::VerdictColumn), QStringLiteral("✘ differs"));
    QVERIFY2(replay->statusText().startsWith(QStringLiteral("0 of 2 responses matched")),
             qPrintable(replay->statusText()));
    // The first difference is selected without a click: the timestamp changed.
    QCOMPARE(replay->resultsView()->currentIndex().row(), 0);
    QVERIFY2(replay->differencesText().startsWith(QStringLiteral("$.ts: recorded 111, received ")),
             qPrintable(replay->differencesText()));
    // The second: value and timestamp, and side by side the two changed lines face each other.
    replay->resultsView()->setCurrentIndex(replay->results()->index(1, 0));
    QVERIFY(replay->differencesText().contains(QStringLiteral("$.value: recorded \"b\", received \"changed\"")));
    const QList<SideBySideDiff::Row> rows = replay->diff()->rows();
    const QStringList left = replay->diff()->leftView()->toPlainText().split(QLatin1Char('\n'));
    const QStringList right = replay->diff()->rightView()->toPlainText().split(QLatin1Char('\n'));
    QCOMPARE(left.size(), rows.size());
    int changed = 0;
    for (int i = 0; i < rows.size(); ++i) {
        if (rows[i].kind == SideBySideDiff::LineKind::Changed) {
            ++changed;
            QVERIFY(left[i] != right[i]);
        } else {
            QCOMPARE(left[i], right[i]);
        }
    }
    QCOMPARE(changed, 2);
    QCOMPARE(left[rows.size() - 3].trimmed(), QStringLiteral("\"value\": \"b\","));
    QCOMPARE(right[rows.size() - 3].trimmed(), QStringLiteral("\"value\": \"changed\","));
    QCOMPARE(replay->diff()->summary(), QStringLiteral("2 changed, 0 only recorded, 0 only received now (lines)"));
}

void tst_SessionTab::replayWithIgnoredPathsMatches()
{
    JsonServer server(QStringLiteral("b"));
    QTemporaryDir dir;
    SessionTab tab;
    QVERIFY(openJsonSession(tab, dir, server.url()));
    ui::ReplayPanel *replay = tab.replayPanel();
    replay->setSpeed(0);
    replay->setIgnorePaths(QStringLiteral("$.ts"));
    QSignalSpy finished(replay, &ui::ReplayPanel::finished);
    replay->start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(replay->statusText().startsWith(QStringLiteral("All 2 responses matched")),
             qPrintable(replay->statusText()));
    QCOMPARE(cellText(replay->results(), 1, ui::ReplayResultsModel::VerdictColumn), QStringLiteral("✔ matched"));
    // A path that cannot be used is refused before anything is sent.
    replay->setIgnorePaths(QStringLiteral("$.[broken"));
    replay->start();
    QVERIFY(!replay->isRunning());
    QVERIFY2(replay->statusText().contains(QStringLiteral("$.[broken")), qPrintable(replay->statusText()));
}

void tst_SessionTab::replayToAnUnreachableServer()
{
    quint16 closedPort = 0;
    {
        JsonServer probe(QString{});
        closedPort = quint16(QUrl(probe.url()).port());
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("j.sksession"));
    QVERIFY(
        sessionfixtures::writeFile(path, recordedJsonSession(QStringLiteral("ws://127.0.0.1:%1/").arg(closedPort))));
    SessionTab tab;
    QVERIFY(tab.open(path));
    QVERIFY(loaded(tab));
    ui::ReplayPanel *replay = tab.replayPanel();
    // Not a WebSocket URL: said at once.
    replay->setUrl(QStringLiteral("http://127.0.0.1/"));
    replay->start();
    QVERIFY(!replay->isRunning());
    QVERIFY(replay->statusText().contains(QStringLiteral("is not a ws:// or wss:// URL")));
    replay->setUrl(QString());
    QSignalSpy finished(replay, &ui::ReplayPanel::finished);
    replay->start();
    QVERIFY(finished.wait(10000));
    QVERIFY2(replay->statusText().startsWith(QStringLiteral("Could not connect to ws://127.0.0.1:")),
             qPrintable(replay->statusText()));
}

void tst_SessionTab::opensHarFiles()
{
    SessionTab tab;
    const QString har = QFINDTESTDATA("../session/data/chrome-websocket-chat.har");
    QVERIFY(!har.isEmpty());
    QVERIFY(tab.open(har));
    QVERIFY(loaded(tab));
    QCOMPARE(tab.fileName(), har);
    QVERIFY(tab.sessionFileName() != har);
    QVERIFY2(tab.statusText().startsWith(
                 QStringLiteral("Converted from a HAR file: 2 WebSocket entries (1 other entries skipped)")),
             qPrintable(tab.statusText()));
    QCOMPARE(tab.connectionsModel()->rowCount(), 2);
    QFile file(har);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const session::HarReadResult expected = session::readHar(file.readAll());
    QTRY_VERIFY(tab.logPane()->model() && tab.logPane()->model()->rowCount() > 0);
    ui::MessageLogModel *log = tab.logPane()->model();
    QList<QByteArray> shown, inFile;
    for (quint64 i = log->store().firstIndex(); i < log->store().endIndex(); ++i)
        shown.append(log->store().at(i).payload);
    for (const session::HarWebSocketMessage &m : expected.entries[0].messages)
        if (m.type != session::HarMessageType::Error)
            inFile.append(m.payload);
    QCOMPARE(shown, inFile);

    // A HAR file with an error: what came before it is shown, and the error is said.
    QTemporaryDir dir;
    QFile::copy(har, dir.filePath(QStringLiteral("whole.har")));
    QFile whole(dir.filePath(QStringLiteral("whole.har")));
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();
    QVERIFY(sessionfixtures::writeFile(dir.filePath(QStringLiteral("cut.har")), bytes.left(bytes.size() * 3 / 4)));
    SessionTab cut;
    QVERIFY(cut.open(dir.filePath(QStringLiteral("cut.har"))));
    QVERIFY(loaded(cut));
    QVERIFY2(cut.statusText().contains(QStringLiteral("The file has an error, so it was read up to there: line")),
             qPrintable(cut.statusText()));
    QVERIFY(cut.connectionsModel()->rowCount() >= 1);
    // Not HAR at all: nothing opens.
    QVERIFY(sessionfixtures::writeFile(dir.filePath(QStringLiteral("x.har")), "<html>"));
    SessionTab bad;
    QVERIFY(!bad.open(dir.filePath(QStringLiteral("x.har"))));
    QVERIFY2(bad.statusText().contains(QStringLiteral("This is not a HAR file that can be read")),
             qPrintable(bad.statusText()));
}

void tst_SessionTab::opensCaptures()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(2, 30, QStringLiteral("ws://127.0.0.1/echo")), true)));
    SessionTab original;
    QVERIFY(original.open(path));
    QVERIFY(loaded(original));
    const QString capture = dir.filePath(QStringLiteral("s.pcapng"));
    QString error;
    QVERIFY2(original.exportPcapng(capture, &error), qPrintable(error));

    SessionTab tab;
    QVERIFY(tab.open(capture));
    QVERIFY(loaded(tab));
    QVERIFY2(tab.statusText().contains(QStringLiteral("2 WebSocket connections")), qPrintable(tab.statusText()));
    QCOMPARE(tab.connectionsModel()->rowCount(), 2);
    tab.selectConnection(1);
    ui::MessageLogModel *log = tab.logPane()->model();
    QTRY_COMPARE(log->rowCount(), 30);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(log->store().at(log->recordIndex(i)).payload, sessionfixtures::payloadOf(2, i));
    // Not a capture: nothing opens, with the reason.
    QVERIFY(sessionfixtures::writeFile(dir.filePath(QStringLiteral("x.pcap")), "not a capture"));
    SessionTab bad;
    QVERIFY(!bad.open(dir.filePath(QStringLiteral("x.pcap"))));
    QVERIFY2(bad.statusText().contains(QStringLiteral("not a packet capture")), qPrintable(bad.statusText()));
}

void tst_SessionTab::exportsRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sksession"));
    QVERIFY(sessionfixtures::writeFile(
        path, sessionfixtures::encode(sessionfixtures::records(1, 12, QStringLiteral("ws://127.0.0.1/echo")), true)));
    SessionTab tab;
    QVERIFY(tab.open(path));
    QVERIFY(loaded(tab));
    QString error;
    const QString copy = dir.filePath(QStringLiteral("copy.sksession"));
    QVERIFY2(tab.saveCopy(copy, &error), qPrintable(error));
    QFile a(path), b(copy);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(b.readAll(), a.readAll());
    const QString har = dir.filePath(QStringLiteral("s.har"));
    QVERIFY2(tab.exportHar(har, &error), qPrintable(error));
    SessionTab fromHar;
    QVERIFY(fromHar.open(har));
    QVERIFY(loaded(fromHar));
    QTRY_COMPARE(fromHar.logPane()->model()->rowCount(), 12);
    for (int i = 0; i < 12; ++i)
        QCOMPARE(fromHar.logPane()->model()->store().at(quint64(i)).payload, sessionfixtures::payloadOf(1, i));
    // A place that cannot be written: said, nothing written.
    QVERIFY(!tab.exportHar(QStringLiteral("/nonexistent/dir/s.har"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!tab.saveCopy(QStringLiteral("/nonexistent/dir/s.sksession"), &error));
}

void tst_SessionTab::alignsLines_data()
{
    QTest::addColumn<QStringList>("left");
    QTest::addColumn<QStringList>("right");
    QTest::addColumn<QString>("kinds"); // one letter per row: = same, ~ changed, - removed, + added

    QTest::addRow("equal") << QStringList{"a", "b"} << QStringList{"a", "b"} << "==";
    QTest::addRow("one changed") << QStringList{"a", "b", "c"} << QStringList{"a", "x", "c"} << "=~=";
    QTest::addRow("inserted") << QStringList{"a", "c"} << QStringList{"a", "b", "c"} << "=+=";
    QTest::addRow("removed") << QStringList{"a", "b", "c"} << QStringList{"a", "c"} << "=-=";
    QTest::addRow("moved apart") << QStringList{"{", "x", "y", "}"} << QStringList{"{", "y", "z", "}"} << "=-=+=";
    QTest::addRow("empty left") << QStringList{} << QStringList{"a"} << "+";
    QTest::addRow("all different") << QStringList{"a", "b"} << QStringList{"c"} << "~-";
}

void tst_SessionTab::alignsLines()
{
    QFETCH(QStringList, left);
    QFETCH(QStringList, right);
    QFETCH(QString, kinds);
    const QList<SideBySideDiff::Row> rows = SideBySideDiff::align(left, right);
    QString got;
    int l = 0, r = 0;
    for (const SideBySideDiff::Row &row : rows) {
        switch (row.kind) {
        case SideBySideDiff::LineKind::Same: got += QLatin1Char('='); break;
        case SideBySideDiff::LineKind::Changed: got += QLatin1Char('~'); break;
        case SideBySideDiff::LineKind::Removed: got += QLatin1Char('-'); break;
        case SideBySideDiff::LineKind::Added: got += QLatin1Char('+'); break;
        }
        // Every line of both sides appears once, in order.
        if (row.left >= 0)
            QCOMPARE(row.left, l++);
        if (row.right >= 0)
            QCOMPARE(row.right, r++);
        if (row.kind == SideBySideDiff::LineKind::Same)
            QCOMPARE(left[row.left], right[row.right]);
    }
    QCOMPARE(l, left.size());
    QCOMPARE(r, right.size());
    QCOMPARE(got, kinds);
}

QTEST_MAIN(tst_SessionTab)
#include "tst_sessiontab.moc"
