#include "proto/httpheadparser.h"
#include "rfc6455vectors.h"

#include <QTest>

#include <functional>

using namespace sockscope::proto;

using Kind = HttpHeadParser::Kind;
using Status = HttpHeadParser::Status;

class tst_HttpHeadParser : public QObject
{
    Q_OBJECT
private slots:
    void request_data();
    void request();
    void response_data();
    void response();
    void invalid_data();
    void invalid();
    void headSizeLimit_data();
    void headSizeLimit();
    void headerCountLimit_data();
    void headerCountLimit();
    void bareLineFeedWhenAllowed();
    void needsMoreDataUntilTheEmptyLine();
    void takesNothingOnceDone();
    void reset();
};

namespace {

// RFC 6455 5.7: a single-frame unmasked text message "Hello", and the masked one a client sends.
const QByteArray unmaskedHello("\x81\x05\x48\x65\x6c\x6c\x6f", 7);
const QByteArray maskedHello("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);

struct Outcome {
    Status status = Status::NeedMoreData;
    QByteArray leftover;
};

// Feeds input cut at the given positions (ascending) and collects what the parser did not take.
Outcome feedCut(HttpHeadParser &parser, const QByteArray &input, const QList<qsizetype> &cuts)
{
    Outcome outcome;
    qsizetype start = 0;
    QList<qsizetype> ends = cuts;
    ends.append(input.size());
    for (qsizetype end : ends) {
        const QByteArray chunk = input.sliced(start, end - start);
        start = end;
        outcome.status = parser.feed(chunk);
        if (outcome.status != Status::NeedMoreData) {
            outcome.leftover = chunk.sliced(parser.consumed()) + input.sliced(start);
            break;
        }
        if (parser.consumed() != chunk.size())
            qFatal("a chunk was not taken whole while more data was needed");
    }
    return outcome;
}

// Every way of cutting the input the style guide asks for: whole, one byte at a time, and in two pieces at every
// position. The check is run for each with a fresh parser.
void forEachCut(const QByteArray &input, const std::function<void(const QList<qsizetype> &, const QString &)> &check)
{
    check({}, QStringLiteral("whole"));
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i)
        everyByte.append(i);
    if (!QTest::currentTestFailed())
        check(everyByte, QStringLiteral("byte by byte"));
    for (qsizetype i = 1; i < input.size() && !QTest::currentTestFailed(); ++i)
        check({i}, QStringLiteral("split at %1").arg(i));
}

QByteArray manyHeaders(int count)
{
    QByteArray out = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < count; ++i)
        out += "X-" + QByteArray::number(i) + ": v\r\n";
    return out + "\r\n";
}

} // namespace

