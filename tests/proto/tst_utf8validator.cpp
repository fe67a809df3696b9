#include "proto/utf8validator.h"

#include "../common/utf8encode.h"
#include <QRandomGenerator>

#include <QTest>

#include <algorithm>
#include <memory>

using namespace sockscope::proto;
using Kernel = Utf8Validator::Kernel;

namespace {

// Whether some code point in [low, high] is a Unicode scalar value that takes `length` bytes in UTF-8.
bool hasScalarOfLength(quint32 low, quint32 high, int length)
{
    static constexpr quint32 smallest[] = {0, 0x80, 0x800, 0x10000};
    static constexpr quint32 largest[] = {0x7F, 0x7FF, 0xFFFF, 0x10FFFF};
    low = qMax(low, smallest[length - 1]);
    high = qMin(high, largest[length - 1]);
    if (low > high)
        return false;
    return !(low >= 0xD800 && high <= 0xDFFF);
}

// A reference written apart from the validator's state machine: a lead byte gives the sequence length, and after
// each byte the range of code points the sequence can still encode must hold a scalar value of that length. The
// index of the first byte after which that fails, or -1; *complete says whether the text ends between characters.
qsizetype referenceFirstInvalid(QByteArrayView s, bool *complete)
{
    *complete = true;
    qsizetype i = 0;
    while (i < s.size()) {
        const quint8 lead = quint8(s[i]);
        int length;
        quint32 bits;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            bits = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            bits = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            bits = lead & 0x07;
        } else {
            return i;
        }
        for (int have = 1;; ++have) {
            const int missing = 6 * (length - have);
            const quint32 low = bits << missing;
            const quint32 high = low | ((1u << missing) - 1);
            if (!hasScalarOfLength(low, high, length))
                return i + have - 1;
            if (have == length)
                break;
            if (i + have == s.size()) {
                *complete = false;
                return -1;
            }
            const quint8 tail = quint8(s[i + have]);
            if ((tail & 0xC0) != 0x80)
                return i + have;
            bits = (bits << 6) | (tail & 0x3F);
        }
        i += length;
    }
    return -1;
}

QString hexOf(QByteArrayView bytes)
{
    const qsizetype shown = qMin<qsizetype>(bytes.size(), 48);
    QString out = QString::fromLatin1(bytes.first(shown).toByteArray().toHex(' '));
    if (shown < bytes.size())
        out += QStringLiteral(" ... (%1 bytes)").arg(bytes.size());
    return out;
}

// The bytes in a heap block of exactly their size, so that a sanitizer build catches any read outside them.
class ExactCopy
{
public:
    explicit ExactCopy(QByteArrayView bytes)
        : m_size(bytes.size())
        , m_data(new char[std::max<size_t>(size_t(bytes.size()), 1)])
    {
        std::copy(bytes.begin(), bytes.end(), m_data.get());
    }
    QByteArrayView view() const { return QByteArrayView(m_data.get(), m_size); }
    qsizetype size() const { return m_size; }

private:
    qsizetype m_size;
    std::unique_ptr<char[]> m_data;
};

// Feeds input cut at the given positions and checks what a caller learns against the expectation: the position in
// the whole input of the first invalid byte, isComplete() at the end, and the contract around them. Returns an
// empty string, or what went wrong.
QString checkFed(Kernel kernel, QByteArrayView input, const QList<qsizetype> &cuts, qsizetype expectedInvalid,
                 bool expectedComplete)
{
    Utf8Validator validator(kernel);
    qsizetype start = 0;
    qsizetype invalidAt = -1;
    QString cutText;
    for (qsizetype cut : cuts)
        cutText += QStringLiteral(" %1").arg(cut);
    const QString where = QStringLiteral("%1, cuts at [%2 ], input %3")
                              .arg(QLatin1String(Utf8Validator::kernelName(kernel)), cutText, hexOf(input));
    QList<qsizetype> ends = cuts;
    ends << input.size();
    for (qsizetype end : ends) {
        const ExactCopy chunk(input.sliced(start, end - start));
        const qsizetype result = validator.feed(chunk.view());
        if (invalidAt >= 0) {
            if (result != 0)
                return QStringLiteral("a feed after the failure returned %1 (%2)").arg(result).arg(where);
        } else if (result >= 0) {
            if (result >= chunk.size())
                return QStringLiteral("index %1 outside a chunk of %2 bytes (%3)")
                    .arg(result)
                    .arg(chunk.size())
                    .arg(where);
            invalidAt = start + result;
        }
        if (validator.failed() != (invalidAt >= 0))
            return QStringLiteral("failed() is %1 after the chunk ending at %2 (%3)")
                .arg(int(validator.failed()))
                .arg(end)
                .arg(where);
        start = end;
    }
    if (invalidAt != expectedInvalid)
        return QStringLiteral("first invalid byte at %1, expected %2 (%3)")
            .arg(invalidAt)
            .arg(expectedInvalid)
            .arg(where);
    const bool complete = expectedInvalid < 0 && expectedComplete;
    if (validator.isComplete() != complete)
        return QStringLiteral("isComplete() is %1, expected %2 (%3)")
            .arg(int(validator.isComplete()))
            .arg(int(complete))
            .arg(where);
    return {};
}

