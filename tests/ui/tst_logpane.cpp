// LogPane: the filter bar and table over whichever log is shown, as the server tab and the session view switch
// between clients and connections.
#include "ui/logpane.h"
#include "ui/messagelogmodel.h"

#include "../common/logfixtures.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sockscope;
using ui::LogPane;
using ui::MessageLogModel;

class tst_LogPane : public QObject
{
    Q_OBJECT
private slots:
    void filterFollowsTheShownLog();
    void selectionGivesTheRecord();
    void clearEmptiesTheLog();
    void liveControlsCanBeHidden();
    void exportsWhatTheFilterShows();
    void failedExportWritesNothing();
};

namespace {
void fill(MessageLogModel &model, const QList<QByteArray> &payloads)
{
    for (const QByteArray &p : payloads)
        model.addMessage(proto::Direction::Incoming, singleFrameMessage(proto::Opcode::Text, p), 0);
    model.flush();
}
} // namespace

void tst_LogPane::filterFollowsTheShownLog()
{
    MessageLogModel a, b;
    fill(a, {"alpha", "beta", "alphabet"});
    fill(b, {"gamma", "alpha"});
    LogPane pane;
    pane.setModel(&a);
    QTest::keyClicks(pane.filterEdit(), QStringLiteral("alpha"));
    QCOMPARE(a.rowCount(), 2);
    // Another log shown: the same filter applies to it.
    pane.setModel(&b);
    QCOMPARE(pane.view()->model(), &b);
    QCOMPARE(b.rowCount(), 1);
    QCOMPARE(cellText(&b, 0, MessageLogModel::PreviewColumn), QStringLiteral("alpha"));
    // A broken regular expression is marked and the filter before it stays.
    pane.findChild<QCheckBox *>(QStringLiteral("regex"))->setChecked(true);
    pane.filterEdit()->setText(QStringLiteral("(unclosed"));
    QVERIFY(pane.filterEdit()->toolTip().contains(QStringLiteral("not valid")));
    QCOMPARE(b.rowCount(), 1);
    pane.filterEdit()->clear();
    QCOMPARE(b.rowCount(), 2);
    // Direction: nothing was sent.
    pane.findChild<QComboBox *>()->setCurrentIndex(1);
    QCOMPARE(b.rowCount(), 0);
    pane.setModel(nullptr);
    QCOMPARE(pane.currentRecord(), nullptr);
}

void tst_LogPane::selectionGivesTheRecord()
{
    MessageLogModel model;
    fill(model, {"one", "two", "three"});
    LogPane pane;
    QSignalSpy changed(&pane, &LogPane::currentRecordChanged);
    pane.setModel(&model);
    QCOMPARE(pane.currentRecord(), nullptr);
    pane.view()->setCurrentIndex(model.index(1, 0));
    QVERIFY(changed.size() >= 2);
    QVERIFY(pane.currentRecord());
    QCOMPARE(pane.currentRecord()->payload, QByteArray("two"));
    // The model goes away: the pane shows nothing and does not touch it.
    {
        MessageLogModel shortLived;
        fill(shortLived, {"x"});
        pane.setModel(&shortLived);
    }
    QCOMPARE(pane.model(), nullptr);
    QCOMPARE(pane.currentRecord(), nullptr);
}

void tst_LogPane::clearEmptiesTheLog()
{
    MessageLogModel model;
    fill(model, {"one", "two"});
    LogPane pane;
    pane.setModel(&model);
    QSignalSpy cleared(&pane, &LogPane::cleared);
    QPushButton *clear = nullptr;
    for (QPushButton *b : pane.findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Clear"))
            clear = b;
    QVERIFY(clear);
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(cleared.size(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void tst_LogPane::liveControlsCanBeHidden()
{
    LogPane pane;
    pane.setLiveControlsVisible(false);
    for (QPushButton *b : pane.findChildren<QPushButton *>())
        QVERIFY(b->isHidden());
    QVERIFY(!pane.filterEdit()->isHidden());
}

void tst_LogPane::exportsWhatTheFilterShows()
{
    using Format = session::LogExporter::Format;
    MessageLogModel model;
    fill(model, {"alpha", "beta", "alphabet"});
    LogPane pane;
    QVERIFY(!pane.exportButton()->isEnabled());
    pane.setModel(&model);
    pane.setConnectionUrlSource([] { return QStringLiteral("ws://127.0.0.1:9998/echo"); });
    QVERIFY(pane.exportButton()->isEnabled());
    QStringList entries;
    for (const QAction *action : pane.exportButton()->menu()->actions())
        entries << action->text();
    QCOMPARE(entries, (QStringList{QStringLiteral("Text…"), QStringLiteral("CSV…"), QStringLiteral("JSON…"), QString(),
                                   QStringLiteral("Only the Messages Shown")}));
    QVERIFY(pane.exportsOnlyShown());
    QTest::keyClicks(pane.filterEdit(), QStringLiteral("alpha"));
    QCOMPARE(model.rowCount(), 2);

    QTemporaryDir dir;
    QString error;
    // Only the rows shown: the header and two messages.
    const QString shownPath = dir.filePath(QStringLiteral("shown.csv"));
    QVERIFY2(pane.exportLog(shownPath, Format::Csv, true, &error), qPrintable(error));
    QFile shown(shownPath);
    QVERIFY(shown.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = shown.readAll().split('\n');
    QCOMPARE(rows.size(), 4); // three lines and what follows the last line break
    QVERIFY(rows[0].startsWith("time_iso,"));
    QVERIFY(rows[1].contains(",alpha,"));
    QVERIFY(rows[2].contains(",alphabet,"));

    // Every message, with the connection's URL.
    const QString allPath = dir.filePath(QStringLiteral("all.json"));
    QVERIFY2(pane.exportLog(allPath, Format::Json, false, &error), qPrintable(error));
    QFile all(allPath);
    QVERIFY(all.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(all.readAll()).object();
    QCOMPARE(json.value(QLatin1String("url")).toString(), QStringLiteral("ws://127.0.0.1:9998/echo"));
    const QJsonArray messages = json.value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages[1].toObject().value(QLatin1String("payload_text")).toString(), QStringLiteral("beta"));

    // Text replaces the file whole.
    QVERIFY2(pane.exportLog(allPath, Format::Text, true, &error), qPrintable(error));
    all.close();
    QVERIFY(all.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = all.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].endsWith(" text 5 B: alpha"));
    QVERIFY(lines[1].endsWith(" text 8 B: alphabet"));
}

void tst_LogPane::failedExportWritesNothing()
{
    MessageLogModel model;
    fill(model, {"one"});
    LogPane pane;
    QString error;
    QVERIFY(!pane.exportLog(QStringLiteral("unused.txt"), session::LogExporter::Format::Text, true, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(QStringLiteral("unused.txt")));

    pane.setModel(&model);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/log.txt"));
    error.clear();
    QVERIFY(!pane.exportLog(path, session::LogExporter::Format::Text, true, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

QTEST_MAIN(tst_LogPane)
#include "tst_logpane.moc"
