#include "proto/bytetext.h"

#include <QTest>

using namespace sockscope::proto;

class tst_ByteText : public QObject
{
    Q_OBJECT
private slots:
    void hex_data();
    void hex();
    void badHex_data();
    void badHex();
    void base64_data();
    void base64();
    void badBase64_data();
    void badBase64();
};

void tst_ByteText::hex_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addRow("empty") << QByteArray() << QByteArray();
    QTest::addRow("only whitespace") << QByteArray(" \n\t ") << QByteArray();
    QTest::addRow("spaced") << QByteArray("48 65 6c 6C 6f") << QByteArray("Hello");
    QTest::addRow("run together") << QByteArray("48656C6C6F") << QByteArray("Hello");
    QTest::addRow("0x prefixes with commas") << QByteArray("0x48, 0x65,0x6c") << QByteArray("Hel");
    QTest::addRow("0X upper") << QByteArray("0X4865") << QByteArray("He");
    QTest::addRow("c escapes") << QByteArray("\\x48\\x65\\x00") << QByteArray("He\0", 3);
    QTest::addRow("lines") << QByteArray("00 01\r\nfe ff\n") << QByteArray("\x00\x01\xfe\xff", 4);
    QTest::addRow("colons") << QByteArray("de:ad:be:ef") << QByteArray("\xde\xad\xbe\xef");
}

void tst_ByteText::hex()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, bytes);
    ByteTextError error;
    const auto parsed = parseHexText(text, &error);
    QVERIFY2(parsed, qPrintable(error.detail));
    QCOMPARE(*parsed, bytes);
}

void tst_ByteText::badHex_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qsizetype>("position");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("odd digits") << QByteArray("48 656") << qsizetype(5) << QStringLiteral("odd number");
    QTest::addRow("single digit") << QByteArray("4") << qsizetype(0) << QStringLiteral("odd number");
    QTest::addRow("not a digit") << QByteArray("48 6g") << qsizetype(4) << QStringLiteral("'g'");
    QTest::addRow("prefix alone") << QByteArray("48 0x") << qsizetype(3) << QStringLiteral("no digits");
    QTest::addRow("control byte") << QByteArray("48\x01") << qsizetype(2) << QStringLiteral("byte 0x01");
}

void tst_ByteText::badHex()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, position);
    QFETCH(QString, mentions);
    ByteTextError error;
    QVERIFY(!parseHexText(text, &error));
    QCOMPARE(error.position, position);
    QVERIFY2(error.detail.contains(mentions), qPrintable(error.detail));
}

void tst_ByteText::base64_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addRow("empty") << QByteArray() << QByteArray();
    QTest::addRow("padded") << QByteArray("SGVsbG8=") << QByteArray("Hello");
    QTest::addRow("unpadded") << QByteArray("SGVsbG8") << QByteArray("Hello");
    QTest::addRow("wrapped lines") << QByteArray("SGVs\r\nbG8h\n") << QByteArray("Hello!");
    QTest::addRow("standard alphabet") << QByteArray("+/8=") << QByteArray("\xfb\xff");
    QTest::addRow("url alphabet") << QByteArray("-_8") << QByteArray("\xfb\xff");
}

void tst_ByteText::base64()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, bytes);
    ByteTextError error;
    const auto parsed = parseBase64Text(text, &error);
    QVERIFY2(parsed, qPrintable(error.detail));
    QCOMPARE(*parsed, bytes);
}

void tst_ByteText::badBase64_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qsizetype>("position");
    QTest::addRow("bad character") << QByteArray("SGV*bG8=") << qsizetype(3);
    QTest::addRow("data after padding") << QByteArray("SG==bG8=") << qsizetype(4);
    QTest::addRow("three pads") << QByteArray("S===") << qsizetype(3);
    QTest::addRow("mixed alphabets") << QByteArray("+-AA") << qsizetype(1);
    QTest::addRow("dangling sextet") << QByteArray("SGVsb") << qsizetype(5);
    QTest::addRow("padding in the wrong place") << QByteArray("SGVsbG8==") << qsizetype(9);
}

void tst_ByteText::badBase64()
{
    QFETCH(QByteArray, text);
    QFETCH(qsizetype, position);
    ByteTextError error;
    QVERIFY(!parseBase64Text(text, &error));
    QCOMPARE(error.position, position);
    QVERIFY(!error.detail.isEmpty());
}

QTEST_GUILESS_MAIN(tst_ByteText)
#include "tst_bytetext.moc"
