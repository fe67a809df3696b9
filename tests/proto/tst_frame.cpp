#include "proto/frame.h"

#include <QTest>

using namespace sockscope::proto;

class tst_Frame : public QObject
{
    Q_OBJECT
private slots:
    void opcodeClasses_data();
    void opcodeClasses();
    void minimalEncoding_data();
    void minimalEncoding();
    void headerSize();
};

void tst_Frame::opcodeClasses_data()
{
    QTest::addColumn<int>("value");
    QTest::addColumn<bool>("control");
    QTest::addColumn<bool>("reserved");
    QTest::addColumn<QByteArray>("name");
    const char *names[] = {"continuation", "text",         "binary",       "reserved-0x3",
                           "reserved-0x4", "reserved-0x5", "reserved-0x6", "reserved-0x7",
                           "close",        "ping",         "pong",         "reserved-0xB",
                           "reserved-0xC", "reserved-0xD", "reserved-0xE", "reserved-0xF"};
    for (int v = 0; v < 16; ++v) {
        const bool reserved = (v >= 3 && v <= 7) || v >= 0xB;
        QTest::addRow("0x%X", v) << v << (v >= 8) << reserved << QByteArray(names[v]);
    }
}

void tst_Frame::opcodeClasses()
{
    QFETCH(int, value);
    const auto op = Opcode(value);
    QFETCH(bool, control);
    QFETCH(bool, reserved);
    QFETCH(QByteArray, name);
    QCOMPARE(isControlOpcode(op), control);
    QCOMPARE(isReservedOpcode(op), reserved);
    QCOMPARE(QByteArray(opcodeName(op)), name);
}

void tst_Frame::minimalEncoding_data()
{
    QTest::addColumn<quint64>("length");
    QTest::addColumn<LengthEncoding>("encoding");
    QTest::addRow("0") << quint64(0) << LengthEncoding::Bits7;
    QTest::addRow("125") << quint64(125) << LengthEncoding::Bits7;
    QTest::addRow("126") << quint64(126) << LengthEncoding::Bits16;
    QTest::addRow("65535") << quint64(65535) << LengthEncoding::Bits16;
    QTest::addRow("65536") << quint64(65536) << LengthEncoding::Bits64;
    QTest::addRow("2^63-1") << quint64(0x7FFFFFFFFFFFFFFFull) << LengthEncoding::Bits64;
}

void tst_Frame::minimalEncoding()
{
    QFETCH(quint64, length);
    QFETCH(LengthEncoding, encoding);
    QCOMPARE(Frame::minimalLengthEncoding(length), encoding);
}

void tst_Frame::headerSize()
{
    QCOMPARE(Frame::headerSize(LengthEncoding::Bits7, false), 2);
    QCOMPARE(Frame::headerSize(LengthEncoding::Bits7, true), 6);
    QCOMPARE(Frame::headerSize(LengthEncoding::Bits16, false), 4);
    QCOMPARE(Frame::headerSize(LengthEncoding::Bits16, true), 8);
    QCOMPARE(Frame::headerSize(LengthEncoding::Bits64, false), 10);
    QCOMPARE(Frame::headerSize(LengthEncoding::Bits64, true), 14);

    Frame f;
    f.payload = QByteArray(126, 'x');
    f.lengthEncoding = LengthEncoding::Bits7;
    QVERIFY(!f.hasMinimalLengthEncoding());
    f.lengthEncoding = LengthEncoding::Bits16;
    QVERIFY(f.hasMinimalLengthEncoding());
    f.rsv1 = true;
    f.rsv3 = true;
    QCOMPARE(f.rsvBits(), quint8(5));
}

QTEST_GUILESS_MAIN(tst_Frame)
#include "tst_frame.moc"
