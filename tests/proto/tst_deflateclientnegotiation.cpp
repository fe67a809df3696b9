#include "proto/deflateclientnegotiation.h"

#include <QTest>

using namespace sockscope::proto;

namespace {

// Offers written as a header value, the way a user types them, read back with the offer parser.
QList<DeflateOffer> offersFrom(QByteArrayView header)
{
    QList<DeflateOffer> offers;
    if (header.isEmpty())
        return offers;
    const auto extensions = parseExtensionHeader(header);
    if (!extensions)
        qFatal("test offer does not parse: %s", header.toByteArray().constData());
    for (const ExtensionOffer &extension : *extensions)
        offers.append(*DeflateOffer::parse(extension, DeflateElementKind::Offer).offer);
    return offers;
}

DeflateParameters negotiated(bool serverNoContextTakeover, bool clientNoContextTakeover, int serverMaxWindowBits,
                             int clientMaxWindowBits)
{
    return {serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits};
}

} // namespace

class tst_DeflateClientNegotiation : public QObject
{
    Q_OBJECT
private slots:
    void requestHeaderValue_data();
    void requestHeaderValue();
    void accepted_data();
    void accepted();
    void declined_data();
    void declined();
    void badResponse_data();
    void badResponse();
    void responseAsList();
};

void tst_DeflateClientNegotiation::requestHeaderValue_data()
{
    QTest::addColumn<QList<DeflateOffer>>("offers");
    QTest::addColumn<QByteArray>("header");
    QTest::addRow("default offer") << QList<DeflateOffer>{DeflateClientNegotiation::defaultOffer()}
                                   << QByteArray("permessage-deflate; client_max_window_bits");
    DeflateOffer limited;
    limited.serverMaxWindowBits = 10;
    limited.clientMaxWindowBits = DeflateOffer::NoValue;
    // RFC 7692 5: offers in order of preference; here a limited server window first, anything as a fallback
    QTest::addRow("two offers in order of preference")
        << QList<DeflateOffer>{limited, DeflateClientNegotiation::defaultOffer()}
        << QByteArray("permessage-deflate; server_max_window_bits=10; client_max_window_bits, "
                      "permessage-deflate; client_max_window_bits");
    DeflateOffer everything{true, true, 9, 11};
    QTest::addRow("all parameters") << QList<DeflateOffer>{everything}
                                    << QByteArray("permessage-deflate; server_no_context_takeover; "
                                                  "client_no_context_takeover; server_max_window_bits=9; "
                                                  "client_max_window_bits=11");
    QTest::addRow("no offers") << QList<DeflateOffer>{} << QByteArray();
}

void tst_DeflateClientNegotiation::requestHeaderValue()
{
    QFETCH(QList<DeflateOffer>, offers);
    QFETCH(QByteArray, header);
    const DeflateClientNegotiation negotiation(offers);
    QCOMPARE(negotiation.requestHeaderValue(), header);
    QCOMPARE(negotiation.requestExtensions().size(), offers.size());
    QCOMPARE(offersFrom(header), offers);
}