void tst_HttpHeadParser::request_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("trailing");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("minorVersion");
    QTest::addColumn<HttpHeaders>("headers");

    const HttpHeaders rfcHeaders{{"Host", "server.example.com"},   {"Upgrade", "websocket"},
                                 {"Connection", "Upgrade"},        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                 {"Origin", "http://example.com"}, {"Sec-WebSocket-Protocol", "chat, superchat"},
                                 {"Sec-WebSocket-Version", "13"}};
    QTest::addRow("RFC 6455 1.2 request")
        << rfc6455::request << QByteArray() << QByteArray("GET") << QByteArray("/chat") << 1 << rfcHeaders;
    QTest::addRow("RFC 6455 1.2 request, then a masked frame")
        << rfc6455::request << maskedHello << QByteArray("GET") << QByteArray("/chat") << 1 << rfcHeaders;
    QTest::addRow("case, order and duplicates kept")
        << QByteArray("GET / HTTP/1.1\r\nhost: a\r\nX-Dup: 1\r\nSEC-WEBSOCKET-PROTOCOL: chat\r\nx-dup: 2\r\n\r\n")
        << QByteArray() << QByteArray("GET") << QByteArray("/") << 1
        << HttpHeaders{{"host", "a"}, {"X-Dup", "1"}, {"SEC-WEBSOCKET-PROTOCOL", "chat"}, {"x-dup", "2"}};
    QTest::addRow("whitespace around values trimmed")
        << QByteArray("GET / HTTP/1.1\r\nA:b\r\nC: \t d e \t\r\nEmpty:\r\nSpaces:   \r\n\r\n") << QByteArray()
        << QByteArray("GET") << QByteArray("/") << 1
        << HttpHeaders{{"A", "b"}, {"C", "d e"}, {"Empty", ""}, {"Spaces", ""}};
    QTest::addRow("obs-text and colons in values")
        << QByteArray("GET / HTTP/1.1\r\nX-Name: caf\xC3\xA9\r\nOrigin: http://a:8080\r\n\r\n") << QByteArray()
        << QByteArray("GET") << QByteArray("/") << 1
        << HttpHeaders{{"X-Name", "caf\xC3\xA9"}, {"Origin", "http://a:8080"}};
    QTest::addRow("query and absolute target")
        << QByteArray("GET ws://example.com:8080/chat?room=1&x=%20 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")
        << QByteArray("GET /next HTTP/1.1\r\n") << QByteArray("GET")
        << QByteArray("ws://example.com:8080/chat?room=1&x=%20") << 1 << HttpHeaders{{"Host", "example.com:8080"}};
    QTest::addRow("other method and version are syntax, not errors")
        << QByteArray("POST /upload HTTP/1.0\r\n\r\n") << QByteArray("body") << QByteArray("POST")
        << QByteArray("/upload") << 0 << HttpHeaders{};
    QTest::addRow("every tchar in a name")
        << QByteArray("GET * HTTP/1.1\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n") << QByteArray() << QByteArray("GET")
        << QByteArray("*") << 1 << HttpHeaders{{"!#$%&'*+-.^_`|~09azAZ", "v"}};
}

void tst_HttpHeadParser::request()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, trailing);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, minorVersion);
    QFETCH(HttpHeaders, headers);

    const QByteArray input = head + trailing;
    forEachCut(input, [&](const QList<qsizetype> &cuts, const QString &how) {
        HttpHeadParser parser(Kind::Request);
        const Outcome outcome = feedCut(parser, input, cuts);
        QVERIFY2(outcome.status == Status::Complete, qPrintable(how + QLatin1String(": ") + parser.failure().detail));
        QVERIFY2(outcome.leftover == trailing, qPrintable(how));
        QVERIFY2(parser.request().raw == head, qPrintable(how));
        QVERIFY2(parser.buffered() == head, qPrintable(how));
        QVERIFY2(parser.request().method == method, qPrintable(how));
        QVERIFY2(parser.request().target == target, qPrintable(how));
        QVERIFY2(parser.request().majorVersion == 1, qPrintable(how));
        QVERIFY2(parser.request().minorVersion == minorVersion, qPrintable(how));
        QVERIFY2(parser.request().headers == headers, qPrintable(how));
        QVERIFY2(!parser.failure(), qPrintable(how));
    });
}

