#include "proto/deflateoffer.h"

#include <QSet>
#include <QTest>

using namespace sockscope::proto;

namespace {

ExtensionOffer element(QByteArrayView header)
{
    const auto extensions = parseExtensionHeader(header);
    if (!extensions || extensions->size() != 1)
        qFatal("test header does not parse: %s", header.toByteArray().constData());
    return extensions->first();
}

DeflateOffer offer(bool serverNoContextTakeover, bool clientNoContextTakeover, std::optional<int> serverMaxWindowBits,
                   std::optional<int> clientMaxWindowBits)
{
    return {serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits};
}

} // namespace

class tst_DeflateOffer : public QObject
{
    Q_OBJECT
private slots:
    void toExtension_data();
    void toExtension();
    void parse_data();
    void parse();
    void errorNames();
};

void tst_DeflateOffer::toExtension_data()
{
    QTest::addColumn<DeflateOffer>("offer");
    QTest::addColumn<QByteArray>("header");
    QTest::addRow("no parameters") << DeflateOffer{} << QByteArray("permessage-deflate");
    QTest::addRow("client_max_window_bits without a value") << offer(false, false, std::nullopt, DeflateOffer::NoValue)
                                                            << QByteArray("permessage-deflate; client_max_window_bits");
    QTest::addRow("all four") << offer(true, true, 10, 12)
                              << QByteArray("permessage-deflate; server_no_context_takeover; "
                                            "client_no_context_takeover; server_max_window_bits=10; "
                                            "client_max_window_bits=12");
    QTest::addRow("out of range, written as it is") << offer(false, false, 20, 7)
                                                    << QByteArray("permessage-deflate; server_max_window_bits=20; "
                                                                  "client_max_window_bits=7");
}

void tst_DeflateOffer::toExtension()
{
    QFETCH(DeflateOffer, offer);
    QFETCH(QByteArray, header);
    const ExtensionOffer extension = offer.toExtension();
    QCOMPARE(formatExtensionHeader({extension}), header);
    QCOMPARE(extension.name, QByteArray("permessage-deflate"));
}

