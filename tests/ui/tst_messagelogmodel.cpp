#include "ui/messagelogmodel.h"

#include "../common/logfixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sockscope;
using ui::LogFilter;
using ui::MessageLogModel;

namespace {
proto::Frame frame(proto::Opcode opcode, const QByteArray &payload)
{
    return encodedFrame(opcode, payload);
}

proto::Message message(proto::Opcode type, const QByteArray &payload)
{
    return singleFrameMessage(type, payload);
}

QString cell(const MessageLogModel &model, int row, int column)
{
    return cellText(&model, row, column);
}
} // namespace

class tst_MessageLogModel : public QObject
{
    Q_OBJECT
private slots:
    void appendsOncePerEventLoopTurn();
    void columns();
    void filterByTextAndKind();
    void filterRegex();
    void filterAppliesToNewRecords();
    void pauseKeepsEverything();
    void capRemovesOldestRows();
    void clear();
    void showsAStoreFilledElsewhere();
};

void tst_MessageLogModel::appendsOncePerEventLoopTurn()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 1000; ++i)
        model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, QByteArray::number(i)), i);
    QCOMPARE(model.rowCount(), 0); // queued
    QVERIFY(inserted.wait(1000));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0][1].toInt(), 0);
    QCOMPARE(inserted[0][2].toInt(), 999);
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(cell(model, 999, MessageLogModel::PreviewColumn), QStringLiteral("999"));
}

void tst_MessageLogModel::columns()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 t = 1'700'000'000'123'456; // µs
    model.addMessage(proto::Direction::Outgoing, message(proto::Opcode::Text, "line one\nline two"), t);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Binary, QByteArray("\x00\x01\xff", 3)), t);
    model.addFrame(proto::Direction::Incoming, frame(proto::Opcode::Ping, "hb"), t);
    model.addFrame(proto::Direction::Incoming, frame(proto::Opcode::Close, QByteArray("\x03\xe9", 2) + "bye"), t);
    model.addFrame(proto::Direction::Incoming, frame(proto::Opcode(0x3), "??"), t);
    proto::Message compressed = message(proto::Opcode::Text, QByteArray(4096, 'a'));
    compressed.compressed = true;
    compressed.frames[0].payload = QByteArray(20, 'z'); // what the wire carried
    model.addMessage(proto::Direction::Incoming, compressed, t);
    model.flush();
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.columnCount(), 5);

    const QString time = cell(model, 0, MessageLogModel::TimeColumn);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.123$")).match(time).hasMatch(),
             qPrintable(time));
    QVERIFY(model.data(model.index(0, MessageLogModel::TimeColumn), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("456 µs")));
    QCOMPARE(cell(model, 0, MessageLogModel::DirectionColumn), QStringLiteral("↑ sent"));
    QCOMPARE(cell(model, 1, MessageLogModel::DirectionColumn), QStringLiteral("↓ received"));
    QCOMPARE(cell(model, 0, MessageLogModel::TypeColumn), QStringLiteral("text"));
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("line one⏎line two"));
    QCOMPARE(cell(model, 1, MessageLogModel::TypeColumn), QStringLiteral("binary"));
    QCOMPARE(cell(model, 1, MessageLogModel::PreviewColumn), QStringLiteral("00 01 ff"));
    QCOMPARE(cell(model, 1, MessageLogModel::SizeColumn), QStringLiteral("3 bytes"));
    QCOMPARE(cell(model, 2, MessageLogModel::TypeColumn), QStringLiteral("ping"));
    QCOMPARE(cell(model, 2, MessageLogModel::PreviewColumn), QStringLiteral("hb"));
    QCOMPARE(cell(model, 3, MessageLogModel::PreviewColumn), QStringLiteral("1001 Going Away “bye”"));
    QCOMPARE(cell(model, 4, MessageLogModel::TypeColumn), QStringLiteral("reserved 0x3"));
    // Compressed and inflated sizes side by side.
    QCOMPARE(cell(model, 5, MessageLogModel::SizeColumn), QStringLiteral("4.0 KiB (20 bytes compressed)"));
    QCOMPARE(model.data(model.index(2, 0), MessageLogModel::RecordIndexRole).toULongLong(), quint64(2));
    QCOMPARE(model.data(model.index(2, 0), MessageLogModel::TimestampRole).toLongLong(), t);
}

void tst_MessageLogModel::filterByTextAndKind()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(proto::Direction::Outgoing, message(proto::Opcode::Text, "{\"type\":\"Subscribe\"}"), 1);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "{\"type\":\"ack\"}"), 2);
    model.addFrame(proto::Direction::Incoming, frame(proto::Opcode::Ping, "subscribe?"), 3);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Binary, "SUBSCRIBE bytes"), 4);
    model.flush();

    LogFilter filter;
    filter.text = QStringLiteral("subscribe");
    QVERIFY(model.setFilter(filter));
    QCOMPARE(model.rowCount(), 3); // case-insensitive, text and binary and ping payloads
    QCOMPARE(model.recordIndex(0), quint64(0));
    QCOMPARE(model.recordIndex(2), quint64(3));
    QCOMPARE(model.rowOf(1), -1);
    QCOMPARE(model.rowOf(2), 1);

    filter.caseSensitive = true;
    QVERIFY(model.setFilter(filter));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.recordIndex(0), quint64(2));

    filter = LogFilter();
    filter.kinds = LogFilter::Text;
    filter.outgoing = false;
    QVERIFY(model.setFilter(filter));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("{\"type\":\"ack\"}"));

    QVERIFY(model.setFilter(LogFilter()));
    QCOMPARE(model.rowCount(), 4);
}