// The whole-string functions against the expectation.
QString checkWhole(Kernel kernel, QByteArrayView input, qsizetype expectedInvalid, bool expectedComplete)
{
    const qsizetype expected = expectedInvalid >= 0 ? expectedInvalid : (expectedComplete ? -1 : input.size());
    const qsizetype got = Utf8Validator::firstInvalidByte(ExactCopy(input).view(), kernel);
    if (got != expected)
        return QStringLiteral("firstInvalidByte() is %1, expected %2 (%3, input %4)")
            .arg(got)
            .arg(expected)
            .arg(QLatin1String(Utf8Validator::kernelName(kernel)), hexOf(input));
    if (Utf8Validator::isValid(input) != (expected == -1))
        return QStringLiteral("isValid() is wrong for %1").arg(hexOf(input));
    return {};
}

// Whole, one byte at a time, and in two chunks split at every position, on every kernel.
QString checkEveryWay(QByteArrayView input, qsizetype expectedInvalid, bool expectedComplete)
{
    for (Kernel kernel : Utf8Validator::supportedKernels()) {
        QString problem = checkWhole(kernel, input, expectedInvalid, expectedComplete);
        if (problem.isEmpty())
            problem = checkFed(kernel, input, {}, expectedInvalid, expectedComplete);
        QList<qsizetype> everyByte;
        for (qsizetype i = 1; i < input.size(); ++i)
            everyByte << i;
        if (problem.isEmpty())
            problem = checkFed(kernel, input, everyByte, expectedInvalid, expectedComplete);
        for (qsizetype split = 0; split <= input.size() && problem.isEmpty(); ++split)
            problem = checkFed(kernel, input, {split}, expectedInvalid, expectedComplete);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

// Code points chosen to give each sequence length, including the ends of each range.
const char32_t kTwoByte[] = {0x80, 0xA9, 0x3B1, 0x416, 0x5D0, 0x7FF};
const char32_t kThreeByte[] = {0x800, 0x20AC, 0x4E2D, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFF};
const char32_t kFourByte[] = {0x10000, 0x1F600, 0x20000, 0x10FFFF};

// Valid text of about `size` bytes, from characters of the given lengths (a mix when zero).
QByteArray filler(int length, qsizetype size)
{
    QByteArray out;
    for (int n = 0; out.size() < size; ++n) {
        const int pick = length ? length : 1 + (n * 7 + n / 3) % 4;
        switch (pick) {
        case 1: out += char('a' + n % 26); break;
        case 2: out += utf8Encode(kTwoByte[n % std::size(kTwoByte)]); break;
        case 3: out += utf8Encode(kThreeByte[n % std::size(kThreeByte)]); break;
        default: out += utf8Encode(kFourByte[n % std::size(kFourByte)]); break;
        }
    }
    return out;
}

} // namespace

class tst_Utf8Validator : public QObject
{
    Q_OBJECT
private slots:
    void vectors_data();
    void vectors();
    void vectorsInLongText_data();
    void vectorsInLongText();
    void afterFailure();
    void emptyChunks();
    void allPairs();
    void representativeSequences();
    void errorAtEveryBlockPosition_data();
    void errorAtEveryBlockPosition();
    void randomAgainstReference();
    void largeText_data();
    void largeText();
};

void tst_Utf8Validator::vectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("invalidAt"); // -1: no invalid byte
    QTest::addColumn<bool>("complete"); // when valid: whether the text may end here

    const auto valid = [](const char *name, const QByteArray &hex) {
        QTest::newRow(name) << QByteArray::fromHex(hex) << -1 << true;
    };
    const auto invalid = [](const char *name, const QByteArray &hex, int at) {
        QTest::newRow(name) << QByteArray::fromHex(hex) << at << false;
    };
    const auto truncated = [](const char *name, const QByteArray &hex) {
        QTest::newRow(name) << QByteArray::fromHex(hex) << -1 << false;
    };

    QTest::newRow("empty") << QByteArray() << -1 << true;
    QTest::newRow("ASCII") << QByteArray("Hello, world") << -1 << true;
    QByteArray allAscii;
    for (int c = 0; c < 0x80; ++c)
        allAscii += char(c);
    QTest::newRow("every ASCII byte 00-7F") << allAscii << -1 << true;
    valid("Greek kosme", "cebae1bdb9cf83cebcceb5");
    valid("Hello-mu@ss-oe-ae-ue-a-a-UTF-8!!", "48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121");

    // First and last code point of each sequence length, and the other range boundaries of RFC 3629 section 4.
    valid("first 1-byte U+0000", "00");
    valid("first 2-byte U+0080", "c280");
    valid("first 3-byte U+0800", "e0a080");
    valid("first 4-byte U+10000", "f0908080");
    valid("last 1-byte U+007F", "7f");
    valid("last 2-byte U+07FF", "dfbf");
    valid("last 3-byte U+FFFF", "efbfbf");
    valid("last 4-byte U+10FFFF", "f48fbfbf");
    valid("U+1000 first after E0", "e18080");
    valid("U+CFFF last before ED", "ecbfbf");
    valid("U+D000 first with ED", "ed8080");
    valid("U+D7FF last before the surrogates", "ed9fbf");
    valid("U+E000 first after the surrogates", "ee8080");
    valid("U+FFFD replacement character", "efbfbd");
    valid("U+40000 first after F0", "f1808080");
    valid("U+FFFFF last before F4", "f3bfbfbf");
    valid("U+100000 first with F4", "f4808080");
    valid("U+1F600 emoji", "f09f9880");

    // Noncharacters and the byte order mark are scalar values: valid.
    valid("BOM U+FEFF", "efbbbf");
    valid("BOM then text", "efbbbf6869");
    valid("noncharacter U+FFFE", "efbfbe");
    valid("noncharacter U+FFFF", "efbfbf");
    valid("noncharacter U+FDD0", "efb790");
    valid("noncharacter U+FDEF", "efb7af");
    valid("noncharacter U+1FFFE", "f09fbfbe");
    valid("noncharacter U+10FFFE", "f48fbfbe");

    // Above U+10FFFF: fails at the byte that leaves the range.
    invalid("U+110000", "f4908080", 1);
    invalid("F4 BF: above U+10FFFF", "f4bfbfbf", 1);
    invalid("F5 lead", "f5808080", 0);
    invalid("F7 BF BF BF: U+1FFFFF", "f7bfbfbf", 0);
    invalid("5-byte form of U+200000", "f888808080", 0);
    invalid("6-byte form of U+4000000", "fc8480808080", 0);
    invalid("5-byte form, last", "fbbfbfbfbf", 0);
    invalid("6-byte form, last", "fdbfbfbfbfbf", 0);

    // Continuation bytes where a character must start.
    for (int tail = 0x80; tail <= 0xBF; ++tail)
        QTest::addRow("lone continuation 0x%02X", tail) << QByteArray(1, char(tail)) << 0 << false;
    invalid("two continuations", "80bf", 0);
    invalid("continuation after ASCII", "6180", 1);
    invalid("every continuation byte in a row",
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4"
            "b5b6b7b8b9babbbcbdbebf",
            0);
    invalid("2-byte sequence and one tail too many", "c38080", 2);
    invalid("3-byte sequence and one tail too many", "e2828080", 3);
    invalid("4-byte sequence and one tail too many", "f09f988080", 4);

    // Start bytes followed by a space, as in the "lonely start characters" of the stress tests.
    for (int lead = 0xC0; lead <= 0xFF; ++lead) {
        const bool neverValid = lead <= 0xC1 || lead >= 0xF5; // RFC 3629 section 1: C0, C1, F5-FF never appear
        QTest::addRow("lonely start 0x%02X then space", lead)
            << (QByteArray(1, char(lead)) + ' ') << (neverValid ? 0 : 1) << false;
    }

    // Sequences with the last byte missing: a truncated end, or a failure at the next character.
    truncated("truncated C2 at the end", "c2");
    truncated("truncated DF at the end", "df");
    truncated("truncated E0 at the end", "e0");
    truncated("truncated E0 A0 at the end", "e0a0");
    truncated("truncated E1 80 at the end", "e180");
    truncated("truncated ED 9F at the end", "ed9f");
    truncated("truncated EF BF at the end", "efbf");
    truncated("truncated F0 90 80 at the end", "f09080");
    truncated("truncated F1 80 80 at the end", "f18080");
    truncated("truncated F4 8F BF at the end", "f48fbf");
    truncated("text then truncated emoji", "6869f09f98");
    invalid("C2 then ASCII", "c241", 1);
    invalid("E0 A0 then ASCII", "e0a041", 2);
    invalid("E1 80 then ASCII", "e18041", 2);
    invalid("F0 90 80 then ASCII", "f0908041", 3);
    invalid("F4 8F BF then ASCII", "f48fbf41", 3);
    invalid("E1 80 then a new 2-byte character", "e180c280", 2);
    invalid("concatenated truncated sequences", "c2e0a0f09080f18080e180df", 1);

    // Bytes that never appear.
    invalid("FE", "fe", 0);
    invalid("FF", "ff", 0);
    invalid("FE FE FF FF", "fefeffff", 0);
    invalid("C0", "c0", 0);
    invalid("C1", "c1", 0);

    // Overlong forms: fail at the first byte that makes the sequence overlong.
    invalid("overlong / in 2 bytes", "c0af", 0);
    invalid("overlong / in 3 bytes", "e080af", 1);
    invalid("overlong / in 4 bytes", "f08080af", 1);
    invalid("overlong / in 5 bytes", "f8808080af", 0);
    invalid("overlong / in 6 bytes", "fc80808080af", 0);
    invalid("largest overlong 2-byte U+007F", "c1bf", 0);
    invalid("largest overlong 3-byte U+07FF", "e09fbf", 1);
    invalid("largest overlong 4-byte U+FFFF", "f08fbfbf", 1);
    invalid("largest overlong 5-byte", "f887bfbfbf", 0);
    invalid("largest overlong 6-byte", "fc83bfbfbfbf", 0);
    invalid("overlong NUL in 2 bytes", "c080", 0);
    invalid("overlong NUL in 3 bytes", "e08080", 1);
    invalid("overlong NUL in 4 bytes", "f0808080", 1);
    invalid("overlong NUL in 5 bytes", "f880808080", 0);
    invalid("overlong NUL in 6 bytes", "fc8080808080", 0);

    // UTF-16 surrogates, alone and paired, are not scalar values.
    invalid("surrogate U+D800", "eda080", 1);
    invalid("surrogate U+DB7F", "edadbf", 1);
    invalid("surrogate U+DB80", "edae80", 1);
    invalid("surrogate U+DBFF", "edafbf", 1);
    invalid("surrogate U+DC00", "edb080", 1);
    invalid("surrogate U+DF80", "edbe80", 1);
    invalid("surrogate U+DFFF", "edbfbf", 1);
    invalid("surrogate pair U+D800 U+DC00", "eda080edb080", 1);
    invalid("surrogate pair U+DBFF U+DFFF", "edafbfedbfbf", 1);
    invalid("CESU-8 emoji", "eda0bdedb880", 1);
    invalid("kosme then a surrogate", "cebae1bdb9cf83cebcceb5eda080656469746564", 12);
    invalid("kosme then U+110000", "cebae1bdb9cf83cebcceb5f4908080656469746564", 12);
    invalid("valid text, then C0 at byte 20", "6161616161616161616161616161616161616161c0", 20);
}

