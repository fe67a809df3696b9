#include "proto/frameparser.h"
#include "proto/framewriter.h"

#include <QTest>

using namespace sockscope::proto;

namespace {
Frame makeFrame(Opcode op, QByteArray payload, bool fin = true, std::optional<MaskKey> key = {},
                LengthEncoding enc = LengthEncoding::Bits7, quint8 rsv = 0)
{
    Frame f;
    f.opcode = op;
    f.fin = fin;
    f.payload = std::move(payload);
    f.masked = key.has_value();
    if (key)
        f.maskKey = *key;
    f.lengthEncoding = enc;
    f.rsv1 = rsv & 4;
    f.rsv2 = rsv & 2;
    f.rsv3 = rsv & 1;
    return f;
}

QByteArray pattern(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char((i * 31 + 7) & 0xFF);
    return data;
}

// Feeds chunks to a parser; returns the frames it produced or the error it stopped at.
struct ParseRun {
    QList<Frame> frames;
    ProtocolViolation error;
    qsizetype consumed = 0;
    int headerEvents = 0;
};

ParseRun parseChunks(const QList<QByteArrayView> &chunks)
{
    ParseRun run;
    FrameParser parser;
    for (QByteArrayView chunk : chunks) {
        for (;;) {
            const qsizetype used = parser.feed(chunk);
            run.consumed += used;
            chunk = chunk.sliced(used);
            const auto status = parser.status();
            if (status == FrameParser::Status::Error) {
                run.error = parser.error();
                return run;
            }
            if (status == FrameParser::Status::HeaderReady) {
                ++run.headerEvents;
                continue;
            }
            if (status == FrameParser::Status::FrameReady) {
                run.frames.append(parser.takeFrame());
                continue;
            }
            break; // NeedMoreData: the chunk is used up
        }
        if (!chunk.isEmpty())
            qFatal("parser left %lld bytes of a chunk unread", qlonglong(chunk.size()));
    }
    if (!parser.atFrameBoundary() && run.error.error == ProtocolError::None)
        run.error.detail = QStringLiteral("incomplete");
    return run;
}

// Split points worth testing: every one for small inputs; around the headers and ends for big ones.
QList<qsizetype> splitPoints(qsizetype size)
{
    QList<qsizetype> points;
    for (qsizetype i = 0; i <= size; ++i) {
        if (size <= 600 || i < 300 || i > size - 300 || i % 997 == 0)
            points.append(i);
    }
    return points;
}
} // namespace

class tst_FrameParser : public QObject
{
    Q_OBJECT
    void frameRows();
private slots:
    void parseWhole_data() { frameRows(); }
    void parseWhole();
    void parseByteByByte_data() { frameRows(); }
    void parseByteByByte();
    void parseSplitEverywhere_data() { frameRows(); }
    void parseSplitEverywhere();
    void writerProducesSameBytes_data() { frameRows(); }
    void writerProducesSameBytes();
    void errors_data();
    void errors();
    void headerReadyBeforePayload();
    void announcedLengthDoesNotAllocate();
    void partialPayloadVisible();
    void largePayloadBuffersAreReusedOnlyWhenFree();
    void writerNonMinimalAndTooSmallEncodings();
    void roundTripAllHeaderBits();
};

