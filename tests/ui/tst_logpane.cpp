// LogPane: the filter bar and table over whichever log is shown, as the server tab and the session view switch
// between clients and connections.
#include "ui/logpane.h"
#include "ui/messagelogmodel.h"

#include "../common/logfixtures.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

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

QTEST_MAIN(tst_LogPane)
#include "tst_logpane.moc"