void tst_HttpHeadParser::response_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("trailing");
    QTest::addColumn<int>("statusCode");
    QTest::addColumn<QByteArray>("reasonPhrase");
    QTest::addColumn<HttpHeaders>("headers");

    const HttpHeaders rfcHeaders{{"Upgrade", "websocket"},
                                 {"Connection", "Upgrade"},
                                 {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
                                 {"Sec-WebSocket-Protocol", "chat"}};
    QTest::addRow("RFC 6455 1.2 response")
        << rfc6455::response << QByteArray() << 101 << QByteArray("Switching Protocols") << rfcHeaders;
    QTest::addRow("RFC 6455 1.2 response, then a frame the server sent at once")
        << rfc6455::response << unmaskedHello << 101 << QByteArray("Switching Protocols") << rfcHeaders;
    QTest::addRow("RFC 6455 1.2 response, then two frames")
        << rfc6455::response << unmaskedHello + unmaskedHello << 101 << QByteArray("Switching Protocols") << rfcHeaders;
    QTest::addRow("refusal with a body") << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n")
                                         << QByteArray("Not found") << 404 << QByteArray("Not Found")
                                         << HttpHeaders{{"Content-Length", "9"}};
    QTest::addRow("426 with versions") << QByteArray("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8\r\n"
                                                     "sec-websocket-version: 7\r\n\r\n")
                                       << QByteArray() << 426 << QByteArray("Upgrade Required")
                                       << HttpHeaders{{"Sec-WebSocket-Version", "13, 8"},
                                                      {"sec-websocket-version", "7"}};
    QTest::addRow("empty reason phrase") << QByteArray("HTTP/1.1 200 \r\n\r\n") << QByteArray() << 200 << QByteArray()
                                         << HttpHeaders{};
    QTest::addRow("reason with spaces, tab and obs-text")
        << QByteArray("HTTP/1.1 403 Nope \tnicht erlaubt \xE2\x9C\x8B\r\n\r\n") << QByteArray() << 403
        << QByteArray("Nope \tnicht erlaubt \xE2\x9C\x8B") << HttpHeaders{};
}

void tst_HttpHeadParser::response()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, trailing);
    QFETCH(int, statusCode);
    QFETCH(QByteArray, reasonPhrase);
    QFETCH(HttpHeaders, headers);

    const QByteArray input = head + trailing;
    forEachCut(input, [&](const QList<qsizetype> &cuts, const QString &how) {
        HttpHeadParser parser(Kind::Response);
        const Outcome outcome = feedCut(parser, input, cuts);
        QVERIFY2(outcome.status == Status::Complete, qPrintable(how + QLatin1String(": ") + parser.failure().detail));
        QVERIFY2(outcome.leftover == trailing, qPrintable(how));
        QVERIFY2(parser.response().raw == head, qPrintable(how));
        QVERIFY2(parser.response().majorVersion == 1 && parser.response().minorVersion == 1, qPrintable(how));
        QVERIFY2(parser.response().statusCode == statusCode, qPrintable(how));
        QVERIFY2(parser.response().reasonPhrase == reasonPhrase, qPrintable(how));
        QVERIFY2(parser.response().headers == headers, qPrintable(how));
        QVERIFY2(parser.response().body.isEmpty(), qPrintable(how));
    });
    // The fields written back give the same head.
    HttpHeadParser parser(Kind::Response);
    parser.feed(head);
    QCOMPARE(parser.response().serialize(), head);
}

