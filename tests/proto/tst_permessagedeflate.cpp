#include "proto/permessagedeflate.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#define ZLIB_CONST
#include <zlib.h>

#include <optional>

using namespace sockscope::proto;

namespace {

constexpr qsizetype KiB = 1024;
constexpr qsizetype MiB = 1024 * KiB;

enum class Content { Random, Compressible };

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

QByteArray makeData(qsizetype size, Content content, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator random(seed);
    if (content == Content::Random) {
        for (qsizetype i = 0; i + 4 <= size; i += 4) {
            const quint32 word = random.generate();
            std::memcpy(data.data() + i, &word, 4);
        }
        for (qsizetype i = size - size % 4; i < size; ++i)
            data[i] = char(random.bounded(256));
        return data;
    }
    QByteArray text;
    qsizetype i = 0;
    while (text.size() < size) {
        text += R"({"id":)" + QByteArray::number(i++) + R"(,"price":)" + QByteArray::number(random.bounded(100000)) +
                R"(,"side":")" + (random.bounded(2) ? "buy" : "sell") + "\"}\n";
    }
    text.truncate(size);
    return text;
}

DeflateParameters parameters(int windowBits, bool noContextTakeover)
{
    DeflateParameters p;
    p.serverMaxWindowBits = windowBits;
    p.clientMaxWindowBits = windowBits;
    p.serverNoContextTakeover = noContextTakeover;
    p.clientNoContextTakeover = noContextTakeover;
    return p;
}

// An inflater that is as strict about the window as the RFC allows a peer to be: it hands zlib one output byte
// per call, so every back-reference has to come from zlib's 2^windowBits window, and one that reaches further
// back fails with "invalid distance too far back". Shares no code with PerMessageDeflate.
class StrictInflater
{
public:
    explicit StrictInflater(int windowBits) { m_ok = inflateInit2(&m_stream, -windowBits) == Z_OK; }
    ~StrictInflater() { inflateEnd(&m_stream); }
    StrictInflater(const StrictInflater &) = delete;
    StrictInflater &operator=(const StrictInflater &) = delete;

    std::optional<QByteArray> inflateMessage(const QByteArray &payload)
    {
        if (!m_ok)
            return std::nullopt;
        const QByteArray input = payload + hex("0000ffff");
        m_stream.next_in = reinterpret_cast<const Bytef *>(input.constData());
        m_stream.avail_in = uInt(input.size());
        QByteArray message;
        while (true) {
            unsigned char byte = 0;
            m_stream.next_out = &byte;
            m_stream.avail_out = 1;
            const int ret = inflate(&m_stream, Z_SYNC_FLUSH);
            if (ret != Z_OK && ret != Z_BUF_ERROR)
                return std::nullopt;
            if (m_stream.avail_out == 0)
                message.append(char(byte));
            else if (m_stream.avail_in == 0)
                return message;
        }
    }

private:
    z_stream m_stream{};
    bool m_ok = false;
};

// Peak resident memory of this process since the last reset, in bytes; nullopt where Linux does not offer it.
std::optional<qint64> peakResidentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return std::nullopt;
}

bool resetPeakResident()
{
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
}

} // namespace

class tst_PerMessageDeflate : public QObject
{
    Q_OBJECT
private slots:
    void rfcCompress_data();
    void rfcCompress();
    void rfcDecompress_data();
    void rfcDecompress();
    void bfinalKeepsWindow();
    void emptyMessage_data();
    void emptyMessage();
    void compressionBomb_data();
    void compressionBomb();
    void limitBoundary_data();
    void limitBoundary();
    void corruptData_data();
    void corruptData();
    void recoversAfterError();
    void roundTrip_data();
    void roundTrip();
    void largeMessage_data();
    void largeMessage();
    void manyMessagesInARow_data();
    void manyMessagesInARow();
    void contextTakeoverPerDirection_data();
    void contextTakeoverPerDirection();
    void windowBits();
    void compressionLevels_data();
    void compressionLevels();
};

