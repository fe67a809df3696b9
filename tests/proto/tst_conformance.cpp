// Conformance in the spirit of the Autobahn|Testsuite, for both roles: a Connection running as an echo
// endpoint (every message sent back with its type) is driven by a scripted peer, and what it sends back is
// parsed and compared with what the testsuite expects. Section numbers follow the testsuite's case numbers.

#include "proto/connection.h"
#include "proto/frameparser.h"
#include "proto/framewriter.h"
#include "proto/permessagedeflate.h"

#include "../common/closebody.h"

#include <QTest>

using namespace sockscope::proto;

namespace {

Frame frame(Opcode op, QByteArray payload = {}, bool fin = true, quint8 rsv = 0)
{
    Frame f;
    f.opcode = op;
    f.payload = std::move(payload);
    f.fin = fin;
    f.rsv1 = rsv & 4;
    f.rsv2 = rsv & 2;
    f.rsv3 = rsv & 1;
    return f;
}

QByteArray text(qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char('*' + i % 50);
    return out;
}

QByteArray binary(qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char(0xFE - i % 200);
    return out;
}

// What the endpoint must send back: data messages (echoes) and pongs, in order, then optionally a close frame
// whose code is one of closeCodes (empty list: any code, or none).
struct Reply {
    Opcode type;
    QByteArray payload;
    friend bool operator==(const Reply &, const Reply &) = default;
};
using Replies = QList<Reply>;

struct Expectation {
    Replies replies;
    bool closes = false;
    QList<int> closeCodes;
};

Expectation fails(Replies r, QList<int> codes = {1002})
{
    return {std::move(r), true, std::move(codes)};
}
Expectation closesWith(Replies r, QList<int> codes)
{
    return {std::move(r), true, std::move(codes)};
}

// Splits a peer's frames into the byte chunks it sends: whole frames, or the stream chopped every `chop` bytes.
QList<QByteArray> wire(Role endpointRole, QList<Frame> frames, qsizetype chop)
{
    QByteArray all;
    quint8 k = 1;
    for (Frame &f : frames) {
        f.masked = endpointRole == Role::Server; // the peer follows its own role's masking rule
        f.maskKey = {k, quint8(k + 1), quint8(k + 2), quint8(k + 3)};
        k += 4;
        FrameWriter::encode(f, all);
    }
    QList<QByteArray> chunks;
    if (chop <= 0) {
        chunks.append(all);
    } else {
        for (qsizetype i = 0; i < all.size(); i += chop)
            chunks.append(all.mid(i, chop));
    }
    return chunks;
}

// Runs an echo endpoint; returns what it sent, parsed, and whether it closed.
struct Run {
    Replies replies;
    int compressedReplies = 0;
    bool closed = false;
    int closeCode = -1;
    bool maskingRight = true;
    int failedAtChunk = -1;
};

Run runEcho(Role role, const QList<QByteArray> &chunks, const DeflateParameters *params = nullptr)
{
    ConnectionOptions options;
    options.random = fixedRandomSource(QByteArray::fromHex("a1b2c3d4"));
    options.maxMessageSize = 64 << 20;
    options.maxFramePayload = 64 << 20;
    Connection c(role, options);
    c.open(params);
    QByteArray out;
    Run run;
    for (int i = 0; i < chunks.size(); ++i) {
        c.receive(chunks[i]);
        for (ConnectionEvent &e : c.takeEvents()) {
            if (auto *m = std::get_if<MessageEvent>(&e); m && m->direction == Direction::Incoming)
                c.sendMessage(m->message.type, m->message.payload);
        }
        out += c.takeOutgoing();
        if (c.transportCloseRequested() && run.failedAtChunk < 0)
            run.failedAtChunk = i;
    }
    // Parse what the endpoint sent, as its peer would.
    FrameParser parser;
    QByteArrayView rest(out);
    QByteArray message;
    Opcode messageType = Opcode::Text;
    std::unique_ptr<PerMessageDeflate> inflater;
    bool compressed = false;
    if (params)
        inflater = std::make_unique<PerMessageDeflate>(peerOf(role), *params);
    while (!rest.isEmpty() || parser.status() == FrameParser::Status::HeaderReady) {
        rest = rest.sliced(parser.feed(rest));
        if (parser.status() == FrameParser::Status::NeedMoreData)
            break;
        if (parser.status() != FrameParser::Status::FrameReady)
            continue;
        const Frame f = parser.takeFrame();
        run.maskingRight &= f.masked == (role == Role::Client);
        switch (f.opcode) {
        case Opcode::Close:
            run.closed = true;
            run.closeCode = f.payload.size() >= 2 ? (quint8(f.payload[0]) << 8 | quint8(f.payload[1])) : 1005;
            break;
        case Opcode::Pong:
        case Opcode::Ping: run.replies.append({f.opcode, f.payload}); break;
        case Opcode::Text:
        case Opcode::Binary:
            messageType = f.opcode;
            message = f.payload;
            compressed = f.rsv1;
            [[fallthrough]];
        default:
            if (f.opcode == Opcode::Continuation)
                message += f.payload;
            if (f.fin) {
                if (compressed && inflater) {
                    message = inflater->decompress(message).message;
                    ++run.compressedReplies;
                }
                run.replies.append({messageType, message});
            }
        }
    }
    return run;
}

void addBothRoles(const char *id, QList<Frame> frames, Expectation expect, qsizetype chop = 0)
{
    for (Role role : {Role::Server, Role::Client}) {
        QTest::addRow("%s %s%s", id, role == Role::Server ? "server" : "client",
                      chop ? qPrintable(QStringLiteral(" chopped %1").arg(chop)) : "")
            << role << wire(role, frames, chop) << expect.replies << expect.closes << expect.closeCodes;
    }
}

// Markus Kuhn's UTF-8 decoder stress test cases, as Autobahn 6.x uses them: (name, bytes, valid).
struct Utf8Case {
    const char *name;
    QByteArray bytes;
    bool valid;
};

QList<Utf8Case> utf8Cases()
{
    return {
        {"6.2 hello-umlaut", "Hello-\xC2\xB5@\xC3\x9F\xC3\xB6\xC3\xA4\xC3\xBC\xC3\xA0\xC3\xA1-UTF-8!!", true},
        {"6.5 kosme", "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5", true},
        {"6.6 kosme broken", "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80\x65\x64\x69\x74\x65\x64", false},
        {"6.7 first 1-byte", QByteArray("\x00", 1), true},
        {"6.7 first 2-byte", "\xC2\x80", true},
        {"6.7 first 3-byte", "\xE0\xA0\x80", true},
        {"6.7 first 4-byte", "\xF0\x90\x80\x80", true},
        {"6.8 first 5-byte", "\xF8\x88\x80\x80\x80", false},
        {"6.8 first 6-byte", "\xFC\x84\x80\x80\x80\x80", false},
        {"6.9 last 1-byte", "\x7F", true},
        {"6.9 last 2-byte", "\xDF\xBF", true},
        {"6.9 last 3-byte", "\xEF\xBF\xBF", true},
        {"6.9 last 4-byte U+10FFFF", "\xF4\x8F\xBF\xBF", true},
        {"6.10 U+110000", "\xF4\x90\x80\x80", false},
        {"6.11 U+D7FF", "\xED\x9F\xBF", true},
        {"6.11 U+E000", "\xEE\x80\x80", true},
        {"6.11 U+FFFD", "\xEF\xBF\xBD", true},
        {"6.12 lone continuation", "\x80", false},
        {"6.12 two continuations", "\x80\xBF", false},
        {"6.13 lone 2-byte start", "\xC0\x20", false},
        {"6.13 lone 3-byte start", "\xE0\x20", false},
        {"6.14 truncated 3-byte", "\xE0\x80", false},
        {"6.14 truncated 4-byte", "\xF0\x80\x80", false},
        {"6.15 truncated concatenation", "\xC0\xE0\x80\xF0\x80\x80", false},
        {"6.16 FE", "\xFE", false},
        {"6.16 FF", "\xFF", false},
        {"6.17 overlong slash 2", "\xC0\xAF", false},
        {"6.17 overlong slash 3", "\xE0\x80\xAF", false},
        {"6.17 overlong slash 4", "\xF0\x80\x80\xAF", false},
        {"6.18 max overlong 2", "\xC1\xBF", false},
        {"6.18 max overlong 3", "\xE0\x9F\xBF", false},
        {"6.18 max overlong 4", "\xF0\x8F\xBF\xBF", false},
        {"6.19 overlong NUL", "\xC0\x80", false},
        {"6.20 U+D800", "\xED\xA0\x80", false},
        {"6.20 U+DFFF", "\xED\xBF\xBF", false},
        {"6.21 surrogate pair", "\xED\xA0\x80\xED\xB0\x80", false},
        {"6.22 U+FFFE noncharacter", "\xEF\xBF\xBE", true},
        {"6.22 U+10FFFE noncharacter", "\xF4\x8F\xBF\xBE", true},
        {"6.23 U+FFFD replacement", "\xEF\xBF\xBD", true},
    };
}

} // namespace