void tst_HttpHeadParser::invalid_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<HandshakeError>("error");
    QTest::addColumn<QString>("detailContains");

    const auto request = [](const QByteArray &headerLines) { return "GET / HTTP/1.1\r\n" + headerLines + "\r\n"; };

    // RFC 7230 3.5
    QTest::addRow("bare LF ends the request line") << Kind::Request << QByteArray("GET / HTTP/1.1\nHost: a\r\n\r\n")
                                                   << HandshakeError::InvalidLineEnding << QStringLiteral("Line 1");
    QTest::addRow("bare LF ends a header line") << Kind::Request << QByteArray("GET / HTTP/1.1\r\nHost: a\n\r\n")
                                                << HandshakeError::InvalidLineEnding << QStringLiteral("bare LF");
    QTest::addRow("bare LF ends the head") << Kind::Response << QByteArray("HTTP/1.1 101 OK\r\nA: b\r\n\n")
                                           << HandshakeError::InvalidLineEnding << QStringLiteral("Line 3");
    QTest::addRow("bare CR inside a value")
        << Kind::Request << request("X: a\rb\r\n") << HandshakeError::InvalidLineEnding << QStringLiteral("CR");
    QTest::addRow("CR CR LF") << Kind::Response << QByteArray("HTTP/1.1 101 OK\r\r\n\r\n")
                              << HandshakeError::InvalidLineEnding << QStringLiteral("CR");

    // RFC 7230 3.1.1
    QTest::addRow("empty line before the request line")
        << Kind::Request << QByteArray("\r\nGET / HTTP/1.1\r\n\r\n") << HandshakeError::MalformedRequestLine
        << QStringLiteral("\"\"");
    QTest::addRow("two parts") << Kind::Request << QByteArray("GET /chat\r\n\r\n")
                               << HandshakeError::MalformedRequestLine << QStringLiteral("single spaces");
    QTest::addRow("double space") << Kind::Request << QByteArray("GET  /chat HTTP/1.1\r\n\r\n")
                                  << HandshakeError::MalformedRequestLine << QStringLiteral("single spaces");
    QTest::addRow("four parts") << Kind::Request << QByteArray("GET /chat HTTP/1.1 x\r\n\r\n")
                                << HandshakeError::MalformedRequestLine << QStringLiteral("single spaces");
    QTest::addRow("tab separator") << Kind::Request << QByteArray("GET\t/chat HTTP/1.1\r\n\r\n")
                                   << HandshakeError::MalformedRequestLine << QStringLiteral("GET\\x09/chat");
    QTest::addRow("method not a token") << Kind::Request << QByteArray("G(T / HTTP/1.1\r\n\r\n")
                                        << HandshakeError::MalformedRequestLine << QStringLiteral("\"G(T\"");
    QTest::addRow("non-ASCII target") << Kind::Request << QByteArray("GET /caf\xC3\xA9 HTTP/1.1\r\n\r\n")
                                      << HandshakeError::MalformedRequestLine << QStringLiteral("\\xC3\\xA9");
    QTest::addRow("control byte in target") << Kind::Request << QByteArray("GET /a\x01 HTTP/1.1\r\n\r\n")
                                            << HandshakeError::MalformedRequestLine << QStringLiteral("\\x01");
    QTest::addRow("version lower case") << Kind::Request << QByteArray("GET / http/1.1\r\n\r\n")
                                        << HandshakeError::MalformedRequestLine << QStringLiteral("\"http/1.1\"");
    QTest::addRow("version without minor") << Kind::Request << QByteArray("GET / HTTP/1\r\n\r\n")
                                           << HandshakeError::MalformedRequestLine << QStringLiteral("HTTP/x.y");
    QTest::addRow("version with two digits") << Kind::Request << QByteArray("GET / HTTP/1.10\r\n\r\n")
                                             << HandshakeError::MalformedRequestLine << QStringLiteral("HTTP/1.10");
    QTest::addRow("status line sent as request") << Kind::Request << QByteArray("HTTP/1.1 101 OK\r\n\r\n")
                                                 << HandshakeError::MalformedRequestLine << QStringLiteral("HTTP/1.1");

    // RFC 7230 3.1.2
    QTest::addRow("no reason phrase and no space")
        << Kind::Response << QByteArray("HTTP/1.1 101\r\n\r\n") << HandshakeError::MalformedStatusLine
        << QStringLiteral("\"HTTP/1.1 101\"");
    QTest::addRow("four-digit status") << Kind::Response << QByteArray("HTTP/1.1 1010 OK\r\n\r\n")
                                       << HandshakeError::MalformedStatusLine << QStringLiteral("3-digit");
    QTest::addRow("status with a letter") << Kind::Response << QByteArray("HTTP/1.1 10a OK\r\n\r\n")
                                          << HandshakeError::MalformedStatusLine << QStringLiteral("\"10a\"");
    QTest::addRow("double space in status line") << Kind::Response << QByteArray("HTTP/1.1  101 OK\r\n\r\n")
                                                 << HandshakeError::MalformedStatusLine << QStringLiteral("3-digit");
    QTest::addRow("not HTTP") << Kind::Response << QByteArray("ICY 200 OK\r\n\r\n")
                              << HandshakeError::MalformedStatusLine << QStringLiteral("ICY");
    QTest::addRow("bad version in status line") << Kind::Response << QByteArray("HTTP/x.1 101 OK\r\n\r\n")
                                                << HandshakeError::MalformedStatusLine << QStringLiteral("HTTP/x.1");
    QTest::addRow("control byte in reason") << Kind::Response << QByteArray("HTTP/1.1 101 O\x1BK\r\n\r\n")
                                            << HandshakeError::MalformedStatusLine << QStringLiteral("0x1b");
    QTest::addRow("request line sent as response")
        << Kind::Response << rfc6455::request << HandshakeError::MalformedStatusLine << QStringLiteral("GET");

    // RFC 7230 3.2 / 3.2.4
    QTest::addRow("no colon") << Kind::Request << request("Host example.com\r\n") << HandshakeError::MalformedHeaderLine
                              << QStringLiteral("no colon");
    QTest::addRow("space before colon") << Kind::Request << request("Host : a\r\n")
                                        << HandshakeError::MalformedHeaderLine << QStringLiteral("\"Host\"");
    QTest::addRow("tab before colon") << Kind::Response << QByteArray("HTTP/1.1 101 OK\r\nUpgrade\t: websocket\r\n\r\n")
                                      << HandshakeError::MalformedHeaderLine << QStringLiteral("whitespace between");
    QTest::addRow("space inside name") << Kind::Request << request("Ho st: a\r\n")
                                       << HandshakeError::MalformedHeaderLine << QStringLiteral("\"Ho st\"");
    QTest::addRow("empty name") << Kind::Request << request(": a\r\n") << HandshakeError::MalformedHeaderLine
                                << QStringLiteral("\"\"");
    QTest::addRow("separator in name") << Kind::Request << request("Host@: a\r\n")
                                       << HandshakeError::MalformedHeaderLine << QStringLiteral("not a token");
    QTest::addRow("non-ASCII name") << Kind::Request << request("H\xC3\xB6st: a\r\n")
                                    << HandshakeError::MalformedHeaderLine << QStringLiteral("\\xC3\\xB6");
    QTest::addRow("folded with space") << Kind::Request << request("X: a\r\n b\r\n")
                                       << HandshakeError::ObsoleteLineFolding << QStringLiteral("Line 3");
    QTest::addRow("folded with tab") << Kind::Response << QByteArray("HTTP/1.1 101 OK\r\nX: a\r\n\tb\r\n\r\n")
                                     << HandshakeError::ObsoleteLineFolding << QStringLiteral("\"\\x09b\"");
    QTest::addRow("folding right after the start line")
        << Kind::Request << request(" X: a\r\n") << HandshakeError::ObsoleteLineFolding << QStringLiteral("whitespace");
    QTest::addRow("NUL in value") << Kind::Request << request(QByteArray("X: a\0b\r\n", 8))
                                  << HandshakeError::InvalidHeaderValue << QStringLiteral("0x00");
    QTest::addRow("DEL in value") << Kind::Request << request("X: a\x7F\r\n") << HandshakeError::InvalidHeaderValue
                                  << QStringLiteral("0x7f");
    QTest::addRow("escape sequence in value")
        << Kind::Response << QByteArray("HTTP/1.1 101 OK\r\nX-Color: \x1B[31m\r\n\r\n")
        << HandshakeError::InvalidHeaderValue << QStringLiteral("\"X-Color\"");

    // Limits
    QTest::addRow("head never ends") << Kind::Request << "GET / HTTP/1.1\r\nX: " + QByteArray(20000, 'a')
                                     << HandshakeError::HeadTooLarge << QStringLiteral("16384 bytes");
    QTest::addRow("101 headers") << Kind::Request << manyHeaders(101) << HandshakeError::TooManyHeaders
                                 << QStringLiteral("more than 100");
}