void tst_PerMessageDeflate::rfcCompress_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QByteArrayList>("messages");
    QTest::addColumn<QByteArrayList>("payloads");
    for (Role role : {Role::Client, Role::Server}) {
        const char *side = role == Role::Client ? "client" : "server";
        QTest::addRow("7.2.3.1 Hello, %s", side)
            << role << QByteArrayList{"Hello"} << QByteArrayList{hex("f248cdc9c90700")};
        QTest::addRow("7.2.3.2 Hello twice with context takeover, %s", side)
            << role << QByteArrayList{"Hello", "Hello"} << QByteArrayList{hex("f248cdc9c90700"), hex("f200110000")};
    }
}

void tst_PerMessageDeflate::rfcCompress()
{
    QFETCH(Role, role);
    QFETCH(QByteArrayList, messages);
    QFETCH(QByteArrayList, payloads);
    PerMessageDeflate deflate(role, DeflateParameters{});
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const CompressedMessage compressed = deflate.compress(messages[i]);
        QCOMPARE(compressed.payload.toHex(' '), payloads[i].toHex(' '));
        QCOMPARE(compressed.compressedSize(), payloads[i].size());
        QCOMPARE(compressed.inflatedSize, messages[i].size());
    }
}

void tst_PerMessageDeflate::rfcDecompress_data()
{
    QTest::addColumn<QByteArrayList>("payloads");
    QTest::addColumn<QByteArrayList>("messages");
    QTest::addRow("7.2.3.1 one fixed-Huffman block")
        << QByteArrayList{hex("f248cdc9c90700")} << QByteArrayList{"Hello"};
    QTest::addRow("7.2.3.2 second message refers to the first")
        << QByteArrayList{hex("f248cdc9c90700"), hex("f200110000")} << QByteArrayList{"Hello", "Hello"};
    QTest::addRow("7.2.3.3 stored block") << QByteArrayList{hex("000500faff48656c6c6f00")} << QByteArrayList{"Hello"};
    QTest::addRow("7.2.3.4 BFINAL set") << QByteArrayList{hex("f348cdc9c9070000")} << QByteArrayList{"Hello"};
    QTest::addRow("7.2.3.5 two blocks") << QByteArrayList{hex("f24805000000ffffcac9c90700")} << QByteArrayList{"Hello"};
    QTest::addRow("BFINAL set, nothing after it") << QByteArrayList{hex("f348cdc9c90700")} << QByteArrayList{"Hello"};
    QTest::addRow("BFINAL stream followed by a second stream")
        << QByteArrayList{hex("f348cdc9c90700f248cdc9c90700")} << QByteArrayList{"HelloHello"};
    QTest::addRow("7.2.3.3 then 7.2.3.1")
        << QByteArrayList{hex("000500faff48656c6c6f00"), hex("f248cdc9c90700")} << QByteArrayList{"Hello", "Hello"};
}

void tst_PerMessageDeflate::rfcDecompress()
{
    QFETCH(QByteArrayList, payloads);
    QFETCH(QByteArrayList, messages);
    for (Role role : {Role::Client, Role::Server}) {
        PerMessageDeflate deflate(role, DeflateParameters{});
        for (qsizetype i = 0; i < payloads.size(); ++i) {
            const InflatedMessage inflated = deflate.decompress(payloads[i], 1 * MiB);
            QVERIFY2(inflated.ok(), qPrintable(inflated.violation.detail));
            QCOMPARE(inflated.message, messages[i]);
            QCOMPARE(inflated.inflatedSize, messages[i].size());
            QCOMPARE(inflated.compressedSize, payloads[i].size());
        }
    }
}