class tst_Conformance : public QObject
{
    Q_OBJECT
private slots:
    void echoEndpoint_data();
    void echoEndpoint();
    void compressedEcho_data();
    void compressedEcho();
    void compressedProtocolErrors_data();
    void compressedProtocolErrors();
    void failFastOnInvalidUtf8_data();
    void failFastOnInvalidUtf8();
};

void tst_Conformance::echoEndpoint_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<Replies>("replies");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<QList<int>>("closeCodes");

    using T = Opcode;
    const auto close = [](quint16 code, QByteArray reason = {}) { return frame(T::Close, closeBody(code, reason)); };
    // The peer ends every valid script with a close 1000, so every row also checks the close handshake.
    const Frame bye = close(1000);

    // 1. Framing: text and binary of the boundary lengths, whole and chopped.
    for (qsizetype n : {0, 125, 126, 127, 128, 65535, 65536}) {
        addBothRoles(qPrintable(QStringLiteral("1.1 text %1").arg(n)), {frame(T::Text, text(n)), bye},
                     closesWith({{T::Text, text(n)}}, {1000}));
        addBothRoles(qPrintable(QStringLiteral("1.2 binary %1").arg(n)), {frame(T::Binary, binary(n)), bye},
                     closesWith({{T::Binary, binary(n)}}, {1000}));
    }
    addBothRoles("1.1.8 text 65535 chopped", {frame(T::Text, text(65535)), bye},
                 closesWith({{T::Text, text(65535)}}, {1000}), 997);
    addBothRoles("1.2.8 binary 65535 chopped", {frame(T::Binary, binary(65535)), bye},
                 closesWith({{T::Binary, binary(65535)}}, {1000}), 997);

    // 2. Pings and pongs.
    addBothRoles("2.1 ping empty", {frame(T::Ping), bye}, closesWith({{T::Pong, {}}}, {1000}));
    addBothRoles("2.2 ping text", {frame(T::Ping, "Hello, world!"), bye},
                 closesWith({{T::Pong, "Hello, world!"}}, {1000}));
    addBothRoles("2.3 ping binary", {frame(T::Ping, "\x00\xff\xfe\xfd\xfc\xfb\x00\xff"), bye},
                 closesWith({{T::Pong, "\x00\xff\xfe\xfd\xfc\xfb\x00\xff"}}, {1000}));
    addBothRoles("2.4 ping 125", {frame(T::Ping, binary(125)), bye}, closesWith({{T::Pong, binary(125)}}, {1000}));
    addBothRoles("2.5 ping 126", {frame(T::Ping, binary(126)), bye}, fails({}));
    addBothRoles("2.6 ping 125 chopped", {frame(T::Ping, binary(125)), bye},
                 closesWith({{T::Pong, binary(125)}}, {1000}), 1);
    addBothRoles("2.7 unsolicited pong", {frame(T::Pong), bye}, closesWith({}, {1000}));
    addBothRoles("2.8 unsolicited pong payload", {frame(T::Pong, "unsolicited pong payload"), bye},
                 closesWith({}, {1000}));
    addBothRoles("2.9 pong then ping", {frame(T::Pong, "unsolicited"), frame(T::Ping, "ping"), bye},
                 closesWith({{T::Pong, "ping"}}, {1000}));
    {
        QList<Frame> pings;
        Replies pongs;
        for (int i = 0; i < 10; ++i) {
            pings.append(frame(T::Ping, "payload-" + QByteArray::number(i)));
            pongs.append({T::Pong, "payload-" + QByteArray::number(i)});
        }
        pings.append(bye);
        addBothRoles("2.10 ten pings", pings, closesWith(pongs, {1000}));
        addBothRoles("2.11 ten pings chopped", pings, closesWith(pongs, {1000}), 1);
    }

    // 3. Reserved bits.
    addBothRoles("3.1 RSV1 text", {frame(T::Text, "Hello, world!", true, 4)}, fails({}));
    addBothRoles("3.2 RSV2 after valid",
                 {frame(T::Text, "Hello"), frame(T::Text, "Hello", true, 2), frame(T::Ping, "x")},
                 fails({{T::Text, "Hello"}}));
    addBothRoles("3.3 RSV3 after valid",
                 {frame(T::Text, "Hello"), frame(T::Text, "Hello", true, 1), frame(T::Ping, "x")},
                 fails({{T::Text, "Hello"}}));
    addBothRoles("3.4 RSV1+2 chopped", {frame(T::Text, "Hello"), frame(T::Text, "Hello", true, 6), frame(T::Ping, "x")},
                 fails({{T::Text, "Hello"}}), 1);
    addBothRoles("3.5 RSV1+3 binary", {frame(T::Binary, binary(8), true, 5)}, fails({}));
    addBothRoles("3.6 RSV2+3 ping", {frame(T::Ping, "ping", true, 3)}, fails({}));
    addBothRoles("3.7 RSV1-3 close", {frame(T::Close, closeBody(1000), true, 7)}, fails({}));

    // 4. Opcodes.
    for (int op : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        const QString id = QStringLiteral("4.%1 opcode %2").arg(op < 8 ? 1 : 2).arg(op);
        addBothRoles(qPrintable(id + QStringLiteral(" empty")), {frame(Opcode(op))}, fails({}));
        addBothRoles(qPrintable(id + QStringLiteral(" after valid")),
                     {frame(T::Text, "Hello"), frame(Opcode(op), "reserved"), frame(T::Ping, "x")},
                     fails({{T::Text, "Hello"}}));
    }

    // 5. Fragmentation.
    addBothRoles("5.1 fragmented ping", {frame(T::Ping, "frag", false), frame(T::Continuation, "ment")}, fails({}));
    addBothRoles("5.2 fragmented pong", {frame(T::Pong, "frag", false), frame(T::Continuation, "ment")}, fails({}));
    for (qsizetype chop : {0, 1}) {
        addBothRoles("5.3 text in 2 fragments", {frame(T::Text, "frag", false), frame(T::Continuation, "ment"), bye},
                     closesWith({{T::Text, "fragment"}}, {1000}), chop);
        addBothRoles("5.6 ping between fragments",
                     {frame(T::Text, "frag", false), frame(T::Ping, "p"), frame(T::Continuation, "ment"), bye},
                     closesWith({{T::Pong, "p"}, {T::Text, "fragment"}}, {1000}), chop);
        addBothRoles("5.9 continuation FIN=1 first", {frame(T::Continuation, "x"), frame(T::Text, "y")}, fails({}),
                     chop);
        addBothRoles("5.12 continuation FIN=0 first", {frame(T::Continuation, "x", false), frame(T::Text, "y")},
                     fails({}), chop);
        addBothRoles("5.15 second message starts with continuation",
                     {frame(T::Text, "a", false), frame(T::Continuation, "b"), frame(T::Continuation, "c", false),
                      frame(T::Continuation, "d"), frame(T::Text, "e")},
                     fails({{T::Text, "ab"}}), chop);
        addBothRoles("5.16 continuations before text",
                     {frame(T::Continuation, "a", false), frame(T::Text, "b", false), frame(T::Continuation, "c")},
                     fails({}), chop);
        addBothRoles("5.18 text inside fragmented text", {frame(T::Text, "a", false), frame(T::Text, "b")}, fails({}),
                     chop);
        addBothRoles("5.19 pings between five fragments",
                     {frame(T::Text, "f1", false), frame(T::Continuation, "f2", false), frame(T::Ping, "1"),
                      frame(T::Continuation, "f3", false), frame(T::Continuation, "f4", false), frame(T::Ping, "2"),
                      frame(T::Continuation, "f5"), bye},
                     closesWith({{T::Pong, "1"}, {T::Pong, "2"}, {T::Text, "f1f2f3f4f5"}}, {1000}), chop);
    }

    // 6. UTF-8: every vector as one frame, one fragment per byte, and chopped per byte.
    addBothRoles("6.1 empty fragments",
                 {frame(T::Text, {}, false), frame(T::Continuation, {}, false), frame(T::Continuation, {}), bye},
                 closesWith({{T::Text, {}}}, {1000}));
    for (const Utf8Case &u : utf8Cases()) {
        const Expectation expect = u.valid ? closesWith({{T::Text, u.bytes}}, {1000}) : fails({}, {1007});
        addBothRoles(u.name, {frame(T::Text, u.bytes), bye}, expect);
        QList<Frame> perByte;
        for (qsizetype i = 0; i < u.bytes.size(); ++i)
            perByte.append(frame(i == 0 ? T::Text : T::Continuation, u.bytes.mid(i, 1), i == u.bytes.size() - 1));
        perByte.append(bye);
        addBothRoles(qPrintable(QString::fromLatin1(u.name) + QStringLiteral(" fragment per byte")), perByte, expect);
        addBothRoles(u.name, {frame(T::Text, u.bytes), bye}, expect, 1);
    }

    // 7. Closing.
    addBothRoles("7.1.1 echo then close", {frame(T::Text, "Hello"), bye}, closesWith({{T::Text, "Hello"}}, {1000}));
    addBothRoles("7.1.2 close twice", {bye, bye}, closesWith({}, {1000}));
    addBothRoles("7.1.3 ping after close", {bye, frame(T::Ping, "x")}, closesWith({}, {1000}));
    addBothRoles("7.1.4 text after close", {bye, frame(T::Text, "x")}, closesWith({}, {1000}));
    addBothRoles("7.1.5 close inside fragmented message",
                 {frame(T::Text, "frag", false), bye, frame(T::Continuation, "x")}, closesWith({}, {1000}));
    addBothRoles("7.1.6 large message then close", {frame(T::Text, text(262144)), bye},
                 closesWith({{T::Text, text(262144)}}, {1000}));
    addBothRoles("7.3.1 close empty", {frame(T::Close)}, closesWith({}, {1005}));
    addBothRoles("7.3.2 close 1 byte", {frame(T::Close, "a")}, fails({}));
    addBothRoles("7.3.3 close code only", {bye}, closesWith({}, {1000}));
    addBothRoles("7.3.4 close code and reason", {close(1000, "Hello World!")}, closesWith({}, {1000}));
    addBothRoles("7.3.5 close reason 123 bytes", {close(1000, text(123))}, closesWith({}, {1000}));
    addBothRoles("7.3.6 close reason 124 bytes", {close(1000, text(124))}, fails({}));
    addBothRoles("7.5.1 close reason invalid UTF-8",
                 {close(1000, "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80\x65\x64\x69\x74\x65\x64")},
                 fails({}, {1007}));
    for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
        addBothRoles(qPrintable(QStringLiteral("7.7 valid close code %1").arg(code)), {close(quint16(code))},
                     closesWith({}, {code}));
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        addBothRoles(qPrintable(QStringLiteral("7.9 invalid close code %1").arg(code)), {close(quint16(code))},
                     fails({}));

    // 9. Limits: large messages whole, fragmented and chopped.
    for (qsizetype n : {65536, 262144, 1048576, 4194304, 16777216}) {
        addBothRoles(qPrintable(QStringLiteral("9.1 text %1").arg(n)), {frame(T::Text, text(n)), bye},
                     closesWith({{T::Text, text(n)}}, {1000}));
        addBothRoles(qPrintable(QStringLiteral("9.2 binary %1").arg(n)), {frame(T::Binary, binary(n)), bye},
                     closesWith({{T::Binary, binary(n)}}, {1000}));
    }
    for (qsizetype fragment : {64, 4096, 65536, 1048576}) {
        const QByteArray big = text(4 << 20);
        QList<Frame> frames;
        for (qsizetype i = 0; i < big.size(); i += fragment)
            frames.append(frame(i == 0 ? T::Text : T::Continuation, big.mid(i, fragment), i + fragment >= big.size()));
        frames.append(bye);
        addBothRoles(qPrintable(QStringLiteral("9.3 text 4 MiB in fragments of %1").arg(fragment)), frames,
                     closesWith({{T::Text, big}}, {1000}));
    }
    for (qsizetype chop : {64, 4096, 65536})
        addBothRoles(qPrintable(QStringLiteral("9.6 binary 1 MiB")), {frame(T::Binary, binary(1 << 20)), bye},
                     closesWith({{T::Binary, binary(1 << 20)}}, {1000}), chop);
    {
        QList<Frame> many;
        Replies echoes;
        for (int i = 0; i < 1000; ++i) {
            const QByteArray payload = text(i % 300);
            many.append(frame(i % 2 ? T::Binary : T::Text, payload));
            echoes.append({i % 2 ? T::Binary : T::Text, payload});
        }
        many.append(bye);
        addBothRoles("9.7 1000 messages", many, closesWith(echoes, {1000}));
    }

    // 10. Fragmented by the peer in 1300-byte frames (auto-fragmentation).
    {
        const QByteArray big = text(65536);
        QList<Frame> frames;
        for (qsizetype i = 0; i < big.size(); i += 1300)
            frames.append(frame(i == 0 ? T::Text : T::Continuation, big.mid(i, 1300), i + 1300 >= big.size()));
        frames.append(bye);
        addBothRoles("10.1.1 65536 bytes in 1300-byte fragments", frames, closesWith({{T::Text, big}}, {1000}));
    }
}