void tst_HttpHeadParser::invalid()
{
    QFETCH(Kind, kind);
    QFETCH(QByteArray, input);
    QFETCH(HandshakeError, error);
    QFETCH(QString, detailContains);

    // The byte-by-byte and every-split passes over the 20 KB row are slow and prove nothing more.
    const bool everyCut = input.size() < 4096;
    const auto check = [&](const QList<qsizetype> &cuts, const QString &how) {
        HttpHeadParser parser(kind);
        const Outcome outcome = feedCut(parser, input, cuts);
        QVERIFY2(outcome.status == Status::Error, qPrintable(how));
        QVERIFY2(parser.status() == Status::Error, qPrintable(how));
        QVERIFY2(parser.failure().error == error,
                 qPrintable(how + QLatin1String(": ") + QLatin1String(handshakeErrorName(parser.failure().error))));
        QVERIFY2(parser.failure().detail.contains(detailContains),
                 qPrintable(how + QLatin1String(": ") + parser.failure().detail));
        // Nothing the peer sent is lost: what was taken plus what was not is the input.
        QVERIFY2(parser.buffered() + outcome.leftover == input, qPrintable(how));
    };
    if (everyCut)
        forEachCut(input, check);
    else
        check({}, QStringLiteral("whole"));
}

void tst_HttpHeadParser::headSizeLimit_data()
{
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<qsizetype>("headSize");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("default limit, exactly 16 KiB") << qsizetype(-1) << qsizetype(16 * 1024) << true;
    QTest::addRow("default limit, one byte more") << qsizetype(-1) << qsizetype(16 * 1024 + 1) << false;
    QTest::addRow("1 KiB limit, exactly") << qsizetype(1024) << qsizetype(1024) << true;
    QTest::addRow("1 KiB limit, one byte more") << qsizetype(1024) << qsizetype(1025) << false;
    QTest::addRow("64 KiB limit, 20000 bytes") << qsizetype(64 * 1024) << qsizetype(20000) << true;
}