void tst_PerMessageDeflate::bfinalKeepsWindow()
{
    // RFC 7692 7.2.3.4 ends the first message's stream; the second message still refers to "Hello" (7.2.3.2).
    PerMessageDeflate deflate(Role::Client, DeflateParameters{});
    QCOMPARE(deflate.decompress(hex("f348cdc9c9070000")).message, QByteArray("Hello"));
    QCOMPARE(deflate.decompress(hex("f200110000")).message, QByteArray("Hello"));

    // Without the server's context takeover the same reference is out of bounds.
    DeflateParameters noTakeover;
    noTakeover.serverNoContextTakeover = true;
    PerMessageDeflate fresh(Role::Client, noTakeover);
    QCOMPARE(fresh.decompress(hex("f348cdc9c9070000")).message, QByteArray("Hello"));
    QCOMPARE(fresh.decompress(hex("f200110000")).violation.error, ProtocolError::InvalidCompressedData);
}

void tst_PerMessageDeflate::emptyMessage_data()
{
    QTest::addColumn<bool>("noContextTakeover");
    QTest::addRow("context takeover") << false;
    QTest::addRow("no context takeover") << true;
}

void tst_PerMessageDeflate::emptyMessage()
{
    QFETCH(bool, noContextTakeover);
    PerMessageDeflate client(Role::Client, parameters(15, noContextTakeover));
    PerMessageDeflate server(Role::Server, parameters(15, noContextTakeover));
    // RFC 7692 7.2.1: an empty message is the single octet 0x00, also in the middle of a stream
    for (const QByteArray &message : {QByteArray(), QByteArray("Hello"), QByteArray(), QByteArray("Hello")}) {
        const CompressedMessage compressed = client.compress(message);
        if (message.isEmpty())
            QCOMPARE(compressed.payload, QByteArray(1, '\0'));
        const InflatedMessage inflated = server.decompress(compressed.payload, 1 * MiB);
        QVERIFY2(inflated.ok(), qPrintable(inflated.violation.detail));
        QCOMPARE(inflated.message, message);
    }
    // A peer that sends no octets at all for an empty message.
    const InflatedMessage inflated = server.decompress(QByteArray(), 1 * MiB);
    QVERIFY(inflated.ok());
    QCOMPARE(inflated.message, QByteArray());
    QCOMPARE(server.decompress(client.compress("Hello").payload).message, QByteArray("Hello"));
}

void tst_PerMessageDeflate::compressionBomb_data()
{
    QTest::addColumn<qsizetype>("bombSize");
    QTest::addColumn<qint64>("limit");
    QTest::addRow("100 MiB of zeros, limit 1 MiB") << 100 * MiB << qint64(1 * MiB);
    QTest::addRow("100 MiB of zeros, limit 64 KiB") << 100 * MiB << qint64(64 * KiB);
    QTest::addRow("100 MiB of zeros, limit 0") << 100 * MiB << qint64(0);
}

void tst_PerMessageDeflate::compressionBomb()
{
    QFETCH(qsizetype, bombSize);
    QFETCH(qint64, limit);
    QByteArray bomb;
    {
        PerMessageDeflate attacker(Role::Client, DeflateParameters{}, 9);
        bomb = attacker.compress(QByteArray(bombSize, '\0')).payload;
    }
    QVERIFY(bomb.size() < bombSize / 500);

    const bool measureMemory = resetPeakResident();
    const std::optional<qint64> peakBefore = peakResidentBytes();
    QElapsedTimer timer;
    timer.start();
    PerMessageDeflate victim(Role::Server, DeflateParameters{});
    const InflatedMessage inflated = victim.decompress(bomb, limit);
    const qint64 elapsed = timer.elapsed();
    const std::optional<qint64> peakAfter = peakResidentBytes();

    QCOMPARE(inflated.violation.error, ProtocolError::InflatedMessageTooBig);
    QVERIFY(!inflated.violation.detail.isEmpty());
    QVERIFY(inflated.message.isEmpty());
    // Inflating stopped one byte past the limit instead of running through 100 MiB.
    QCOMPARE(inflated.inflatedSize, limit + 1);
    QCOMPARE(inflated.compressedSize, bomb.size());
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    if (measureMemory && peakBefore && peakAfter) {
        const qint64 grown = *peakAfter - *peakBefore;
        QVERIFY2(grown < limit + 16 * MiB, qPrintable(QStringLiteral("peak memory grew by %1 bytes").arg(grown)));
    }
}