void tst_Conformance::echoEndpoint()
{
    QFETCH(Role, role);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(Replies, replies);
    QFETCH(bool, closes);
    QFETCH(QList<int>, closeCodes);
    const Run run = runEcho(role, chunks);
    QCOMPARE(run.replies.size(), replies.size());
    for (qsizetype i = 0; i < replies.size(); ++i) {
        QCOMPARE(run.replies[i].type, replies[i].type);
        QVERIFY2(run.replies[i].payload == replies[i].payload, qPrintable(QStringLiteral("reply %1 differs").arg(i)));
    }
    QCOMPARE(run.closed, closes);
    if (closes && !closeCodes.isEmpty())
        QVERIFY2(closeCodes.contains(run.closeCode), qPrintable(QStringLiteral("close code %1").arg(run.closeCode)));
    // A client masks everything it sends back, a server nothing.
    QVERIFY(run.maskingRight);
}

void tst_Conformance::failFastOnInvalidUtf8_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("badByte");
    // Autobahn 6.4.1-6.4.4: the invalid byte sits in the middle of a long frame; the endpoint must fail when it
    // arrives, not when the frame is complete.
    const QByteArray kosme = "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5";
    for (Role role : {Role::Server, Role::Client}) {
        const char *who = role == Role::Server ? "server" : "client";
        QTest::addRow("6.4.1 %s", who) << role << (kosme + "\xF4\x90\x80\x80" + text(2000)) << 12;
        QTest::addRow("6.4.2 %s", who) << role << (kosme + "\xF4\x90\x80\x80" + text(2000)) << 12;
        QTest::addRow("6.4.3 %s", who) << role << (kosme + "\xF4\x90\x80\x80" + text(70000)) << 12;
        QTest::addRow("6.4.4 %s", who) << role << (text(5000) + "\xED\xA0\x80" + text(5000)) << 5001;
    }
}