void tst_Utf8Validator::vectors()
{
    QFETCH(QByteArray, input);
    QFETCH(int, invalidAt);
    QFETCH(bool, complete);

    bool referenceComplete = false;
    QCOMPARE(referenceFirstInvalid(input, &referenceComplete), qsizetype(invalidAt));
    if (invalidAt < 0)
        QCOMPARE(referenceComplete, complete);

    const QString problem = checkEveryWay(input, invalidAt, complete);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_Utf8Validator::vectorsInLongText_data()
{
    vectors_data();
}

// The same vectors inside longer ASCII and multi-byte text, at every offset against the 32-byte blocks of the wide
// paths, and with text after them.
void tst_Utf8Validator::vectorsInLongText()
{
    QFETCH(QByteArray, input);
    const QByteArray ascii = filler(1, 100);
    const QByteArray mixed = filler(0, 100);
    for (const QByteArray &text : {ascii, mixed}) {
        for (qsizetype at = 0; at < 72; ++at) {
            qsizetype boundary = at;
            while (boundary < text.size() && (quint8(text[boundary]) & 0xC0) == 0x80)
                ++boundary;
            if (boundary != at)
                continue;
            for (const QByteArray &after : {QByteArray(), text.sliced(0, 40), text.sliced(3, 40)}) {
                if (!after.isEmpty() && (quint8(after[0]) & 0xC0) == 0x80)
                    continue;
                const QByteArray whole = text.first(at) + input + after;
                bool complete = false;
                const qsizetype expected = referenceFirstInvalid(whole, &complete);
                for (Kernel kernel : Utf8Validator::supportedKernels()) {
                    QString problem = checkWhole(kernel, whole, expected, complete);
                    for (qsizetype split : {at, at + 1, at + input.size(), whole.size() / 2}) {
                        if (problem.isEmpty() && split <= whole.size())
                            problem = checkFed(kernel, whole, {split}, expected, complete);
                    }
                    QVERIFY2(problem.isEmpty(), qPrintable(problem));
                }
            }
        }
    }
}

void tst_Utf8Validator::afterFailure()
{
    for (Kernel kernel : Utf8Validator::supportedKernels()) {
        Utf8Validator validator(kernel);
        QCOMPARE(validator.kernel(), kernel);
        QVERIFY(validator.isComplete());
        QVERIFY(!validator.failed());
        QCOMPARE(validator.feed("caf"), qsizetype(-1));
        QCOMPARE(validator.feed("\xc3"), qsizetype(-1));
        QVERIFY(!validator.isComplete());
        QCOMPARE(validator.feed("\xa9 ok \xed\xa0\x80 more"), qsizetype(6));
        QVERIFY(validator.failed());
        QVERIFY(!validator.isComplete());
        QCOMPARE(validator.feed("plain ASCII"), qsizetype(0));
        QCOMPARE(validator.feed(QByteArrayView()), qsizetype(0));
        QVERIFY(validator.failed());

        validator.reset();
        QVERIFY(!validator.failed());
        QVERIFY(validator.isComplete());
        QCOMPARE(validator.feed("\xe2\x82"), qsizetype(-1));
        validator.reset();
        QVERIFY(validator.isComplete());
        QCOMPARE(validator.feed("\xac"), qsizetype(0)); // a tail with no lead after reset()
    }
}

void tst_Utf8Validator::emptyChunks()
{
    Utf8Validator validator;
    QCOMPARE(validator.feed(QByteArrayView()), qsizetype(-1));
    QVERIFY(validator.isComplete());
    QCOMPARE(validator.feed("\xf0\x9f"), qsizetype(-1));
    QCOMPARE(validator.feed(QByteArrayView()), qsizetype(-1));
    QVERIFY(!validator.isComplete());
    QCOMPARE(validator.feed("\x98\x80"), qsizetype(-1));
    QVERIFY(validator.isComplete());
    QVERIFY(Utf8Validator::isValid(QByteArrayView()));
    QCOMPARE(Utf8Validator::firstInvalidByte(QByteArrayView()), qsizetype(-1));
}

// Every pair of bytes, alone and inside multi-byte text so that the wide path sees it at two block positions.
void tst_Utf8Validator::allPairs()
{
    // "abc" then U+00E9 makes the wide path start at byte 3, so its blocks start at 3, 35, 67...
    const QByteArray before = "abc" + utf8Encode(0xE9) + filler(1, 29);
    for (int first = 0; first < 256; ++first) {
        for (int second = 0; second < 256; ++second) {
            QByteArray pair(2, '\0');
            pair[0] = char(first);
            pair[1] = char(second);
            for (const QByteArray &whole : {pair, before + pair + "xyz", before + "x" + pair + filler(2, 40)}) {
                bool complete = false;
                const qsizetype expected = referenceFirstInvalid(whole, &complete);
                for (Kernel kernel : Utf8Validator::supportedKernels()) {
                    const QString problem = checkWhole(kernel, whole, expected, complete);
                    QVERIFY2(problem.isEmpty(), qPrintable(problem));
                }
            }
        }
    }
}

// All sequences of three and four bytes drawn from one representative of each class of byte the rules tell
// apart, at every position across a block boundary of the wide path.
void tst_Utf8Validator::representativeSequences()
{
    const quint8 bytes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                            0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xF8, 0xFD, 0xFF};
    constexpr int n = int(std::size(bytes));
    // As in allPairs: the sequence starts at bytes 33 to 36, across the block boundary at 35.
    const QByteArray before = "abc" + utf8Encode(0xE9) + filler(1, 28);
    const QByteArray afters[] = {filler(1, 36), filler(3, 36)};
    for (int length : {3, 4}) {
        const int count = length == 3 ? n * n * n : n * n * n * n;
        for (int code = 0; code < count; ++code) {
            QByteArray sequence;
            for (int k = 0, rest = code; k < length; ++k, rest /= n)
                sequence += char(bytes[rest % n]);
            for (qsizetype shift : {0, 1, 2, 3}) {
                for (const QByteArray &after : afters) {
                    const QByteArray whole = before + QByteArray(shift, 'x') + sequence + after;
                    bool complete = false;
                    const qsizetype expected = referenceFirstInvalid(whole, &complete);
                    for (Kernel kernel : Utf8Validator::supportedKernels()) {
                        const QString problem = checkWhole(kernel, whole, expected, complete);
                        QVERIFY2(problem.isEmpty(), qPrintable(problem));
                    }
                }
            }
        }
    }
}

