#include "proto/extensionheader.h"

#include <QTest>

using namespace sockscope::proto;

using Params = QList<std::pair<QByteArray, std::optional<QByteArray>>>;

class tst_ExtensionHeader : public QObject
{
    Q_OBJECT
private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void format_data();
    void format();
    void formatRoundTrip_data();
    void formatRoundTrip();
};

namespace {

ExtensionOffer extension(QByteArray name, Params params = {})
{
    return ExtensionOffer{std::move(name), std::move(params)};
}

std::pair<QByteArray, std::optional<QByteArray>> param(QByteArray name)
{
    return {std::move(name), std::nullopt};
}

std::pair<QByteArray, std::optional<QByteArray>> param(QByteArray name, QByteArray value)
{
    return {std::move(name), std::move(value)};
}

} // namespace

void tst_ExtensionHeader::parseValid_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<ExtensionOffer>>("expected");

    QTest::addRow("single name") << QByteArray("permessage-deflate")
                                 << QList<ExtensionOffer>{extension("permessage-deflate")};
    QTest::addRow("RFC 7692 offer")
        << QByteArray("permessage-deflate; client_max_window_bits; server_max_window_bits=10")
        << QList<ExtensionOffer>{extension("permessage-deflate",
                                           {param("client_max_window_bits"), param("server_max_window_bits", "10")})};
    QTest::addRow("RFC 6455 9.1 example")
        << QByteArray("mux; max-channels=4; flow-control, deflate-stream")
        << QList<ExtensionOffer>{extension("mux", {param("max-channels", "4"), param("flow-control")}),
                                 extension("deflate-stream")};
    QTest::addRow("several extensions")
        << QByteArray("permessage-deflate; server_no_context_takeover, permessage-deflate, x-webkit-deflate-frame")
        << QList<ExtensionOffer>{extension("permessage-deflate", {param("server_no_context_takeover")}),
                                 extension("permessage-deflate"), extension("x-webkit-deflate-frame")};
    QTest::addRow("quoted value") << QByteArray("x; bits=\"10\"")
                                  << QList<ExtensionOffer>{extension("x", {param("bits", "10")})};
    QTest::addRow("quoted value with escape")
        << QByteArray("x; bits=\"1\\0\"") << QList<ExtensionOffer>{extension("x", {param("bits", "10")})};
    QTest::addRow("whitespace everywhere")
        << QByteArray(" \tfoo ;  a = 1\t;b ,\tbar ; c = \"d\"  ")
        << QList<ExtensionOffer>{extension("foo", {param("a", "1"), param("b")}), extension("bar", {param("c", "d")})};
    QTest::addRow("no whitespace") << QByteArray("a;b=1;c,d")
                                   << QList<ExtensionOffer>{extension("a", {param("b", "1"), param("c")}),
                                                            extension("d")};
    QTest::addRow("case preserved") << QByteArray("PerMessage-Deflate; Client_Max_Window_Bits=15")
                                    << QList<ExtensionOffer>{
                                           extension("PerMessage-Deflate", {param("Client_Max_Window_Bits", "15")})};
    QTest::addRow("duplicates kept in order")
        << QByteArray("b; p=1; p=2, a, b")
        << QList<ExtensionOffer>{extension("b", {param("p", "1"), param("p", "2")}), extension("a"), extension("b")};
    QTest::addRow("every tchar") << QByteArray("!#$%&'*+-.^_`|~09azAZ")
                                 << QList<ExtensionOffer>{extension("!#$%&'*+-.^_`|~09azAZ")};
    QTest::addRow("lines joined with comma")
        << QByteArray("a; x=1, b") << QList<ExtensionOffer>{extension("a", {param("x", "1")}), extension("b")};
}

void tst_ExtensionHeader::parseValid()
{
    QFETCH(QByteArray, value);
    QFETCH(QList<ExtensionOffer>, expected);
    QString error;
    const auto parsed = parseExtensionHeader(value, &error);
    QVERIFY2(parsed.has_value(), qPrintable(error));
    QCOMPARE(formatExtensionHeader(*parsed), formatExtensionHeader(expected));
    QCOMPARE(*parsed, expected);
}