void tst_Conformance::failFastOnInvalidUtf8()
{
    QFETCH(Role, role);
    QFETCH(QByteArray, payload);
    QFETCH(int, badByte);
    const QByteArray all = wire(role, {frame(Opcode::Text, payload)}, 0).first();
    const qsizetype header = all.size() - payload.size();
    // Everything up to just before the bad byte, then the bad byte, then the rest.
    const Run run =
        runEcho(role, {all.left(header + badByte), all.mid(header + badByte, 1), all.mid(header + badByte + 1)});
    QCOMPARE(run.failedAtChunk, 1);
    QVERIFY(run.closed);
    QCOMPARE(run.closeCode, 1007);
    QVERIFY(run.replies.isEmpty());
}

namespace {
struct DeflateCase {
    const char *name;
    DeflateParameters params;
};

QList<DeflateCase> deflateCases()
{
    QList<DeflateCase> cases;
    cases.append(DeflateCase{"defaults", {}});
    cases.append(DeflateCase{"server_no_context_takeover", {true, false, 15, 15}});
    cases.append(DeflateCase{"client_no_context_takeover", {false, true, 15, 15}});
    cases.append(DeflateCase{"both no_context_takeover", {true, true, 15, 15}});
    for (int bits : {8, 9, 12})
        cases.append(DeflateCase{bits == 8   ? "window bits 8"
                                 : bits == 9 ? "window bits 9"
                                             : "window bits 12",
                                 {false, false, bits, bits}});
    cases.append(DeflateCase{"no context takeover, window bits 9", {true, true, 9, 9}});
    return cases;
}

QByteArray jsonLike(qsizetype size, int seed)
{
    QByteArray out;
    out.reserve(size + 64);
    for (; out.size() < size; ++seed)
        out += "{\"seq\":" + QByteArray::number(seed) + ",\"name\":\"sensor-" + QByteArray::number(seed % 17) +
               "\",\"value\":" + QByteArray::number((seed * 7919) % 10007) + "},";
    out.truncate(size);
    return out;
}

QByteArray noise(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        seed = seed * 1103515245u + 12345u;
        out[i] = char(seed >> 24);
    }
    return out;
}
} // namespace

