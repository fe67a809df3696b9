#include "proto/clienthandshake.h"
#include "proto/handshakekey.h"
#include "proto/httpheadparser.h"
#include "rfc6455vectors.h"

#include <QTest>

using namespace sockscope::proto;

class tst_ClientHandshake : public QObject
{
    Q_OBJECT
private slots:
    void acceptKey_data();
    void acceptKey();
    void keyValidity_data();
    void keyValidity();
    void generatedKey();
    void request_data();
    void request();
    void invalidUrl_data();
    void invalidUrl();
    void validResponse_data();
    void validResponse();
    void invalidResponse_data();
    void invalidResponse();
    void handWrittenRequest();
};

namespace {

ClientHandshake::Options rfcOptions()
{
    ClientHandshake::Options options;
    options.url = QUrl(QStringLiteral("ws://server.example.com/chat"));
    options.origin = "http://example.com";
    options.subprotocols = {"chat", "superchat"};
    options.key = rfc6455::key;
    options.userAgent.clear();
    return options;
}

// The request line and the fields for a key-less comparison: every row uses the RFC key.
QByteArray lines(std::initializer_list<const char *> lines)
{
    QByteArray out;
    for (const char *line : lines)
        out += QByteArray(line) + "\r\n";
    return out + "\r\n";
}

HttpResponseHead parseResponse(const QByteArray &bytes)
{
    HttpHeadParser parser(HttpHeadParser::Kind::Response);
    if (parser.feed(bytes) != HttpHeadParser::Status::Complete)
        qFatal("test response does not parse: %s", qPrintable(parser.failure().detail));
    return parser.response();
}

// The client the response rows are checked against: the RFC example plus an extension offer.
ClientHandshake offeringClient()
{
    ClientHandshake::Options options = rfcOptions();
    options.extensions = {ExtensionOffer{"permessage-deflate", {{"client_max_window_bits", std::nullopt}}},
                          ExtensionOffer{"x-custom", {}}};
    return *ClientHandshake::create(options);
}

QByteArray okResponse(std::initializer_list<const char *> extraLines)
{
    QByteArray out = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
    for (const char *line : extraLines)
        out += QByteArray(line) + "\r\n";
    return out + "\r\n";
}

} // namespace

void tst_ClientHandshake::acceptKey_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("accept");

    QTest::addRow("RFC 6455 1.3") << rfc6455::key << rfc6455::accept;
    // Values below computed with Python's hashlib and base64 modules.
    QTest::addRow("all-zero nonce") << QByteArray("AAAAAAAAAAAAAAAAAAAAAA==")
                                    << QByteArray("ICX+Yqv66kxgM0FcWaLWlFLwTAI=");
    QTest::addRow("another nonce") << QByteArray("x3JJHMbDL1EzLkh9GBhXDw==")
                                   << QByteArray("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
    QTest::addRow("key used as sent, not decoded")
        << QByteArray("not a key") << QByteArray("FNAF2a7s4zMv9y5Gqiqz8xpWqeE=");
}

void tst_ClientHandshake::acceptKey()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, accept);
    QCOMPARE(computeAcceptKey(key), accept);
}

void tst_ClientHandshake::keyValidity_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("valid");

    QTest::addRow("RFC 6455 1.3") << rfc6455::key << true;
    QTest::addRow("all zero") << QByteArray("AAAAAAAAAAAAAAAAAAAAAA==") << true;
    QTest::addRow("all ones") << QByteArray("/////////////////////w==") << true;
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("no padding") << QByteArray("dGhlIHNhbXBsZSBub25jZQ") << false;
    QTest::addRow("15 bytes") << QByteArray("dGhlIHNhbXBsZSBub25j") << false;
    QTest::addRow("17 bytes") << QByteArray("dGhlIHNhbXBsZSBub25jZSE=") << false;
    QTest::addRow("non-zero unused bits") << QByteArray("dGhlIHNhbXBsZSBub25jZR==") << false;
    QTest::addRow("URL-safe alphabet") << QByteArray("_____________________w==") << false;
    QTest::addRow("space inside") << QByteArray("dGhlIHNhbXBsZSB ub25jZQ=") << false;
}

