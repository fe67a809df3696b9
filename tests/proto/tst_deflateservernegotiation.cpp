#include "proto/deflateclientnegotiation.h"
#include "proto/deflateservernegotiation.h"

#include <QStringList>
#include <QTest>

using namespace sockscope::proto;

namespace {

DeflateServerPolicy policy(bool serverNoContextTakeover = false, bool clientNoContextTakeover = false,
                           int serverMaxWindowBits = 15, int clientMaxWindowBits = 15)
{
    return {true, serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits};
}

DeflateParameters negotiated(bool serverNoContextTakeover, bool clientNoContextTakeover, int serverMaxWindowBits,
                             int clientMaxWindowBits)
{
    return {serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits};
}

// "index:error-name" for every declined offer, e.g. "0:unknown-parameter", so rows read like the header.
QString declinedText(const QList<DeclinedDeflateOffer> &declined)
{
    QStringList parts;
    for (const DeclinedDeflateOffer &offer : declined)
        parts.append(QStringLiteral("%1:%2")
                         .arg(offer.index)
                         .arg(QLatin1String(deflateNegotiationErrorName(offer.reason.error))));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class tst_DeflateServerNegotiation : public QObject
{
    Q_OBJECT
private slots:
    void negotiate_data();
    void negotiate();
    void notAccepted_data();
    void notAccepted();
    void malformedHeader();
    void clientAgrees_data();
    void clientAgrees();
};

void tst_DeflateServerNegotiation::negotiate_data()
{
    QTest::addColumn<DeflateServerPolicy>("policy");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("acceptedIndex");
    QTest::addColumn<DeflateParameters>("parameters");
    QTest::addColumn<QString>("declined");

    QTest::addRow("plain offer") << policy() << QByteArray("permessage-deflate") << QByteArray("permessage-deflate")
                                 << 0 << negotiated(false, false, 15, 15) << QString();
    QTest::addRow("browser offer") << policy() << QByteArray("permessage-deflate; client_max_window_bits")
                                   << QByteArray("permessage-deflate") << 0 << negotiated(false, false, 15, 15)
                                   << QString();
    // RFC 7692 7.1.2.2: the server may limit the client's window only when the offer has the parameter
    QTest::addRow("limit the client's window")
        << policy(false, false, 15, 10) << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; client_max_window_bits=10") << 0 << negotiated(false, false, 15, 10)
        << QString();
    QTest::addRow("cannot limit a client that did not offer it")
        << policy(false, false, 15, 10) << QByteArray("permessage-deflate") << QByteArray("permessage-deflate") << 0
        << negotiated(false, false, 15, 15) << QString();
    QTest::addRow("client's own value is echoed")
        << policy() << QByteArray("permessage-deflate; client_max_window_bits=12")
        << QByteArray("permessage-deflate; client_max_window_bits=12") << 0 << negotiated(false, false, 15, 12)
        << QString();
    QTest::addRow("policy below the client's value")
        << policy(false, false, 15, 9) << QByteArray("permessage-deflate; client_max_window_bits=12")
        << QByteArray("permessage-deflate; client_max_window_bits=9") << 0 << negotiated(false, false, 15, 9)
        << QString();
    // RFC 7692 7.1.1.1: accepting server_no_context_takeover means including it
    QTest::addRow("server_no_context_takeover asked")
        << policy() << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("permessage-deflate; server_no_context_takeover") << 0 << negotiated(true, false, 15, 15)
        << QString();
    QTest::addRow("server picks server_no_context_takeover")
        << policy(true) << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; server_no_context_takeover") << 0 << negotiated(true, false, 15, 15)
        << QString();
    // RFC 7692 7.1.1.2
    QTest::addRow("client_no_context_takeover offered is echoed")
        << policy() << QByteArray("permessage-deflate; client_no_context_takeover")
        << QByteArray("permessage-deflate; client_no_context_takeover") << 0 << negotiated(false, true, 15, 15)
        << QString();
    QTest::addRow("server asks for client_no_context_takeover")
        << policy(false, true) << QByteArray("permessage-deflate")
        << QByteArray("permessage-deflate; client_no_context_takeover") << 0 << negotiated(false, true, 15, 15)
        << QString();
    // RFC 7692 7.1.2.1
    QTest::addRow("server_max_window_bits accepted as offered")
        << policy() << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << 0 << negotiated(false, false, 10, 15)
        << QString();
    QTest::addRow("server_max_window_bits answered smaller")
        << policy(false, false, 9) << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("permessage-deflate; server_max_window_bits=9") << 0 << negotiated(false, false, 9, 15)
        << QString();
    QTest::addRow("server_max_window_bits=8 accepted")
        << policy() << QByteArray("permessage-deflate; server_max_window_bits=8")
        << QByteArray("permessage-deflate; server_max_window_bits=8") << 0 << negotiated(false, false, 8, 15)
        << QString();
    QTest::addRow("smaller server window announced unasked")
        << policy(false, false, 12) << QByteArray("permessage-deflate")
        << QByteArray("permessage-deflate; server_max_window_bits=12") << 0 << negotiated(false, false, 12, 15)
        << QString();
    QTest::addRow("everything") << policy(true, true, 11, 10)
                                << QByteArray("permessage-deflate; server_max_window_bits=12; client_max_window_bits")
                                << QByteArray(
                                       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                                       "server_max_window_bits=11; client_max_window_bits=10")
                                << 0 << negotiated(true, true, 11, 10) << QString();
    // RFC 7692 5: the first acceptable offer wins
    QTest::addRow("first of two valid offers")
        << policy()
        << QByteArray("permessage-deflate; client_max_window_bits; server_max_window_bits=10, "
                      "permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << 0 << negotiated(false, false, 10, 15)
        << QString();
    // RFC 7692 7.1: an invalid offer is declined and the next one considered
    QTest::addRow("unknown parameter, fallback to the second offer")
        << policy() << QByteArray("permessage-deflate; x-foo, permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate") << 1 << negotiated(false, false, 15, 15)
        << QStringLiteral("0:unknown-parameter");
    QTest::addRow("two declined, third accepted")
        << policy()
        << QByteArray("permessage-deflate; server_max_window_bits=16, "
                      "permessage-deflate; server_no_context_takeover; server_no_context_takeover, "
                      "permessage-deflate; server_no_context_takeover")
        << QByteArray("permessage-deflate; server_no_context_takeover") << 2 << negotiated(true, false, 15, 15)
        << QStringLiteral("0:invalid-window-bits 1:duplicate-parameter");
    QTest::addRow("other extensions are skipped, not declined")
        << policy() << QByteArray("x-webkit-deflate-frame, permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate") << 1 << negotiated(false, false, 15, 15) << QString();
    QTest::addRow("out-of-range policy is clamped")
        << policy(false, false, 4, 20) << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; server_max_window_bits=8") << 0 << negotiated(false, false, 8, 15)
        << QString();
}

void tst_DeflateServerNegotiation::negotiate()
{
    QFETCH(DeflateServerPolicy, policy);
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, response);
    QFETCH(int, acceptedIndex);
    QFETCH(DeflateParameters, parameters);
    QFETCH(QString, declined);
    const DeflateServerResult result = DeflateServerNegotiation(policy).negotiateHeader(request);
    QVERIFY(!result.failure);
    QCOMPARE(result.responseHeaderValue(), response);
    QCOMPARE(result.acceptedIndex, acceptedIndex);
    QCOMPARE(result.parameters, std::optional(parameters));
    QCOMPARE(declinedText(result.declined), declined);
    for (const DeclinedDeflateOffer &offer : result.declined)
        QVERIFY(!offer.reason.detail.isEmpty());
}

void tst_DeflateServerNegotiation::notAccepted_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("declined");
    QTest::addRow("no header") << true << QByteArray() << QString();
    QTest::addRow("other extension only") << true << QByteArray("x-webkit-deflate-frame") << QString();
    QTest::addRow("disabled") << false << QByteArray("permessage-deflate") << QString();
    QTest::addRow("every offer invalid")
        << true
        << QByteArray("permessage-deflate; client_max_window_bits=08, permessage-deflate; server_max_window_bits, "
                      "permessage-deflate; client_no_context_takeover=yes")
        << QStringLiteral("0:invalid-window-bits 1:missing-value 2:unexpected-value");
}

void tst_DeflateServerNegotiation::notAccepted()
{
    QFETCH(bool, enabled);
    QFETCH(QByteArray, request);
    QFETCH(QString, declined);
    DeflateServerPolicy serverPolicy;
    serverPolicy.enabled = enabled;
    const DeflateServerResult result = DeflateServerNegotiation(serverPolicy).negotiateHeader(request);
    QVERIFY(!result.failure);
    QVERIFY(!result.parameters);
    QVERIFY(!result.response);
    QCOMPARE(result.acceptedIndex, -1);
    QCOMPARE(result.responseHeaderValue(), QByteArray());
    QCOMPARE(declinedText(result.declined), declined);
}

void tst_DeflateServerNegotiation::malformedHeader()
{
    const DeflateServerResult result = DeflateServerNegotiation().negotiateHeader("permessage-deflate; =10");
    QCOMPARE(result.failure.error, DeflateNegotiationError::MalformedHeader);
    QVERIFY(!result.failure.detail.isEmpty());
    QVERIFY(!result.parameters);
    QCOMPARE(result.responseHeaderValue(), QByteArray());
}

void tst_DeflateServerNegotiation::clientAgrees_data()
{
    QTest::addColumn<QList<DeflateOffer>>("offers");
    QTest::addColumn<DeflateServerPolicy>("policy");
    const DeflateOffer browser = DeflateClientNegotiation::defaultOffer();
    const QList<DeflateOffer> candidates = {
        DeflateOffer{},
        browser,
        DeflateOffer{true, false, std::nullopt, std::nullopt},
        DeflateOffer{false, true, std::nullopt, 11},
        DeflateOffer{true, true, 10, DeflateOffer::NoValue},
        DeflateOffer{false, false, 8, 8},
    };
    const QList<DeflateServerPolicy> policies = {policy(),
                                                 policy(true),
                                                 policy(false, true),
                                                 policy(false, false, 9),
                                                 policy(false, false, 15, 8),
                                                 policy(true, true, 12, 10)};
    for (qsizetype o = 0; o < candidates.size(); ++o) {
        for (qsizetype p = 0; p < policies.size(); ++p)
            QTest::addRow("offer %lld, policy %lld", qlonglong(o), qlonglong(p))
                << QList<DeflateOffer>{candidates[o]} << policies[p];
    }
    QTest::addRow("two offers, first with a window limit")
        << QList<DeflateOffer>{DeflateOffer{false, false, 10, DeflateOffer::NoValue}, browser} << policy(true);
}

void tst_DeflateServerNegotiation::clientAgrees()
{
    // Whatever the server answers, the client accepts, and both ends end up with the same parameters.
    QFETCH(QList<DeflateOffer>, offers);
    QFETCH(DeflateServerPolicy, policy);
    const DeflateClientNegotiation client(offers);
    const DeflateServerResult server = DeflateServerNegotiation(policy).negotiateHeader(client.requestHeaderValue());
    QVERIFY(server.parameters);
    QVERIFY(server.declined.isEmpty());
    const DeflateClientResult answer = client.checkResponseHeader(server.responseHeaderValue());
    QVERIFY2(!answer.failure, qPrintable(answer.failure.detail));
    QCOMPARE(answer.acceptedOffer, server.acceptedIndex);
    QCOMPARE(answer.parameters, server.parameters);
}

QTEST_GUILESS_MAIN(tst_DeflateServerNegotiation)
#include "tst_deflateservernegotiation.moc"