void tst_Utf8Validator::errorAtEveryBlockPosition_data()
{
    QTest::addColumn<int>("fillerLength"); // 1-4, or 0 for a mix
    QTest::addColumn<QByteArray>("error");
    QTest::addColumn<int>("errorIndex"); // where in error the text fails; error.size() when it fails at what follows
    const struct {
        const char *name;
        const char *hex;
        int index;
    } errors[] = {
        {"lone tail", "80", 0},
        {"C0 overlong", "c080", 0},
        {"E0 overlong", "e08080", 1},
        {"F0 overlong", "f0808080", 1},
        {"surrogate", "eda080", 1},
        {"U+110000", "f4908080", 1},
        {"F5", "f5", 0},
        {"FF", "ff", 0},
        {"truncated 2-byte", "c3", 1},
        {"truncated 3-byte", "e282", 2},
        {"truncated 4-byte", "f09f98", 3},
        {"extra tail after 2-byte", "c3a9bf", 2},
    };
    const struct {
        const char *name;
        int length;
    } fillers[] = {{"ASCII", 1}, {"2-byte", 2}, {"3-byte", 3}, {"4-byte", 4}, {"mixed", 0}};
    for (const auto &f : fillers) {
        for (const auto &e : errors)
            QTest::addRow("%s text, %s", f.name, e.name) << f.length << QByteArray::fromHex(e.hex) << e.index;
    }
}