void tst_ClientHandshake::keyValidity()
{
    QFETCH(QByteArray, key);
    QFETCH(bool, valid);
    QCOMPARE(isValidKey(key), valid);
}

void tst_ClientHandshake::generatedKey()
{
    // RFC 6455 1.3: the sample nonce is the 16 ASCII bytes "the sample nonce".
    QCOMPARE(generateKey(fixedRandomSource("the sample nonce")), rfc6455::key);
    const QByteArray fromSystem = generateKey(systemRandomSource());
    QVERIFY(isValidKey(fromSystem));
    QVERIFY(fromSystem != generateKey(systemRandomSource()));

    ClientHandshake::Options options = rfcOptions();
    options.key.clear();
    const auto handshake = ClientHandshake::create(options, fixedRandomSource("the sample nonce"));
    QVERIFY(handshake);
    QCOMPARE(handshake->key(), rfc6455::key);
    QCOMPARE(handshake->expectedAccept(), rfc6455::accept);
    QCOMPARE(handshake->request().raw, rfc6455::request);
}

void tst_ClientHandshake::request_data()
{
    QTest::addColumn<ClientHandshake::Options>("options");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("RFC 6455 1.2 example") << rfcOptions() << rfc6455::request;

    const auto withUrl = [](const char *url) {
        ClientHandshake::Options options;
        options.url = QUrl(QString::fromUtf8(url));
        options.key = rfc6455::key;
        return options;
    };
    const auto minimal = [](const char *target, const char *host) {
        return "GET " + QByteArray(target) + " HTTP/1.1\r\nHost: " + QByteArray(host) +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               "Sec-WebSocket-Version: 13\r\nUser-Agent: Sockscope\r\n\r\n";
    };
    QTest::addRow("empty path becomes /") << withUrl("ws://example.com") << minimal("/", "example.com");
    QTest::addRow("ws default port left out") << withUrl("ws://example.com:80/") << minimal("/", "example.com");
    QTest::addRow("wss default port left out") << withUrl("wss://example.com:443/a") << minimal("/a", "example.com");
    QTest::addRow("ws on 443 keeps the port") << withUrl("ws://example.com:443/") << minimal("/", "example.com:443");
    QTest::addRow("wss on 80 keeps the port") << withUrl("wss://example.com:80/") << minimal("/", "example.com:80");
    QTest::addRow("other port") << withUrl("ws://127.0.0.1:9001/") << minimal("/", "127.0.0.1:9001");
    QTest::addRow("IPv6 loopback with port") << withUrl("ws://[::1]:9001/echo") << minimal("/echo", "[::1]:9001");
    QTest::addRow("IPv6 default port") << withUrl("wss://[2001:db8::1]/") << minimal("/", "[2001:db8::1]");
    QTest::addRow("query") << withUrl("ws://example.com/chat?room=1&name=a%20b")
                           << minimal("/chat?room=1&name=a%20b", "example.com");
    QTest::addRow("query without path") << withUrl("ws://example.com?x=1") << minimal("/?x=1", "example.com");
    QTest::addRow("empty query kept") << withUrl("ws://example.com/a?") << minimal("/a?", "example.com");
    QTest::addRow("scheme and host case folded, path case kept")
        << withUrl("WS://Example.COM/Chat") << minimal("/Chat", "example.com");
    QTest::addRow("space in path encoded") << withUrl("ws://example.com/a b") << minimal("/a%20b", "example.com");
    QTest::addRow("international host in ACE form") << withUrl("ws://b\xC3\xBC"
                                                               "cher.example/")
                                                    << minimal("/", "xn--bcher-kva.example");

    ClientHandshake::Options extensions = withUrl("ws://example.com/");
    extensions.extensions = {ExtensionOffer{"permessage-deflate", {{"client_max_window_bits", std::nullopt}}},
                             ExtensionOffer{"permessage-deflate", {}}};
    extensions.userAgent.clear();
    QTest::addRow("extension offers") << extensions
                                      << lines({"GET / HTTP/1.1", "Host: example.com", "Upgrade: websocket",
                                                "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                                                "Sec-WebSocket-Version: 13",
                                                "Sec-WebSocket-Extensions: permessage-deflate; "
                                                "client_max_window_bits, permessage-deflate"});

    ClientHandshake::Options rawExtensions = extensions;
    rawExtensions.extensionsValue = "permessage-deflate;client_max_window_bits=\"15\"";
    QTest::addRow("raw extension value sent as written")
        << rawExtensions
        << lines({"GET / HTTP/1.1", "Host: example.com", "Upgrade: websocket", "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                  "Sec-WebSocket-Extensions: permessage-deflate;client_max_window_bits=\"15\""});

    ClientHandshake::Options extra = withUrl("ws://example.com/");
    extra.extraHeaders = HttpHeaders{{"Authorization", "Bearer abc"}, {"Cookie", "a=1"}, {"Cookie", "b=2"}};
    QTest::addRow("extra headers appended in order")
        << extra
        << lines({"GET / HTTP/1.1", "Host: example.com", "Upgrade: websocket", "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "User-Agent: Sockscope",
                  "Authorization: Bearer abc", "Cookie: a=1", "Cookie: b=2"});

    ClientHandshake::Options overrides = withUrl("ws://example.com/");
    overrides.extraHeaders = HttpHeaders{{"user-agent", "Mozilla/5.0"}, {"HOST", "other.example"}, {"Host", "third"}};
    QTest::addRow("defaults overridden in place, later duplicates appended")
        << overrides
        << lines({"GET / HTTP/1.1", "HOST: other.example", "Upgrade: websocket", "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "user-agent: Mozilla/5.0",
                  "Host: third"});

    ClientHandshake::Options omitted = withUrl("ws://example.com/");
    omitted.omittedHeaders = {"sec-websocket-version", "User-Agent"};
    omitted.version = "8";
    QTest::addRow("defaults left out") << omitted
                                       << lines({"GET / HTTP/1.1", "Host: example.com", "Upgrade: websocket",
                                                 "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="});

    ClientHandshake::Options version = withUrl("ws://example.com/");
    version.version = "8";
    version.userAgent = "probe/1";
    version.origin = "https://app.example";
    QTest::addRow("other version, user agent and origin")
        << version
        << lines({"GET / HTTP/1.1", "Host: example.com", "Upgrade: websocket", "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Origin: https://app.example",
                  "Sec-WebSocket-Version: 8", "User-Agent: probe/1"});
}

