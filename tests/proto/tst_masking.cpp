#include "proto/masking.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace sockscope::proto;

namespace {

// RFC 6455 section 5.3, one byte at a time: octet i of the result is octet i of the input XOR key[i MOD 4],
// where i counts from the start of the payload.
QByteArray referenceMask(QByteArrayView input, MaskKey key, quint64 offset)
{
    QByteArray out(input.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < input.size(); ++i)
        out[i] = char(quint8(input[i]) ^ key[(offset + quint64(i)) % 4]);
    return out;
}

QByteArray randomBytes(QRandomGenerator &rng, qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    for (char &c : out)
        c = char(rng.bounded(256));
    return out;
}

constexpr MaskKey kRfcKey{0x37, 0xfa, 0x21, 0x3d};
constexpr MaskKey kOddKey{0x5a, 0x01, 0xc3, 0xfe}; // no zero byte: every masked byte differs from the input

} // namespace

class tst_Masking : public QObject
{
    Q_OBJECT
private slots:
    void rfcExample_data();
    void rfcExample();
    void defaultKernel();
    void emptyInput();
    void everySizeAlignmentAndOffset_data();
    void everySizeAlignmentAndOffset();
    void exactBuffers();
    void chunkedEqualsOneShot_data();
    void chunkedEqualsOneShot();
    void roundTrip_data();
    void roundTrip();
    void largeBuffer_data();
    void largeBuffer();
};

void tst_Masking::rfcExample_data()
{
    QTest::addColumn<MaskKernel>("kernel");
    QTest::addColumn<bool>("inPlace");
    QTest::addColumn<int>("split");
    for (MaskKernel kernel : supportedMaskKernels()) {
        for (bool inPlace : {true, false}) {
            for (int split = 0; split <= 5; ++split) {
                QTest::addRow("%s/%s/split after %d", maskKernelName(kernel), inPlace ? "in place" : "copy", split)
                    << kernel << inPlace << split;
            }
        }
    }
}

// RFC 6455 section 5.7: "A single-frame masked text message" 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51
// 0x58 contains "Hello".
void tst_Masking::rfcExample()
{
    QFETCH(MaskKernel, kernel);
    QFETCH(bool, inPlace);
    QFETCH(int, split);
    const QByteArray masked = QByteArray::fromHex("7f9f4d5158");

    QByteArray out = inPlace ? masked : QByteArray(masked.size(), '\0');
    char *dst = out.data();
    const char *src = inPlace ? out.constData() : masked.constData();
    copyMasked(kernel, dst, src, split, kRfcKey, 0);
    copyMasked(kernel, dst + split, src + split, masked.size() - split, kRfcKey, quint64(split));
    QCOMPARE(out, QByteArray("Hello"));

    copyMasked(kernel, out.data(), out.constData(), out.size(), kRfcKey);
    QCOMPARE(out, masked);
}

void tst_Masking::defaultKernel()
{
    QByteArray hello = QByteArray::fromHex("7f9f4d5158");
    applyMask(hello.data(), hello.size(), kRfcKey);
    QCOMPARE(hello, QByteArray("Hello"));

    const QByteArray masked = QByteArray::fromHex("7f9f4d5158");
    QByteArray out(5, '\0');
    copyMasked(out.data(), masked.constData(), masked.size(), kRfcKey);
    QCOMPARE(out, QByteArray("Hello"));

    // The key lines up with the payload position, so only offset MOD 4 matters.
    QByteArray tail = masked.sliced(2);
    applyMask(tail.data(), tail.size(), kRfcKey, 2 + 4 * 1000003);
    QCOMPARE(tail, QByteArray("llo"));
}

void tst_Masking::emptyInput()
{
    for (MaskKernel kernel : supportedMaskKernels()) {
        copyMasked(kernel, nullptr, nullptr, 0, kRfcKey, 3);
        char byte = 'x';
        copyMasked(kernel, &byte, &byte, 0, kRfcKey, 1);
        QCOMPARE(byte, 'x');
    }
    applyMask(nullptr, 0, kRfcKey);
}

void tst_Masking::everySizeAlignmentAndOffset_data()
{
    QTest::addColumn<MaskKernel>("kernel");
    QTest::addColumn<bool>("inPlace");
    QTest::addColumn<quint64>("offset");
    const quint64 offsets[] = {0, 1, 2, 3, 4, 7, 0x100000001ull, ~quint64(0)};
    for (MaskKernel kernel : supportedMaskKernels()) {
        for (bool inPlace : {true, false}) {
            for (quint64 offset : offsets)
                QTest::addRow("%s/%s/offset %llu", maskKernelName(kernel), inPlace ? "in place" : "copy", offset)
                    << kernel << inPlace << offset;
        }
    }
}