void tst_PerMessageDeflate::limitBoundary_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<bool>("fits");
    QTest::addRow("1 MiB, limit 1 MiB") << 1 * MiB << qint64(1 * MiB) << true;
    QTest::addRow("1 MiB, limit 1 MiB - 1") << 1 * MiB << qint64(1 * MiB - 1) << false;
    QTest::addRow("125, limit 125") << qsizetype(125) << qint64(125) << true;
    QTest::addRow("125, limit 124") << qsizetype(125) << qint64(124) << false;
    QTest::addRow("1, limit 0") << qsizetype(1) << qint64(0) << false;
    QTest::addRow("0, limit 0") << qsizetype(0) << qint64(0) << true;
    QTest::addRow("0, negative limit") << qsizetype(0) << qint64(-1) << true;
}

void tst_PerMessageDeflate::limitBoundary()
{
    QFETCH(qsizetype, size);
    QFETCH(qint64, limit);
    QFETCH(bool, fits);
    for (Content content : {Content::Random, Content::Compressible}) {
        const QByteArray message = makeData(size, content, 7);
        PerMessageDeflate sender(Role::Client, DeflateParameters{});
        PerMessageDeflate receiver(Role::Server, DeflateParameters{});
        const InflatedMessage inflated = receiver.decompress(sender.compress(message).payload, limit);
        if (fits) {
            QVERIFY2(inflated.ok(), qPrintable(inflated.violation.detail));
            QCOMPARE(inflated.message, message);
        } else {
            QCOMPARE(inflated.violation.error, ProtocolError::InflatedMessageTooBig);
            QCOMPARE(inflated.inflatedSize, std::max<qint64>(limit, 0) + 1);
        }
    }
}

void tst_PerMessageDeflate::corruptData_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addRow("reserved block type 11") << hex("ff");
    QTest::addRow("stored block with NLEN not the complement of LEN") << hex("0005000000");
    QTest::addRow("distance before the start of the stream") << hex("f200110000");
    QTest::addRow("ends inside a fixed-Huffman block") << hex("f248cd");
    QTest::addRow("ends inside a stored block") << hex("000500faff4865");
    QTest::addRow("dynamic block with 288 literal/length codes") << hex("fdffff");
    QTest::addRow("plain text") << QByteArray("Hello, world");
}

void tst_PerMessageDeflate::corruptData()
{
    QFETCH(QByteArray, payload);
    PerMessageDeflate deflate(Role::Server, DeflateParameters{});
    const InflatedMessage inflated = deflate.decompress(payload, 1 * MiB);
    QCOMPARE(inflated.violation.error, ProtocolError::InvalidCompressedData);
    QVERIFY(!inflated.violation.detail.isEmpty());
    QVERIFY(inflated.message.isEmpty());
}

void tst_PerMessageDeflate::recoversAfterError()
{
    PerMessageDeflate deflate(Role::Server, DeflateParameters{});
    QVERIFY(deflate.decompress(hex("f248cdc9c90700")).ok());
    QCOMPARE(deflate.decompress(hex("ff")).violation.error, ProtocolError::InvalidCompressedData);
    // The window went with the error: a back-reference into it now fails, a self-contained message works.
    QCOMPARE(deflate.decompress(hex("f200110000")).violation.error, ProtocolError::InvalidCompressedData);
    QCOMPARE(deflate.decompress(hex("f248cdc9c90700")).message, QByteArray("Hello"));
    QCOMPARE(deflate.decompress(hex("f200110000")).message, QByteArray("Hello"));
}

