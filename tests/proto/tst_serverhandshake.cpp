#include "proto/clienthandshake.h"
#include "proto/handshakekey.h"
#include "proto/httpheadparser.h"
#include "proto/serverhandshake.h"
#include "rfc6455vectors.h"

#include <QSet>
#include <QTest>

using namespace sockscope::proto;

using Outcome = ServerHandshake::Outcome;

class tst_ServerHandshake : public QObject
{
    Q_OBJECT
private slots:
    void errorTable_data();
    void errorTable();
    void validRequest_data();
    void validRequest();
    void invalidRequest_data();
    void invalidRequest();
    void plainHttp();
    void acceptRfcExample();
    void accept_data();
    void accept();
    void acceptRefused_data();
    void acceptRefused();
    void refuse_data();
    void refuse();
    void refusal();
    void upgradeRequired();
    void clientAgainstServer_data();
    void clientAgainstServer();
};

namespace {

HttpRequestHead parseRequest(const QByteArray &bytes)
{
    HttpHeadParser parser(HttpHeadParser::Kind::Request);
    if (parser.feed(bytes) != HttpHeadParser::Status::Complete)
        qFatal("test request does not parse: %s", qPrintable(parser.failure().detail));
    return parser.request();
}

HttpResponseHead parseResponse(const QByteArray &bytes)
{
    HttpHeadParser parser(HttpHeadParser::Kind::Response);
    if (parser.feed(bytes) != HttpHeadParser::Status::Complete)
        qFatal("test response does not parse: %s", qPrintable(parser.failure().detail));
    return parser.response();
}

// A valid request with the given changes: "Name:" (nothing after the colon) removes that field, "Name: value"
// (possibly an empty value after the space) replaces the first field of that name or is appended.
QByteArray request(const QByteArray &requestLine, std::initializer_list<const char *> changes = {})
{
    HttpHeaders headers{{"Host", "server.example.com"},
                        {"Upgrade", "websocket"},
                        {"Connection", "Upgrade"},
                        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                        {"Sec-WebSocket-Version", "13"}};
    HttpHeaders overrides;
    for (const char *change : changes) {
        const QByteArray line(change);
        const qsizetype colon = line.indexOf(':');
        if (colon == line.size() - 1)
            headers.remove(line.first(colon));
        else
            overrides.append(line.first(colon), line.sliced(colon + 1).trimmed());
    }
    headers.applyOverrides(overrides);
    return requestLine + "\r\n" + headers.serialize() + "\r\n";
}

QByteArray get(std::initializer_list<const char *> changes = {})
{
    return request("GET /chat HTTP/1.1", changes);
}

} // namespace

void tst_ServerHandshake::errorTable_data()
{
    QTest::addColumn<HandshakeError>("error");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("status");

    const auto row = [](HandshakeError error, const char *name, int status) {
        QTest::addRow("%s", name) << error << QByteArray(name) << status;
    };
    row(HandshakeError::None, "none", 101);
    row(HandshakeError::HeadTooLarge, "head-too-large", 431);
    row(HandshakeError::TooManyHeaders, "too-many-headers", 431);
    row(HandshakeError::InvalidLineEnding, "invalid-line-ending", 400);
    row(HandshakeError::MalformedRequestLine, "malformed-request-line", 400);
    row(HandshakeError::MalformedStatusLine, "malformed-status-line", 400);
    row(HandshakeError::MalformedHeaderLine, "malformed-header-line", 400);
    row(HandshakeError::ObsoleteLineFolding, "obsolete-line-folding", 400);
    row(HandshakeError::InvalidHeaderValue, "invalid-header-value", 400);
    row(HandshakeError::InvalidUrl, "invalid-url", 400);
    row(HandshakeError::MethodNotGet, "method-not-get", 405);
    row(HandshakeError::HttpVersionTooLow, "http-version-too-low", 400);
    row(HandshakeError::InvalidRequestTarget, "invalid-request-target", 400);
    row(HandshakeError::MissingHost, "missing-host", 400);
    row(HandshakeError::DuplicateHost, "duplicate-host", 400);
    row(HandshakeError::MissingUpgrade, "missing-upgrade", 426);
    row(HandshakeError::InvalidUpgrade, "invalid-upgrade", 426);
    row(HandshakeError::MissingConnectionUpgrade, "missing-connection-upgrade", 400);
    row(HandshakeError::MissingKey, "missing-key", 400);
    row(HandshakeError::DuplicateKey, "duplicate-key", 400);
    row(HandshakeError::InvalidKey, "invalid-key", 400);
    row(HandshakeError::MissingVersion, "missing-version", 426);
    row(HandshakeError::DuplicateVersion, "duplicate-version", 426);
    row(HandshakeError::UnsupportedVersion, "unsupported-version", 426);
    row(HandshakeError::MalformedSubprotocolHeader, "malformed-subprotocol-header", 400);
    row(HandshakeError::MalformedExtensionHeader, "malformed-extension-header", 400);
    row(HandshakeError::UnexpectedStatus, "unexpected-status", 400);
    row(HandshakeError::MissingAccept, "missing-accept", 400);
    row(HandshakeError::DuplicateAccept, "duplicate-accept", 400);
    row(HandshakeError::AcceptMismatch, "accept-mismatch", 400);
    row(HandshakeError::SubprotocolNotOffered, "subprotocol-not-offered", 400);
    row(HandshakeError::MultipleSubprotocols, "multiple-subprotocols", 400);
    row(HandshakeError::ExtensionNotOffered, "extension-not-offered", 400);
}