// An error inserted at every character boundary of a long text, so that it falls at every position relative to
// the 16- and 32-byte blocks, with the text going on after it (or ending right after it).
void tst_Utf8Validator::errorAtEveryBlockPosition()
{
    QFETCH(int, fillerLength);
    QFETCH(QByteArray, error);
    QFETCH(int, errorIndex);
    const QByteArray text = filler(fillerLength, 200);
    for (qsizetype at = 0; at <= text.size(); ++at) {
        if (at < text.size() && (quint8(text[at]) & 0xC0) == 0x80)
            continue;
        const QByteArray whole = text.first(at) + error + text.sliced(at);
        const bool truncatedAtEnd = at == text.size() && errorIndex == error.size();
        const qsizetype expected = truncatedAtEnd ? -1 : at + errorIndex;

        bool referenceComplete = false;
        QCOMPARE(referenceFirstInvalid(whole, &referenceComplete), expected);

        for (Kernel kernel : Utf8Validator::supportedKernels()) {
            QString problem = checkWhole(kernel, whole, expected, false);
            for (qsizetype split = 0; split <= whole.size() && problem.isEmpty(); ++split) {
                if (qAbs(split - at) <= 4 || split % 13 == 0)
                    problem = checkFed(kernel, whole, {split}, expected, false);
            }
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }
}

// Random text, mostly valid with now and then a broken piece, against the reference, whole and in random reads.
void tst_Utf8Validator::randomAgainstReference()
{
    QRandomGenerator rng(0x5eed);
    int invalidCount = 0;
    int truncatedCount = 0;
    for (int round = 0; round < 6000; ++round) {
        QByteArray text;
        const qsizetype target = round % 10 == 0 ? rng.bounded(4000) : rng.bounded(300);
        const bool corrupt = rng.bounded(2) == 0;
        while (text.size() < target) {
            const int kind = rng.bounded(100);
            if (kind < 35) {
                const qsizetype run = rng.bounded(1, 60);
                for (qsizetype k = 0; k < run; ++k)
                    text += char(rng.bounded(0x20, 0x7F));
            } else if (kind < 55) {
                text += utf8Encode(char32_t(rng.bounded(0x80, 0x800)));
            } else if (kind < 75) {
                char32_t cp = char32_t(rng.bounded(0x800, 0x10000));
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    cp -= 0x800;
                text += utf8Encode(cp);
            } else if (kind < 90) {
                text += utf8Encode(char32_t(rng.bounded(0x10000, 0x110000)));
            } else {
                const char32_t edges[] = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
                text += utf8Encode(edges[rng.bounded(int(std::size(edges)))]);
            }
        }
        if (corrupt && !text.isEmpty()) {
            const qsizetype at = rng.bounded(text.size());
            switch (rng.bounded(7)) {
            case 0: text[at] = char(rng.bounded(256)); break;
            case 1: text.insert(at, char(rng.bounded(0x80, 0x100))); break;
            case 2: text.remove(at, 1); break;
            case 3: text.insert(at, utf8Encode(char32_t(rng.bounded(0xD800, 0xE000)))); break;
            case 4: text.insert(at, utf8Encode(char32_t(rng.bounded(0x110000, 0x200000)))); break;
            case 5: text.truncate(at); break;
            default: text.chop(1); break;
            }
        }

        bool complete = false;
        const qsizetype expected = referenceFirstInvalid(text, &complete);
        invalidCount += expected >= 0;
        truncatedCount += expected < 0 && !complete;
        QList<qsizetype> cuts;
        for (qsizetype at = rng.bounded(80); at < text.size(); at += 1 + rng.bounded(80))
            cuts << at;
        for (Kernel kernel : Utf8Validator::supportedKernels()) {
            QString problem = checkWhole(kernel, text, expected, complete);
            if (problem.isEmpty())
                problem = checkFed(kernel, text, cuts, expected, complete);
            QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(problem)));
        }
    }
    // The generator must produce all three outcomes for the comparison to mean anything.
    QVERIFY2(invalidCount > 1000, qPrintable(QString::number(invalidCount)));
    QVERIFY2(truncatedCount > 100, qPrintable(QString::number(truncatedCount)));
}