void tst_DeflateClientNegotiation::accepted_data()
{
    QTest::addColumn<QByteArray>("offers");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("acceptedOffer");
    QTest::addColumn<DeflateParameters>("parameters");

    QTest::addRow("plain offer, plain response") << QByteArray("permessage-deflate") << QByteArray("permessage-deflate")
                                                 << 0 << negotiated(false, false, 15, 15);
    QTest::addRow("default offer, plain response")
        << QByteArray("permessage-deflate; client_max_window_bits") << QByteArray("permessage-deflate") << 0
        << negotiated(false, false, 15, 15);
    // RFC 7692 7.1.2.2: "client_max_window_bits" without a value lets the server pick our window
    QTest::addRow("server limits the client's window")
        << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; client_max_window_bits=10") << 0 << negotiated(false, false, 15, 10);
    // RFC 7692 7.1.2.2: a value in the offer is a limit the client keeps whatever the response says
    QTest::addRow("client's own limit holds without a response value")
        << QByteArray("permessage-deflate; client_max_window_bits=10") << QByteArray("permessage-deflate") << 0
        << negotiated(false, false, 15, 10);
    QTest::addRow("client's own limit holds against a larger response value")
        << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("permessage-deflate; client_max_window_bits=12") << 0 << negotiated(false, false, 15, 10);
    QTest::addRow("response lowers the client's limit")
        << QByteArray("permessage-deflate; client_max_window_bits=10")
        << QByteArray("permessage-deflate; client_max_window_bits=8") << 0 << negotiated(false, false, 15, 8);
    // RFC 7692 7.1.2.1: "the same or smaller value as the offer"
    QTest::addRow("server_max_window_bits accepted as offered")
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << 0 << negotiated(false, false, 10, 15);
    QTest::addRow("server_max_window_bits accepted smaller")
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("permessage-deflate; server_max_window_bits=8") << 0 << negotiated(false, false, 8, 15);
    QTest::addRow("server announces a smaller window unasked")
        << QByteArray("permessage-deflate") << QByteArray("permessage-deflate; server_max_window_bits=12") << 0
        << negotiated(false, false, 12, 15);
    // RFC 7692 7.1.1.1
    QTest::addRow("server_no_context_takeover asked and accepted")
        << QByteArray("permessage-deflate; server_no_context_takeover")
        << QByteArray("permessage-deflate; server_no_context_takeover") << 0 << negotiated(true, false, 15, 15);
    QTest::addRow("server_no_context_takeover unasked")
        << QByteArray("permessage-deflate") << QByteArray("permessage-deflate; server_no_context_takeover") << 0
        << negotiated(true, false, 15, 15);
    // RFC 7692 7.1.1.2
    QTest::addRow("client_no_context_takeover offered, response silent")
        << QByteArray("permessage-deflate; client_no_context_takeover") << QByteArray("permessage-deflate") << 0
        << negotiated(false, true, 15, 15);
    QTest::addRow("client_no_context_takeover requested by the server")
        << QByteArray("permessage-deflate") << QByteArray("permessage-deflate; client_no_context_takeover") << 0
        << negotiated(false, true, 15, 15);
    QTest::addRow("everything") << QByteArray(
                                       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                                       "server_max_window_bits=12; client_max_window_bits")
                                << QByteArray(
                                       "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                                       "server_max_window_bits=9; client_max_window_bits=11")
                                << 0 << negotiated(true, true, 9, 11);
    // RFC 7692 7.1.2.1 / 5: a response that only fits the second, fallback offer
    QTest::addRow("fallback to the second offer")
        << QByteArray("permessage-deflate; client_max_window_bits; server_max_window_bits=10, "
                      "permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate") << 1 << negotiated(false, false, 15, 15);
    QTest::addRow("first offer matches")
        << QByteArray("permessage-deflate; client_max_window_bits; server_max_window_bits=10, "
                      "permessage-deflate; client_max_window_bits")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << 0 << negotiated(false, false, 10, 15);
    QTest::addRow("whitespace and other extensions around it")
        << QByteArray("permessage-deflate; client_max_window_bits")
        << QByteArray("x-custom ,  permessage-deflate ;client_max_window_bits = 9") << 0
        << negotiated(false, false, 15, 9);
}

void tst_DeflateClientNegotiation::accepted()
{
    QFETCH(QByteArray, offers);
    QFETCH(QByteArray, response);
    QFETCH(int, acceptedOffer);
    QFETCH(DeflateParameters, parameters);
    const DeflateClientNegotiation negotiation(offersFrom(offers));
    const DeflateClientResult result = negotiation.checkResponseHeader(response);
    QVERIFY2(!result.failure, qPrintable(result.failure.detail));
    QCOMPARE(result.acceptedOffer, acceptedOffer);
    QVERIFY(result.parameters);
    QCOMPARE(*result.parameters, parameters);
}

void tst_DeflateClientNegotiation::declined_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addRow("no header") << QByteArray();
    QTest::addRow("only whitespace") << QByteArray("  ");
    QTest::addRow("other extension only") << QByteArray("x-webkit-deflate-frame");
}

void tst_DeflateClientNegotiation::declined()
{
    QFETCH(QByteArray, response);
    const DeflateClientResult result = DeflateClientNegotiation().checkResponseHeader(response);
    QVERIFY(!result.failure);
    QVERIFY(!result.parameters);
    QCOMPARE(result.acceptedOffer, -1);
}

