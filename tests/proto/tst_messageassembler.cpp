#include "proto/messageassembler.h"

#include <QTest>

using namespace sockscope::proto;

namespace {
Frame data(Opcode op, QByteArray payload, bool fin, bool rsv1 = false)
{
    Frame f;
    f.opcode = op;
    f.payload = std::move(payload);
    f.fin = fin;
    f.rsv1 = rsv1;
    return f;
}

struct Outcome {
    QList<Message> messages;
    ProtocolViolation error;
    int failedAtFrame = -1;
};

// Pushes frames; when `streamed`, each payload is first shown to checkPartialPayload one byte at a time, as
// it would arrive from a slow peer.
Outcome run(MessageAssembler &assembler, const QList<Frame> &frames, bool streamed)
{
    Outcome out;
    for (int i = 0; i < frames.size(); ++i) {
        const Frame &f = frames[i];
        ProtocolViolation v = assembler.checkHeader(f, quint64(f.payload.size()));
        if (!v && streamed) {
            for (qsizetype n = 1; n <= f.payload.size() && !v; ++n)
                v = assembler.checkPartialPayload(f, QByteArrayView(f.payload).first(n));
        }
        if (!v)
            v = assembler.push(f);
        if (v) {
            out.error = v;
            out.failedAtFrame = i;
            return out;
        }
        if (assembler.hasMessage())
            out.messages.append(assembler.takeMessage());
    }
    return out;
}
} // namespace

class tst_MessageAssembler : public QObject
{
    Q_OBJECT
private slots:
    void sequences_data();
    void sequences();
    void singleFrameSharesPayload();
    void compressedMessagesAreNotValidatedBeforeInflating();
    void failsAtFirstInvalidByteWhileStreaming();
};

void tst_MessageAssembler::sequences_data()
{
    QTest::addColumn<QList<Frame>>("frames");
    QTest::addColumn<QList<QByteArray>>("messages");
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("failedAt");
    QTest::addColumn<QString>("detail");

    using L = QList<Frame>;
    using M = QList<QByteArray>;
    const auto none = ProtocolError::None;
    QTest::addRow("one text frame") << L{data(Opcode::Text, "Hello", true)} << M{"Hello"} << none << -1 << QString();
    QTest::addRow("empty text") << L{data(Opcode::Text, {}, true)} << M{""} << none << -1 << QString();
    QTest::addRow("three fragments") << L{data(Opcode::Text, "He", false), data(Opcode::Continuation, "ll", false),
                                          data(Opcode::Continuation, "o", true)}
                                     << M{"Hello"} << none << -1 << QString();
    QTest::addRow("empty fragments") << L{data(Opcode::Binary, {}, false), data(Opcode::Continuation, {}, false),
                                          data(Opcode::Continuation, "x", true)}
                                     << M{"x"} << none << -1 << QString();
    QTest::addRow("two messages") << L{data(Opcode::Text, "a", true), data(Opcode::Binary, "\xff", true)}
                                  << M{"a", "\xff"} << none << -1 << QString();
    // U+20AC (E2 82 AC) split across fragments, and a 4-byte code point split over three.
    QTest::addRow("code point split across fragments")
        << L{data(Opcode::Text, "\xE2", false), data(Opcode::Continuation, "\x82", false),
             data(Opcode::Continuation, "\xAC", true)}
        << M{"\xE2\x82\xAC"} << none << -1 << QString();
    QTest::addRow("4-byte code point over three fragments")
        << L{data(Opcode::Text, "a\xF0\x9F", false), data(Opcode::Continuation, "\x98", false),
             data(Opcode::Continuation, "\x80z", true)}
        << M{"a\xF0\x9F\x98\x80z"} << none << -1 << QString();
    QTest::addRow("binary is not UTF-8 checked")
        << L{data(Opcode::Binary, "\xC0\xFF", true)} << M{"\xC0\xFF"} << none << -1 << QString();

    QTest::addRow("continuation without start")
        << L{data(Opcode::Continuation, "x", true)} << M{} << ProtocolError::UnexpectedContinuation << 0 << QString();
    QTest::addRow("continuation after finished message")
        << L{data(Opcode::Text, "a", true), data(Opcode::Continuation, "b", true)} << M{"a"}
        << ProtocolError::UnexpectedContinuation << 1 << QString();
    QTest::addRow("text inside fragmented text") << L{data(Opcode::Text, "a", false), data(Opcode::Text, "b", true)}
                                                 << M{} << ProtocolError::ExpectedContinuation << 1 << QString();
    QTest::addRow("binary inside fragmented text") << L{data(Opcode::Text, "a", false), data(Opcode::Binary, "b", true)}
                                                   << M{} << ProtocolError::ExpectedContinuation << 1 << QString();
    QTest::addRow("invalid UTF-8 in one frame")
        << L{data(Opcode::Text, "ab\xC0\xAF", true)} << M{} << ProtocolError::InvalidUtf8 << 0
        << QStringLiteral("invalid UTF-8 at byte 2 of the message");
    QTest::addRow("invalid UTF-8 in second fragment")
        << L{data(Opcode::Text, "abc", false), data(Opcode::Continuation, "d\xED\xA0\x80", true)} << M{}
        << ProtocolError::InvalidUtf8 << 1 << QStringLiteral("invalid UTF-8 at byte 5 of the message");
    QTest::addRow("message ends inside a code point")
        << L{data(Opcode::Text, "ab", false), data(Opcode::Continuation, "\xE2\x82", true)} << M{}
        << ProtocolError::InvalidUtf8 << 1 << QStringLiteral("invalid UTF-8 at byte 4 of the message");
    QTest::addRow("over the size limit in one frame")
        << L{data(Opcode::Binary, QByteArray(101, 'x'), true)} << M{} << ProtocolError::MessageTooBig << 0 << QString();
    QTest::addRow("over the size limit across fragments")
        << L{data(Opcode::Binary, QByteArray(60, 'x'), false), data(Opcode::Continuation, QByteArray(41, 'y'), true)}
        << M{} << ProtocolError::MessageTooBig << 1 << QString();
    QTest::addRow("exactly at the size limit")
        << L{data(Opcode::Binary, QByteArray(60, 'x'), false), data(Opcode::Continuation, QByteArray(40, 'y'), true)}
        << M{QByteArray(60, 'x') + QByteArray(40, 'y')} << none << -1 << QString();
}