void tst_FrameParser::frameRows()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QList<Frame>>("frames");

    const MaskKey rfcKey{0x37, 0xfa, 0x21, 0x3d};
    // RFC 6455 section 5.7 examples.
    QTest::addRow("5.7 single unmasked text")
        << QByteArray::fromHex("810548656c6c6f") << QList<Frame>{makeFrame(Opcode::Text, "Hello")};
    QTest::addRow("5.7 single masked text") << QByteArray::fromHex("818537fa213d7f9f4d5158")
                                            << QList<Frame>{makeFrame(Opcode::Text, "Hello", true, rfcKey)};
    QTest::addRow("5.7 fragmented unmasked text")
        << QByteArray::fromHex("010348656c80026c6f")
        << QList<Frame>{makeFrame(Opcode::Text, "Hel", false), makeFrame(Opcode::Continuation, "lo")};
    QTest::addRow("5.7 unmasked ping, masked pong")
        << QByteArray::fromHex("890548656c6c6f8a8537fa213d7f9f4d5158")
        << QList<Frame>{makeFrame(Opcode::Ping, "Hello"), makeFrame(Opcode::Pong, "Hello", true, rfcKey)};
    QTest::addRow("5.7 256 bytes binary, 16-bit length")
        << (QByteArray::fromHex("827e0100") + pattern(256))
        << QList<Frame>{makeFrame(Opcode::Binary, pattern(256), true, {}, LengthEncoding::Bits16)};
    QTest::addRow("5.7 64 KiB binary, 64-bit length")
        << (QByteArray::fromHex("827f0000000000010000") + pattern(65536))
        << QList<Frame>{makeFrame(Opcode::Binary, pattern(65536), true, {}, LengthEncoding::Bits64)};

    // Length boundaries and empty frames.
    QTest::addRow("empty text") << QByteArray::fromHex("8100") << QList<Frame>{makeFrame(Opcode::Text, {})};
    QTest::addRow("empty masked close") << QByteArray::fromHex("888001020304")
                                        << QList<Frame>{makeFrame(Opcode::Close, {}, true, MaskKey{1, 2, 3, 4})};
    QTest::addRow("125 bytes, 7-bit") << (QByteArray::fromHex("827d") + pattern(125))
                                      << QList<Frame>{makeFrame(Opcode::Binary, pattern(125))};
    QTest::addRow("126 bytes, 16-bit") << (QByteArray::fromHex("827e007e") + pattern(126))
                                       << QList<Frame>{makeFrame(Opcode::Binary, pattern(126), true, {},
                                                                 LengthEncoding::Bits16)};
    QTest::addRow("65535 bytes, 16-bit") << (QByteArray::fromHex("827effff") + pattern(65535))
                                         << QList<Frame>{makeFrame(Opcode::Binary, pattern(65535), true, {},
                                                                   LengthEncoding::Bits16)};
    QByteArray maskedBig = pattern(70000);
    {
        Frame f = makeFrame(Opcode::Binary, maskedBig, true, MaskKey{0xde, 0xad, 0xbe, 0xef}, LengthEncoding::Bits64);
        QTest::addRow("70000 bytes masked, 64-bit") << FrameWriter::encode(f) << QList<Frame>{f};
    }

    // Non-minimal encodings and odd bits are parsed as they are: judging them is the validator's job.
    QTest::addRow("5 bytes in a 16-bit length")
        << QByteArray::fromHex("817e000548656c6c6f")
        << QList<Frame>{makeFrame(Opcode::Text, "Hello", true, {}, LengthEncoding::Bits16)};
    QTest::addRow("5 bytes in a 64-bit length")
        << QByteArray::fromHex("817f000000000000000548656c6c6f")
        << QList<Frame>{makeFrame(Opcode::Text, "Hello", true, {}, LengthEncoding::Bits64)};
    QTest::addRow("RSV1+RSV2+RSV3, reserved opcode 0xB")
        << QByteArray::fromHex("fb0161")
        << QList<Frame>{makeFrame(Opcode::ReservedB, "a", true, {}, LengthEncoding::Bits7, 7)};
    QTest::addRow("FIN=0 ping") << QByteArray::fromHex("0900") << QList<Frame>{makeFrame(Opcode::Ping, {}, false)};

    QList<Frame> many;
    QByteArray manyWire;
    for (int i = 0; i < 40; ++i) {
        Frame f = makeFrame(i % 3 == 0 ? Opcode::Text : Opcode::Binary, pattern(i * 7), true,
                            i % 2 ? std::optional<MaskKey>(MaskKey{quint8(i), 2, 3, 4}) : std::nullopt);
        manyWire += FrameWriter::encode(f);
        many.append(f);
    }
    QTest::addRow("40 frames back to back") << manyWire << many;
}

namespace {
void compareFrames(const QList<Frame> &actual, const QByteArray &wire, const QList<Frame> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    qsizetype offset = 0;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        const Frame &a = actual[i];
        const Frame &e = expected[i];
        QCOMPARE(a.fin, e.fin);
        QCOMPARE(a.rsvBits(), e.rsvBits());
        QCOMPARE(a.opcode, e.opcode);
        QCOMPARE(a.masked, e.masked);
        QCOMPARE(a.maskKey, e.maskKey);
        QCOMPARE(a.lengthEncoding, e.lengthEncoding);
        QCOMPARE(a.payload.size(), e.payload.size());
        QVERIFY(a.payload == e.payload);
        // The raw header is exactly the bytes on the wire.
        QCOMPARE(a.header.toByteArray(), wire.mid(offset, a.header.size));
        QCOMPARE(int(a.header.size), Frame::headerSize(a.lengthEncoding, a.masked));
        offset += a.wireSize();
    }
    QCOMPARE(offset, wire.size());
}
} // namespace

