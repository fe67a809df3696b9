#include "proto/closecode.h"
#include "proto/registry.h"

#include <QSet>
#include <QTest>

using namespace sockscope::proto;

class tst_Registry : public QObject
{
    Q_OBJECT
private slots:
    void closeCodesSortedAndComplete();
    void closeCodeRanges_data();
    void closeCodeRanges();
    void closeRequests_data();
    void closeRequests();
    void subprotocolLookup();
    void extensionLookup();
    void noDuplicates();
};

void tst_Registry::closeCodesSortedAndComplete()
{
    const auto codes = closeCodeRegistry();
    for (size_t i = 1; i < codes.size(); ++i)
        QVERIFY(codes[i - 1].code < codes[i].code);
    // Every code RFC 6455 7.4.1 defines is present with a name and meaning.
    for (quint16 c = 1000; c <= 1015; ++c) {
        const CloseCodeEntry *e = closeCodeEntry(c);
        QVERIFY2(e, qPrintable(QString::number(c)));
        QVERIFY(QByteArray(e->name).size() > 3);
        QVERIFY(QByteArray(e->meaning).endsWith('.'));
    }
    QCOMPARE(QByteArray(closeCodeEntry(1001)->name), QByteArray("Going Away"));
    QVERIFY(!closeCodeEntry(1016));
    QVERIFY(!closeCodeEntry(4000));
    // Codes that only report a local condition are never sent.
    for (quint16 c : {1004, 1005, 1006, 1015})
        QVERIFY(!closeCodeEntry(c)->sendable);
}

void tst_Registry::closeCodeRanges_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<CloseCodeRange>("range");
    QTest::addRow("0") << 0 << CloseCodeRange::Unused;
    QTest::addRow("999") << 999 << CloseCodeRange::Unused;
    QTest::addRow("1000") << 1000 << CloseCodeRange::Protocol;
    QTest::addRow("2999") << 2999 << CloseCodeRange::Protocol;
    QTest::addRow("3000") << 3000 << CloseCodeRange::Registered;
    QTest::addRow("3999") << 3999 << CloseCodeRange::Registered;
    QTest::addRow("4000") << 4000 << CloseCodeRange::Private;
    QTest::addRow("4999") << 4999 << CloseCodeRange::Private;
    QTest::addRow("5000") << 5000 << CloseCodeRange::OutOfRange;
    QTest::addRow("65535") << 65535 << CloseCodeRange::OutOfRange;
}

void tst_Registry::closeCodeRanges()
{
    QFETCH(int, code);
    QFETCH(CloseCodeRange, range);
    QCOMPARE(closeCodeRange(quint16(code)), range);
}

void tst_Registry::closeRequests_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<CloseRequestProblem>("problem");
    QTest::addRow("normal with reason") << 1000 << QByteArray("bye") << CloseRequestProblem::None;
    QTest::addRow("application code") << 4999 << QByteArray() << CloseRequestProblem::None;
    QTest::addRow("no code") << 1005 << QByteArray() << CloseRequestProblem::None;
    QTest::addRow("123-byte reason") << 1000 << QByteArray(123, 'r') << CloseRequestProblem::None;
    QTest::addRow("1006 is never sent") << 1006 << QByteArray() << CloseRequestProblem::CodeNotSendable;
    QTest::addRow("unassigned 2999") << 2999 << QByteArray() << CloseRequestProblem::CodeNotSendable;
    QTest::addRow("5000") << 5000 << QByteArray() << CloseRequestProblem::CodeNotSendable;
    QTest::addRow("124-byte reason") << 1000 << QByteArray(124, 'r') << CloseRequestProblem::ReasonTooLong;
    QTest::addRow("reason without code") << 1005 << QByteArray("x") << CloseRequestProblem::ReasonWithoutCode;
    QTest::addRow("reason not UTF-8") << 1000 << QByteArray("\xc3\x28") << CloseRequestProblem::ReasonNotUtf8;
}

void tst_Registry::closeRequests()
{
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    QFETCH(CloseRequestProblem, problem);
    QCOMPARE(checkCloseRequest(quint16(code), reason), problem);
}

void tst_Registry::subprotocolLookup()
{
    QVERIFY(Registry::subprotocol("mqtt"));
    QCOMPARE(QByteArray(Registry::subprotocol("v12.stomp")->commonName), QByteArray("STOMP 1.2"));
    QVERIFY(Registry::subprotocol("ocpp1.6"));
    // Subprotocol names match exactly.
    QVERIFY(!Registry::subprotocol("MQTT"));
    QVERIFY(!Registry::subprotocol("graphql-ws"));
    QVERIFY(Registry::subprotocols().size() > 30);
}

void tst_Registry::extensionLookup()
{
    QVERIFY(Registry::extension("permessage-deflate"));
    QVERIFY(Registry::extension("PerMessage-Deflate"));
    QVERIFY(!Registry::extension("x-webkit-deflate-frame"));
}

void tst_Registry::noDuplicates()
{
    QSet<QByteArray> seen;
    for (const RegistryEntry &e : Registry::subprotocols()) {
        const QByteArray lower = QByteArray(e.identifier).toLower();
        QVERIFY2(!seen.contains(lower), e.identifier); // RFC 7936: no names differing only by case
        seen.insert(lower);
    }
}

QTEST_GUILESS_MAIN(tst_Registry)
#include "tst_registry.moc"