void tst_Utf8Validator::largeText_data()
{
    QTest::addColumn<int>("fillerLength");
    QTest::addRow("ASCII") << 1;
    QTest::addRow("2-byte") << 2;
    QTest::addRow("3-byte") << 3;
    QTest::addRow("4-byte") << 4;
    QTest::addRow("mixed") << 0;
}

// A few MiB of valid text, then the same with one byte broken at chosen places.
void tst_Utf8Validator::largeText()
{
    QFETCH(int, fillerLength);
    const QByteArray text = filler(fillerLength, 3 * 1024 * 1024);
    for (Kernel kernel : Utf8Validator::supportedKernels()) {
        QCOMPARE(Utf8Validator::firstInvalidByte(text, kernel), qsizetype(-1));
        Utf8Validator validator(kernel);
        for (qsizetype at = 0; at < text.size(); at += 65536 + 7)
            QCOMPARE(validator.feed(QByteArrayView(text).sliced(at, qMin<qsizetype>(65536 + 7, text.size() - at))),
                     qsizetype(-1));
        QVERIFY(validator.isComplete());

        for (qsizetype at : {qsizetype(0), qsizetype(1000003), text.size() / 2 + 1, text.size() - 1}) {
            QByteArray broken = text;
            while ((quint8(broken[at]) & 0xC0) == 0x80)
                --at;
            broken[at] = '\xff';
            QCOMPARE(Utf8Validator::firstInvalidByte(broken, kernel), at);
        }
    }
}

QTEST_GUILESS_MAIN(tst_Utf8Validator)
#include "tst_utf8validator.moc"