void tst_HttpHeadParser::headSizeLimit()
{
    QFETCH(qsizetype, limit);
    QFETCH(qsizetype, headSize);
    QFETCH(bool, accepted);

    const QByteArray start = "GET / HTTP/1.1\r\nX: ";
    const QByteArray end = "\r\n\r\n";
    const QByteArray head = start + QByteArray(headSize - start.size() - end.size(), 'v') + end;
    QCOMPARE(head.size(), headSize);

    HttpHeadParser::Limits limits;
    if (limit > 0)
        limits.maxHeadSize = limit;
    HttpHeadParser parser(Kind::Request, limits);
    QCOMPARE(parser.limits().maxHeadSize, limit > 0 ? limit : 16 * 1024);
    const Status status = parser.feed(head + "next");
    if (accepted) {
        QCOMPARE(status, Status::Complete);
        QCOMPARE(parser.consumed(), headSize);
    } else {
        QCOMPARE(status, Status::Error);
        QCOMPARE(parser.failure().error, HandshakeError::HeadTooLarge);
        // It stops as soon as the limit is passed, not at the end of the line.
        QCOMPARE(parser.buffered().size(), parser.limits().maxHeadSize + 1);
    }
}

void tst_HttpHeadParser::headerCountLimit_data()
{
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("default limit, 100 fields") << qsizetype(-1) << 100 << true;
    QTest::addRow("default limit, 101 fields") << qsizetype(-1) << 101 << false;
    QTest::addRow("limit 3, 3 fields") << qsizetype(3) << 3 << true;
    QTest::addRow("limit 3, 4 fields") << qsizetype(3) << 4 << false;
    QTest::addRow("limit 0, no field") << qsizetype(0) << 0 << true;
    QTest::addRow("limit 0, one field") << qsizetype(0) << 1 << false;
}