void tst_Conformance::compressedEcho_data()
{
    // Autobahn 12.x / 13.x: compressed messages echoed with permessage-deflate under each parameter set,
    // several messages in a row so that context takeover (or its absence) matters.
    QTest::addColumn<Role>("role");
    QTest::addColumn<DeflateParameters>("params");
    QTest::addColumn<QList<Frame>>("frames");
    QTest::addColumn<Replies>("replies");
    for (const DeflateCase &dc : deflateCases()) {
        for (Role role : {Role::Server, Role::Client}) {
            for (qsizetype size : {0, 16, 256, 4096, 65536, 131072}) {
                for (bool text : {true, false}) {
                    PerMessageDeflate peer(peerOf(role), dc.params);
                    QList<Frame> frames;
                    Replies replies;
                    for (int i = 0; i < 10; ++i) {
                        const QByteArray payload = text ? jsonLike(size, i * 31) : noise(size, quint32(i + size));
                        Frame f = frame(text ? Opcode::Text : Opcode::Binary, peer.compress(payload).payload, true, 4);
                        frames.append(f);
                        replies.append({f.opcode, payload});
                    }
                    frames.append(frame(Opcode::Close, closeBody(1000)));
                    QTest::addRow("13 %s %s %s %lld", dc.name, role == Role::Server ? "server" : "client",
                                  text ? "text" : "binary", qlonglong(size))
                        << role << dc.params << frames << replies;
                }
            }
            // A compressed message split into three frames: RSV1 on the first only (RFC 7692 6.1).
            PerMessageDeflate peer(peerOf(role), dc.params);
            const QByteArray payload = jsonLike(5000, 7);
            const QByteArray deflated = peer.compress(payload).payload;
            const qsizetype third = deflated.size() / 3;
            QTest::addRow("12 fragmented %s %s", dc.name, role == Role::Server ? "server" : "client")
                << role << dc.params
                << QList<Frame>{frame(Opcode::Text, deflated.left(third), false, 4),
                                frame(Opcode::Continuation, deflated.mid(third, third), false),
                                frame(Opcode::Continuation, deflated.mid(2 * third), true),
                                frame(Opcode::Close, closeBody(1000))}
                << Replies{{Opcode::Text, payload}};
        }
    }
}

