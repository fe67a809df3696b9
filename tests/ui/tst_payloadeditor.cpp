#include "ui/hextextedit.h"
#include "ui/payloadeditor.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryFile>
#include <QTest>

using namespace sockscope;
using ui::PayloadEditor;

class tst_PayloadEditor : public QObject
{
    Q_OBJECT
private slots:
    void textIsUtf8();
    void jsonCheckedAndFormatted();
    void hexWithOffsets();
    void badHexMarkedAndKept();
    void base64();
    void file();
};

void tst_PayloadEditor::textIsUtf8()
{
    PayloadEditor editor;
    editor.show();
    auto *text = editor.findChild<QPlainTextEdit *>(QStringLiteral("textEditor"));
    QVERIFY(text);
    QTest::keyClicks(text, QStringLiteral("h"));
    text->insertPlainText(QStringLiteral("é")); // typed through an input method
    QTest::keyClicks(text, QStringLiteral("llo"));
    const auto payload = editor.payload();
    QVERIFY(payload);
    QCOMPARE(payload->type, proto::Opcode::Text);
    QCOMPARE(payload->bytes, QByteArray("h\xc3\xa9llo"));
    QCOMPARE(editor.statusText(), QStringLiteral("6 bytes of UTF-8 text"));
}

void tst_PayloadEditor::jsonCheckedAndFormatted()
{
    PayloadEditor editor;
    editor.show();
    editor.setMode(PayloadEditor::Mode::Json);
    editor.setText(QStringLiteral("{\"b\":1,\"a\":[true]}"));
    QVERIFY(editor.validate());
    auto *format = editor.findChild<QPushButton *>(QStringLiteral("formatButton"));
    QVERIFY(format && format->isVisible() && format->text() == QStringLiteral("Format"));
    QTest::mouseClick(format, Qt::LeftButton);
    QCOMPARE(editor.text(), QStringLiteral("{\n  \"b\": 1,\n  \"a\": [\n    true\n  ]\n}"));

    editor.setText(QStringLiteral("{\"b\":1,}"));
    QString error;
    QVERIFY(!editor.payload(&error));
    QVERIFY2(error.contains(QStringLiteral("character 8")), qPrintable(error));
    // Formatting broken JSON changes nothing the user typed.
    QTest::mouseClick(format, Qt::LeftButton);
    QCOMPARE(editor.text(), QStringLiteral("{\"b\":1,}"));
    auto *text = editor.findChild<QPlainTextEdit *>(QStringLiteral("textEditor"));
    QCOMPARE(text->extraSelections().size(), 1);
    QCOMPARE(text->extraSelections()[0].cursor.selectionStart(), 7);
}

void tst_PayloadEditor::hexWithOffsets()
{
    PayloadEditor editor;
    editor.show();
    editor.setMode(PayloadEditor::Mode::Hex);
    editor.setText(QStringLiteral("0x48 0x65\n6c 6c 6f\n\\x21"));
    const auto payload = editor.payload();
    QVERIFY(payload);
    QCOMPARE(payload->type, proto::Opcode::Binary);
    QCOMPARE(payload->bytes, QByteArray("Hello!"));
    QCOMPARE(editor.statusText(), QStringLiteral("6 bytes"));
    auto *hex = editor.findChild<ui::HexTextEdit *>();
    QVERIFY(hex);
    QCOMPARE(hex->lineOffsets(), (QList<qint64>{0, 2, 5}));
}

void tst_PayloadEditor::badHexMarkedAndKept()
{
    PayloadEditor editor;
    editor.show();
    editor.setMode(PayloadEditor::Mode::Hex);
    auto *hex = editor.findChild<ui::HexTextEdit *>();
    QTest::keyClicks(hex, QStringLiteral("de ad bx ef"));
    QString error;
    QVERIFY(!editor.payload(&error));
    QVERIFY2(error.contains(QStringLiteral("'x' at position 7")), qPrintable(error));
    QCOMPARE(hex->extraSelections().size(), 1);
    QCOMPARE(hex->extraSelections()[0].cursor.selectionStart(), 7);
    QCOMPARE(editor.text(), QStringLiteral("de ad bx ef"));
    QCOMPARE(hex->lineOffsets(), QList<qint64>{0});
    // Fixing it clears the mark.
    hex->setPlainText(QStringLiteral("de ad be ef"));
    QVERIFY(editor.payload());
    QVERIFY(hex->extraSelections().isEmpty());
}

void tst_PayloadEditor::base64()
{
    PayloadEditor editor;
    editor.setMode(PayloadEditor::Mode::Base64);
    editor.setText(QStringLiteral("SGVsbG8h"));
    auto payload = editor.payload();
    QVERIFY(payload);
    QCOMPARE(payload->bytes, QByteArray("Hello!"));
    editor.setText(QStringLiteral("SGV*bG8h"));
    QString error;
    QVERIFY(!editor.payload(&error));
    QVERIFY(error.startsWith(QStringLiteral("Not base64:")));
}

void tst_PayloadEditor::file()
{
    PayloadEditor editor;
    editor.setMode(PayloadEditor::Mode::File);
    QVERIFY(!editor.validate());
    editor.setFilePath(QStringLiteral("/nonexistent/payload.bin"));
    QString error;
    QVERIFY(!editor.payload(&error));
    QVERIFY(error.contains(QStringLiteral("not a readable file")));

    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(QByteArray("\x00\x01\x02\xff", 4));
    file.flush();
    editor.setFilePath(file.fileName());
    const auto payload = editor.payload();
    QVERIFY(payload);
    QCOMPARE(payload->type, proto::Opcode::Binary);
    QCOMPARE(payload->bytes, QByteArray("\x00\x01\x02\xff", 4));
    QVERIFY(editor.statusText().startsWith(QStringLiteral("4 bytes")));
}

QTEST_MAIN(tst_PayloadEditor)
#include "tst_payloadeditor.moc"
