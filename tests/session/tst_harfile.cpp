#include "../common/harfixtures.h"
#include "session/harreader.h"
#include "session/harwriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <limits>

using namespace sockscope::session;

namespace sockscope::session {
// Readable failures for QCOMPARE.
char *toString(const HarWebSocketMessage &m)
{
    const char *types[] = {"send", "receive", "error"};
    return qstrdup(QByteArray("{" + QByteArray(types[int(m.type)]) + ", " + QByteArray::number(m.timestampUs) +
                              " us, op " + QByteArray::number(m.opcode) + ", " + m.payload.toHex() + "}")
                       .constData());
}

char *toString(const HarReadError &e)
{
    return qstrdup(QByteArray(QByteArray::number(int(e.kind)) + " " + e.message().toUtf8()).constData());
}
} // namespace sockscope::session

namespace {

QByteArray readData(const char *name)
{
    QFile file(QFINDTESTDATA(QStringLiteral("data/") + QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", name);
    return file.readAll();
}

QByteArray document(const QByteArray &entries)
{
    return R"({"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[)" + entries + "]}}";
}

// A WebSocket entry with every required field; `change` replaces the first occurrence of its first string by its
// second, so a row can break exactly one thing.
QByteArray entry(const QByteArray &messages = {}, const std::pair<QByteArray, QByteArray> &change = {})
{
    QByteArray e = R"({"startedDateTime":"2023-11-14T22:13:20.123Z",)"
                   R"("request":{"method":"GET","url":"ws://h/","httpVersion":"HTTP/1.1",)"
                   R"("headers":[{"name":"Host","value":"h"}]},)"
                   R"("response":{"status":101,"statusText":"Switching Protocols","httpVersion":"HTTP/1.1",)"
                   R"("headers":[{"name":"Upgrade","value":"websocket"},{"name":"Connection","value":"Upgrade"}]},)"
                   R"("timings":{"send":0,"wait":1.5,"receive":0},)"
                   R"("_resourceType":"websocket","_webSocketMessages":[)" +
                   messages + "]}";
    if (!change.first.isEmpty()) {
        const qsizetype at = e.indexOf(change.first);
        Q_ASSERT(at >= 0);
        e.replace(at, change.first.size(), change.second);
    }
    return e;
}

QByteArray message(const QByteArray &fields = R"("type":"send","time":1700000000.5,"opcode":1,"data":"hi")")
{
    return "{" + fields + "}";
}

HarWebSocketMessage msg(HarMessageType type, qint64 us, int opcode, const QByteArray &payload)
{
    return {type, us, opcode, payload};
}