void tst_DeflateClientNegotiation::badResponse_data()
{
    QTest::addColumn<QByteArray>("offers");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<DeflateNegotiationError>("error");
    QTest::addColumn<QString>("detail");

    const QByteArray defaultOffer = "permessage-deflate; client_max_window_bits";
    QTest::addRow("header does not parse")
        << defaultOffer << QByteArray("permessage-deflate;") << DeflateNegotiationError::MalformedHeader << QString();
    QTest::addRow("unknown parameter") << defaultOffer << QByteArray("permessage-deflate; x-foo")
                                       << DeflateNegotiationError::UnknownParameter << QStringLiteral("x-foo");
    QTest::addRow("duplicate parameter")
        << defaultOffer << QByteArray("permessage-deflate; server_no_context_takeover; server_no_context_takeover")
        << DeflateNegotiationError::DuplicateParameter << QStringLiteral("server_no_context_takeover");
    QTest::addRow("flag with a value") << defaultOffer << QByteArray("permessage-deflate; client_no_context_takeover=1")
                                       << DeflateNegotiationError::UnexpectedValue
                                       << QStringLiteral("client_no_context_takeover=1");
    // RFC 7692 7.1.2.2: a response's client_max_window_bits needs a value
    QTest::addRow("client_max_window_bits without a value")
        << defaultOffer << QByteArray("permessage-deflate; client_max_window_bits")
        << DeflateNegotiationError::MissingValue << QStringLiteral("client_max_window_bits");
    QTest::addRow("server_max_window_bits out of range")
        << defaultOffer << QByteArray("permessage-deflate; server_max_window_bits=16")
        << DeflateNegotiationError::InvalidWindowBits << QStringLiteral("server_max_window_bits=16");
    QTest::addRow("client_max_window_bits out of range")
        << defaultOffer << QByteArray("permessage-deflate; client_max_window_bits=7")
        << DeflateNegotiationError::InvalidWindowBits << QStringLiteral("client_max_window_bits=7");
    QTest::addRow("leading zero") << defaultOffer << QByteArray("permessage-deflate; server_max_window_bits=09")
                                  << DeflateNegotiationError::InvalidWindowBits
                                  << QStringLiteral("server_max_window_bits=09");
    // RFC 7692 7.1.2.2: "MUST NOT include" client_max_window_bits when the offer did not
    QTest::addRow("client_max_window_bits not offered")
        << QByteArray("permessage-deflate") << QByteArray("permessage-deflate; client_max_window_bits=10")
        << DeflateNegotiationError::ClientWindowBitsNotOffered << QStringLiteral("client_max_window_bits=10");
    // RFC 7692 7.1.2.1
    QTest::addRow("server window above the offer")
        << QByteArray("permessage-deflate; server_max_window_bits=10")
        << QByteArray("permessage-deflate; server_max_window_bits=11")
        << DeflateNegotiationError::ServerWindowBitsAboveOffer << QStringLiteral("server_max_window_bits=11");
    QTest::addRow("server window limit ignored")
        << QByteArray("permessage-deflate; server_max_window_bits=10") << QByteArray("permessage-deflate")
        << DeflateNegotiationError::ServerWindowBitsMissing << QStringLiteral("server_max_window_bits=10");
    // RFC 7692 7.1.1.1
    QTest::addRow("server_no_context_takeover ignored")
        << QByteArray("permessage-deflate; server_no_context_takeover") << QByteArray("permessage-deflate")
        << DeflateNegotiationError::ServerNoContextTakeoverMissing << QStringLiteral("server_no_context_takeover");
    // RFC 6455 9.1
    QTest::addRow("accepted twice") << defaultOffer << QByteArray("permessage-deflate, permessage-deflate")
                                    << DeflateNegotiationError::DuplicateExtension << QString();
    QTest::addRow("nothing was offered") << QByteArray() << QByteArray("permessage-deflate")
                                         << DeflateNegotiationError::ExtensionNotOffered << QString();
    QTest::addRow("fits neither offer") << QByteArray(
                                               "permessage-deflate; server_no_context_takeover, permessage-deflate")
                                        << QByteArray("permessage-deflate; client_max_window_bits=10")
                                        << DeflateNegotiationError::ClientWindowBitsNotOffered
                                        << QStringLiteral("offer 2");
}

void tst_DeflateClientNegotiation::badResponse()
{
    QFETCH(QByteArray, offers);
    QFETCH(QByteArray, response);
    QFETCH(DeflateNegotiationError, error);
    QFETCH(QString, detail);
    const DeflateClientNegotiation negotiation(offersFrom(offers));
    const DeflateClientResult result = negotiation.checkResponseHeader(response);
    QCOMPARE(result.failure.error, error);
    QVERIFY(!result.failure.detail.isEmpty());
    QVERIFY2(result.failure.detail.contains(detail), qPrintable(result.failure.detail));
    QVERIFY(!result.parameters);
    QCOMPARE(result.acceptedOffer, -1);
}

void tst_DeflateClientNegotiation::responseAsList()
{
    const DeflateClientNegotiation negotiation;
    ExtensionOffer response{"permessage-deflate", {{"client_max_window_bits", QByteArray("9")}}};
    const DeflateClientResult result = negotiation.checkResponse({ExtensionOffer{"x-other", {}}, response});
    QVERIFY(!result.failure);
    QCOMPARE(result.parameters, std::optional(negotiated(false, false, 15, 9)));
    QVERIFY(!negotiation.checkResponse({}).parameters);
}

QTEST_GUILESS_MAIN(tst_DeflateClientNegotiation)
#include "tst_deflateclientnegotiation.moc"