void tst_PerMessageDeflate::roundTrip_data()
{
    QTest::addColumn<Role>("sender");
    QTest::addColumn<int>("windowBits");
    QTest::addColumn<bool>("noContextTakeover");
    QTest::addColumn<Content>("content");
    QTest::addColumn<qsizetype>("size");
    for (Role sender : {Role::Client, Role::Server}) {
        for (int bits = 8; bits <= 15; ++bits) {
            for (bool noContextTakeover : {false, true}) {
                for (Content content : {Content::Random, Content::Compressible}) {
                    for (qsizetype size : {qsizetype(0), qsizetype(1), qsizetype(125), qsizetype(126), 64 * KiB}) {
                        QTest::addRow("%s, %d bits, %s, %s, %lld bytes", sender == Role::Client ? "client" : "server",
                                      bits, noContextTakeover ? "no context takeover" : "context takeover",
                                      content == Content::Random ? "random" : "compressible", qlonglong(size))
                            << sender << bits << noContextTakeover << content << size;
                    }
                }
            }
        }
    }
}

void tst_PerMessageDeflate::roundTrip()
{
    QFETCH(Role, sender);
    QFETCH(int, windowBits);
    QFETCH(bool, noContextTakeover);
    QFETCH(Content, content);
    QFETCH(qsizetype, size);
    const DeflateParameters negotiated = parameters(windowBits, noContextTakeover);
    PerMessageDeflate compressor(sender, negotiated);
    PerMessageDeflate decompressor(peerOf(sender), negotiated);
    QCOMPARE(compressor.decompressorWindowBits(), windowBits);
    QCOMPARE(compressor.compressorWindowBits(), std::max(9, windowBits));
    StrictInflater strict(windowBits);

    const QByteArray first = makeData(size, content, quint32(size));
    QByteArray third = first;
    if (!third.isEmpty())
        third[third.size() / 2] = char(third[third.size() / 2] ^ 0x55);
    QList<CompressedMessage> sent;
    for (const QByteArray &message : {first, first, third}) {
        const CompressedMessage compressed = compressor.compress(message);
        QCOMPARE(compressed.inflatedSize, message.size());
        if (content == Content::Compressible && size >= 126)
            QVERIFY(compressed.compressedSize() < message.size());

        const InflatedMessage inflated = decompressor.decompress(compressed.payload, 1 * MiB);
        QVERIFY2(inflated.ok(), qPrintable(inflated.violation.detail));
        QCOMPARE(inflated.message, message);
        QCOMPARE(inflated.compressedSize, compressed.compressedSize());
        QCOMPARE(inflated.inflatedSize, message.size());

        // A peer keeping exactly the negotiated window inflates it too, and without context takeover a peer that
        // starts every message afresh does.
        if (noContextTakeover) {
            StrictInflater fresh(windowBits);
            QCOMPARE(fresh.inflateMessage(compressed.payload), std::optional<QByteArray>(message));
        } else {
            QCOMPARE(strict.inflateMessage(compressed.payload), std::optional<QByteArray>(message));
        }
        sent.append(compressed);
    }
    if (noContextTakeover) {
        QCOMPARE(sent[1].payload, sent[0].payload);
    } else if (size >= 125 && size <= (qsizetype(1) << compressor.compressorWindowBits()) - 262) {
        // RFC 7692 7.2.3.2: the repeat refers back to the previous message
        QVERIFY(sent[1].compressedSize() < sent[0].compressedSize() / 4);
    }
}

void tst_PerMessageDeflate::largeMessage_data()
{
    QTest::addColumn<Role>("sender");
    QTest::addColumn<int>("windowBits");
    QTest::addColumn<bool>("noContextTakeover");
    QTest::addColumn<Content>("content");
    for (Role sender : {Role::Client, Role::Server}) {
        for (int bits : {9, 15}) {
            for (bool noContextTakeover : {false, true}) {
                for (Content content : {Content::Random, Content::Compressible}) {
                    QTest::addRow("16 MiB, %s, %d bits, %s, %s", sender == Role::Client ? "client" : "server", bits,
                                  noContextTakeover ? "no context takeover" : "context takeover",
                                  content == Content::Random ? "random" : "compressible")
                        << sender << bits << noContextTakeover << content;
                }
            }
        }
    }
}