void tst_ClientHandshake::request()
{
    QFETCH(ClientHandshake::Options, options);
    QFETCH(QByteArray, expected);

    HandshakeFailure failure{HandshakeError::InvalidUrl, QStringLiteral("stale")};
    const auto handshake = ClientHandshake::create(options, fixedRandomSource("unused"), &failure);
    QVERIFY2(handshake, qPrintable(failure.detail));
    QCOMPARE(handshake->request().raw, expected);
    QCOMPARE(handshake->request().serialize(), expected);
    QCOMPARE(handshake->request().method, QByteArray("GET"));

    // What goes over the wire parses back into the same head.
    HttpHeadParser parser(HttpHeadParser::Kind::Request);
    QCOMPARE(parser.feed(expected), HttpHeadParser::Status::Complete);
    QCOMPARE(parser.request(), handshake->request());
}

void tst_ClientHandshake::invalidUrl_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("detailContains");

    QTest::addRow("http scheme") << QUrl(QStringLiteral("http://example.com/")) << QStringLiteral("\"http\"");
    QTest::addRow("https scheme") << QUrl(QStringLiteral("https://example.com/")) << QStringLiteral("\"https\"");
    QTest::addRow("no scheme") << QUrl(QStringLiteral("example.com/chat")) << QStringLiteral("scheme");
    QTest::addRow("no host") << QUrl(QStringLiteral("ws:///chat")) << QStringLiteral("no host");
    QTest::addRow("fragment") << QUrl(QStringLiteral("ws://example.com/chat#top")) << QStringLiteral("fragment");
    QTest::addRow("empty fragment") << QUrl(QStringLiteral("ws://example.com/#")) << QStringLiteral("fragment");
    QTest::addRow("not a URL") << QUrl(QStringLiteral("ws://exa mple.com/")) << QStringLiteral("not a valid URL");
    QTest::addRow("empty") << QUrl() << QStringLiteral("The URL is empty.");
}