void tst_DeflateOffer::parse_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<DeflateElementKind>("kind");
    QTest::addColumn<DeflateOffer>("expected");
    QTest::addColumn<DeflateNegotiationError>("error");
    constexpr auto Offer = DeflateElementKind::Offer;
    constexpr auto Response = DeflateElementKind::Response;
    constexpr auto None = DeflateNegotiationError::None;

    QTest::addRow("offer without parameters") << QByteArray("permessage-deflate") << Offer << DeflateOffer{} << None;
    QTest::addRow("offer with all four")
        << QByteArray("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                      "server_max_window_bits=10; client_max_window_bits=12")
        << Offer << offer(true, true, 10, 12) << None;
    QTest::addRow("offer: client_max_window_bits without a value")
        << QByteArray("permessage-deflate; client_max_window_bits") << Offer
        << offer(false, false, std::nullopt, DeflateOffer::NoValue) << None;
    QTest::addRow("response: client_max_window_bits without a value")
        << QByteArray("permessage-deflate; client_max_window_bits") << Response << DeflateOffer{}
        << DeflateNegotiationError::MissingValue;
    QTest::addRow("response: client_max_window_bits=9") << QByteArray("permessage-deflate; client_max_window_bits=9")
                                                        << Response << offer(false, false, std::nullopt, 9) << None;
    QTest::addRow("server_max_window_bits without a value")
        << QByteArray("permessage-deflate; server_max_window_bits") << Offer << DeflateOffer{}
        << DeflateNegotiationError::MissingValue;
    QTest::addRow("quoted value") << QByteArray("permessage-deflate; server_max_window_bits=\"10\"") << Offer
                                  << offer(false, false, 10, std::nullopt) << None;
    QTest::addRow("lowest window, 8") << QByteArray("permessage-deflate; server_max_window_bits=8") << Response
                                      << offer(false, false, 8, std::nullopt) << None;
    QTest::addRow("highest window, 15") << QByteArray("permessage-deflate; client_max_window_bits=15") << Offer
                                        << offer(false, false, std::nullopt, 15) << None;
    for (const char *value : {"7", "16", "0", "08", "010", "+9", "9.0", "abc", "-9", "1e1"}) {
        QTest::addRow("server_max_window_bits=%s", value)
            << "permessage-deflate; server_max_window_bits=" + QByteArray(value) << Offer << DeflateOffer{}
            << DeflateNegotiationError::InvalidWindowBits;
        QTest::addRow("client_max_window_bits=%s", value)
            << "permessage-deflate; client_max_window_bits=" + QByteArray(value) << Response << DeflateOffer{}
            << DeflateNegotiationError::InvalidWindowBits;
    }
    QTest::addRow("server_no_context_takeover with a value")
        << QByteArray("permessage-deflate; server_no_context_takeover=1") << Offer << DeflateOffer{}
        << DeflateNegotiationError::UnexpectedValue;
    QTest::addRow("client_no_context_takeover with a value")
        << QByteArray("permessage-deflate; client_no_context_takeover=true") << Response << DeflateOffer{}
        << DeflateNegotiationError::UnexpectedValue;
    QTest::addRow("unknown parameter") << QByteArray("permessage-deflate; max_window_bits=10") << Offer
                                       << DeflateOffer{} << DeflateNegotiationError::UnknownParameter;
    QTest::addRow("parameter names are case-sensitive")
        << QByteArray("permessage-deflate; Server_No_Context_Takeover") << Offer << DeflateOffer{}
        << DeflateNegotiationError::UnknownParameter;
    QTest::addRow("duplicate flag") << QByteArray(
                                           "permessage-deflate; client_no_context_takeover; client_no_context_takeover")
                                    << Offer << DeflateOffer{} << DeflateNegotiationError::DuplicateParameter;
    QTest::addRow("duplicate window bits, even with the same value")
        << QByteArray("permessage-deflate; server_max_window_bits=10; server_max_window_bits=10") << Response
        << DeflateOffer{} << DeflateNegotiationError::DuplicateParameter;
    QTest::addRow("client_max_window_bits once without and once with a value")
        << QByteArray("permessage-deflate; client_max_window_bits; client_max_window_bits=10") << Offer
        << DeflateOffer{} << DeflateNegotiationError::DuplicateParameter;
}

void tst_DeflateOffer::parse()
{
    QFETCH(QByteArray, header);
    QFETCH(DeflateElementKind, kind);
    QFETCH(DeflateOffer, expected);
    QFETCH(DeflateNegotiationError, error);
    const DeflateOfferParseResult result = DeflateOffer::parse(element(header), kind);
    QCOMPARE(result.failure.error, error);
    if (error != DeflateNegotiationError::None) {
        QVERIFY(!result.offer);
        QVERIFY(!result.failure.detail.isEmpty());
        return;
    }
    QVERIFY(result.offer);
    QCOMPARE(*result.offer, expected);
    // Formatting what was read gives back an equivalent element.
    QCOMPARE(DeflateOffer::parse(result.offer->toExtension(), kind).offer, result.offer);
}

void tst_DeflateOffer::errorNames()
{
    QSet<QByteArray> names;
    for (int v = int(DeflateNegotiationError::None); v <= int(DeflateNegotiationError::ServerNoContextTakeoverMissing);
         ++v) {
        const auto error = DeflateNegotiationError(v);
        const QByteArray name = deflateNegotiationErrorName(error);
        QVERIFY(name != "unknown");
        QVERIFY2(!names.contains(name), name.constData());
        names.insert(name);
        QVERIFY(!deflateNegotiationErrorDescription(error).isEmpty());
        if (error != DeflateNegotiationError::None)
            QVERIFY(deflateNegotiationErrorDescription(error).contains(QLatin1String("RFC")));
    }
    QCOMPARE(names.size(), 13);
}

QTEST_GUILESS_MAIN(tst_DeflateOffer)
#include "tst_deflateoffer.moc"
