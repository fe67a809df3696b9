#include "ui/payloadeditor.h"
#include "ui/rawframeeditor.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace sockscope;
using ui::RawFrameEditor;

namespace {
QPushButton *sendButton(RawFrameEditor &editor)
{
    for (QPushButton *button : editor.findChildren<QPushButton *>()) {
        if (button->text().startsWith(QStringLiteral("Send")))
            return button;
    }
    return nullptr;
}
} // namespace

class tst_RawFrameEditor : public QObject
{
    Q_OBJECT
private slots:
    void validFrame();
    void invalidFrameNeedsInsisting();
    void lengthEncodingAndKey();
};

void tst_RawFrameEditor::validFrame()
{
    RawFrameEditor editor;
    editor.show();
    editor.setSender(proto::Role::Client, false);
    editor.payloadEditor()->setText(QStringLiteral("hi"));
    editor.setMaskKey(QStringLiteral("37 fa 21 3d"));
    QVERIFY(!editor.verdict());
    QVERIFY2(editor.verdictText().startsWith(QStringLiteral("Valid frame: 6 header bytes + 2 payload bytes")),
             qPrintable(editor.verdictText()));
    QCOMPARE(editor.headerText(), QStringLiteral("81 82 37 fa 21 3d"));
    QSignalSpy sent(&editor, &RawFrameEditor::sendRequested);
    QPushButton *send = sendButton(editor);
    QVERIFY(send && send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QCOMPARE(sent.size(), 1);
    const auto frame = sent[0][0].value<proto::Frame>();
    QVERIFY(frame.fin && frame.masked);
    QCOMPARE(frame.opcode, proto::Opcode::Text);
    QCOMPARE(frame.maskKey, (proto::MaskKey{0x37, 0xfa, 0x21, 0x3d}));
    QCOMPARE(frame.payload, QByteArray("hi"));

    // Without a key, one is drawn for each frame sent: the preview does not pretend to know it.
    editor.setMaskKey(QString());
    editor.setFin(false);
    QCOMPARE(editor.headerText(), QStringLiteral("01 82 ·· ·· ·· ··"));
}

void tst_RawFrameEditor::invalidFrameNeedsInsisting()
{
    RawFrameEditor editor;
    editor.show();
    editor.setSender(proto::Role::Client, false);
    // RSV2 without an extension that defines it, and a fragmented ping.
    editor.setRsv(false, true, false);
    QVERIFY(editor.verdict());
    QVERIFY2(editor.verdictText().contains(QStringLiteral("Close code 1002")), qPrintable(editor.verdictText()));
    QPushButton *send = sendButton(editor);
    QVERIFY(!send->isEnabled());
    QCOMPARE(send->text(), QStringLiteral("Send invalid frame"));
    QSignalSpy sent(&editor, &RawFrameEditor::sendRequested);
    QCheckBox *insist = nullptr;
    for (QCheckBox *box : editor.findChildren<QCheckBox *>()) {
        if (box->text().startsWith(QStringLiteral("Send even")))
            insist = box;
    }
    QVERIFY(insist && insist->isVisible());
    insist->setChecked(true);
    QVERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QCOMPARE(sent.size(), 1);
    QVERIFY(sent[0][0].value<proto::Frame>().rsv2);

    // An unmasked frame from a client breaks RFC 6455 5.1; from a server it is right.
    editor.setRsv(false, false, false);
    editor.setMasked(false);
    QVERIFY(editor.verdict());
    editor.setSender(proto::Role::Server, false);
    QVERIFY(!editor.verdict());
    // RSV1 is fine once permessage-deflate was negotiated.
    editor.setRsv(true, false, false);
    QVERIFY(editor.verdict());
    editor.setSender(proto::Role::Server, true);
    QVERIFY(!editor.verdict());
}

void tst_RawFrameEditor::lengthEncodingAndKey()
{
    RawFrameEditor editor;
    editor.setSender(proto::Role::Server, false);
    editor.setMasked(false);
    editor.payloadEditor()->setText(QStringLiteral("abc"));
    // A needlessly long length encoding can be sent on purpose; it breaks the minimal-length rule.
    editor.setLengthEncoding(int(proto::LengthEncoding::Bits64));
    auto frame = editor.frame();
    QVERIFY(frame);
    QCOMPARE(frame->lengthEncoding, proto::LengthEncoding::Bits64);
    QVERIFY(editor.verdict());
    QCOMPARE(editor.headerText(), QStringLiteral("81 7f 00 00 00 00 00 00 00 03"));
    // A payload that does not fit the encoding cannot be built at all.
    editor.payloadEditor()->setText(QString(200, QLatin1Char('x')));
    editor.setLengthEncoding(int(proto::LengthEncoding::Bits7));
    QString error;
    QVERIFY(!editor.frame(&error));
    QVERIFY(error.contains(QStringLiteral("200-byte")));
    QCOMPARE(editor.headerText(), QString()); // no frame, no header
    // A mask key that is not four bytes is refused.
    editor.setLengthEncoding(-1);
    editor.setMasked(true);
    editor.setMaskKey(QStringLiteral("12 34"));
    QVERIFY(!editor.frame(&error));
    QVERIFY(error.contains(QStringLiteral("4 bytes")));
}

QTEST_MAIN(tst_RawFrameEditor)
#include "tst_rawframeeditor.moc"