void tst_ClientHandshake::invalidUrl()
{
    QFETCH(QUrl, url);
    QFETCH(QString, detailContains);
    ClientHandshake::Options options;
    options.url = url;
    HandshakeFailure failure;
    QVERIFY(!ClientHandshake::create(options, fixedRandomSource("x"), &failure));
    QCOMPARE(failure.error, HandshakeError::InvalidUrl);
    QVERIFY2(failure.detail.contains(detailContains), qPrintable(failure.detail));
    QVERIFY(!ClientHandshake::create(options, fixedRandomSource("x")));
}

void tst_ClientHandshake::validResponse_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QByteArray>("extensions");

    QTest::addRow("RFC 6455 1.2 response") << rfc6455::response << QByteArray("chat") << QByteArray();
    QTest::addRow("no subprotocol, no extension") << okResponse({}) << QByteArray() << QByteArray();
    QTest::addRow("second subprotocol") << okResponse({"Sec-WebSocket-Protocol: superchat"}) << QByteArray("superchat")
                                        << QByteArray();
    QTest::addRow("field names in any case")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUPGRADE: websocket\r\nconnection: Upgrade\r\n"
                      "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSEC-WEBSOCKET-PROTOCOL: chat\r\n\r\n")
        << QByteArray("chat") << QByteArray();
    QTest::addRow("Upgrade value in any case")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << QByteArray() << QByteArray();
    QTest::addRow("Connection token among others, any case")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive, UPGRADE\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << QByteArray() << QByteArray();
    QTest::addRow("other reason phrase")
        << QByteArray("HTTP/1.1 101 Web Socket Protocol Handshake\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << QByteArray() << QByteArray();
    QTest::addRow("extension accepted with parameters")
        << okResponse({"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10; "
                       "server_no_context_takeover"})
        << QByteArray() << QByteArray("permessage-deflate; client_max_window_bits=10; server_no_context_takeover");
    QTest::addRow("extensions over two fields (RFC 6455 errata 3433)")
        << okResponse({"Sec-WebSocket-Extensions: x-custom", "Sec-WebSocket-Extensions: permessage-deflate",
                       "Sec-WebSocket-Protocol: chat"})
        << QByteArray("chat") << QByteArray("x-custom, permessage-deflate");
    QTest::addRow("unrelated fields ignored")
        << okResponse({"Server: test", "Set-Cookie: a=1", "Sec-WebSocket-Version: 13"}) << QByteArray() << QByteArray();
}

void tst_ClientHandshake::validResponse()
{
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, subprotocol);
    QFETCH(QByteArray, extensions);

    const ClientHandshake client = offeringClient();
    HandshakeFailure failure{HandshakeError::AcceptMismatch, QStringLiteral("stale")};
    const auto accepted = client.validateResponse(parseResponse(response), &failure);
    QVERIFY2(accepted, qPrintable(failure.detail));
    QVERIFY(!failure);
    QCOMPARE(accepted->subprotocol, subprotocol);
    QCOMPARE(formatExtensionHeader(accepted->extensions), extensions);
}