// Sizes 0..300 at every alignment 0..31 of the data, against the byte-by-byte reference. The whole buffer is
// compared, so a write before or after the range fails too.
void tst_Masking::everySizeAlignmentAndOffset()
{
    QFETCH(MaskKernel, kernel);
    QFETCH(bool, inPlace);
    QFETCH(quint64, offset);
    constexpr qsizetype maxSize = 300;
    constexpr qsizetype slack = 32 + 32;
    QRandomGenerator rng(quint32(offset) ^ 0x4d41534b);
    const QByteArray original = randomBytes(rng, maxSize + slack);

    for (qsizetype size = 0; size <= maxSize; ++size) {
        for (qsizetype align = 0; align < 32; ++align) {
            const QByteArray payload = original.sliced(align, size);
            const QByteArray expectedRange = referenceMask(payload, kOddKey, offset);
            if (inPlace) {
                QByteArray buffer = original;
                applyMask(buffer.data() + align, 0, kOddKey, offset); // a no-op, on any kernel
                copyMasked(kernel, buffer.data() + align, buffer.constData() + align, size, kOddKey, offset);
                QByteArray expected = original;
                expected.replace(align, size, expectedRange);
                QVERIFY2(buffer == expected, qPrintable(QStringLiteral("size %1 alignment %2").arg(size).arg(align)));
            } else {
                // dst at the same alignment as src, and at another one
                for (qsizetype dstAlign : {align, (align * 7 + 5) % 32}) {
                    QByteArray dst(maxSize + slack, '\xee');
                    copyMasked(kernel, dst.data() + dstAlign, original.constData() + align, size, kOddKey, offset);
                    QByteArray expected(maxSize + slack, '\xee');
                    expected.replace(dstAlign, size, expectedRange);
                    QVERIFY2(dst == expected,
                             qPrintable(QStringLiteral("size %1 source alignment %2 target alignment %3")
                                            .arg(size)
                                            .arg(align)
                                            .arg(dstAlign)));
                }
            }
        }
    }
}

// Source and target in heap blocks of exactly the payload size, so that a sanitizer build catches any access
// outside them.
void tst_Masking::exactBuffers()
{
    QRandomGenerator rng(300);
    const QByteArray original = randomBytes(rng, 300);
    for (MaskKernel kernel : supportedMaskKernels()) {
        for (qsizetype size = 1; size <= original.size(); ++size) {
            for (quint64 offset = 0; offset < 4; ++offset) {
                const QByteArray expected = referenceMask(original.first(size), kOddKey, offset);
                const auto source = std::make_unique<char[]>(size_t(size));
                const auto target = std::make_unique<char[]>(size_t(size));
                std::copy_n(original.constData(), size, source.get());
                copyMasked(kernel, target.get(), source.get(), size, kOddKey, offset);
                QVERIFY(QByteArrayView(target.get(), size) == expected);
                copyMasked(kernel, source.get(), source.get(), size, kOddKey, offset);
                QVERIFY(QByteArrayView(source.get(), size) == expected);
            }
        }
    }
}

void tst_Masking::chunkedEqualsOneShot_data()
{
    QTest::addColumn<MaskKernel>("kernel");
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<quint64>("start");
    for (MaskKernel kernel : supportedMaskKernels()) {
        for (qsizetype size : {1, 5, 33, 100, 300, 1031}) {
            for (quint64 start : {quint64(0), quint64(6)})
                QTest::addRow("%s/%lld bytes/from payload byte %llu", maskKernelName(kernel), qlonglong(size), start)
                    << kernel << size << start;
        }
    }
}