void tst_FrameParser::parseWhole()
{
    QFETCH(QByteArray, wire);
    QFETCH(QList<Frame>, frames);
    const ParseRun run = parseChunks({wire});
    QCOMPARE(run.error, ProtocolViolation());
    QCOMPARE(run.headerEvents, frames.size());
    compareFrames(run.frames, wire, frames);
}

void tst_FrameParser::parseByteByByte()
{
    QFETCH(QByteArray, wire);
    QFETCH(QList<Frame>, frames);
    if (wire.size() > 70000)
        QSKIP("covered by the split test");
    QList<QByteArrayView> chunks;
    for (qsizetype i = 0; i < wire.size(); ++i)
        chunks.append(QByteArrayView(wire).sliced(i, 1));
    const ParseRun run = parseChunks(chunks);
    QCOMPARE(run.error, ProtocolViolation());
    compareFrames(run.frames, wire, frames);
}

void tst_FrameParser::parseSplitEverywhere()
{
    QFETCH(QByteArray, wire);
    QFETCH(QList<Frame>, frames);
    for (qsizetype at : splitPoints(wire.size())) {
        const QByteArrayView view(wire);
        const ParseRun run = parseChunks({view.first(at), view.sliced(at)});
        if (run.error != ProtocolViolation())
            QFAIL(qPrintable(QStringLiteral("split at %1: %2").arg(at).arg(run.error.detail)));
        compareFrames(run.frames, wire, frames);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("split at %1").arg(at)));
    }
}

void tst_FrameParser::writerProducesSameBytes()
{
    QFETCH(QByteArray, wire);
    QFETCH(QList<Frame>, frames);
    QByteArray out;
    for (Frame f : frames)
        FrameWriter::encode(f, out);
    QCOMPARE(out.size(), wire.size());
    QVERIFY(out == wire);
}

void tst_FrameParser::errors_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("consumed");
    QTest::addRow("64-bit length with MSB set")
        << QByteArray::fromHex("827f8000000000000000ff") << ProtocolError::LengthHighBitSet << 10;
    QTest::addRow("64-bit length all ones")
        << QByteArray::fromHex("82ffffffffffffffffff01020304") << ProtocolError::LengthHighBitSet << 14;
}

void tst_FrameParser::errors()
{
    QFETCH(QByteArray, wire);
    QFETCH(ProtocolError, error);
    QFETCH(int, consumed);
    for (qsizetype at : splitPoints(wire.size())) {
        const QByteArrayView view(wire);
        const ParseRun run = parseChunks({view.first(at), view.sliced(at)});
        QCOMPARE(run.error.error, error);
        QVERIFY(!run.error.detail.isEmpty());
        // The parser stops right after the bad header: nothing behind it is taken for a frame.
        QCOMPARE(run.consumed, qsizetype(consumed));
        QVERIFY(run.frames.isEmpty());
    }
}

void tst_FrameParser::headerReadyBeforePayload()
{
    // A peer announcing 1 GiB is visible after 10 header bytes, before any payload arrives.
    FrameParser parser;
    const QByteArray header = QByteArray::fromHex("827f0000000040000000");
    QCOMPARE(parser.feed(header), header.size());
    QCOMPARE(parser.status(), FrameParser::Status::HeaderReady);
    QCOMPARE(parser.payloadLength(), quint64(1) << 30);
    QCOMPARE(parser.currentFrame().opcode, Opcode::Binary);
    QCOMPARE(parser.currentFrame().lengthEncoding, LengthEncoding::Bits64);
    QCOMPARE(parser.currentFrame().header.toByteArray(), header);
}

void tst_FrameParser::announcedLengthDoesNotAllocate()
{
    FrameParser parser;
    QByteArray wire = QByteArray::fromHex("827f0000000040000000") + QByteArray(100, 'x');
    QCOMPARE(parser.feed(wire), 10);
    QCOMPARE(parser.feed(QByteArrayView(wire).sliced(10)), 100);
    QCOMPARE(parser.status(), FrameParser::Status::NeedMoreData);
    QCOMPARE(parser.receivedPayload().size(), 100);
    // Memory follows what arrived, not the 1 GiB the header claims.
    QVERIFY(parser.currentFrame().payload.capacity() < (2 << 20));
}

