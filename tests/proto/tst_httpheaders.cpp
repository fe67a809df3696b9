#include "proto/httpheaders.h"

#include <QTest>

using namespace sockscope::proto;

class tst_HttpHeaders : public QObject
{
    Q_OBJECT
private slots:
    void lookupIgnoresNameCase_data();
    void lookupIgnoresNameCase();
    void orderCaseAndDuplicatesKept();
    void tokens_data();
    void tokens();
    void containsToken_data();
    void containsToken();
    void combinedValue();
    void remove();
    void applyOverrides_data();
    void applyOverrides();
    void serialize_data();
    void serialize();
};

namespace {

HttpHeaders sample()
{
    return HttpHeaders{
        {"Host", "server.example.com"},     {"upgrade", "websocket"}, {"CONNECTION", "keep-alive, Upgrade"},
        {"Sec-WebSocket-Protocol", "chat"}, {"X-Empty", ""},          {"sec-websocket-protocol", "superchat"}};
}

} // namespace

void tst_HttpHeaders::lookupIgnoresNameCase_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("contains");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<QByteArray>>("values");

    QTest::addRow("same case") << QByteArray("Host") << true << QByteArray("server.example.com")
                               << QList<QByteArray>{"server.example.com"};
    QTest::addRow("lower case") << QByteArray("host") << true << QByteArray("server.example.com")
                                << QList<QByteArray>{"server.example.com"};
    QTest::addRow("upper case") << QByteArray("UPGRADE") << true << QByteArray("websocket")
                                << QList<QByteArray>{"websocket"};
    QTest::addRow("mixed case") << QByteArray("Connection") << true << QByteArray("keep-alive, Upgrade")
                                << QList<QByteArray>{"keep-alive, Upgrade"};
    QTest::addRow("duplicate: first value, all values in order")
        << QByteArray("SEC-WEBSOCKET-PROTOCOL") << true << QByteArray("chat") << QList<QByteArray>{"chat", "superchat"};
    QTest::addRow("empty value") << QByteArray("x-empty") << true << QByteArray("") << QList<QByteArray>{""};
    QTest::addRow("absent") << QByteArray("Origin") << false << QByteArray() << QList<QByteArray>{};
    QTest::addRow("prefix of a name") << QByteArray("Hos") << false << QByteArray() << QList<QByteArray>{};
    QTest::addRow("longer than a name") << QByteArray("Hosts") << false << QByteArray() << QList<QByteArray>{};
}

void tst_HttpHeaders::lookupIgnoresNameCase()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, contains);
    QFETCH(QByteArray, value);
    QFETCH(QList<QByteArray>, values);
    const HttpHeaders headers = sample();
    QCOMPARE(headers.contains(name), contains);
    QCOMPARE(headers.value(name), value);
    // An absent field is a null value, a present empty one is not.
    QCOMPARE(headers.value(name).isNull(), !contains);
    QCOMPARE(headers.values(name), values);
    QCOMPARE(headers.count(name), values.size());
}

void tst_HttpHeaders::orderCaseAndDuplicatesKept()
{
    HttpHeaders headers;
    QVERIFY(headers.isEmpty());
    headers.append("X-B", "2");
    headers.append("x-a", "1");
    headers.append("X-B", "3");
    headers.append("X-b", "2");
    QCOMPARE(headers.size(), 4);
    QVERIFY(!headers.isEmpty());

    QList<HttpHeaders::Field> seen;
    for (const auto &field : headers)
        seen.append(field);
    const QList<HttpHeaders::Field> expected{{"X-B", "2"}, {"x-a", "1"}, {"X-B", "3"}, {"X-b", "2"}};
    QCOMPARE(seen, expected);
    QCOMPARE(headers.fields(), expected);
    QCOMPARE(headers.at(3).first, QByteArray("X-b"));
    QCOMPARE(headers.values("x-b"), (QList<QByteArray>{"2", "3", "2"}));

    HttpHeaders reordered{{"x-a", "1"}, {"X-B", "2"}, {"X-B", "3"}, {"X-b", "2"}};
    QVERIFY(headers != reordered);
    QCOMPARE(headers, (HttpHeaders{{"X-B", "2"}, {"x-a", "1"}, {"X-B", "3"}, {"X-b", "2"}}));
}