void tst_MessageLogModel::filterRegex()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char *text : {"id=17", "id=x", "price 12.5", "ïd=42"})
        model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, text), 1);
    model.flush();
    LogFilter filter;
    filter.regularExpression = true;
    filter.text = QStringLiteral("^.d=\\d+$");
    QVERIFY(model.setFilter(filter));
    QCOMPARE(model.rowCount(), 2); // UTF-8 text is matched as text: "ï" is one character
    QCOMPARE(model.recordIndex(1), quint64(3));

    // A broken expression is reported and the previous filter stays.
    LogFilter broken = filter;
    broken.text = QStringLiteral("(unclosed");
    QVERIFY(!model.setFilter(broken));
    QVERIFY(model.filterError().contains(QStringLiteral("position")));
    QCOMPARE(model.filter(), filter);
    QCOMPARE(model.rowCount(), 2);
}

void tst_MessageLogModel::filterAppliesToNewRecords()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LogFilter filter;
    filter.text = QStringLiteral("error");
    QVERIFY(model.setFilter(filter));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "ok"), 1);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "error: 1"), 2);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "fine"), 3);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "ERROR: 2"), 4);
    QVERIFY(inserted.wait(1000));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 1, MessageLogModel::PreviewColumn), QStringLiteral("ERROR: 2"));
    // Everything is still stored: clearing the filter shows all four.
    QVERIFY(model.setFilter(LogFilter()));
    QCOMPARE(model.rowCount(), 4);
}

void tst_MessageLogModel::pauseKeepsEverything()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPaused(true);
    for (int i = 0; i < 10; ++i)
        model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "x"), i);
    QCoreApplication::processEvents();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.store().size(), quint64(10));
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 10);
}

void tst_MessageLogModel::capRemovesOldestRows()
{
    MessageLogModel model(session::StoreLimits{100, 1 << 20});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < 100; ++i)
        model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, QByteArray::number(i)), i);
    model.flush();
    QCOMPARE(model.rowCount(), 100);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "100"), 100);
    model.flush();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed[0][2].toInt(), 10); // rows 0..10 went in one removal
    QCOMPARE(model.rowCount(), 90);
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("11"));
    QCOMPARE(cell(model, 89, MessageLogModel::PreviewColumn), QStringLiteral("100"));

    // With a filter, only the matching rows among the removed records go.
    LogFilter filter;
    filter.text = QStringLiteral("5");
    QVERIFY(model.setFilter(filter));
    const int before = model.rowCount();
    for (int i = 101; i < 112; ++i)
        model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, QByteArray::number(i)), i);
    model.flush();
    // Records 11..21 were removed (15 among them), 105 arrived.
    QCOMPARE(model.rowCount(), before - 1 + 1);
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("25"));
}

void tst_MessageLogModel::clear()
{
    MessageLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "a"), 1);
    model.flush();
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.addMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "b"), 2);
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("b"));
}

QTEST_MAIN(tst_MessageLogModel)
#include "tst_messagelogmodel.moc"

// An opened session's connection keeps its own log; the model shows it as it grows and trims it to its limits.
void tst_MessageLogModel::showsAStoreFilledElsewhere()
{
    session::MessageStore store(session::StoreLimits{100, 1 << 20});
    for (int i = 0; i < 10; ++i)
        store.appendMessage(proto::Direction::Outgoing, message(proto::Opcode::Text, QByteArray::number(i)), i);
    MessageLogModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.refresh();
    QTRY_COMPARE(model.rowCount(), 10);
    QCOMPARE(cell(model, 9, MessageLogModel::PreviewColumn), QStringLiteral("9"));
    LogFilter filter;
    filter.text = QStringLiteral("7");
    QVERIFY(model.setFilter(filter));
    QCOMPARE(model.rowCount(), 1);
    for (int i = 10; i < 150; ++i)
        store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, QByteArray::number(i)), i);
    model.refresh();
    // Past the cap of 100 the oldest go, in a batch down to 90; of the rest, those with a 7 are shown.
    QTRY_COMPARE(model.store().firstIndex(), quint64(60));
    QCOMPARE(store.size(), quint64(90));
    int sevens = 0;
    for (int i = 60; i < 150; ++i)
        sevens += QByteArray::number(i).contains('7');
    QCOMPARE(model.rowCount(), sevens);
    QCOMPARE(cell(model, 0, MessageLogModel::PreviewColumn), QStringLiteral("67"));
}