void tst_ExtensionHeader::parseInvalid_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("errorContains");

    QTest::addRow("empty") << QByteArray("") << QStringLiteral("empty");
    QTest::addRow("only whitespace") << QByteArray(" \t ") << QStringLiteral("empty");
    QTest::addRow("leading comma") << QByteArray(", a") << QStringLiteral("extension name");
    QTest::addRow("empty element") << QByteArray("a,,b") << QStringLiteral("empty element");
    QTest::addRow("empty element with space") << QByteArray("a, ,b") << QStringLiteral("empty element");
    QTest::addRow("trailing comma") << QByteArray("a, ") << QStringLiteral("empty element");
    QTest::addRow("space inside token") << QByteArray("per message") << QStringLiteral("found \"m\"");
    QTest::addRow("separator in name") << QByteArray("a@b") << QStringLiteral("found \"@\"");
    QTest::addRow("name in parentheses") << QByteArray("(a)") << QStringLiteral("extension name");
    QTest::addRow("non-ASCII name") << QByteArray("d\xC3\xA9"
                                                  "flate")
                                    << QStringLiteral("\\xC3");
    QTest::addRow("control byte") << QByteArray("a\x01") << QStringLiteral("\\x01");
    QTest::addRow("trailing semicolon") << QByteArray("a;") << QStringLiteral("not followed by a parameter");
    QTest::addRow("trailing semicolon and space") << QByteArray("a; ") << QStringLiteral("not followed by a parameter");
    QTest::addRow("semicolon before comma") << QByteArray("a; , b") << QStringLiteral("not followed by a parameter");
    QTest::addRow("double semicolon") << QByteArray("a;;b") << QStringLiteral("parameter name");
    QTest::addRow("bad parameter name") << QByteArray("a; =1") << QStringLiteral("parameter name");
    QTest::addRow("missing value") << QByteArray("a; p=") << QStringLiteral("value for parameter \"p\"");
    QTest::addRow("missing value before comma") << QByteArray("a; p=, b") << QStringLiteral("value for parameter");
    QTest::addRow("two equals") << QByteArray("a; p=1=2") << QStringLiteral("found \"=\"");
    QTest::addRow("unterminated quote") << QByteArray("a; p=\"10") << QStringLiteral("not terminated");
    QTest::addRow("quote closed by escape") << QByteArray("a; p=\"10\\\"") << QStringLiteral("not terminated");
    QTest::addRow("backslash at end") << QByteArray("a; p=\"10\\") << QStringLiteral("not terminated");
    QTest::addRow("quoted value with space") << QByteArray("a; p=\"1 0\"") << QStringLiteral("not a token");
    QTest::addRow("quoted value with comma") << QByteArray("a; p=\"1,0\"") << QStringLiteral("not a token");
    QTest::addRow("empty quoted value") << QByteArray("a; p=\"\"") << QStringLiteral("not a token");
    QTest::addRow("control byte in quotes") << QByteArray("a; p=\"1\x7F\"") << QStringLiteral("0x7f");
    QTest::addRow("text after quoted value") << QByteArray("a; p=\"1\"2") << QStringLiteral("found \"2\"");
    QTest::addRow("quoted extension name") << QByteArray("\"a\"") << QStringLiteral("extension name");
}

void tst_ExtensionHeader::parseInvalid()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, errorContains);
    QString error;
    const auto parsed = parseExtensionHeader(value, &error);
    QVERIFY(!parsed.has_value());
    QVERIFY2(error.contains(errorContains), qPrintable(error));
    QVERIFY2(error.endsWith(QLatin1Char('.')), qPrintable(error));
    QVERIFY(!parseExtensionHeader(value).has_value());
}

void tst_ExtensionHeader::format_data()
{
    QTest::addColumn<QList<ExtensionOffer>>("extensions");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("nothing") << QList<ExtensionOffer>{} << QByteArray("");
    QTest::addRow("RFC 7692 offer")
        << QList<ExtensionOffer>{extension("permessage-deflate",
                                           {param("client_max_window_bits"), param("server_max_window_bits", "10")})}
        << QByteArray("permessage-deflate; client_max_window_bits; server_max_window_bits=10");
    QTest::addRow("two extensions") << QList<ExtensionOffer>{extension("a", {param("x", "1")}), extension("b")}
                                    << QByteArray("a; x=1, b");
    QTest::addRow("value that is not a token is quoted")
        << QList<ExtensionOffer>{extension("a", {param("x", "1 2")})} << QByteArray("a; x=\"1 2\"");
    QTest::addRow("quote and backslash escaped")
        << QList<ExtensionOffer>{extension("a", {param("x", "q\"b\\")})} << QByteArray("a; x=\"q\\\"b\\\\\"");
    QTest::addRow("empty value quoted") << QList<ExtensionOffer>{extension("a", {param("x", "")})}
                                        << QByteArray("a; x=\"\"");
}

void tst_ExtensionHeader::format()
{
    QFETCH(QList<ExtensionOffer>, extensions);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatExtensionHeader(extensions), expected);
}

void tst_ExtensionHeader::formatRoundTrip_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addRow("RFC 6455 9.1 example") << QByteArray("mux; max-channels=4; flow-control, deflate-stream");
    QTest::addRow("quoted and spaced") << QByteArray(" foo ;a = \"1\" , bar");
    QTest::addRow("many") << QByteArray("a, b; c, d; e=f; g");
}

void tst_ExtensionHeader::formatRoundTrip()
{
    QFETCH(QByteArray, value);
    const auto parsed = parseExtensionHeader(value);
    QVERIFY(parsed.has_value());
    const QByteArray formatted = formatExtensionHeader(*parsed);
    const auto reparsed = parseExtensionHeader(formatted);
    QVERIFY(reparsed.has_value());
    QCOMPARE(*reparsed, *parsed);
    QCOMPARE(formatExtensionHeader(*reparsed), formatted);
}

QTEST_GUILESS_MAIN(tst_ExtensionHeader)
#include "tst_extensionheader.moc"