void tst_HttpHeaders::tokens_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QList<QByteArray>>("expected");

    QTest::addRow("single token") << HttpHeaders{{"Connection", "Upgrade"}} << QByteArray("connection")
                                  << QList<QByteArray>{"Upgrade"};
    QTest::addRow("list") << HttpHeaders{{"Connection", "keep-alive, Upgrade"}} << QByteArray("Connection")
                          << QList<QByteArray>{"keep-alive", "Upgrade"};
    QTest::addRow("across lines in order")
        << HttpHeaders{{"Sec-WebSocket-Protocol", "a, b"}, {"Other", "x"}, {"sec-websocket-protocol", "c"}}
        << QByteArray("Sec-WebSocket-Protocol") << QList<QByteArray>{"a", "b", "c"};
    QTest::addRow("whitespace trimmed") << HttpHeaders{{"X", " a ,\tb\t,c "}} << QByteArray("X")
                                        << QList<QByteArray>{"a", "b", "c"};
    QTest::addRow("empty elements skipped (RFC 7230 7)")
        << HttpHeaders{{"X", ", a,, ,b,"}} << QByteArray("X") << QList<QByteArray>{"a", "b"};
    QTest::addRow("only commas") << HttpHeaders{{"X", " , ,"}} << QByteArray("X") << QList<QByteArray>{};
    QTest::addRow("empty value") << HttpHeaders{{"X", ""}} << QByteArray("X") << QList<QByteArray>{};
    QTest::addRow("inner space kept") << HttpHeaders{{"X", "a b, c"}} << QByteArray("X")
                                      << QList<QByteArray>{"a b", "c"};
    QTest::addRow("case kept") << HttpHeaders{{"X", "WebSocket"}} << QByteArray("x") << QList<QByteArray>{"WebSocket"};
    QTest::addRow("absent") << HttpHeaders{{"X", "a"}} << QByteArray("Y") << QList<QByteArray>{};
}

void tst_HttpHeaders::tokens()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, name);
    QFETCH(QList<QByteArray>, expected);
    QCOMPARE(headers.tokens(name), expected);
}

void tst_HttpHeaders::containsToken_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("expected");

    QTest::addRow("exact") << HttpHeaders{{"Connection", "Upgrade"}} << QByteArray("Upgrade") << true;
    QTest::addRow("value lower case") << HttpHeaders{{"connection", "upgrade"}} << QByteArray("Upgrade") << true;
    QTest::addRow("token upper case") << HttpHeaders{{"Connection", "Upgrade"}} << QByteArray("UPGRADE") << true;
    QTest::addRow("in a list") << HttpHeaders{{"Connection", "keep-alive,  UpGrAdE"}} << QByteArray("upgrade") << true;
    QTest::addRow("on a second line") << HttpHeaders{{"Connection", "keep-alive"}, {"CONNECTION", "Upgrade"}}
                                      << QByteArray("Upgrade") << true;
    QTest::addRow("longer word") << HttpHeaders{{"Connection", "Upgraded"}} << QByteArray("Upgrade") << false;
    QTest::addRow("substring") << HttpHeaders{{"Connection", "keep-alive-Upgrade"}} << QByteArray("Upgrade") << false;
    QTest::addRow("space-separated is one element")
        << HttpHeaders{{"Connection", "keep-alive Upgrade"}} << QByteArray("Upgrade") << false;
    QTest::addRow("other field") << HttpHeaders{{"Upgrade", "Upgrade"}} << QByteArray("Upgrade") << false;
    QTest::addRow("absent") << HttpHeaders{} << QByteArray("Upgrade") << false;
}

void tst_HttpHeaders::containsToken()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, token);
    QFETCH(bool, expected);
    QCOMPARE(headers.containsToken("Connection", token), expected);
}

void tst_HttpHeaders::combinedValue()
{
    const HttpHeaders headers = sample();
    QCOMPARE(headers.combinedValue("Sec-WebSocket-Protocol"), QByteArray("chat, superchat"));
    QCOMPARE(headers.combinedValue("Host"), QByteArray("server.example.com"));
    QCOMPARE(headers.combinedValue("Origin"), QByteArray());
}