HarWebSocketEntry sampleEntry()
{
    HarWebSocketEntry e = harfixtures::upgradeEntry(QStringLiteral("wss://example.test:8443/feed?room=7&name=a%20b"),
                                                    "example.test:8443", 1'700'000'000'123'000);
    e.timings = {0.5, 1.25, 3.5, 2.25, 0.125, 20.0625, 0};
    e.messages = {msg(HarMessageType::Send, 1'700'000'000'512'345, 1, "hello"),
                  msg(HarMessageType::Receive, 1'700'000'000'600'001, 2, QByteArray("\x00\x01\xfe\xff", 4))};
    return e;
}

// Every value of `partial` is its default or the one in `full`, and its messages begin `full`'s.
bool isPartOf(const HarWebSocketEntry &partial, const HarWebSocketEntry &full)
{
    const HarWebSocketEntry none;
    auto either = [](const auto &value, const auto &fallback, const auto &whole) {
        return value == fallback || value == whole;
    };
    const bool startOk = partial.startedUs == 0 || partial.startedUs == full.startedUs ||
                         partial.startedUs / 1000 == full.startedUs / 1000;
    const HarTimings &t = partial.timings;
    const HarTimings &ft = full.timings;
    return startOk && either(partial.url, none.url, full.url) && either(partial.method, none.method, full.method) &&
           either(partial.httpVersion, none.httpVersion, full.httpVersion) &&
           either(partial.requestHeaders, none.requestHeaders, full.requestHeaders) &&
           either(partial.status, none.status, full.status) &&
           either(partial.statusText, none.statusText, full.statusText) &&
           either(partial.responseHttpVersion, none.responseHttpVersion, full.responseHttpVersion) &&
           either(partial.responseHeaders, none.responseHeaders, full.responseHeaders) &&
           either(t.blocked, -1.0, ft.blocked) && either(t.dns, -1.0, ft.dns) && either(t.connect, -1.0, ft.connect) &&
           either(t.ssl, -1.0, ft.ssl) && either(t.send, -1.0, ft.send) && either(t.wait, -1.0, ft.wait) &&
           either(t.receive, -1.0, ft.receive) && partial.messages.size() <= full.messages.size() &&
           partial.messages == full.messages.first(partial.messages.size());
}

} // namespace

class tst_HarFile : public QObject
{
    Q_OBJECT
private slots:
    void readsChromeExport();
    void recognisesWebSocketEntries_data();
    void recognisesWebSocketEntries();
    void stringEscapes_data();
    void stringEscapes();
    void messageTimes_data();
    void messageTimes();
    void startedDateTime_data();
    void startedDateTime();
    void roundTrip_data();
    void roundTrip();
    void writesWhatChromeImports();
    void keepsBytesThatAreNotUtf8();
    void syntaxErrors_data();
    void syntaxErrors();
    void structureErrors_data();
    void structureErrors();
    void badMessageKeepsTheMessagesBefore();
    void badFieldKeepsTheEntryWithDefaults();
    void truncatedFileKeepsWhatWasRead();
    void everyTruncationKeepsAPrefix_data();
    void everyTruncationKeepsAPrefix();
};

void tst_HarFile::readsChromeExport()
{
    const HarReadResult r = readHar(readData("chrome-websocket.har"));
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.creatorName, QStringLiteral("WebInspector"));
    QCOMPARE(r.creatorVersion, QStringLiteral("537.36"));
    QCOMPARE(r.skippedEntries, 2); // the document and the favicon
    QVERIFY(!r.lastEntryPartial);
    QCOMPARE(r.entries.size(), 1);

    const HarWebSocketEntry &e = r.entries[0];
    QCOMPARE(e.url, QStringLiteral("ws://127.0.0.1:8080/feed?room=7"));
    QCOMPARE(e.startedUs, 1'700'000'000'123'000);
    QCOMPARE(e.method, QByteArray("GET"));
    QCOMPARE(e.httpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(e.requestHeaders.size(), 8);
    QCOMPARE(e.requestHeaders[4], (HarHeader{"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}));
    // Order and duplicates as in the file.
    QCOMPARE(e.requestHeaders[6], (HarHeader{"Cookie", "a=1"}));
    QCOMPARE(e.requestHeaders[7], (HarHeader{"Cookie", "b=2"}));
    QCOMPARE(e.status, 101);
    QCOMPARE(e.statusText, QByteArray("Switching Protocols"));
    QCOMPARE(e.responseHttpVersion, QByteArray("HTTP/1.1"));
    QCOMPARE(e.responseHeaders, (QList<HarHeader>{{"Upgrade", "websocket"},
                                                  {"Connection", "Upgrade"},
                                                  {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}}));
    QCOMPARE(e.timings, (HarTimings{0.75, -1, -1, -1, 0, 1.25, 0.5}));

    const QList<HarWebSocketMessage> expected = {
        msg(HarMessageType::Send, 1'700'000'000'512'345, 1, R"({"op":"subscribe","channel":"ticker"})"),
        // 1700000000.5123457 s is rounded to the nearest microsecond; escapes resolved, raw UTF-8 kept.
        msg(HarMessageType::Receive, 1'700'000'000'512'346, 1, R"({"price":"€ 12","note":"café 😀\n"})"),
        msg(HarMessageType::Receive, 1'700'000'001'000'000, 2, QByteArray("\x00\x01\x02\x03\xff", 5)),
        msg(HarMessageType::Send, 1'700'000'001'250'000, 1, ""),
        msg(HarMessageType::Error, 1'700'000'002'000'001, -1, "Could not decode a text frame as UTF-8."),
    };
    QCOMPARE(e.messages, expected);
}

void tst_HarFile::recognisesWebSocketEntries_data()
{
    QTest::addColumn<QByteArray>("entryJson");
    QTest::addColumn<bool>("webSocket");

    const QByteArray base = R"("startedDateTime":"2023-11-14T22:13:20.123Z",)"
                            R"("request":{"method":"GET","url":"%URL%","httpVersion":"HTTP/1.1","headers":[]},)"
                            R"("response":{"status":%STATUS%,"statusText":"","httpVersion":"HTTP/1.1",)"
                            R"("headers":[%HEADERS%]})";
    auto make = [&](const char *url, const char *status, const char *headers, const char *extra) {
        return "{" + QByteArray(base).replace("%URL%", url).replace("%STATUS%", status).replace("%HEADERS%", headers) +
               extra + "}";
    };
    const char *upgrade = R"({"name":"Connection","value":"Upgrade"},{"name":"upgrade","value":"WebSocket"})";
    QTest::addRow("_resourceType websocket")
        << make("https://h/", "200", "", R"(,"_resourceType":"websocket")") << true;
    QTest::addRow("ws:// URL") << make("ws://h/", "200", "", "") << true;
    QTest::addRow("WSS:// URL, any case") << make("WSS://h/", "0", "", "") << true;
    QTest::addRow("_webSocketMessages") << make("https://h/", "200", "", R"(,"_webSocketMessages":[])") << true;
    QTest::addRow("101 with Upgrade: websocket") << make("https://h/", "101", upgrade, "") << true;
    QTest::addRow("101 with Upgrade in a list")
        << make("https://h/", "101", R"({"name":"Upgrade","value":"foo, websocket"})", "") << true;
    QTest::addRow("101 without Upgrade") << make("https://h/", "101", "", "") << false;
    QTest::addRow("101 upgrading to h2c")
        << make("http://h/", "101", R"({"name":"Upgrade","value":"h2c"})", "") << false;
    QTest::addRow("200 document") << make("https://h/", "200", upgrade, R"(,"_resourceType":"document")") << false;
    QTest::addRow("wss in the path only") << make("https://h/wss://x", "200", "", "") << false;
    QTest::addRow("_resourceType of the wrong type") << make("https://h/", "200", "", R"(,"_resourceType":1)") << false;
}

void tst_HarFile::recognisesWebSocketEntries()
{
    QFETCH(QByteArray, entryJson);
    QFETCH(bool, webSocket);
    const HarReadResult r = readHar(document(entryJson));
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.entries.size(), webSocket ? 1 : 0);
    QCOMPARE(r.skippedEntries, webSocket ? 0 : 1);
}

void tst_HarFile::stringEscapes_data()
{
    QTest::addColumn<QByteArray>("jsonString");
    QTest::addColumn<QByteArray>("bytes");

    QTest::addRow("short escapes") << QByteArray(R"(\"\\\/\b\f\n\r\t)") << QByteArray("\"\\/\b\f\n\r\t");
    QTest::addRow("NUL") << QByteArray(R"(a\u0000b)") << QByteArray("a\0b", 3);
    QTest::addRow("two-byte") << QByteArray(R"(\u00e9\u00C9)") << QByteArray("éÉ");
    QTest::addRow("three-byte") << QByteArray(R"(\u20AC)") << QByteArray("€");
    QTest::addRow("surrogate pair") << QByteArray(R"(\ud83d\ude00)") << QByteArray("😀");
    QTest::addRow("lone high surrogate") << QByteArray(R"(\ud800x)") << QByteArray("\xEF\xBF\xBDx");
    QTest::addRow("lone low surrogate") << QByteArray(R"(\udc00)") << QByteArray("\xEF\xBF\xBD");
    QTest::addRow("high then not low") << QByteArray(R"(\ud800\u0041)")
                                       << QByteArray("\xEF\xBF\xBD"
                                                     "A");
    QTest::addRow("raw UTF-8") << QByteArray("caf\xC3\xA9 \xF0\x9F\x98\x80") << QByteArray("café 😀");
    QTest::addRow("DEL and U+2028 raw") << QByteArray("\x7F\xE2\x80\xA8") << QByteArray("\x7F\xE2\x80\xA8");
}

void tst_HarFile::stringEscapes()
{
    QFETCH(QByteArray, jsonString);
    QFETCH(QByteArray, bytes);
    const HarReadResult r =
        readHar(document(entry(message(R"("type":"send","time":1,"opcode":1,"data":")" + jsonString + "\""))));
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.entries.size(), 1);
    QCOMPARE(r.entries[0].messages.size(), 1);
    QCOMPARE(r.entries[0].messages[0].payload, bytes);
}

void tst_HarFile::messageTimes_data()
{
    QTest::addColumn<QByteArray>("time");
    QTest::addColumn<qint64>("us");

    QTest::addRow("microseconds") << QByteArray("1700000000.512345") << 1'700'000'000'512'345ll;
    QTest::addRow("below half rounds down") << QByteArray("1700000000.5123454999") << 1'700'000'000'512'345ll;
    QTest::addRow("half rounds up") << QByteArray("1700000000.5123455") << 1'700'000'000'512'346ll;
    QTest::addRow("seventh digit") << QByteArray("1700000000.5123457") << 1'700'000'000'512'346ll;
    QTest::addRow("whole seconds") << QByteArray("1700000000") << 1'700'000'000'000'000ll;
    QTest::addRow("exponent") << QByteArray("1.7e9") << 1'700'000'000'000'000ll;
    QTest::addRow("exponent and fraction") << QByteArray("17000000005123455E-7") << 1'700'000'000'512'346ll;
    QTest::addRow("trailing zeros") << QByteArray("1.000000000000") << 1'000'000ll;
    QTest::addRow("zero") << QByteArray("0") << 0ll;
    QTest::addRow("minus zero") << QByteArray("-0.0") << 0ll;
    QTest::addRow("half a microsecond") << QByteArray("0.0000005") << 1ll;
    QTest::addRow("under half a microsecond") << QByteArray("0.0000004999") << 0ll;
    QTest::addRow("negative half away from zero") << QByteArray("-0.0000005") << -1ll;
    QTest::addRow("before the epoch") << QByteArray("-1.5") << -1'500'000ll;
    QTest::addRow("tiny") << QByteArray("1e-400") << 0ll;
    QTest::addRow("largest") << QByteArray("9223372036854.775807") << std::numeric_limits<qint64>::max();
    QTest::addRow("smallest") << QByteArray("-9223372036854.775808") << std::numeric_limits<qint64>::min();
}

void tst_HarFile::messageTimes()
{
    QFETCH(QByteArray, time);
    QFETCH(qint64, us);
    const HarReadResult r =
        readHar(document(entry(message(R"("type":"receive","time":)" + time + R"(,"opcode":1,"data":"")"))));
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.entries[0].messages[0].timestampUs, us);
}

void tst_HarFile::startedDateTime_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("extension"); // _sockscopeStartedUs, if any
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("us");

    const qint64 t = 1'700'000'000'123'000;
    QTest::addRow("Chrome") << QByteArray("2023-11-14T22:13:20.123Z") << QByteArray() << true << t;
    QTest::addRow("no fraction") << QByteArray("2023-11-14T22:13:20Z") << QByteArray() << true << t - 123'000;
    QTest::addRow("no seconds") << QByteArray("2023-11-14T22:13Z") << QByteArray() << true << 1'699'999'980'000'000ll;
    QTest::addRow("+01:00") << QByteArray("2023-11-14T23:13:20.123+01:00") << QByteArray() << true << t;
    QTest::addRow("-0500") << QByteArray("2023-11-14T17:13:20.123-0500") << QByteArray() << true << t;
    QTest::addRow("+05") << QByteArray("2023-11-15T03:13:20.123+05") << QByteArray() << true << t;
    QTest::addRow("no zone is UTC") << QByteArray("2023-11-14T22:13:20.123") << QByteArray() << true << t;
    QTest::addRow("microseconds") << QByteArray("2023-11-14T22:13:20.123456Z") << QByteArray() << true << t + 456;
    QTest::addRow("rounded") << QByteArray("2023-11-14T22:13:20.1234565Z") << QByteArray() << true << t + 457;
    QTest::addRow("epoch") << QByteArray("1970-01-01T00:00:00.000Z") << QByteArray() << true << 0ll;
    QTest::addRow("before the epoch") << QByteArray("1969-12-31T23:59:59.999Z") << QByteArray() << true << -1000ll;
    QTest::addRow("leap day") << QByteArray("2024-02-29T00:00:00Z") << QByteArray() << true << 1'709'164'800'000'000ll;
    QTest::addRow("year 0") << QByteArray("0000-01-01T00:00:00Z") << QByteArray() << true << -62'167'219'200'000'000ll;
    QTest::addRow("year 9999") << QByteArray("9999-12-31T23:59:59.999999Z") << QByteArray() << true
                               << 253'402'300'799'999'999ll;
    QTest::addRow("extension in the same ms")
        << QByteArray("2023-11-14T22:13:20.123Z") << QByteArray("1700000000123456") << true << t + 456;
    QTest::addRow("extension before the epoch")
        << QByteArray("1969-12-31T23:59:59.998Z") << QByteArray("-1500") << true << -1500ll;
    QTest::addRow("extension of another ms is ignored")
        << QByteArray("2023-11-14T22:13:20.123Z") << QByteArray("1700000000124456") << true << t;

    QTest::addRow("date only") << QByteArray("2023-11-14") << QByteArray() << false << 0ll;
    QTest::addRow("month 13") << QByteArray("2023-13-01T00:00:00Z") << QByteArray() << false << 0ll;
    QTest::addRow("29 February 2023") << QByteArray("2023-02-29T00:00:00Z") << QByteArray() << false << 0ll;
    QTest::addRow("hour 24") << QByteArray("2023-11-14T24:00:00Z") << QByteArray() << false << 0ll;
    QTest::addRow("second 60") << QByteArray("2023-11-14T22:13:60Z") << QByteArray() << false << 0ll;
    QTest::addRow("empty fraction") << QByteArray("2023-11-14T22:13:20.Z") << QByteArray() << false << 0ll;
    QTest::addRow("trailing text") << QByteArray("2023-11-14T22:13:20Z x") << QByteArray() << false << 0ll;
    QTest::addRow("offset hour 24") << QByteArray("2023-11-14T22:13:20+24:00") << QByteArray() << false << 0ll;
    QTest::addRow("before year 0") << QByteArray("0000-01-01T00:00:00+01:00") << QByteArray() << false << 0ll;
    QTest::addRow("two-digit year") << QByteArray("23-11-14T22:13:20Z") << QByteArray() << false << 0ll;
}

void tst_HarFile::startedDateTime()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, extension);
    QFETCH(bool, valid);
    QFETCH(qint64, us);
    QByteArray replacement = R"("startedDateTime":")" + text + "\",";
    if (!extension.isEmpty())
        replacement += R"("_sockscopeStartedUs":)" + extension + ",";
    const HarReadResult r =
        readHar(document(entry({}, {R"("startedDateTime":"2023-11-14T22:13:20.123Z",)", replacement})));
    if (!valid) {
        QCOMPARE(r.error.kind, HarReadError::Kind::InvalidValue);
        QCOMPARE(r.error.message(),
                 QStringLiteral("log.entries[0].startedDateTime: expected an ISO 8601 date and time"));
        return;
    }
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.entries[0].startedUs, us);
}

void tst_HarFile::roundTrip_data()
{
    QTest::addColumn<QList<HarWebSocketEntry>>("entries");

    const HarWebSocketEntry base = sampleEntry();
    auto withMessages = [&](QList<HarWebSocketMessage> messages) {
        HarWebSocketEntry e = base;
        e.messages = std::move(messages);
        return QList<HarWebSocketEntry>{e};
    };
    const qint64 t = 1'700'000'000'000'000;

    QTest::addRow("no entries") << QList<HarWebSocketEntry>();
    QTest::addRow("text and binary") << QList<HarWebSocketEntry>{base};
    QTest::addRow("Chrome's export") << readHar(readData("chrome-websocket.har")).entries;
    QTest::addRow("empty payloads") << withMessages(
        {msg(HarMessageType::Send, t, 1, ""), msg(HarMessageType::Receive, t, 2, ""),
         msg(HarMessageType::Receive, t, 9, ""), msg(HarMessageType::Send, t, 10, "")});
    QTest::addRow("text that is not UTF-8") << withMessages({msg(HarMessageType::Receive, t, 1, "caf\xE9"),
                                                             msg(HarMessageType::Send, t, 1, "\xED\xA0\x80 surrogate"),
                                                             msg(HarMessageType::Send, t, 1, "cut \xE2\x82")});
    QTest::addRow("control frames") << withMessages({msg(HarMessageType::Send, t, 9, "ping text"),
                                                     msg(HarMessageType::Receive, t, 10, "\x01\x02\xff"),
                                                     msg(HarMessageType::Receive, t, 8,
                                                         "\x03\xe8"
                                                         "bye")});
    QTest::addRow("continuation and reserved opcodes")
        << withMessages({msg(HarMessageType::Receive, t, 0, "more"), msg(HarMessageType::Receive, t, 3, "\x80"),
                         msg(HarMessageType::Receive, t, 15, "x")});
    QTest::addRow("an error") << withMessages({msg(HarMessageType::Error, t, -1, "WebSocket is closed")});
    QByteArray everyByte;
    for (int i = 0; i < 256; ++i)
        everyByte.append(char(i));
    QByteArray everyAscii = everyByte.first(128);
    QTest::addRow("every byte") << withMessages({msg(HarMessageType::Receive, t, 2, everyByte),
                                                 msg(HarMessageType::Send, t, 1, everyAscii),
                                                 msg(HarMessageType::Send, t, 1,
                                                     "\xEF\xBB\xBF"
                                                     "BOM first")});
    QTest::addRow("microsecond times") << withMessages(
        {msg(HarMessageType::Send, 0, 1, "epoch"), msg(HarMessageType::Send, 1, 1, "1 us"),
         msg(HarMessageType::Send, -1, 1, "-1 us"), msg(HarMessageType::Send, -1'500'000, 1, "-1.5 s"),
         msg(HarMessageType::Send, std::numeric_limits<qint64>::max(), 1, "max"),
         msg(HarMessageType::Send, std::numeric_limits<qint64>::min(), 1, "min")});
    {
        HarWebSocketEntry e = base;
        e.startedUs = 1'700'000'000'123'456;
        HarWebSocketEntry before = base;
        before.startedUs = -1'500;
        HarWebSocketEntry edge = base;
        edge.startedUs = 253'402'300'799'999'999;
        QTest::addRow("start with microseconds") << QList<HarWebSocketEntry>{e, before, edge};
    }
    {
        HarWebSocketEntry e = base;
        e.requestHeaders = {{"X-Dup", "1"},
                            {"x-dup", "2"},
                            {"Empty", ""},
                            {"Latin-1", "caf\xE9"},
                            {"\xFF"
                             "Name",
                             "v"},
                            {"Quote\"Back\\slash", "tab\there"},
                            {"Surrogate", "\xED\xA0\x80"}};
        e.responseHeaders = {};
        QTest::addRow("headers") << QList<HarWebSocketEntry>{e};
    }
    {
        HarWebSocketEntry e = base;
        e.timings = {-1, 0.1, 1e-7, 123456.789, 0, 1e21, -0.0};
        HarWebSocketEntry none = base;
        none.timings = {};
        QTest::addRow("timings") << QList<HarWebSocketEntry>{e, none};
    }
    {
        HarWebSocketEntry failed;
        failed.url = QStringLiteral("wss://unreachable.test/");
        failed.startedUs = 1'700'000'000'000'000;
        failed.method = "GET";
        failed.messages = {msg(HarMessageType::Error, 1'700'000'000'000'001, -1, "connection refused")};
        QTest::addRow("failed handshake") << QList<HarWebSocketEntry>{failed, HarWebSocketEntry()};
    }
    {
        HarWebSocketEntry e = base;
        e.url = QStringLiteral("wss://例え.jp/パス?q=ü&x=%E2%82%AC#frag");
        QTest::addRow("unicode URL") << QList<HarWebSocketEntry>{e, base, e};
    }
}

void tst_HarFile::roundTrip()
{
    QFETCH(QList<HarWebSocketEntry>, entries);
    const QByteArray written = writeHar(entries, QStringLiteral("Sockscope"), QStringLiteral("0.1.0"));
    const HarReadResult r = readHar(written);
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.skippedEntries, 0);
    QCOMPARE(r.creatorName, QStringLiteral("Sockscope"));
    QCOMPARE(r.creatorVersion, QStringLiteral("0.1.0"));
    QCOMPARE(r.entries, entries);
    // What is read back writes the same bytes.
    QCOMPARE(writeHar(r.entries, QStringLiteral("Sockscope"), QStringLiteral("0.1.0")), written);
    // And any JSON reader takes it.
    QJsonParseError error;
    QJsonDocument::fromJson(written, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void tst_HarFile::writesWhatChromeImports()
{
    HarWebSocketEntry e = sampleEntry();
    e.timings = {0.5, -1, 3.5, 2.25, 0.125, 20.0625, -1};
    e.messages.append(msg(HarMessageType::Receive, 1'700'000'000'000'001, 1, "{\"a\":\"\xC3\xA9\"}\n"));
    const QByteArray written = writeHar({e}, QStringLiteral("Sockscope"), QStringLiteral("0.1.0"));

    QJsonParseError error;
    const QJsonObject log = QJsonDocument::fromJson(written, &error).object().value(u"log").toObject();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(log.value(u"version").toString(), QStringLiteral("1.2"));
    QCOMPARE(log.value(u"creator").toObject().value(u"name").toString(), QStringLiteral("Sockscope"));
    QCOMPARE(log.value(u"creator").toObject().value(u"version").toString(), QStringLiteral("0.1.0"));
    QVERIFY(log.value(u"pages").isArray());
    QCOMPARE(log.value(u"entries").toArray().size(), 1);

    const QJsonObject entry = log.value(u"entries").toArray().at(0).toObject();
    QCOMPARE(entry.value(u"startedDateTime").toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
    QVERIFY(!entry.contains(u"_sockscopeStartedUs"));                       // whole milliseconds need no extension
    QCOMPARE(entry.value(u"time").toDouble(), 0.5 + 3.5 + 0.125 + 20.0625); // the phases that happened, ssl in connect
    QCOMPARE(entry.value(u"_resourceType").toString(), QStringLiteral("websocket"));
    QVERIFY(entry.value(u"cache").isObject());

    const QJsonObject request = entry.value(u"request").toObject();
    QCOMPARE(request.value(u"method").toString(), QStringLiteral("GET"));
    QCOMPARE(request.value(u"url").toString(), e.url);
    QCOMPARE(request.value(u"httpVersion").toString(), QStringLiteral("HTTP/1.1"));
    QCOMPARE(request.value(u"headers").toArray().size(), 5);
    QCOMPARE(request.value(u"headers").toArray().at(3).toObject(),
             (QJsonObject{{"name", "Sec-WebSocket-Key"}, {"value", "dGhlIHNhbXBsZSBub25jZQ=="}}));
    QCOMPARE(request.value(u"queryString").toArray(), (QJsonArray{QJsonObject{{"name", "room"}, {"value", "7"}},
                                                                  QJsonObject{{"name", "name"}, {"value", "a b"}}}));
    QCOMPARE(request.value(u"cookies").toArray(), QJsonArray());
    QCOMPARE(request.value(u"headersSize").toInt(0), -1);
    QCOMPARE(request.value(u"bodySize").toInt(-1), 0);

    const QJsonObject response = entry.value(u"response").toObject();
    QCOMPARE(response.value(u"status").toInt(), 101);
    QCOMPARE(response.value(u"statusText").toString(), QStringLiteral("Switching Protocols"));
    QCOMPARE(response.value(u"httpVersion").toString(), QStringLiteral("HTTP/1.1"));
    QCOMPARE(response.value(u"headers").toArray().size(), 3);
    QCOMPARE(response.value(u"cookies").toArray(), QJsonArray());
    QCOMPARE(response.value(u"content").toObject(), (QJsonObject{{"size", 0}, {"mimeType", "x-unknown"}}));
    QCOMPARE(response.value(u"redirectURL").toString(QStringLiteral("x")), QString());
    QCOMPARE(response.value(u"headersSize").toInt(0), -1);
    QCOMPARE(response.value(u"bodySize").toInt(-1), 0);

    const QJsonObject timings = entry.value(u"timings").toObject();
    QCOMPARE(timings.value(u"blocked").toDouble(), 0.5);
    QCOMPARE(timings.value(u"dns").toDouble(), -1.0);
    QCOMPARE(timings.value(u"connect").toDouble(), 3.5);
    QCOMPARE(timings.value(u"ssl").toDouble(), 2.25);
    QCOMPARE(timings.value(u"send").toDouble(), 0.125);
    QCOMPARE(timings.value(u"wait").toDouble(), 20.0625);
    QCOMPARE(timings.value(u"receive").toDouble(), -1.0);

    const QJsonArray messages = entry.value(u"_webSocketMessages").toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(0).toObject(),
             (QJsonObject{{"type", "send"}, {"time", 1700000000.512345}, {"opcode", 1}, {"data", "hello"}}));
    QCOMPARE(
        messages.at(1).toObject(),
        (QJsonObject{
            {"type", "receive"}, {"time", 1700000000.600001}, {"opcode", 2}, {"data", QStringLiteral("AAH+/w==")}}));
    QCOMPARE(messages.at(2).toObject().value(u"data").toString(), QStringLiteral("{\"a\":\"é\"}\n"));
    // Times in seconds to the microsecond, written from the integer (a double could not hold them exactly).
    QVERIFY(written.contains(R"("time": 1700000000.512345,)"));
    QVERIFY(written.contains(R"("time": 1700000000.000001,)"));
    // Indented by two spaces, Chrome-like, text as UTF-8 with JSON escapes.
    QVERIFY(written.startsWith("{\n  \"log\": {\n    \"version\": \"1.2\",\n"));
    QVERIFY(written.contains(R"("data": "{\"a\":\")"
                             "\xC3\xA9"
                             R"(\"}\n")"));
    QVERIFY(written.endsWith("}\n"));
}

void tst_HarFile::keepsBytesThatAreNotUtf8()
{
    HarWebSocketEntry e = sampleEntry();
    e.startedUs += 456;
    e.requestHeaders = {{"X-Latin-1", "caf\xE9"}};
    e.statusText = "Gro\xDF";
    e.messages = {msg(HarMessageType::Receive, 1'700'000'000'000'000, 1, "caf\xE9"),
                  msg(HarMessageType::Receive, 1'700'000'000'000'000, 8, "\x03\xE8")};
    const QByteArray written = writeHar({e}, {}, {});
    const QJsonObject entry =
        QJsonDocument::fromJson(written).object().value(u"log").toObject().value(u"entries").toArray().at(0).toObject();

    // Text that is not UTF-8 goes out as binary with its real opcode beside it: other tools show the true bytes.
    const QJsonArray messages = entry.value(u"_webSocketMessages").toArray();
    QCOMPARE(messages.at(0).toObject().value(u"opcode").toInt(), 2);
    QCOMPARE(messages.at(0).toObject().value(u"data").toString(), QStringLiteral("Y2Fm6Q=="));
    QCOMPARE(messages.at(0).toObject().value(u"_sockscopeOpcode").toInt(), 1);
    QCOMPARE(messages.at(1).toObject().value(u"opcode").toInt(), 2);
    QCOMPARE(messages.at(1).toObject().value(u"data").toString(), QStringLiteral("A+g="));
    QCOMPARE(messages.at(1).toObject().value(u"_sockscopeOpcode").toInt(), 8);
    // A header value: readable with U+FFFD, exact in the extension.
    const QJsonObject header = entry.value(u"request").toObject().value(u"headers").toArray().at(0).toObject();
    QCOMPARE(header.value(u"value").toString(), QStringLiteral("caf\uFFFD"));
    QCOMPARE(header.value(u"_sockscopeValueBase64").toString(), QStringLiteral("Y2Fm6Q=="));
    QVERIFY(!header.contains(u"_sockscopeNameBase64"));
    // Milliseconds in the date, the microseconds beside it.
    QCOMPARE(entry.value(u"startedDateTime").toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
    QCOMPARE(entry.value(u"_sockscopeStartedUs").toInteger(), 1'700'000'000'123'456);

    // The status text has no room for bytes: they become U+FFFD, and the file stays valid.
    QCOMPARE(entry.value(u"response").toObject().value(u"statusText").toString(), QStringLiteral("Gro\uFFFD"));

    const HarReadResult r = readHar(written);
    QCOMPARE(r.error, HarReadError());
    QCOMPARE(r.entries.size(), 1);
    QCOMPARE(r.entries[0].statusText, QByteArray("Gro\xEF\xBF\xBD"));
    e.statusText = r.entries[0].statusText;
    QCOMPARE(r.entries, QList<HarWebSocketEntry>{e});
}

void tst_HarFile::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::addRow("empty") << QByteArray() << QStringLiteral("line 1, column 1 (byte 0): unexpected end of input");
    QTest::addRow("whitespace only") << QByteArray(" \n  ")
                                     << QStringLiteral("line 2, column 3 (byte 4): unexpected end of input");
    QTest::addRow("missing colon") << QByteArray(R"({"log" {}})")
                                   << QStringLiteral("line 1, column 8 (byte 7): expected ':'");
    QTest::addRow("unquoted name") << QByteArray(R"({log: {}})")
                                   << QStringLiteral("line 1, column 2 (byte 1): expected a member name");
    QTest::addRow("trailing comma") << QByteArray(R"({"log":{"entries":[],}})")
                                    << QStringLiteral("line 1, column 22 (byte 21): expected a member name");
    QTest::addRow("missing comma in array") << QByteArray(R"({"log":{"entries":[{} {}]}})")
                                            << QStringLiteral("line 1, column 23 (byte 22): expected ',' or ']'");
    QTest::addRow("missing comma in object") << QByteArray(R"({"log":{"entries":[] "x":1}})")
                                             << QStringLiteral("line 1, column 22 (byte 21): expected ',' or '}'");
    QTest::addRow("data after the end") << QByteArray(R"({"log":{"entries":[]}} x)")
                                        << QStringLiteral(
                                               "line 1, column 24 (byte 23): unexpected data after the JSON value");
    QTest::addRow("bad literal") << QByteArray(R"({"x":tru})")
                                 << QStringLiteral("line 1, column 6 (byte 5): expected a value");
    QTest::addRow("single quotes") << QByteArray(R"({"x":'a'})")
                                   << QStringLiteral("line 1, column 6 (byte 5): expected a value");
    QTest::addRow("minus alone") << QByteArray(R"({"x":-})")
                                 << QStringLiteral("line 1, column 7 (byte 6): invalid number");
    QTest::addRow("dot without digits") << QByteArray(R"({"x":1.})")
                                        << QStringLiteral("line 1, column 8 (byte 7): invalid number");
    QTest::addRow("exponent without digits")
        << QByteArray(R"({"x":1e+})") << QStringLiteral("line 1, column 9 (byte 8): invalid number");
    QTest::addRow("leading zero") << QByteArray(R"({"x":01})")
                                  << QStringLiteral("line 1, column 7 (byte 6): expected ',' or '}'");
    QTest::addRow("raw tab in a string") << QByteArray("{\"x\":\"a\tb\"}")
                                         << QStringLiteral("line 1, column 8 (byte 7): control character in a string");
    QTest::addRow("bad escape") << QByteArray(R"({"x":"\q"})")
                                << QStringLiteral("line 1, column 7 (byte 6): invalid escape sequence");
    QTest::addRow("bad \\u escape") << QByteArray(R"({"x":"\u12G4"})")
                                    << QStringLiteral("line 1, column 7 (byte 6): invalid \\u escape");
    QTest::addRow("invalid UTF-8") << QByteArray("{\"x\":\"caf\xC3(\"}")
                                   << QStringLiteral("line 1, column 11 (byte 10): invalid UTF-8");
    QTest::addRow("invalid UTF-8 outside strings")
        << QByteArray("{\"x\":1}\xFF") << QStringLiteral("line 1, column 8 (byte 7): invalid UTF-8");
    QTest::addRow("cut in a string after é")
        << QByteArray("{\"x\":\"\xC3\xA9") << QStringLiteral("line 1, column 8 (byte 8): unexpected end of input");
    QTest::addRow("cut in an escape") << QByteArray(R"({"x":"\u00)")
                                      << QStringLiteral("line 1, column 11 (byte 10): unexpected end of input");
    QTest::addRow("nesting too deep") << QByteArray(600, '[')
                                      << QStringLiteral("line 1, column 513 (byte 512): nesting too deep");
    QTest::addRow("nesting too deep in an entry")
        << document(QByteArray(600, '[')) << QStringLiteral("line 1, column 582 (byte 581): nesting too deep");
    QTest::addRow("lines and columns in characters")
        << QByteArray("{\n  \"log\": {\n    \"entries\": [\n      {\"é\": }\n")
        << QStringLiteral("line 4, column 13 (byte 43): expected a value");
    QTest::addRow("byte order mark not counted")
        << QByteArray("\xEF\xBB\xBF{\"log\" 1}") << QStringLiteral("line 1, column 8 (byte 10): expected ':'");
}

void tst_HarFile::syntaxErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const HarReadResult r = readHar(json);
    QCOMPARE(r.error.kind, HarReadError::Kind::Syntax);
    QCOMPARE(r.error.message(), message);
    QVERIFY(r.error.path.isEmpty());
    QVERIFY(r.entries.isEmpty());
}

void tst_HarFile::structureErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<HarReadError::Kind>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("kept"); // entries returned, the last one partial

    using K = HarReadError::Kind;
    auto broken = [](const char *from, const char *to) { return document(entry(message(), {from, to})); };
    auto badMessage = [](const char *fields) { return document(entry(message() + "," + message(fields))); };

    QTest::addRow("top level array") << QByteArray("[]") << K::WrongType
                                     << QStringLiteral("top level: expected an object") << 0;
    QTest::addRow("no log") << QByteArray(R"({"x":1})") << K::MissingField
                            << QStringLiteral("log: required field is missing") << 0;
    QTest::addRow("log is an array") << QByteArray(R"({"log":[]})") << K::WrongType
                                     << QStringLiteral("log: expected an object") << 0;
    QTest::addRow("no entries") << QByteArray(R"({"log":{"version":"1.2"}})") << K::MissingField
                                << QStringLiteral("log.entries: required field is missing") << 0;
    QTest::addRow("entries is an object") << QByteArray(R"({"log":{"entries":{}}})") << K::WrongType
                                          << QStringLiteral("log.entries: expected an array") << 0;
    QTest::addRow("entry is a number") << document(entry() + ",1") << K::WrongType
                                       << QStringLiteral("log.entries[1]: expected an object") << 1;

    QTest::addRow("no startedDateTime") << broken(R"("startedDateTime":"2023-11-14T22:13:20.123Z",)", "")
                                        << K::MissingField
                                        << QStringLiteral("log.entries[0].startedDateTime: required field is missing")
                                        << 1;
    QTest::addRow("startedDateTime a number")
        << broken(R"("2023-11-14T22:13:20.123Z")", "1700000000") << K::WrongType
        << QStringLiteral("log.entries[0].startedDateTime: expected a string") << 1;
    QTest::addRow("startedDateTime not a date")
        << broken(R"("2023-11-14T22:13:20.123Z")", R"("yesterday")") << K::InvalidValue
        << QStringLiteral("log.entries[0].startedDateTime: expected an ISO 8601 date and time") << 1;
    QTest::addRow("_sockscopeStartedUs a string")
        << broken(R"("startedDateTime":"2023-11-14T22:13:20.123Z",)",
                  R"("startedDateTime":"2023-11-14T22:13:20.123Z","_sockscopeStartedUs":"x",)")
        << K::WrongType << QStringLiteral("log.entries[0]._sockscopeStartedUs: expected a number") << 1;
    QTest::addRow("no request") << broken(R"("request":)", R"("requestX":)") << K::MissingField
                                << QStringLiteral("log.entries[0].request: required field is missing") << 1;
    QTest::addRow("no url") << broken(R"("url":"ws://h/",)", "") << K::MissingField
                            << QStringLiteral("log.entries[0].request.url: required field is missing") << 1;
    QTest::addRow("url null") << broken(R"("url":"ws://h/")", R"("url":null)") << K::WrongType
                              << QStringLiteral("log.entries[0].request.url: expected a string") << 1;
    QTest::addRow("no method") << broken(R"("method":"GET",)", "") << K::MissingField
                               << QStringLiteral("log.entries[0].request.method: required field is missing") << 1;
    QTest::addRow("no httpVersion") << broken(R"("httpVersion":"HTTP/1.1",)", "") << K::MissingField
                                    << QStringLiteral("log.entries[0].request.httpVersion: required field is missing")
                                    << 1;
    QTest::addRow("headers an object") << broken(R"("headers":[{"name":"Host","value":"h"}])", R"("headers":{})")
                                       << K::WrongType
                                       << QStringLiteral("log.entries[0].request.headers: expected an array") << 1;
    QTest::addRow("header a string") << broken(R"({"name":"Host","value":"h"})", R"("Host: h")") << K::WrongType
                                     << QStringLiteral("log.entries[0].request.headers[0]: expected an object") << 1;
    QTest::addRow("header value a number")
        << broken(R"({"name":"Connection","value":"Upgrade"})", R"({"name":"Connection","value":1})") << K::WrongType
        << QStringLiteral("log.entries[0].response.headers[1].value: expected a string") << 1;
    QTest::addRow("header without name")
        << broken(R"({"name":"Connection","value":"Upgrade"})", R"({"value":"Upgrade"})") << K::MissingField
        << QStringLiteral("log.entries[0].response.headers[1].name: required field is missing") << 1;
    QTest::addRow("header bytes not base64")
        << broken(R"({"name":"Host","value":"h"})", R"({"name":"Host","value":"h","_sockscopeValueBase64":"*"})")
        << K::InvalidValue << QStringLiteral("log.entries[0].request.headers[0]._sockscopeValueBase64: invalid base64")
        << 1;
    QTest::addRow("no response") << broken(R"("response":)", R"("responseX":)") << K::MissingField
                                 << QStringLiteral("log.entries[0].response: required field is missing") << 1;
    QTest::addRow("status a string") << broken(R"("status":101)", R"("status":"101")") << K::WrongType
                                     << QStringLiteral("log.entries[0].response.status: expected a number") << 1;
    QTest::addRow("status a fraction") << broken(R"("status":101)", R"("status":101.5)") << K::InvalidValue
                                       << QStringLiteral(
                                              "log.entries[0].response.status: expected an integer from 0 to 999")
                                       << 1;
    QTest::addRow("status 1000") << broken(R"("status":101)", R"("status":1e3)") << K::InvalidValue
                                 << QStringLiteral("log.entries[0].response.status: expected an integer from 0 to 999")
                                 << 1;
    QTest::addRow("no statusText") << broken(R"("statusText":"Switching Protocols",)", "") << K::MissingField
                                   << QStringLiteral("log.entries[0].response.statusText: required field is missing")
                                   << 1;
    QTest::addRow("timings an array") << broken(R"("timings":{"send":0,"wait":1.5,"receive":0})", R"("timings":[])")
                                      << K::WrongType << QStringLiteral("log.entries[0].timings: expected an object")
                                      << 1;
    QTest::addRow("timing a string") << broken(R"("send":0)", R"("send":"0")") << K::WrongType
                                     << QStringLiteral("log.entries[0].timings.send: expected a number") << 1;
    QTest::addRow("timing too large") << broken(R"("wait":1.5)", R"("wait":1e999)") << K::InvalidValue
                                      << QStringLiteral("log.entries[0].timings.wait: out of range") << 1;

    QTest::addRow("messages an object") << document(entry().replace(R"("_webSocketMessages":[])",
                                                                    R"("_webSocketMessages":{})"))
                                        << K::WrongType
                                        << QStringLiteral("log.entries[0]._webSocketMessages: expected an array") << 1;
    QTest::addRow("message a string") << document(entry(message() + R"(,"hi")")) << K::WrongType
                                      << QStringLiteral("log.entries[0]._webSocketMessages[1]: expected an object")
                                      << 1;
    QTest::addRow("no type") << badMessage(R"("time":1,"opcode":1,"data":"")") << K::MissingField
                             << QStringLiteral("log.entries[0]._webSocketMessages[1].type: required field is missing")
                             << 1;
    QTest::addRow("type sent") << badMessage(R"("type":"sent","time":1,"opcode":1,"data":"")") << K::InvalidValue
                               << QStringLiteral(R"(log.entries[0]._webSocketMessages[1].type: expected "send", )"
                                                 R"("receive" or "error")")
                               << 1;
    QTest::addRow("no time") << badMessage(R"("type":"send","opcode":1,"data":"")") << K::MissingField
                             << QStringLiteral("log.entries[0]._webSocketMessages[1].time: required field is missing")
                             << 1;
    QTest::addRow("time a string") << badMessage(R"("type":"send","time":"1","opcode":1,"data":"")") << K::WrongType
                                   << QStringLiteral("log.entries[0]._webSocketMessages[1].time: expected a number")
                                   << 1;
    QTest::addRow("time too large") << badMessage(R"("type":"send","time":1e20,"opcode":1,"data":"")")
                                    << K::InvalidValue
                                    << QStringLiteral("log.entries[0]._webSocketMessages[1].time: out of range") << 1;
    QTest::addRow("no opcode") << badMessage(R"("type":"send","time":1,"data":"")") << K::MissingField
                               << QStringLiteral(
                                      "log.entries[0]._webSocketMessages[1].opcode: required field is missing")
                               << 1;
    QTest::addRow("opcode a string") << badMessage(R"("type":"send","time":1,"opcode":"1","data":"")") << K::WrongType
                                     << QStringLiteral("log.entries[0]._webSocketMessages[1].opcode: expected a number")
                                     << 1;
    QTest::addRow("opcode 16") << badMessage(R"("type":"send","time":1,"opcode":16,"data":"")") << K::InvalidValue
                               << QStringLiteral("log.entries[0]._webSocketMessages[1].opcode: expected an integer "
                                                 "from -1 to 15")
                               << 1;
    QTest::addRow("opcode 1.5") << badMessage(R"("type":"send","time":1,"opcode":1.5,"data":"")") << K::InvalidValue
                                << QStringLiteral("log.entries[0]._webSocketMessages[1].opcode: expected an integer "
                                                  "from -1 to 15")
                                << 1;
    QTest::addRow("no data") << badMessage(R"("type":"send","time":1,"opcode":1)") << K::MissingField
                             << QStringLiteral("log.entries[0]._webSocketMessages[1].data: required field is missing")
                             << 1;
    QTest::addRow("data a number") << badMessage(R"("type":"send","time":1,"opcode":1,"data":1)") << K::WrongType
                                   << QStringLiteral("log.entries[0]._webSocketMessages[1].data: expected a string")
                                   << 1;
    QTest::addRow("binary not base64") << badMessage(R"("type":"receive","time":1,"opcode":2,"data":"AA=A")")
                                       << K::InvalidValue
                                       << QStringLiteral("log.entries[0]._webSocketMessages[1].data: invalid base64")
                                       << 1;
    QTest::addRow("_sockscopeOpcode 99")
        << badMessage(R"("type":"receive","time":1,"opcode":2,"data":"","_sockscopeOpcode":99)") << K::InvalidValue
        << QStringLiteral("log.entries[0]._webSocketMessages[1]._sockscopeOpcode: expected an integer from -1 to 15")
        << 1;
}

void tst_HarFile::structureErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(HarReadError::Kind, kind);
    QFETCH(QString, message);
    QFETCH(int, kept);
    const HarReadResult r = readHar(json);
    QCOMPARE(r.error.kind, kind);
    QCOMPARE(r.error.message(), message);
    QCOMPARE(r.entries.size(), kept);
    QCOMPARE(r.lastEntryPartial, kept > 0 && !message.startsWith(u"log.entries[1]"));
    // The offset points into the input, at the value named (or the object missing it).
    QVERIFY(r.error.offset >= 0 && r.error.offset < json.size());
    QCOMPARE(r.error.line, 1);
    QCOMPARE(r.error.column, int(r.error.offset) + 1);
}

void tst_HarFile::badMessageKeepsTheMessagesBefore()
{
    const QByteArray good = entry(message() + "," + message());
    const QByteArray other = R"({"request":{"url":"https://h/app.js"},"response":{"status":200}})";
    const QByteArray bad =
        entry(message() + "," + message(R"("type":"receive","time":1700000001,"opcode":2,"data":"AAE=")") + "," +
              message(R"("type":"receive","time":1700000002,"opcode":"1","data":"x")") + "," + message());
    const HarReadResult r = readHar(document(good + "," + other + "," + good + "," + bad + "," + good));

    QCOMPARE(r.error.kind, HarReadError::Kind::WrongType);
    QCOMPARE(r.error.message(), QStringLiteral("log.entries[3]._webSocketMessages[2].opcode: expected a number"));
    QCOMPARE(QByteArrayView(document(good + "," + other + "," + good + "," + bad)).sliced(r.error.offset).first(3),
             QByteArrayView("\"1\""));
    QCOMPARE(r.skippedEntries, 1);
    QCOMPARE(r.entries.size(), 3); // not the one after the error
    QVERIFY(r.lastEntryPartial);
    QCOMPARE(r.entries[0].messages.size(), 2);
    QCOMPARE(r.entries[1].messages.size(), 2);
    // The entry itself is whole; its messages stop before the bad one.
    const HarWebSocketEntry &partial = r.entries[2];
    QCOMPARE(partial.url, QStringLiteral("ws://h/"));
    QCOMPARE(partial.status, 101);
    QCOMPARE(partial.requestHeaders, (QList<HarHeader>{{"Host", "h"}}));
    QCOMPARE(partial.messages, (QList<HarWebSocketMessage>{
                                   msg(HarMessageType::Send, 1'700'000'000'500'000, 1, "hi"),
                                   msg(HarMessageType::Receive, 1'700'000'001'000'000, 2, QByteArray("\x00\x01", 2))}));
}

void tst_HarFile::badFieldKeepsTheEntryWithDefaults()
{
    const QByteArray bad =
        entry(message() + "," + message(), {R"("status":101,"statusText":"Switching Protocols")", R"("status":"101")"});
    const HarReadResult r = readHar(document(entry() + "," + bad));
    QCOMPARE(r.error.message(), QStringLiteral("log.entries[1].response.status: expected a number"));
    QCOMPARE(r.entries.size(), 2);
    QVERIFY(r.lastEntryPartial);
    const HarWebSocketEntry &partial = r.entries[1];
    QCOMPARE(partial.status, 0);                // the bad field
    QCOMPARE(partial.statusText, QByteArray()); // the missing one
    QCOMPARE(partial.url, QStringLiteral("ws://h/"));
    QCOMPARE(partial.responseHeaders.size(), 2);
    QCOMPARE(partial.timings.wait, 1.5);
    QCOMPARE(partial.messages.size(), 2);
}

void tst_HarFile::truncatedFileKeepsWhatWasRead()
{
    const QByteArray file = readData("chrome-websocket.har");
    const HarWebSocketEntry full = readHar(file).entries.value(0);

    // Chrome writes the messages before the request: cut in the third message, the entry has the first two and
    // nothing that comes after them in the file.
    const qsizetype cut = file.indexOf("AAECA/8=");
    const HarReadResult r = readHar(file.first(cut));
    QCOMPARE(r.error.kind, HarReadError::Kind::Syntax);
    QCOMPARE(r.error.detail, QStringLiteral("unexpected end of input"));
    QCOMPARE(r.error.offset, cut);
    QCOMPARE(r.error.line, 119);
    QCOMPARE(r.skippedEntries, 1);
    QCOMPARE(r.entries.size(), 1);
    QVERIFY(r.lastEntryPartial);
    QCOMPARE(r.entries[0].messages, full.messages.first(2));
    QCOMPARE(r.entries[0].url, QString());
    QCOMPARE(r.entries[0].status, 0);

    // Cut in the last entry, the WebSocket one is whole.
    const HarReadResult later = readHar(file.first(file.indexOf("favicon.ico")));
    QCOMPARE(later.error.kind, HarReadError::Kind::Syntax);
    QCOMPARE(later.entries, QList<HarWebSocketEntry>{full});
    QVERIFY(!later.lastEntryPartial);
}

void tst_HarFile::everyTruncationKeepsAPrefix_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addRow("Chrome's export") << readData("chrome-websocket.har");
    HarWebSocketEntry second = sampleEntry();
    second.startedUs += 789;
    second.requestHeaders.append(HarHeader{"X-Bytes", "\xFF\xFE"});
    QTest::addRow("Sockscope's") << writeHar({sampleEntry(), second}, QStringLiteral("Sockscope"), QStringLiteral("1"));
}

void tst_HarFile::everyTruncationKeepsAPrefix()
{
    QFETCH(QByteArray, file);
    const HarReadResult full = readHar(file);
    QCOMPARE(full.error, HarReadError());
    qsizetype lastMessages = 0;
    qsizetype lastEntries = 0;
    for (qsizetype cut = 0; cut < file.size(); ++cut) {
        const HarReadResult r = readHar(file.first(cut));
        if (!r.error) { // only the final newline was cut
            QCOMPARE(r.entries, full.entries);
            continue;
        }
        QCOMPARE(r.error.kind, HarReadError::Kind::Syntax);
        QCOMPARE(r.error.offset, cut);
        QVERIFY(r.entries.size() <= full.entries.size());
        QVERIFY(r.skippedEntries <= full.skippedEntries);
        for (qsizetype i = 0; i + 1 < r.entries.size(); ++i)
            QCOMPARE(r.entries[i], full.entries[i]);
        if (!r.entries.isEmpty()) {
            const HarWebSocketEntry &last = r.entries.last();
            QVERIFY2(isPartOf(last, full.entries[r.entries.size() - 1]), qPrintable(QString::number(cut)));
            if (!r.lastEntryPartial)
                QCOMPARE(last, full.entries[r.entries.size() - 1]);
        }
        // What is read only grows as the file does.
        qsizetype messages = 0;
        for (const HarWebSocketEntry &e : r.entries)
            messages += e.messages.size();
        QVERIFY(r.entries.size() >= lastEntries);
        QVERIFY(messages >= lastMessages || r.entries.size() > lastEntries);
        lastEntries = r.entries.size();
        lastMessages = messages;
    }
}

QTEST_GUILESS_MAIN(tst_HarFile)
#include "tst_harfile.moc"