void tst_PerMessageDeflate::largeMessage()
{
    QFETCH(Role, sender);
    QFETCH(int, windowBits);
    QFETCH(bool, noContextTakeover);
    QFETCH(Content, content);
    const QByteArray message = makeData(16 * MiB, content, 16);
    PerMessageDeflate compressor(sender, parameters(windowBits, noContextTakeover));
    PerMessageDeflate decompressor(peerOf(sender), parameters(windowBits, noContextTakeover));
    for (int i = 0; i < 2; ++i) {
        const CompressedMessage compressed = compressor.compress(message);
        QCOMPARE(compressed.inflatedSize, 16 * MiB);
        if (content == Content::Compressible)
            QVERIFY(compressed.compressedSize() < message.size() / 3);
        else
            QVERIFY(compressed.compressedSize() < message.size() + message.size() / 100);
        // The compressed payload does not hold on to the input-sized buffer it was written into.
        QVERIFY(compressed.payload.capacity() <= compressed.payload.size() + compressed.payload.size() / 4 + 4096);
        const InflatedMessage inflated = decompressor.decompress(compressed.payload, 16 * MiB);
        QVERIFY2(inflated.ok(), qPrintable(inflated.violation.detail));
        QVERIFY(inflated.message == message);
        QCOMPARE(inflated.inflatedSize, 16 * MiB);
    }
}

void tst_PerMessageDeflate::manyMessagesInARow_data()
{
    QTest::addColumn<Role>("sender");
    QTest::addColumn<int>("windowBits");
    for (Role sender : {Role::Client, Role::Server}) {
        for (int bits : {8, 10, 15})
            QTest::addRow("%s, %d bits", sender == Role::Client ? "client" : "server", bits) << sender << bits;
    }
}

void tst_PerMessageDeflate::manyMessagesInARow()
{
    QFETCH(Role, sender);
    QFETCH(int, windowBits);
    PerMessageDeflate withContext(sender, parameters(windowBits, false));
    PerMessageDeflate withContextPeer(peerOf(sender), parameters(windowBits, false));
    PerMessageDeflate without(sender, parameters(windowBits, true));
    PerMessageDeflate withoutPeer(peerOf(sender), parameters(windowBits, true));
    StrictInflater strict(windowBits);
    QRandomGenerator random(windowBits);
    qint64 totalWithContext = 0;
    qint64 totalWithout = 0;
    for (int i = 0; i < 2000; ++i) {
        const QByteArray message = R"({"type":"trade","symbol":"BTC-USD","sequence":)" + QByteArray::number(i) +
                                   R"(,"price":)" + QByteArray::number(random.bounded(100000)) + "}";
        const CompressedMessage a = withContext.compress(message);
        const CompressedMessage b = without.compress(message);
        totalWithContext += a.compressedSize();
        totalWithout += b.compressedSize();
        QCOMPARE(withContextPeer.decompress(a.payload, 4 * KiB).message, message);
        QCOMPARE(withoutPeer.decompress(b.payload, 4 * KiB).message, message);
        QCOMPARE(strict.inflateMessage(a.payload), std::optional<QByteArray>(message));
    }
    // Context takeover is what makes small similar messages cheap.
    QVERIFY2(totalWithContext * 2 < totalWithout,
             qPrintable(QStringLiteral("%1 vs %2 bytes").arg(totalWithContext).arg(totalWithout)));
}

void tst_PerMessageDeflate::contextTakeoverPerDirection_data()
{
    QTest::addColumn<bool>("serverNoContextTakeover");
    QTest::addColumn<bool>("clientNoContextTakeover");
    QTest::addRow("both take over") << false << false;
    QTest::addRow("server_no_context_takeover") << true << false;
    QTest::addRow("client_no_context_takeover") << false << true;
    QTest::addRow("both") << true << true;
}