// A payload unmasked as it arrives, in two or three reads split anywhere, comes out as if unmasked in one go.
void tst_Masking::chunkedEqualsOneShot()
{
    QFETCH(MaskKernel, kernel);
    QFETCH(qsizetype, size);
    QFETCH(quint64, start);
    QRandomGenerator rng{quint32(size)};
    const QByteArray payload = randomBytes(rng, size);
    QByteArray oneShot = payload;
    copyMasked(kernel, oneShot.data(), oneShot.constData(), size, kRfcKey, start);
    QCOMPARE(oneShot, referenceMask(payload, kRfcKey, start));

    for (qsizetype split = 0; split <= size; ++split) {
        QByteArray inPlace = payload;
        copyMasked(kernel, inPlace.data(), inPlace.constData(), split, kRfcKey, start);
        copyMasked(kernel, inPlace.data() + split, inPlace.constData() + split, size - split, kRfcKey,
                   start + quint64(split));
        QVERIFY2(inPlace == oneShot, qPrintable(QStringLiteral("in place, split at %1").arg(split)));

        const qsizetype second = split + (size - split) / 2;
        QByteArray copied(size, '\0');
        copyMasked(kernel, copied.data(), payload.constData(), split, kRfcKey, start);
        copyMasked(kernel, copied.data() + split, payload.constData() + split, second - split, kRfcKey,
                   start + quint64(split));
        copyMasked(kernel, copied.data() + second, payload.constData() + second, size - second, kRfcKey,
                   start + quint64(second));
        QVERIFY2(copied == oneShot, qPrintable(QStringLiteral("copy, split at %1 and %2").arg(split).arg(second)));
    }
}

void tst_Masking::roundTrip_data()
{
    QTest::addColumn<MaskKernel>("kernel");
    QTest::addColumn<qsizetype>("size");
    for (MaskKernel kernel : supportedMaskKernels()) {
        for (qsizetype size : {1, 3, 4, 15, 16, 17, 63, 64, 65, 127, 128, 129, 255, 256, 257, 4099, 65536 + 3})
            QTest::addRow("%s/%lld bytes", maskKernelName(kernel), qlonglong(size)) << kernel << size;
    }
}

// Masking twice with the same key gives the input back; masking once changes every byte (no key byte is 0).
void tst_Masking::roundTrip()
{
    QFETCH(MaskKernel, kernel);
    QFETCH(qsizetype, size);
    QRandomGenerator rng{quint32(size) * 31u};
    const QByteArray payload = randomBytes(rng, size);
    for (quint64 offset : {quint64(0), quint64(1), quint64(2), quint64(3)}) {
        QByteArray masked(size, '\0');
        copyMasked(kernel, masked.data(), payload.constData(), size, kOddKey, offset);
        for (qsizetype i = 0; i < size; ++i)
            QVERIFY2(masked[i] != payload[i], qPrintable(QStringLiteral("byte %1 unchanged").arg(i)));
        copyMasked(kernel, masked.data(), masked.constData(), size, kOddKey, offset);
        QCOMPARE(masked, payload);
    }
}

void tst_Masking::largeBuffer_data()
{
    QTest::addColumn<MaskKernel>("kernel");
    for (MaskKernel kernel : supportedMaskKernels())
        QTest::addRow("%s", maskKernelName(kernel)) << kernel;
}

// A payload of several MiB at an odd address and offset: in one go, as a copy, and in 64 KiB + 5 reads.
void tst_Masking::largeBuffer()
{
    QFETCH(MaskKernel, kernel);
    constexpr qsizetype size = 6 * 1024 * 1024 + 13;
    constexpr quint64 offset = 0x123456789ull;
    QRandomGenerator rng(6);
    const QByteArray storage = randomBytes(rng, size + 3);
    const QByteArrayView payload = QByteArrayView(storage).sliced(3, size);
    const QByteArray expected = referenceMask(payload, kRfcKey, offset);

    QByteArray inPlace = storage;
    copyMasked(kernel, inPlace.data() + 3, inPlace.constData() + 3, size, kRfcKey, offset);
    QVERIFY(inPlace.sliced(3) == expected);
    QCOMPARE(inPlace.first(3), storage.first(3));

    QByteArray copied(size, '\0');
    copyMasked(kernel, copied.data(), payload.data(), size, kRfcKey, offset);
    QVERIFY(copied == expected);

    QByteArray chunked(size, '\0');
    constexpr qsizetype read = 64 * 1024 + 5;
    for (qsizetype at = 0; at < size; at += read) {
        const qsizetype n = qMin(read, size - at);
        copyMasked(kernel, chunked.data() + at, payload.data() + at, n, kRfcKey, offset + quint64(at));
    }
    QVERIFY(chunked == expected);

    copyMasked(kernel, chunked.data(), chunked.constData(), size, kRfcKey, offset);
    QVERIFY(chunked == payload);
}

QTEST_GUILESS_MAIN(tst_Masking)
#include "tst_masking.moc"