void tst_ServerHandshake::errorTable()
{
    QFETCH(HandshakeError, error);
    QFETCH(QByteArray, name);
    QFETCH(int, status);
    QCOMPARE(QByteArray(handshakeErrorName(error)), name);
    QCOMPARE(httpStatusFor(error), status);
    const QString description = handshakeErrorDescription(error);
    QVERIFY(description.endsWith(QLatin1Char('.')));
    if (error != HandshakeError::None)
        QVERIFY2(description.contains(QLatin1String("(RFC ")), qPrintable(description));

    // The table covers every value, and names and descriptions are unique.
    static QSet<QByteArray> names;
    static QSet<QString> descriptions;
    QVERIFY(!names.contains(name));
    QVERIFY(!descriptions.contains(description));
    names.insert(name);
    descriptions.insert(description);
    if (error == HandshakeError::ExtensionNotOffered)
        QCOMPARE(names.size(), int(HandshakeError::ExtensionNotOffered) + 1);
}

void tst_ServerHandshake::validRequest_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<bool>("hasQuery");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QList<QByteArray>>("subprotocols");
    QTest::addColumn<QByteArray>("extensions");

    QTest::addRow("RFC 6455 1.2 request")
        << rfc6455::request << QByteArray("/chat") << QByteArray() << false << QByteArray("http://example.com")
        << QList<QByteArray>{"chat", "superchat"} << QByteArray();
    QTest::addRow("minimal") << get() << QByteArray("/chat") << QByteArray() << false << QByteArray()
                             << QList<QByteArray>{} << QByteArray();
    QTest::addRow("field names in any case")
        << QByteArray("GET / HTTP/1.1\r\nhost: a\r\nUPGRADE: websocket\r\nconnection: upgrade\r\n"
                      "SEC-WEBSOCKET-KEY: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n"
                      "origin: null\r\n\r\n")
        << QByteArray("/") << QByteArray() << false << QByteArray("null") << QList<QByteArray>{} << QByteArray();
    QTest::addRow("Upgrade value in any case") << get({"Upgrade: WebSocket"}) << QByteArray("/chat") << QByteArray()
                                               << false << QByteArray() << QList<QByteArray>{} << QByteArray();
    QTest::addRow("Upgrade among other protocols")
        << get({"Upgrade: h2c, websocket"}) << QByteArray("/chat") << QByteArray() << false << QByteArray()
        << QList<QByteArray>{} << QByteArray();
    QTest::addRow("Connection token among others (Firefox)")
        << get({"Connection: keep-alive, Upgrade"}) << QByteArray("/chat") << QByteArray() << false << QByteArray()
        << QList<QByteArray>{} << QByteArray();
    QTest::addRow("Connection over two fields")
        << get({"Connection: keep-alive", "Connection: upgrade"}) << QByteArray("/chat") << QByteArray() << false
        << QByteArray() << QList<QByteArray>{} << QByteArray();
    QTest::addRow("HTTP/1.2") << request("GET /chat HTTP/1.2") << QByteArray("/chat") << QByteArray() << false
                              << QByteArray() << QList<QByteArray>{} << QByteArray();
    QTest::addRow("query") << request("GET /chat?room=1&name=a%20b HTTP/1.1") << QByteArray("/chat")
                           << QByteArray("room=1&name=a%20b") << true << QByteArray() << QList<QByteArray>{}
                           << QByteArray();
    QTest::addRow("empty query") << request("GET /? HTTP/1.1") << QByteArray("/") << QByteArray() << true
                                 << QByteArray() << QList<QByteArray>{} << QByteArray();
    QTest::addRow("absolute ws target") << request("GET ws://server.example.com:8080/chat?x=1 HTTP/1.1")
                                        << QByteArray("/chat") << QByteArray("x=1") << true << QByteArray()
                                        << QList<QByteArray>{} << QByteArray();
    QTest::addRow("absolute http target without path")
        << request("GET http://server.example.com HTTP/1.1") << QByteArray("/") << QByteArray() << false << QByteArray()
        << QList<QByteArray>{} << QByteArray();
    QTest::addRow("subprotocols over two fields, in order")
        << get({"Sec-WebSocket-Protocol: v2.chat, v1.chat", "Sec-WebSocket-Protocol: Chat"}) << QByteArray("/chat")
        << QByteArray() << false << QByteArray() << QList<QByteArray>{"v2.chat", "v1.chat", "Chat"} << QByteArray();
    QTest::addRow("extensions over two fields")
        << get({"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
                "Sec-WebSocket-Extensions: permessage-deflate"})
        << QByteArray("/chat") << QByteArray() << false << QByteArray() << QList<QByteArray>{}
        << QByteArray("permessage-deflate; client_max_window_bits, permessage-deflate");
    QTest::addRow("extra fields ignored")
        << get({"User-Agent: x", "Cookie: a=1", "Cookie: b=2"}) << QByteArray("/chat") << QByteArray() << false
        << QByteArray() << QList<QByteArray>{} << QByteArray();
    QTest::addRow("two Origin fields: the first")
        << get({"Origin: https://a", "Origin: https://b"}) << QByteArray("/chat") << QByteArray() << false
        << QByteArray("https://a") << QList<QByteArray>{} << QByteArray();
}