void tst_PerMessageDeflate::contextTakeoverPerDirection()
{
    QFETCH(bool, serverNoContextTakeover);
    QFETCH(bool, clientNoContextTakeover);
    DeflateParameters negotiated;
    negotiated.serverNoContextTakeover = serverNoContextTakeover;
    negotiated.clientNoContextTakeover = clientNoContextTakeover;
    PerMessageDeflate client(Role::Client, negotiated);
    PerMessageDeflate server(Role::Server, negotiated);
    const QByteArray message = makeData(1000, Content::Compressible, 3);
    for (auto [from, to, reset] : {std::tuple{&client, &server, clientNoContextTakeover},
                                   std::tuple{&server, &client, serverNoContextTakeover}}) {
        const CompressedMessage first = from->compress(message);
        const CompressedMessage second = from->compress(message);
        QCOMPARE(second.payload == first.payload, reset);
        QCOMPARE(to->decompress(first.payload).message, message);
        QCOMPARE(to->decompress(second.payload).message, message);
    }
}

void tst_PerMessageDeflate::windowBits()
{
    // Random blocks repeated at distances of 200, 300, 600 and 5000 bytes: a compressor that ignored its window
    // would refer back across each of them.
    QByteArray message;
    for (qsizetype period : {200, 300, 600, 5000}) {
        const QByteArray block = makeData(period, Content::Random, quint32(period));
        for (int i = 0; i < 4; ++i)
            message += block;
    }
    for (int bits = 8; bits <= 15; ++bits) {
        for (Role sender : {Role::Client, Role::Server}) {
            DeflateParameters negotiated;
            // Only the sender's window is limited; the other direction keeps 15.
            if (sender == Role::Client)
                negotiated.clientMaxWindowBits = bits;
            else
                negotiated.serverMaxWindowBits = bits;
            PerMessageDeflate compressor(sender, negotiated);
            PerMessageDeflate decompressor(peerOf(sender), negotiated);
            QCOMPARE(decompressor.decompressorWindowBits(), bits);
            QCOMPARE(compressor.decompressorWindowBits(), 15);
            StrictInflater strict(bits);
            for (int i = 0; i < 3; ++i) {
                const CompressedMessage compressed = compressor.compress(message);
                QCOMPARE(strict.inflateMessage(compressed.payload), std::optional<QByteArray>(message));
                QCOMPARE(decompressor.decompress(compressed.payload).message, message);
            }
        }
    }
    // The strict inflater is not fooled: a 15-bit stream referring 5000 bytes back fails in a 9-bit window.
    PerMessageDeflate wide(Role::Client, DeflateParameters{});
    StrictInflater narrow(9);
    QCOMPARE(narrow.inflateMessage(wide.compress(message).payload), std::nullopt);
}

void tst_PerMessageDeflate::compressionLevels_data()
{
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("expectedLevel");
    QTest::addRow("0, stored") << 0 << 0;
    QTest::addRow("1, fastest") << 1 << 1;
    QTest::addRow("6, default") << PerMessageDeflate::DefaultCompressionLevel << 6;
    QTest::addRow("9, smallest") << 9 << 9;
    QTest::addRow("-1 clamped to 0") << -1 << 0;
    QTest::addRow("12 clamped to 9") << 12 << 9;
}

void tst_PerMessageDeflate::compressionLevels()
{
    QFETCH(int, level);
    QFETCH(int, expectedLevel);
    const QByteArray message = makeData(256 * KiB, Content::Compressible, 9);
    PerMessageDeflate compressor(Role::Server, DeflateParameters{}, level);
    PerMessageDeflate reference(Role::Server, DeflateParameters{}, 1);
    PerMessageDeflate decompressor(Role::Client, DeflateParameters{});
    QCOMPARE(compressor.compressionLevel(), expectedLevel);
    const CompressedMessage compressed = compressor.compress(message);
    QCOMPARE(decompressor.decompress(compressed.payload).message, message);
    // Stored blocks cost a few bytes per 64 KiB; every other level beats them by far, and 9 beats 1.
    const qint64 fastest = reference.compress(message).compressedSize();
    if (expectedLevel == 0)
        QVERIFY(compressed.compressedSize() > message.size());
    else if (expectedLevel == 9)
        QVERIFY(compressed.compressedSize() < fastest);
    else
        QVERIFY(compressed.compressedSize() < message.size() / 3);
}

QTEST_GUILESS_MAIN(tst_PerMessageDeflate)
#include "tst_permessagedeflate.moc"
