#include "ui/jsonformat.h"

#include <QTest>

using namespace sockscope::ui;

class tst_JsonFormat : public QObject
{
    Q_OBJECT
private slots:
    void format_data();
    void format();
    void compact();
    void errors_data();
    void errors();
};

void tst_JsonFormat::format_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::addRow("scalar") << QStringLiteral(" 42 ") << QStringLiteral("42");
    QTest::addRow("empty containers") << QStringLiteral("{ \"a\" : [ ] , \"b\":{}}")
                                      << QStringLiteral("{\n  \"a\": [],\n  \"b\": {}\n}");
    // Member order and duplicates stay as sent; QJsonDocument would sort and merge them.
    QTest::addRow("order and duplicates")
        << QStringLiteral("{\"z\":1,\"a\":2,\"z\":3}") << QStringLiteral("{\n  \"z\": 1,\n  \"a\": 2,\n  \"z\": 3\n}");
    // Number literals are copied, not rounded through double.
    QTest::addRow("big numbers")
        << QStringLiteral("[12345678901234567890123, 0.1000000000000000055511151231257827, -0e+5]")
        << QStringLiteral("[\n  12345678901234567890123,\n  0.1000000000000000055511151231257827,\n  -0e+5\n]");
    QTest::addRow("escapes kept") << QStringLiteral("{\"s\":\"a\\u00e9\\n\\\"q\\\"\"}")
                                  << QStringLiteral("{\n  \"s\": \"a\\u00e9\\n\\\"q\\\"\"\n}");
    QTest::addRow("nested") << QStringLiteral("{\"a\":[1,{\"b\":null}],\"c\":true}")
                            << QStringLiteral(
                                   "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": true\n}");
    QTest::addRow("unicode") << QStringLiteral("[\"ünï\"]") << QStringLiteral("[\n  \"ünï\"\n]");
}

void tst_JsonFormat::format()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    JsonError error;
    const auto out = formatJson(input, 2, &error);
    QVERIFY2(out, qPrintable(error.message));
    QCOMPARE(*out, expected);
    QVERIFY(isValidJson(input));
    // Formatting formatted JSON changes nothing.
    QCOMPARE(*formatJson(*out), expected);
}

void tst_JsonFormat::compact()
{
    QCOMPARE(*compactJson(QStringLiteral("{\n  \"a\": [1, 2],\n  \"b\": \"x y\"\n}")),
             QStringLiteral("{\"a\":[1,2],\"b\":\"x y\"}"));
}

void tst_JsonFormat::errors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<qsizetype>("offset");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("empty") << QString() << qsizetype(0) << QStringLiteral("missing");
    QTest::addRow("trailing comma") << QStringLiteral("[1,]") << qsizetype(3) << QStringLiteral("does not start");
    QTest::addRow("unquoted name") << QStringLiteral("{a:1}") << qsizetype(1) << QStringLiteral("quoted name");
    QTest::addRow("missing colon") << QStringLiteral("{\"a\" 1}") << qsizetype(5) << QStringLiteral("':'");
    QTest::addRow("leading zero") << QStringLiteral("[01]") << qsizetype(2) << QStringLiteral("leading zeros");
    QTest::addRow("bad escape") << QStringLiteral("[\"\\x\"]") << qsizetype(3) << QStringLiteral("escape");
    QTest::addRow("raw newline in string") << QStringLiteral("[\"a\nb\"]") << qsizetype(3) << QStringLiteral("control");
    QTest::addRow("unclosed string") << QStringLiteral("[\"abc") << qsizetype(5) << QStringLiteral("not closed");
    QTest::addRow("unclosed array") << QStringLiteral("[1, 2") << qsizetype(5) << QStringLiteral("']'");
    QTest::addRow("two values") << QStringLiteral("{} {}") << qsizetype(3) << QStringLiteral("after");
    QTest::addRow("single quotes") << QStringLiteral("['a']") << qsizetype(1) << QStringLiteral("'''");
    QTest::addRow("bare exponent") << QStringLiteral("1e") << qsizetype(2) << QStringLiteral("exponent");
}

void tst_JsonFormat::errors()
{
    QFETCH(QString, input);
    QFETCH(qsizetype, offset);
    QFETCH(QString, mentions);
    JsonError error;
    QVERIFY(!formatJson(input, 2, &error));
    QCOMPARE(error.offset, offset);
    QVERIFY2(error.message.contains(mentions), qPrintable(error.message));
    QVERIFY(!isValidJson(input));
}

QTEST_GUILESS_MAIN(tst_JsonFormat)
#include "tst_jsonformat.moc"