void tst_ServerHandshake::validRequest()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(bool, hasQuery);
    QFETCH(QByteArray, origin);
    QFETCH(QList<QByteArray>, subprotocols);
    QFETCH(QByteArray, extensions);

    const ServerHandshake server(parseRequest(bytes));
    QVERIFY2(server.outcome() == Outcome::Upgrade, qPrintable(server.failure().detail));
    QVERIFY(!server.failure());
    QCOMPARE(server.request().raw, bytes);
    QCOMPARE(server.path(), path);
    QCOMPARE(server.query(), query);
    QCOMPARE(server.hasQuery(), hasQuery);
    QCOMPARE(server.origin(), origin);
    QCOMPARE(server.key(), QByteArray("dGhlIHNhbXBsZSBub25jZQ=="));
    QCOMPARE(server.subprotocols(), subprotocols);
    QCOMPARE(formatExtensionHeader(server.extensions()), extensions);
}

void tst_ServerHandshake::invalidRequest_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<HandshakeError>("error");
    QTest::addColumn<QString>("detail");

    // RFC 6455 4.2.1 item 1
    QTest::addRow("POST") << request("POST /chat HTTP/1.1") << HandshakeError::MethodNotGet
                          << QStringLiteral("The method was \"POST\".");
    QTest::addRow("get in lower case") << request("get /chat HTTP/1.1") << HandshakeError::MethodNotGet
                                       << QStringLiteral("The method was \"get\".");
    QTest::addRow("HEAD without upgrade") << QByteArray("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")
                                          << HandshakeError::MethodNotGet << QStringLiteral("The method was \"HEAD\".");
    QTest::addRow("HTTP/1.0") << request("GET /chat HTTP/1.0") << HandshakeError::HttpVersionTooLow
                              << QStringLiteral("The request is HTTP/1.0.");
    QTest::addRow("HTTP/0.9") << request("GET /chat HTTP/0.9") << HandshakeError::HttpVersionTooLow
                              << QStringLiteral("The request is HTTP/0.9.");
    QTest::addRow("asterisk target") << request("GET * HTTP/1.1") << HandshakeError::InvalidRequestTarget
                                     << QStringLiteral("The request target \"*\" is neither");
    QTest::addRow("relative target") << request("GET chat HTTP/1.1") << HandshakeError::InvalidRequestTarget
                                     << QStringLiteral("The request target \"chat\" is neither");
    QTest::addRow("authority-form target")
        << request("GET server.example.com:80 HTTP/1.1") << HandshakeError::InvalidRequestTarget
        << QStringLiteral("is neither a path nor an absolute URL.");
    QTest::addRow("ftp target") << request("GET ftp://server.example.com/chat HTTP/1.1")
                                << HandshakeError::InvalidRequestTarget << QStringLiteral("\"ftp://");
    QTest::addRow("fragment in path") << request("GET /chat#top HTTP/1.1") << HandshakeError::InvalidRequestTarget
                                      << QStringLiteral("The request target \"/chat#top\" has a fragment.");
    QTest::addRow("fragment in absolute target")
        << request("GET ws://a/chat#top HTTP/1.1") << HandshakeError::InvalidRequestTarget
        << QStringLiteral("has a fragment.");

    // RFC 6455 4.2.1 item 2 / RFC 7230 5.4
    QTest::addRow("no Host") << get({"Host:"}) << HandshakeError::MissingHost
                             << QStringLiteral("The request has no Host field.");
    QTest::addRow("empty Host") << get({"Host: "}) << HandshakeError::MissingHost
                                << QStringLiteral("The Host field is empty.");
    QTest::addRow("two Host fields") << get({"Host: a", "host: b"}) << HandshakeError::DuplicateHost
                                     << QStringLiteral("Host appears 2 times: \"a\", \"b\".");

    // RFC 6455 4.2.1 item 3
    QTest::addRow("no Upgrade") << get({"Upgrade:"}) << HandshakeError::MissingUpgrade
                                << QStringLiteral("The request has no Upgrade field.");
    QTest::addRow("Upgrade to h2c") << get({"Upgrade: h2c"}) << HandshakeError::InvalidUpgrade
                                    << QStringLiteral("Upgrade was \"h2c\", without \"websocket\".");
    QTest::addRow("Upgrade: websockets") << get({"Upgrade: websockets"}) << HandshakeError::InvalidUpgrade
                                         << QStringLiteral("Upgrade was \"websockets\"");

    // RFC 6455 4.2.1 item 4
    QTest::addRow("no Connection") << get({"Connection:"}) << HandshakeError::MissingConnectionUpgrade
                                   << QStringLiteral("The request has no Connection field.");
    QTest::addRow("Connection: keep-alive")
        << get({"Connection: keep-alive"}) << HandshakeError::MissingConnectionUpgrade
        << QStringLiteral("Connection was \"keep-alive\", without the token "
                          "\"Upgrade\".");
    QTest::addRow("Connection: close upgrade (one element)")
        << get({"Connection: close upgrade"}) << HandshakeError::MissingConnectionUpgrade
        << QStringLiteral("Connection was \"close upgrade\"");

    // RFC 6455 4.2.1 item 5 / 11.3.1
    QTest::addRow("no key") << get({"Sec-WebSocket-Key:"}) << HandshakeError::MissingKey
                            << QStringLiteral("The request has no Sec-WebSocket-Key field.");
    QTest::addRow("two keys") << get({"Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==",
                                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="})
                              << HandshakeError::DuplicateKey
                              << QStringLiteral("Sec-WebSocket-Key appears 2 times: \"AAAAAAAAAAAAAAAAAAAAAA==\", "
                                                "\"dGhlIHNhbXBsZSBub25jZQ==\".");
    QTest::addRow("key not base64") << get({"Sec-WebSocket-Key: this is not base64!!!!!"}) << HandshakeError::InvalidKey
                                    << QStringLiteral("Sec-WebSocket-Key \"this is not base64!!!!!\" is not base64.");
    QTest::addRow("key of 15 bytes") << get({"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j"}) << HandshakeError::InvalidKey
                                     << QStringLiteral("Sec-WebSocket-Key \"dGhlIHNhbXBsZSBub25j\" decodes to 15 "
                                                       "bytes, not 16.");
    QTest::addRow("key of 17 bytes") << get({"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZSE="})
                                     << HandshakeError::InvalidKey << QStringLiteral("decodes to 17 bytes, not 16.");
    QTest::addRow("key without padding") << get({"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ"})
                                         << HandshakeError::InvalidKey
                                         << QStringLiteral("Sec-WebSocket-Key \"dGhlIHNhbXBsZSBub25jZQ\" is not "
                                                           "canonical padded base64 (expected "
                                                           "\"dGhlIHNhbXBsZSBub25jZQ==\").");
    QTest::addRow("key with unused bits set")
        << get({"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR=="}) << HandshakeError::InvalidKey
        << QStringLiteral("is not canonical padded base64");

    // RFC 6455 4.2.1 item 6 / 11.3.5
    QTest::addRow("no version") << get({"Sec-WebSocket-Version:"}) << HandshakeError::MissingVersion
                                << QStringLiteral("The request has no Sec-WebSocket-Version field.");
    QTest::addRow("two versions") << get({"Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 13"})
                                  << HandshakeError::DuplicateVersion
                                  << QStringLiteral("Sec-WebSocket-Version appears 2 times: \"13\", \"13\".");
    QTest::addRow("version 8") << get({"Sec-WebSocket-Version: 8"}) << HandshakeError::UnsupportedVersion
                               << QStringLiteral("Sec-WebSocket-Version was \"8\", expected 13.");
    QTest::addRow("version list") << get({"Sec-WebSocket-Version: 13, 8"}) << HandshakeError::UnsupportedVersion
                                  << QStringLiteral("Sec-WebSocket-Version was \"13, 8\", expected 13.");

    // RFC 6455 4.1 / 9.1
    QTest::addRow("subprotocol not a token")
        << get({"Sec-WebSocket-Protocol: chat, a/b"}) << HandshakeError::MalformedSubprotocolHeader
        << QStringLiteral("The subprotocol \"a/b\" is not a token.");
    QTest::addRow("subprotocol offered twice")
        << get({"Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: chat"})
        << HandshakeError::MalformedSubprotocolHeader << QStringLiteral("The subprotocol \"chat\" is offered twice.");
    QTest::addRow("empty subprotocol list")
        << get({"Sec-WebSocket-Protocol: ,"}) << HandshakeError::MalformedSubprotocolHeader
        << QStringLiteral("names no subprotocol");
    QTest::addRow("unparsable extensions")
        << get({"Sec-WebSocket-Extensions: permessage-deflate; a=\"b c\""}) << HandshakeError::MalformedExtensionHeader
        << QStringLiteral("Sec-WebSocket-Extensions \"permessage-deflate; "
                          "a=\\\"b c\\\"\": The quoted value");
    QTest::addRow("empty extension in second field")
        << get({"Sec-WebSocket-Extensions: a", "Sec-WebSocket-Extensions: "})
        << HandshakeError::MalformedExtensionHeader << QStringLiteral("empty element");
}

void tst_ServerHandshake::invalidRequest()
{
    QFETCH(QByteArray, bytes);
    QFETCH(HandshakeError, error);
    QFETCH(QString, detail);

    const ServerHandshake server(parseRequest(bytes));
    QCOMPARE(server.outcome(), Outcome::Invalid);
    QCOMPARE(handshakeErrorName(server.failure().error), handshakeErrorName(error));
    QVERIFY2(server.failure().detail.contains(detail), qPrintable(server.failure().detail));
    QVERIFY(!server.accept());
}

void tst_ServerHandshake::plainHttp()
{
    const QByteArray bytes = "GET /index.html?lang=en HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/html\r\n\r\n";
    const ServerHandshake server(parseRequest(bytes));
    QCOMPARE(server.outcome(), Outcome::PlainHttp);
    QCOMPARE(server.failure().error, HandshakeError::MissingUpgrade);
    QCOMPARE(server.path(), QByteArray("/index.html"));
    QCOMPARE(server.query(), QByteArray("lang=en"));

    HandshakeFailure failure;
    QVERIFY(!server.accept({}, {}, {}, &failure));
    QCOMPARE(failure.error, HandshakeError::MissingUpgrade);

    // A server that serves no pages answers 426.
    const HttpResponseHead refusal = server.refuse();
    QCOMPARE(refusal.statusCode, 426);
    QCOMPARE(refusal.headers.value("Upgrade"), QByteArray("websocket"));

    // A GET that carries a WebSocket field but no Upgrade is a broken handshake, not a page request.
    const ServerHandshake broken(parseRequest(get({"Upgrade:", "Connection:"})));
    QCOMPARE(broken.outcome(), Outcome::Invalid);
    QCOMPARE(broken.failure().error, HandshakeError::MissingUpgrade);
}

void tst_ServerHandshake::acceptRfcExample()
{
    const ServerHandshake server(parseRequest(rfc6455::request));
    QCOMPARE(server.outcome(), Outcome::Upgrade);
    // RFC 6455 1.3
    QCOMPARE(computeAcceptKey(server.key()), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    HandshakeFailure failure{HandshakeError::AcceptMismatch, QStringLiteral("stale")};
    const auto response = server.accept("chat", {}, {}, &failure);
    QVERIFY(response);
    QVERIFY(!failure);
    QCOMPARE(response->raw, rfc6455::response);
    QCOMPARE(response->serialize(), rfc6455::response);
    QCOMPARE(parseResponse(rfc6455::response), *response);
}

void tst_ServerHandshake::accept_data()
{
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<HttpHeaders>("extraHeaders");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray start = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
    QTest::addRow("no subprotocol") << QByteArray() << QByteArray() << HttpHeaders{} << start + "\r\n";
    QTest::addRow("second subprotocol") << QByteArray("superchat") << QByteArray() << HttpHeaders{}
                                        << start + "Sec-WebSocket-Protocol: superchat\r\n\r\n";
    QTest::addRow("extension with parameters")
        << QByteArray() << QByteArray("permessage-deflate; server_max_window_bits=10") << HttpHeaders{}
        << start + "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10\r\n\r\n";
    QTest::addRow("subprotocol, extension and extra fields")
        << QByteArray("chat") << QByteArray("permessage-deflate")
        << HttpHeaders{{"Server", "Sockscope"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}}
        << start + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
                   "Server: Sockscope\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n";
    QTest::addRow("default field overridden in place")
        << QByteArray() << QByteArray() << HttpHeaders{{"connection", "upgrade"}, {"Sec-WebSocket-Accept", "bad="}}
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nconnection: upgrade\r\n"
                      "Sec-WebSocket-Accept: bad=\r\n\r\n");
}

void tst_ServerHandshake::accept()
{
    QFETCH(QByteArray, subprotocol);
    QFETCH(QByteArray, extensions);
    QFETCH(HttpHeaders, extraHeaders);
    QFETCH(QByteArray, expected);

    const ServerHandshake server(parseRequest(rfc6455::request.chopped(2) +
                                              "Sec-WebSocket-Extensions: permessage-deflate; "
                                              "client_max_window_bits\r\n\r\n"));
    QCOMPARE(server.outcome(), Outcome::Upgrade);
    HandshakeFailure failure;
    const auto response = server.accept(subprotocol, extensions, extraHeaders, &failure);
    QVERIFY2(response, qPrintable(failure.detail));
    QCOMPARE(response->raw, expected);
    QCOMPARE(response->statusCode, 101);
    QVERIFY(response->body.isEmpty());
}

void tst_ServerHandshake::acceptRefused_data()
{
    QTest::addColumn<QByteArray>("subprotocol");
    QTest::addColumn<QByteArray>("extensions");
    QTest::addColumn<HandshakeError>("error");
    QTest::addColumn<QString>("detail");

    QTest::addRow("subprotocol not offered")
        << QByteArray("soap") << QByteArray() << HandshakeError::SubprotocolNotOffered
        << QStringLiteral("The subprotocol \"soap\" was selected, but the client offered \"chat\", \"superchat\".");
    QTest::addRow("subprotocol in other case")
        << QByteArray("CHAT") << QByteArray() << HandshakeError::SubprotocolNotOffered
        << QStringLiteral("The subprotocol \"CHAT\" was selected");
    QTest::addRow("two subprotocols") << QByteArray("chat, superchat") << QByteArray()
                                      << HandshakeError::SubprotocolNotOffered
                                      << QStringLiteral("The subprotocol \"chat, superchat\" was selected");
    QTest::addRow("extension not offered") << QByteArray() << QByteArray("mux") << HandshakeError::ExtensionNotOffered
                                           << QStringLiteral("The extension \"mux\" was accepted, but the client did "
                                                             "not offer it.");
    QTest::addRow("unparsable extensions")
        << QByteArray() << QByteArray("permessage-deflate,") << HandshakeError::MalformedExtensionHeader
        << QStringLiteral("Sec-WebSocket-Extensions \"permessage-deflate,\": ");
}

void tst_ServerHandshake::acceptRefused()
{
    QFETCH(QByteArray, subprotocol);
    QFETCH(QByteArray, extensions);
    QFETCH(HandshakeError, error);
    QFETCH(QString, detail);

    const ServerHandshake server(
        parseRequest(rfc6455::request.chopped(2) + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
    HandshakeFailure failure;
    QVERIFY(!server.accept(subprotocol, extensions, {}, &failure));
    QCOMPARE(handshakeErrorName(failure.error), handshakeErrorName(error));
    QVERIFY2(failure.detail.startsWith(detail), qPrintable(failure.detail));
}

void tst_ServerHandshake::refuse_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<HttpHeaders>("expectedFields");

    QTest::addRow("bad key: 400") << get({"Sec-WebSocket-Key: short"}) << 400
                                  << HttpHeaders{{"Content-Type", "text/plain; charset=utf-8"},
                                                 {"Connection", "close"}};
    QTest::addRow("POST: 405 with Allow")
        << request("POST /chat HTTP/1.1") << 405 << HttpHeaders{{"Allow", "GET"}, {"Connection", "close"}};
    QTest::addRow("version 8: 426 with version 13")
        << get({"Sec-WebSocket-Version: 8"}) << 426
        << HttpHeaders{{"Connection", "Upgrade, close"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}};
    QTest::addRow("no version: 426") << get({"Sec-WebSocket-Version:"}) << 426
                                     << HttpHeaders{{"Sec-WebSocket-Version", "13"}};
    QTest::addRow("Upgrade h2c: 426") << get({"Upgrade: h2c"}) << 426 << HttpHeaders{{"Upgrade", "websocket"}};
    QTest::addRow("valid request refused by choice: 403")
        << rfc6455::request << 403 << HttpHeaders{{"Connection", "close"}};
}

void tst_ServerHandshake::refuse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(HttpHeaders, expectedFields);

    const ServerHandshake server(parseRequest(bytes));
    const HttpResponseHead response = server.refuse();
    QCOMPARE(response.statusCode, status);
    QCOMPARE(response.reasonPhrase, HttpResponseHead::standardReasonPhrase(status));
    for (const auto &[name, value] : expectedFields)
        QCOMPARE(response.headers.values(name), QList<QByteArray>{value});
    QCOMPARE(response.contentLength(), std::optional<qint64>(response.body.size()));
    if (server.failure()) {
        QVERIFY(response.body.startsWith(handshakeErrorDescription(server.failure().error).toUtf8()));
        QVERIFY(response.body.contains(server.failure().detail.toUtf8()));
    }

    // What goes over the wire parses back, and our own client reads it as a refusal.
    HttpHeadParser parser(HttpHeadParser::Kind::Response);
    QCOMPARE(parser.feed(response.raw + response.body), HttpHeadParser::Status::Complete);
    QCOMPARE(parser.consumed(), response.raw.size());
    QCOMPARE(parser.response().headers, response.headers);
    ClientHandshake::Options options;
    options.url = QUrl(QStringLiteral("ws://server.example.com/chat"));
    HandshakeFailure failure;
    QVERIFY(!ClientHandshake::create(options)->validateResponse(parser.response(), &failure));
    QCOMPARE(failure.error, HandshakeError::UnexpectedStatus);
    if (status == 426)
        QVERIFY2(failure.detail.endsWith(QLatin1String("It speaks Sec-WebSocket-Version 13.")),
                 qPrintable(failure.detail));
}

void tst_ServerHandshake::refusal()
{
    const HttpResponseHead forbidden = ServerHandshake::refusal(
        403, "Forbidden", "<h1>no</h1>", HttpHeaders{{"Content-Type", "text/html"}, {"WWW-Authenticate", "Basic"}});
    QCOMPARE(forbidden.raw, QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: 11\r\n"
                                       "Connection: close\r\nWWW-Authenticate: Basic\r\n\r\n"));
    QCOMPARE(forbidden.body, QByteArray("<h1>no</h1>"));

    const HttpResponseHead empty = ServerHandshake::refusal(503, "Busy, try later");
    QCOMPARE(empty.raw, QByteArray("HTTP/1.1 503 Busy, try later\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    QVERIFY(empty.body.isEmpty());

    const HttpResponseHead keepAlive =
        ServerHandshake::refusal(401, "Unauthorized", "x", HttpHeaders{{"Connection", "keep-alive"}}, "text/x");
    QCOMPARE(keepAlive.raw, QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/x\r\nContent-Length: 1\r\n"
                                       "Connection: keep-alive\r\n\r\n"));
}

void tst_ServerHandshake::upgradeRequired()
{
    const HttpResponseHead response = ServerHandshake::upgradeRequired();
    QCOMPARE(response.raw, QByteArray("HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\n"
                                      "Connection: Upgrade, close\r\nUpgrade: websocket\r\n"
                                      "Sec-WebSocket-Version: 13\r\n\r\n"));
    const HttpResponseHead versions =
        ServerHandshake::upgradeRequired("use 13", HttpHeaders{{"Sec-WebSocket-Version", "13, 8"}});
    QCOMPARE(versions.raw, QByteArray("HTTP/1.1 426 Upgrade Required\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                      "Content-Length: 6\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\n"
                                      "Sec-WebSocket-Version: 13, 8\r\n\r\n"));
    QCOMPARE(versions.body, QByteArray("use 13"));
}

void tst_ServerHandshake::clientAgainstServer_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QList<QByteArray>>("subprotocols");
    QTest::addColumn<QByteArray>("chosen");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");

    QTest::addRow("plain") << QUrl(QStringLiteral("ws://localhost/")) << QList<QByteArray>{} << QByteArray()
                           << QByteArray("/") << QByteArray();
    QTest::addRow("IPv6, port, query, subprotocol")
        << QUrl(QStringLiteral("ws://[::1]:9001/echo?x=%2F&y")) << QList<QByteArray>{"a", "b"} << QByteArray("b")
        << QByteArray("/echo") << QByteArray("x=%2F&y");
    QTest::addRow("wss default port") << QUrl(QStringLiteral("wss://example.com:443/a/b")) << QList<QByteArray>{"a"}
                                      << QByteArray("a") << QByteArray("/a/b") << QByteArray();
}