void tst_HttpHeadParser::headerCountLimit()
{
    QFETCH(qsizetype, limit);
    QFETCH(int, count);
    QFETCH(bool, accepted);

    HttpHeadParser::Limits limits;
    if (limit >= 0)
        limits.maxHeaderCount = limit;
    HttpHeadParser parser(Kind::Request, limits);
    const Status status = parser.feed(manyHeaders(count));
    if (accepted) {
        QCOMPARE(status, Status::Complete);
        QCOMPARE(parser.request().headers.size(), count);
    } else {
        QCOMPARE(status, Status::Error);
        QCOMPARE(parser.failure().error, HandshakeError::TooManyHeaders);
        QCOMPARE(parser.request().headers.size(), parser.limits().maxHeaderCount);
    }
}

void tst_HttpHeadParser::bareLineFeedWhenAllowed()
{
    HttpHeadParser::Limits limits;
    limits.allowBareLineFeed = true;
    const QByteArray head = "HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\r\nConnection: Upgrade\n\n";
    const QByteArray input = head + unmaskedHello;
    forEachCut(input, [&](const QList<qsizetype> &cuts, const QString &how) {
        HttpHeadParser parser(Kind::Response, limits);
        const Outcome outcome = feedCut(parser, input, cuts);
        QVERIFY2(outcome.status == Status::Complete, qPrintable(how));
        QVERIFY2(outcome.leftover == unmaskedHello, qPrintable(how));
        QVERIFY2(parser.response().raw == head, qPrintable(how));
        QVERIFY2(parser.response().headers == (HttpHeaders{{"Upgrade", "websocket"}, {"Connection", "Upgrade"}}),
                 qPrintable(how));
    });

    // A bare CR stays an error.
    HttpHeadParser parser(Kind::Response, limits);
    QCOMPARE(parser.feed("HTTP/1.1 101 OK\rX: y\n\n"), Status::Error);
    QCOMPARE(parser.failure().error, HandshakeError::InvalidLineEnding);
}

void tst_HttpHeadParser::needsMoreDataUntilTheEmptyLine()
{
    for (qsizetype n = 0; n < rfc6455::request.size(); ++n) {
        HttpHeadParser parser(Kind::Request);
        QCOMPARE(parser.feed(rfc6455::request.first(n)), Status::NeedMoreData);
        QCOMPARE(parser.consumed(), n);
        QCOMPARE(parser.status(), Status::NeedMoreData);
    }
}

void tst_HttpHeadParser::takesNothingOnceDone()
{
    HttpHeadParser parser(Kind::Response);
    QCOMPARE(parser.feed(rfc6455::response + "xy"), Status::Complete);
    QCOMPARE(parser.consumed(), rfc6455::response.size());
    QCOMPARE(parser.feed("more"), Status::Complete);
    QCOMPARE(parser.consumed(), 0);
    QCOMPARE(parser.response().raw, rfc6455::response);

    HttpHeadParser broken(Kind::Response);
    QCOMPARE(broken.feed("HTTP/1.1 101\r\n"), Status::Error);
    QCOMPARE(broken.feed("\r\n"), Status::Error);
    QCOMPARE(broken.consumed(), 0);
    QCOMPARE(broken.buffered(), QByteArray("HTTP/1.1 101\r\n"));
}

void tst_HttpHeadParser::reset()
{
    HttpHeadParser parser(Kind::Request);
    QCOMPARE(parser.feed("GET / HTTP/1.1\r\nBad Name: x\r\n"), Status::Error);
    parser.reset();
    QCOMPARE(parser.status(), Status::NeedMoreData);
    QVERIFY(!parser.failure());
    QVERIFY(parser.buffered().isEmpty());
    QCOMPARE(parser.feed(rfc6455::request), Status::Complete);
    QCOMPARE(parser.request().headers.size(), 7);
    QCOMPARE(parser.request().serialize(), rfc6455::request);
    QCOMPARE(parser.kind(), Kind::Request);
}

QTEST_GUILESS_MAIN(tst_HttpHeadParser)
#include "tst_httpheadparser.moc"
