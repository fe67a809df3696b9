#include "ui/payloadeditor.h"
#include "ui/senderpanel.h"

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace sockscope;
using ui::SenderPanel;
using ui::SendRequest;

class tst_SenderPanel : public QObject
{
    Q_OBJECT
private slots:
    void sendWithCtrlEnter();
    void fragmentSizes();
    void badPayloadNotSent();
    void closeValidated();
    void historyAndTemplates();
};

void tst_SenderPanel::sendWithCtrlEnter()
{
    SenderPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.payloadEditor()->setText(QStringLiteral("hello"));
    panel.setFragmentation(2, 30, true);
    panel.setRepeat(3, 100);
    QSignalSpy requested(&panel, &SenderPanel::sendRequested);
    auto *editor = panel.payloadEditor()->findChild<QWidget *>(QStringLiteral("textEditor"));
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requested.size(), 1);
    const auto request = requested[0][0].value<SendRequest>();
    QCOMPARE(request.type, proto::Opcode::Text);
    QCOMPARE(request.payload, QByteArray("hello"));
    QCOMPARE(request.fragmentSizes(), (QList<qint64>{2, 2, 1}));
    QCOMPARE(request.fragmentDelayMs, 30);
    QVERIFY(request.pingBetweenFragments);
    QCOMPARE(request.repeatCount, 3);
    QCOMPARE(request.repeatIntervalMs, 100);
    // The text stays for the next send.
    QCOMPARE(panel.payloadEditor()->text(), QStringLiteral("hello"));
}

void tst_SenderPanel::fragmentSizes()
{
    SendRequest request;
    request.payload = QByteArray(10, 'x');
    QVERIFY(request.fragmentSizes().isEmpty());
    request.fragmentSize = 10;
    QVERIFY(request.fragmentSizes().isEmpty()); // one frame anyway
    request.fragmentSize = 4;
    QCOMPARE(request.fragmentSizes(), (QList<qint64>{4, 4, 2}));
}

void tst_SenderPanel::badPayloadNotSent()
{
    SenderPanel panel;
    panel.payloadEditor()->setMode(ui::PayloadEditor::Mode::Hex);
    panel.payloadEditor()->setText(QStringLiteral("zz"));
    QSignalSpy requested(&panel, &SenderPanel::sendRequested);
    QVERIFY(!panel.send());
    QCOMPARE(requested.size(), 0);
    QVERIFY(panel.payloadEditor()->statusText().startsWith(QStringLiteral("Not hex")));
}

void tst_SenderPanel::closeValidated()
{
    SenderPanel panel;
    QSignalSpy closes(&panel, &SenderPanel::closeRequested);
    panel.setCloseCode(4001, QStringLiteral("bye"));
    QVERIFY(panel.requestClose());
    QCOMPARE(closes.size(), 1);
    QCOMPARE(closes[0][0].toUInt(), 4001u);
    QCOMPARE(closes[0][1].toByteArray(), QByteArray("bye"));
    panel.setCloseCode(1006, QString());
    QVERIFY(!panel.requestClose());
    QVERIFY(panel.closeProblem().contains(QStringLiteral("1006 cannot be sent")));
    panel.setCloseCode(1000, QString(124, QLatin1Char('r')));
    QVERIFY(!panel.requestClose());
    QVERIFY(panel.closeProblem().contains(QStringLiteral("123")));
    panel.setCloseCode(1005, QString());
    QVERIFY(panel.requestClose());
    QCOMPARE(closes.last()[0].toUInt(), 1005u);
}

void tst_SenderPanel::historyAndTemplates()
{
    SenderPanel panel;
    ui::PayloadEditor *editor = panel.payloadEditor();
    for (const char *text : {"first", "second", "first"}) {
        editor->setText(QString::fromLatin1(text));
        QVERIFY(panel.send());
    }
    // Newest first, and a message sent again moves to the top instead of appearing twice.
    QCOMPARE(panel.history().size(), 2);
    QCOMPARE(panel.history()[0].text, QStringLiteral("first"));
    QCOMPARE(panel.history()[1].text, QStringLiteral("second"));
    for (int i = 0; i < 60; ++i) {
        editor->setText(QString::number(i));
        panel.send();
    }
    QCOMPARE(panel.history().size(), SenderPanel::HistoryLimit);

    editor->setMode(ui::PayloadEditor::Mode::Hex);
    editor->setText(QStringLiteral("de ad"));
    panel.saveTemplate(QStringLiteral("dead"));
    editor->setMode(ui::PayloadEditor::Mode::Text);
    editor->setText(QStringLiteral("something else"));
    QCOMPARE(panel.templates().size(), 1);
    // Picking the template from the list puts it back, mode included.
    auto *recall = panel.findChild<QComboBox *>(QStringLiteral("recall"));
    QVERIFY(recall);
    QCOMPARE(recall->count(), 1 + 1 + SenderPanel::HistoryLimit);
    QVERIFY(recall->itemText(1).startsWith(QStringLiteral("★ dead")));
    emit recall->activated(1);
    QCOMPARE(editor->mode(), ui::PayloadEditor::Mode::Hex);
    QCOMPARE(editor->text(), QStringLiteral("de ad"));
    // A template of the same name is replaced.
    editor->setText(QStringLiteral("be ef"));
    panel.saveTemplate(QStringLiteral("dead"));
    QCOMPARE(panel.templates().size(), 1);
    QCOMPARE(panel.templates()[0].text, QStringLiteral("be ef"));
}

QTEST_MAIN(tst_SenderPanel)
#include "tst_senderpanel.moc"