void tst_ClientHandshake::invalidResponse_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<HandshakeError>("error");
    QTest::addColumn<QString>("detail");

    // RFC 6455 4.1 item 1
    QTest::addRow("200 OK") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                            << HandshakeError::UnexpectedStatus << QStringLiteral("The server answered 200 OK.");
    QTest::addRow("404") << QByteArray("HTTP/1.1 404 Not Found\r\n\r\n") << HandshakeError::UnexpectedStatus
                         << QStringLiteral("The server answered 404 Not Found.");
    QTest::addRow("426 with versions")
        << QByteArray(
               "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13, 8\r\nSec-WebSocket-Version: 7\r\n\r\n")
        << HandshakeError::UnexpectedStatus
        << QStringLiteral("The server answered 426 Upgrade Required. It speaks Sec-WebSocket-Version 13, 8, 7.");
    QTest::addRow("100 Continue") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") << HandshakeError::UnexpectedStatus
                                  << QStringLiteral("The server answered 100 Continue.");

    // RFC 6455 4.1 item 2
    QTest::addRow("no Upgrade") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                                              "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                                << HandshakeError::MissingUpgrade
                                << QStringLiteral("The 101 response has no Upgrade field.");
    QTest::addRow("Upgrade to another protocol")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << HandshakeError::InvalidUpgrade << QStringLiteral("Upgrade was \"h2c\", expected \"websocket\".");
    QTest::addRow("Upgrade lists two protocols")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket, h2c\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << HandshakeError::InvalidUpgrade << QStringLiteral("Upgrade was \"websocket, h2c\", expected \"websocket\".");
    QTest::addRow("empty Upgrade") << QByteArray(
                                          "HTTP/1.1 101 Switching Protocols\r\nUpgrade:\r\nConnection: Upgrade\r\n"
                                          "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                                   << HandshakeError::InvalidUpgrade
                                   << QStringLiteral("Upgrade was \"\", expected \"websocket\".");

    // RFC 6455 4.1 item 3
    QTest::addRow("no Connection") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                                 "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                                   << HandshakeError::MissingConnectionUpgrade
                                   << QStringLiteral("The 101 response has no Connection field.");
    QTest::addRow("Connection without Upgrade")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << HandshakeError::MissingConnectionUpgrade
        << QStringLiteral("Connection was \"keep-alive\", without the token \"Upgrade\".");
    QTest::addRow("Connection: Upgraded is not the token")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgraded\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << HandshakeError::MissingConnectionUpgrade
        << QStringLiteral("Connection was \"Upgraded\", without the token \"Upgrade\".");

    // RFC 6455 4.1 item 4 / 11.3.3
    QTest::addRow("no Sec-WebSocket-Accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        << HandshakeError::MissingAccept
        << QStringLiteral("The 101 response has no Sec-WebSocket-Accept field; expected "
                          "\"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\".");
    QTest::addRow("two Sec-WebSocket-Accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
        << HandshakeError::DuplicateAccept
        << QStringLiteral("Sec-WebSocket-Accept appears 2 times: \"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\", "
                          "\"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\".");
    QTest::addRow("wrong Sec-WebSocket-Accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: abc=\r\n\r\n")
        << HandshakeError::AcceptMismatch
        << QStringLiteral("Sec-WebSocket-Accept was \"abc=\", expected \"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\".");
    QTest::addRow("the key echoed instead of the accept value")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        << HandshakeError::AcceptMismatch
        << QStringLiteral("Sec-WebSocket-Accept was \"dGhlIHNhbXBsZSBub25jZQ==\", expected "
                          "\"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\".");
    QTest::addRow("accept value in other case")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: S3PPLMBITXAQ9KYGZZHZRBK+XOO=\r\n\r\n")
        << HandshakeError::AcceptMismatch
        << QStringLiteral("Sec-WebSocket-Accept was \"S3PPLMBITXAQ9KYGZZHZRBK+XOO=\", expected "
                          "\"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\".");

    // RFC 6455 4.1 item 5 / 9.1
    QTest::addRow("unparsable extension header")
        << okResponse({"Sec-WebSocket-Extensions: permessage-deflate;"}) << HandshakeError::MalformedExtensionHeader
        << QStringLiteral("Sec-WebSocket-Extensions \"permessage-deflate;\": A \";\" at offset 19 is not followed by "
                          "a parameter name.");
    QTest::addRow("extension not offered")
        << okResponse({"Sec-WebSocket-Extensions: x-webkit-deflate-frame"}) << HandshakeError::ExtensionNotOffered
        << QStringLiteral("The server accepted \"x-webkit-deflate-frame\", but the client offered "
                          "\"permessage-deflate\", \"x-custom\".");
    QTest::addRow("second extension not offered")
        << okResponse({"Sec-WebSocket-Extensions: permessage-deflate, mux"}) << HandshakeError::ExtensionNotOffered
        << QStringLiteral("The server accepted \"mux\", but the client offered \"permessage-deflate\", \"x-custom\".");
    QTest::addRow("extension name in other case")
        << okResponse({"Sec-WebSocket-Extensions: PerMessage-Deflate"}) << HandshakeError::ExtensionNotOffered
        << QStringLiteral("The server accepted \"PerMessage-Deflate\"");

    // RFC 6455 4.1 item 6 / 11.3.4
    QTest::addRow("subprotocol not offered")
        << okResponse({"Sec-WebSocket-Protocol: soap"}) << HandshakeError::SubprotocolNotOffered
        << QStringLiteral("The server selected \"soap\", but the client offered \"chat\", \"superchat\".");
    QTest::addRow("subprotocol in other case")
        << okResponse({"Sec-WebSocket-Protocol: Chat"}) << HandshakeError::SubprotocolNotOffered
        << QStringLiteral("The server selected \"Chat\"");
    QTest::addRow("empty subprotocol") << okResponse({"Sec-WebSocket-Protocol: "})
                                       << HandshakeError::SubprotocolNotOffered
                                       << QStringLiteral("The server selected \"\"");
    QTest::addRow("two subprotocols in one field")
        << okResponse({"Sec-WebSocket-Protocol: chat, superchat"}) << HandshakeError::MultipleSubprotocols
        << QStringLiteral("The server selected \"chat\", \"superchat\".");
    QTest::addRow("two subprotocol fields")
        << okResponse({"Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: chat"})
        << HandshakeError::MultipleSubprotocols << QStringLiteral("The server selected \"chat\", \"chat\".");
}

void tst_ClientHandshake::invalidResponse()
{
    QFETCH(QByteArray, response);
    QFETCH(HandshakeError, error);
    QFETCH(QString, detail);

    const ClientHandshake client = offeringClient();
    HandshakeFailure failure;
    QVERIFY(!client.validateResponse(parseResponse(response), &failure));
    QCOMPARE(handshakeErrorName(failure.error), handshakeErrorName(error));
    QVERIFY2(failure.detail.startsWith(detail), qPrintable(failure.detail));
    QVERIFY(!client.validateResponse(parseResponse(response)));
}

void tst_ClientHandshake::handWrittenRequest()
{
    HttpHeadParser parser(HttpHeadParser::Kind::Request);
    const QByteArray edited = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                              "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: superchat, v2\r\n"
                              "Sec-WebSocket-Extensions: a; x=1\r\nSec-WebSocket-Extensions: b\r\n"
                              "Sec-WebSocket-Version: 13\r\n\r\n";
    QCOMPARE(parser.feed(edited), HttpHeadParser::Status::Complete);
    const ClientHandshake client(parser.request());
    QCOMPARE(client.request().raw, edited);
    QCOMPARE(client.key(), rfc6455::key);
    QCOMPARE(client.expectedAccept(), rfc6455::accept);
    QCOMPARE(client.offeredSubprotocols(), (QList<QByteArray>{"chat", "superchat", "v2"}));
    QCOMPARE(formatExtensionHeader(client.offeredExtensions()), QByteArray("a; x=1, b"));

    const auto accepted = client.validateResponse(
        parseResponse(okResponse({"Sec-WebSocket-Protocol: v2", "Sec-WebSocket-Extensions: b"})));
    QVERIFY(accepted);
    QCOMPARE(accepted->subprotocol, QByteArray("v2"));
    QCOMPARE(formatExtensionHeader(accepted->extensions), QByteArray("b"));

    // A request built by hand without raw bytes gets them from its fields.
    HttpRequestHead bare = parser.request();
    bare.raw.clear();
    QCOMPARE(ClientHandshake(bare).request().raw, edited);

    // An extension offer that does not parse offers nothing.
    HttpRequestHead broken = parser.request();
    broken.headers.append("Sec-WebSocket-Extensions", "c;");
    const ClientHandshake brokenClient(broken);
    QVERIFY(brokenClient.offeredExtensions().isEmpty());
    HandshakeFailure failure;
    QVERIFY(!brokenClient.validateResponse(parseResponse(okResponse({"Sec-WebSocket-Extensions: b"})), &failure));
    QCOMPARE(failure.error, HandshakeError::ExtensionNotOffered);
    QVERIFY2(failure.detail.contains(QLatin1String("offered none")), qPrintable(failure.detail));
}

QTEST_GUILESS_MAIN(tst_ClientHandshake)
#include "tst_clienthandshake.moc"