void tst_HttpHeaders::remove()
{
    HttpHeaders headers = sample();
    QCOMPARE(headers.remove("SEC-WEBSOCKET-PROTOCOL"), 2);
    QCOMPARE(headers.size(), 4);
    QVERIFY(!headers.contains("Sec-WebSocket-Protocol"));
    QCOMPARE(headers.at(3), (HttpHeaders::Field{"X-Empty", ""}));
    QCOMPARE(headers.remove("Origin"), 0);
    QCOMPARE(headers.size(), 4);
}

void tst_HttpHeaders::applyOverrides_data()
{
    QTest::addColumn<HttpHeaders>("defaults");
    QTest::addColumn<HttpHeaders>("overrides");
    QTest::addColumn<HttpHeaders>("expected");

    const HttpHeaders defaults{{"Host", "a"}, {"User-Agent", "Sockscope"}, {"Connection", "Upgrade"}};
    QTest::addRow("nothing") << defaults << HttpHeaders{} << defaults;
    QTest::addRow("new fields appended in order")
        << defaults << HttpHeaders{{"X-2", "2"}, {"X-1", "1"}}
        << HttpHeaders{
               {"Host", "a"}, {"User-Agent", "Sockscope"}, {"Connection", "Upgrade"}, {"X-2", "2"}, {"X-1", "1"}};
    QTest::addRow("default replaced in place with the user's spelling")
        << defaults << HttpHeaders{{"user-agent", "curl/8"}}
        << HttpHeaders{{"Host", "a"}, {"user-agent", "curl/8"}, {"Connection", "Upgrade"}};
    QTest::addRow("second one of a name is a duplicate")
        << defaults << HttpHeaders{{"Host", "b"}, {"Host", "c"}}
        << HttpHeaders{{"Host", "b"}, {"User-Agent", "Sockscope"}, {"Connection", "Upgrade"}, {"Host", "c"}};
    QTest::addRow("duplicate defaults replaced one by one")
        << HttpHeaders{{"X", "1"}, {"Y", "y"}, {"x", "2"}} << HttpHeaders{{"X", "a"}, {"X", "b"}, {"X", "c"}}
        << HttpHeaders{{"X", "a"}, {"Y", "y"}, {"X", "b"}, {"X", "c"}};
    QTest::addRow("into nothing") << HttpHeaders{} << HttpHeaders{{"A", "1"}, {"A", "2"}}
                                  << HttpHeaders{{"A", "1"}, {"A", "2"}};
    QTest::addRow("empty value kept") << defaults << HttpHeaders{{"User-Agent", ""}}
                                      << HttpHeaders{{"Host", "a"}, {"User-Agent", ""}, {"Connection", "Upgrade"}};
}

void tst_HttpHeaders::applyOverrides()
{
    QFETCH(HttpHeaders, defaults);
    QFETCH(HttpHeaders, overrides);
    QFETCH(HttpHeaders, expected);
    defaults.applyOverrides(overrides);
    QCOMPARE(defaults.serialize(), expected.serialize());
    QCOMPARE(defaults, expected);
}

void tst_HttpHeaders::serialize_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("none") << HttpHeaders{} << QByteArray();
    QTest::addRow("RFC 6455 1.2 response fields")
        << HttpHeaders{{"Upgrade", "websocket"},
                       {"Connection", "Upgrade"},
                       {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
                       {"Sec-WebSocket-Protocol", "chat"}}
        << QByteArray("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
                      "\r\nSec-WebSocket-Protocol: chat\r\n");
    QTest::addRow("case and duplicates as given")
        << HttpHeaders{{"x-A", "1"}, {"X-a", "2"}} << QByteArray("x-A: 1\r\nX-a: 2\r\n");
    QTest::addRow("empty value") << HttpHeaders{{"X", ""}} << QByteArray("X: \r\n");
}

void tst_HttpHeaders::serialize()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, expected);
    QCOMPARE(headers.serialize(), expected);
}

QTEST_GUILESS_MAIN(tst_HttpHeaders)
#include "tst_httpheaders.moc"