void tst_ServerHandshake::clientAgainstServer()
{
    QFETCH(QUrl, url);
    QFETCH(QList<QByteArray>, subprotocols);
    QFETCH(QByteArray, chosen);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);

    ClientHandshake::Options options;
    options.url = url;
    options.subprotocols = subprotocols;
    options.extensions = {ExtensionOffer{"permessage-deflate", {{"client_max_window_bits", std::nullopt}}}};
    const auto client = ClientHandshake::create(options, fixedRandomSource(QByteArray::fromHex("0102030405")));
    QVERIFY(client);
    QVERIFY(isValidKey(client->key()));

    const ServerHandshake server(parseRequest(client->request().raw));
    QVERIFY2(server.outcome() == Outcome::Upgrade, qPrintable(server.failure().detail));
    QCOMPARE(server.path(), path);
    QCOMPARE(server.query(), query);
    QCOMPARE(server.subprotocols(), subprotocols);
    QCOMPARE(server.extensions(), options.extensions);
    const auto response = server.accept(chosen, "permessage-deflate; server_no_context_takeover");
    QVERIFY(response);

    HandshakeFailure failure;
    const auto accepted = client->validateResponse(parseResponse(response->raw), &failure);
    QVERIFY2(accepted, qPrintable(failure.detail));
    QCOMPARE(accepted->subprotocol, chosen);
    QCOMPARE(formatExtensionHeader(accepted->extensions), QByteArray("permessage-deflate; server_no_context_takeover"));
}

QTEST_GUILESS_MAIN(tst_ServerHandshake)
#include "tst_serverhandshake.moc"