void tst_FrameParser::partialPayloadVisible()
{
    FrameParser parser;
    const QByteArray wire = QByteArray::fromHex("818537fa213d7f9f4d5158");
    QCOMPARE(parser.feed(QByteArrayView(wire).first(8)), 6);
    QCOMPARE(parser.status(), FrameParser::Status::HeaderReady);
    QCOMPARE(parser.feed(QByteArrayView(wire).sliced(6, 2)), 2);
    QVERIFY(parser.readingPayload());
    QCOMPARE(parser.receivedPayload(), QByteArrayView("He"));
    QCOMPARE(parser.feed(QByteArrayView(wire).sliced(8)), 3);
    QCOMPARE(parser.status(), FrameParser::Status::FrameReady);
    QCOMPARE(parser.takeFrame().payload, QByteArray("Hello"));
    QVERIFY(parser.atFrameBoundary());
}

void tst_FrameParser::largePayloadBuffersAreReusedOnlyWhenFree()
{
    // Two masked 1 MiB frames with different contents, one after the other on one parser.
    const qsizetype size = 1 << 20;
    Frame a = makeFrame(Opcode::Binary, pattern(size), true, MaskKey{1, 2, 3, 4}, LengthEncoding::Bits64);
    Frame b = makeFrame(Opcode::Binary, QByteArray(size, 'b'), true, MaskKey{9, 8, 7, 6}, LengthEncoding::Bits64);
    const QByteArray wire = FrameWriter::encode(a) + FrameWriter::encode(b) + FrameWriter::encode(a);
    FrameParser parser;
    qsizetype pos = 0;
    auto next = [&] {
        for (;;) {
            pos += parser.feed(QByteArrayView(wire).sliced(pos));
            if (parser.status() == FrameParser::Status::FrameReady)
                return parser.takeFrame();
            if (parser.status() == FrameParser::Status::Error)
                return Frame();
        }
    };
    // The first payload is kept: the second one cannot use its buffer, and leaves it as it was.
    const Frame first = next();
    Frame second = next();
    QVERIFY(second.payload.constData() != first.payload.constData());
    QCOMPARE(first.payload, pattern(size));
    QCOMPARE(second.payload, QByteArray(size, 'b'));
    // Once nobody holds the second payload, the third frame is read into its buffer, unmasked correctly.
    const char *secondBuffer = second.payload.constData();
    second = Frame();
    const Frame third = next();
    QCOMPARE(third.payload.constData(), secondBuffer);
    QCOMPARE(third.payload, pattern(size));
    QCOMPARE(first.payload, pattern(size));
}

void tst_FrameParser::writerNonMinimalAndTooSmallEncodings()
{
    Frame f = makeFrame(Opcode::Text, "Hello", true, {}, LengthEncoding::Bits64);
    QCOMPARE(FrameWriter::encode(f), QByteArray::fromHex("817f000000000000000548656c6c6f"));
    QCOMPARE(f.header.toByteArray(), QByteArray::fromHex("817f0000000000000005"));
    f.lengthEncoding = LengthEncoding::Bits16;
    QCOMPARE(FrameWriter::encode(f), QByteArray::fromHex("817e000548656c6c6f"));
    // An encoding too small for the payload cannot go on the wire: the smallest that fits is used and the
    // frame says so.
    Frame big = makeFrame(Opcode::Binary, pattern(300), true, {}, LengthEncoding::Bits7);
    const QByteArray wire = FrameWriter::encode(big);
    QCOMPARE(big.lengthEncoding, LengthEncoding::Bits16);
    QCOMPARE(wire.left(4), QByteArray::fromHex("827e012c"));
    QCOMPARE(FrameWriter::header(big), QByteArray::fromHex("827e012c"));
}

void tst_FrameParser::roundTripAllHeaderBits()
{
    // Every combination of FIN, RSV1-3, opcode and mask goes through writer and parser unchanged.
    for (int bits = 0; bits < 256; ++bits) {
        for (bool masked : {false, true}) {
            Frame f = makeFrame(Opcode(bits & 0xF), pattern(bits % 20), bits & 0x80,
                                masked ? std::optional<MaskKey>(MaskKey{quint8(bits), 0x55, 0xAA, 0x01}) : std::nullopt,
                                LengthEncoding::Bits7, quint8((bits >> 4) & 7));
            const QByteArray wire = FrameWriter::encode(f);
            QCOMPARE(quint8(wire[0]), quint8(((bits & 0x80) ? 0x80 : 0) | (((bits >> 4) & 7) << 4) | (bits & 0xF)));
            const ParseRun run = parseChunks({wire});
            QCOMPARE(run.frames.size(), 1);
            QCOMPARE(run.frames.first(), f);
        }
    }
}

QTEST_GUILESS_MAIN(tst_FrameParser)
#include "tst_frameparser.moc"