void tst_Conformance::compressedEcho()
{
    QFETCH(Role, role);
    QFETCH(DeflateParameters, params);
    QFETCH(QList<Frame>, frames);
    QFETCH(Replies, replies);
    for (qsizetype chop : {qsizetype(0), qsizetype(1000)}) {
        const Run run = runEcho(role, wire(role, frames, chop), &params);
        QCOMPARE(run.replies.size(), replies.size());
        for (qsizetype i = 0; i < replies.size(); ++i) {
            QCOMPARE(run.replies[i].type, replies[i].type);
            QVERIFY2(run.replies[i].payload == replies[i].payload,
                     qPrintable(QStringLiteral("reply %1 differs").arg(i)));
        }
        // The endpoint compresses what it sends back, and closes cleanly.
        QCOMPARE(run.compressedReplies, replies.size());
        QVERIFY(run.closed);
        QCOMPARE(run.closeCode, 1000);
        QVERIFY(run.maskingRight);
    }
}

void tst_Conformance::compressedProtocolErrors_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QList<Frame>>("frames");
    QTest::addColumn<int>("closeCode");
    const DeflateParameters defaults;
    for (Role role : {Role::Server, Role::Client}) {
        const char *who = role == Role::Server ? "server" : "client";
        PerMessageDeflate peer(peerOf(role), defaults);
        const QByteArray hello = peer.compress("Hello").payload;
        QTest::addRow("RSV1 on ping %s", who) << role << QList<Frame>{frame(Opcode::Ping, "x", true, 4)} << 1002;
        QTest::addRow("RSV1 on continuation %s", who)
            << role
            << QList<Frame>{frame(Opcode::Text, hello.left(2), false, 4),
                            frame(Opcode::Continuation, hello.mid(2), true, 4)}
            << 1002;
        QTest::addRow("RSV2 with deflate %s", who) << role << QList<Frame>{frame(Opcode::Text, hello, true, 6)} << 1002;
        QTest::addRow("not deflate data %s", who)
            << role << QList<Frame>{frame(Opcode::Binary, "\xff\xff\xff\xff", true, 4)} << 1002;
        PerMessageDeflate bomb(peerOf(role), defaults);
        QTest::addRow("inflates past the message limit %s", who)
            << role << QList<Frame>{frame(Opcode::Binary, bomb.compress(QByteArray(65 << 20, '\0')).payload, true, 4)}
            << 1009;
        PerMessageDeflate bad(peerOf(role), defaults);
        QTest::addRow("inflates to invalid UTF-8 %s", who)
            << role << QList<Frame>{frame(Opcode::Text, bad.compress("ok \xC0\xAF").payload, true, 4)} << 1007;
    }
}

void tst_Conformance::compressedProtocolErrors()
{
    QFETCH(Role, role);
    QFETCH(QList<Frame>, frames);
    QFETCH(int, closeCode);
    const DeflateParameters params;
    const Run run = runEcho(role, wire(role, frames, 0), &params);
    QVERIFY(run.replies.isEmpty());
    QVERIFY(run.closed);
    QCOMPARE(run.closeCode, closeCode);
}

QTEST_GUILESS_MAIN(tst_Conformance)
#include "tst_conformance.moc"