void tst_MessageAssembler::sequences()
{
    QFETCH(QList<Frame>, frames);
    QFETCH(QList<QByteArray>, messages);
    QFETCH(ProtocolError, error);
    QFETCH(int, failedAt);
    QFETCH(QString, detail);
    for (bool streamed : {false, true}) {
        MessageAssembler assembler(100);
        const Outcome out = run(assembler, frames, streamed);
        QCOMPARE(out.error.error, error);
        QCOMPARE(out.failedAtFrame, failedAt);
        if (!detail.isEmpty())
            QCOMPARE(out.error.detail, detail);
        QCOMPARE(out.messages.size(), messages.size());
        for (qsizetype i = 0; i < messages.size(); ++i)
            QCOMPARE(out.messages[i].payload, messages[i]);
    }
}

void tst_MessageAssembler::singleFrameSharesPayload()
{
    MessageAssembler assembler;
    Frame f = data(Opcode::Binary, QByteArray(1 << 20, 'b'), true);
    const char *before = f.payload.constData();
    QVERIFY(!assembler.push(f));
    const Message m = assembler.takeMessage();
    QCOMPARE(m.frames.size(), 1);
    QCOMPARE(m.payload.constData(), before); // no copy of a 1 MiB payload
    QCOMPARE(m.wirePayloadSize(), qint64(1 << 20));
}

void tst_MessageAssembler::compressedMessagesAreNotValidatedBeforeInflating()
{
    MessageAssembler assembler;
    assembler.setCompressionNegotiated(true);
    // Deflate data is not UTF-8; the text rule applies after inflating.
    QVERIFY(!assembler.push(data(Opcode::Text, QByteArray::fromHex("f248cdc9c90700"), true, true)));
    const Message m = assembler.takeMessage();
    QVERIFY(m.compressed);
    QCOMPARE(m.type, Opcode::Text);
    QCOMPARE(MessageAssembler::checkInflatedText("Hello").error, ProtocolError::None);
    QCOMPARE(MessageAssembler::checkInflatedText("He\xFFllo").error, ProtocolError::InvalidUtf8);

    // Without negotiation RSV1 means nothing here (the validator rejects it), and the text is checked.
    MessageAssembler plain;
    QCOMPARE(plain.push(data(Opcode::Text, QByteArray::fromHex("f248cdc9c90700"), true, true)).error,
             ProtocolError::InvalidUtf8);
}

void tst_MessageAssembler::failsAtFirstInvalidByteWhileStreaming()
{
    // Autobahn 6.4.x: the error is found when the bad byte arrives, not when the frame is complete.
    MessageAssembler assembler;
    const Frame f = data(
        Opcode::Text,
        QByteArray("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5") + "\xF4\x90\x80\x80" + QByteArray(1000, 'x'), true);
    QVERIFY(!assembler.checkHeader(f, quint64(f.payload.size())));
    QVERIFY(!assembler.checkPartialPayload(f, QByteArrayView(f.payload).first(12)));
    const ProtocolViolation v = assembler.checkPartialPayload(f, QByteArrayView(f.payload).first(13));
    QCOMPARE(v.error, ProtocolError::InvalidUtf8);
    QCOMPARE(v.detail, QStringLiteral("invalid UTF-8 at byte 12 of the message"));
}

QTEST_GUILESS_MAIN(tst_MessageAssembler)
#include "tst_messageassembler.moc"
