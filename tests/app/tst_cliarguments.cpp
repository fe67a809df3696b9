#include "cli/cliarguments.h"

#include <QTest>

using namespace sockscope;
using namespace sockscope::cli;

namespace {
ParsedCommand parsed(const QStringList &args)
{
    const auto result = parseArguments(args);
    if (const auto *error = std::get_if<UsageError>(&result))
        qWarning("unexpected usage error: %s", qPrintable(error->message));
    return std::get<ParsedCommand>(result);
}
} // namespace

class tst_CliArguments : public QObject
{
    Q_OBJECT
private slots:
    void serveDefaults();
    void serveOptions();
    void connectKeepsSendOrder();
    void connectClose();
    void replayOptions();
    void serveMockOptions();
    void convertFiles();
    void usageErrors_data();
    void usageErrors();
};

void tst_CliArguments::serveDefaults()
{
    const auto command = parsed({QStringLiteral("serve")});
    const auto &serve = std::get<ServeArguments>(command);
    QCOMPARE(serve.options.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(serve.options.port, quint16(9998));
    QCOMPARE(serve.options.path, QByteArray("/echo"));
    QCOMPARE(serve.options.mode, net::ServerMode::Echo);
    QVERIFY(!serve.selfSigned);
}

void tst_CliArguments::serveOptions()
{
    const auto command =
        parsed({QStringLiteral("serve"), QStringLiteral("--host"), QStringLiteral("::1"), QStringLiteral("--port=0"),
                QStringLiteral("--path"), QStringLiteral("/ws"), QStringLiteral("--mode"), QStringLiteral("relay"),
                QStringLiteral("--upstream"), QStringLiteral("wss://example.org/feed"), QStringLiteral("--max-message"),
                QStringLiteral("1048576"), QStringLiteral("-p"), QStringLiteral("chat"), QStringLiteral("--echo-delay"),
                QStringLiteral("20"), QStringLiteral("--ignore-pings"), QStringLiteral("--tls-self-signed"),
                QStringLiteral("-v")});
    const auto &serve = std::get<ServeArguments>(command);
    QCOMPARE(serve.options.address, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(serve.options.port, quint16(0));
    QCOMPARE(serve.options.path, QByteArray("/ws"));
    QCOMPARE(serve.options.mode, net::ServerMode::Relay);
    QCOMPARE(serve.options.upstream.url, QUrl(QStringLiteral("wss://example.org/feed")));
    QCOMPARE(serve.options.connection.maxMessageSize, quint64(1048576));
    QCOMPARE(serve.options.subprotocols, QList<QByteArray>{"chat"});
    QCOMPARE(serve.options.faults.echoDelayMs, 20);
    QVERIFY(serve.options.faults.ignorePings);
    QVERIFY(serve.selfSigned);
    QVERIFY(serve.verbose);
}

void tst_CliArguments::connectKeepsSendOrder()
{
    const auto command =
        parsed({QStringLiteral("connect"), QStringLiteral("--send-hex"), QStringLiteral("00"),
                QStringLiteral("ws://127.0.0.1:9998/echo?x=1"), QStringLiteral("--send"), QStringLiteral("a"),
                QStringLiteral("--send-file"), QStringLiteral("f.bin"), QStringLiteral("--send=b"),
                QStringLiteral("-H"), QStringLiteral("Cookie:  id=1 "), QStringLiteral("-p"), QStringLiteral("v1"),
                QStringLiteral("--deflate"), QStringLiteral("--timeout"), QStringLiteral("2.5")});
    const auto &connect = std::get<ConnectArguments>(command);
    QCOMPARE(connect.url, QUrl(QStringLiteral("ws://127.0.0.1:9998/echo?x=1")));
    QCOMPARE(connect.sends.size(), 4);
    QCOMPARE(connect.sends[0].kind, SendItem::Kind::Hex);
    QCOMPARE(connect.sends[1].value, QStringLiteral("a"));
    QCOMPARE(connect.sends[2].kind, SendItem::Kind::File);
    QCOMPARE(connect.sends[3].value, QStringLiteral("b"));
    QCOMPARE(connect.headers.size(), 1);
    QCOMPARE(connect.headers[0].first, QByteArray("Cookie"));
    QCOMPARE(connect.headers[0].second, QByteArray("id=1"));
    QCOMPARE(connect.protocols, QList<QByteArray>{"v1"});
    QVERIFY(connect.deflate);
    QCOMPARE(connect.timeoutSeconds, 2.5);
    QVERIFY(connect.caFile.isEmpty() && connect.clientCertFile.isEmpty() && connect.clientKeyFile.isEmpty());

    const auto tls = std::get<ConnectArguments>(parsed(
        {QStringLiteral("connect"), QStringLiteral("wss://h/"), QStringLiteral("--cacert"), QStringLiteral("ca.pem"),
         QStringLiteral("--cert=me.crt"), QStringLiteral("--key"), QStringLiteral("me.key")}));
    QCOMPARE(tls.caFile, QStringLiteral("ca.pem"));
    QCOMPARE(tls.clientCertFile, QStringLiteral("me.crt"));
    QCOMPARE(tls.clientKeyFile, QStringLiteral("me.key"));
}

void tst_CliArguments::connectClose()
{
    const auto withReason = std::get<ConnectArguments>(parsed(
        {QStringLiteral("connect"), QStringLiteral("ws://h/"), QStringLiteral("--close"), QStringLiteral("4001:a:b")}));
    QCOMPARE(withReason.closeCode, std::optional<quint16>(4001));
    QCOMPARE(withReason.closeReason, QByteArray("a:b"));
    const auto noBody = std::get<ConnectArguments>(parsed(
        {QStringLiteral("connect"), QStringLiteral("ws://h/"), QStringLiteral("--close"), QStringLiteral("1005")}));
    QCOMPARE(noBody.closeCode, std::optional<quint16>(1005));
}

void tst_CliArguments::replayOptions()
{
    const auto parsed = parseArguments(
        {QStringLiteral("replay"), QStringLiteral("s.sksession"), QStringLiteral("--url"),
         QStringLiteral("ws://127.0.0.1:1/x"), QStringLiteral("--speed"), QStringLiteral("2.5"),
         QStringLiteral("--ignore"), QStringLiteral("$..ts"), QStringLiteral("--ignore"), QStringLiteral("id"),
         QStringLiteral("--exact"), QStringLiteral("--report"), QStringLiteral("r.json"),
         QStringLiteral("--connection"), QStringLiteral("3"), QStringLiteral("--wait"), QStringLiteral("0.5")});
    const auto *command = std::get_if<ParsedCommand>(&parsed);
    QVERIFY(command);
    const auto *args = std::get_if<ReplayArguments>(command);
    QVERIFY(args);
    QCOMPARE(args->file, QStringLiteral("s.sksession"));
    QCOMPARE(args->url, QUrl(QStringLiteral("ws://127.0.0.1:1/x")));
    QCOMPARE(args->speed, 2.5);
    QCOMPARE(args->ignorePaths, (QStringList{QStringLiteral("$..ts"), QStringLiteral("id")}));
    QVERIFY(args->exact);
    QCOMPARE(args->reportFile, QStringLiteral("r.json"));
    QCOMPARE(args->connection, 3u);
    QCOMPARE(args->settleSeconds, 0.5);
    const auto fastest = parseArguments(
        {QStringLiteral("replay"), QStringLiteral("s"), QStringLiteral("--speed"), QStringLiteral("max")});
    QCOMPARE(std::get<ReplayArguments>(std::get<ParsedCommand>(fastest)).speed, 0.0);
}

void tst_CliArguments::serveMockOptions()
{
    const auto defaults =
        std::get<ServeArguments>(parsed({QStringLiteral("serve"), QStringLiteral("--mode"), QStringLiteral("mock"),
                                         QStringLiteral("--session"), QStringLiteral("r.sksession")}));
    QCOMPARE(defaults.options.mode, net::ServerMode::Mock);
    QCOMPARE(defaults.sessionFile, QStringLiteral("r.sksession"));
    QCOMPARE(defaults.connection, 0u);
    QCOMPARE(defaults.options.mock.timing, net::MockTiming::Recorded);
    QCOMPARE(defaults.options.mock.speed, 1.0);
    QCOMPARE(defaults.options.mock.atEnd, net::MockEnd::Close);

    const auto given = std::get<ServeArguments>(
        parsed({QStringLiteral("serve"), QStringLiteral("--session=r.sksession"), QStringLiteral("--connection"),
                QStringLiteral("2"), QStringLiteral("--speed"), QStringLiteral("0.5"), QStringLiteral("--mock-end"),
                QStringLiteral("open"), QStringLiteral("--mode"), QStringLiteral("mock"),
                QStringLiteral("--echo-delay"), QStringLiteral("10")}));
    QCOMPARE(given.connection, 2u);
    QCOMPARE(given.options.mock.speed, 0.5);
    QCOMPARE(given.options.mock.atEnd, net::MockEnd::StayOpen);
    QCOMPARE(given.options.faults.echoDelayMs, 10);

    const auto immediate = std::get<ServeArguments>(
        parsed({QStringLiteral("serve"), QStringLiteral("--mode"), QStringLiteral("mock"), QStringLiteral("--session"),
                QStringLiteral("r"), QStringLiteral("--mock-timing"), QStringLiteral("immediate"),
                QStringLiteral("--mock-end"), QStringLiteral("close")}));
    QCOMPARE(immediate.options.mock.timing, net::MockTiming::Immediate);
    QCOMPARE(immediate.options.mock.atEnd, net::MockEnd::Close);
}

void tst_CliArguments::convertFiles()
{
    const auto parsed =
        parseArguments({QStringLiteral("convert"), QStringLiteral("a.sksession"), QStringLiteral("b.pcapng")});
    const auto &args = std::get<ConvertArguments>(std::get<ParsedCommand>(parsed));
    QCOMPARE(args.input, QStringLiteral("a.sksession"));
    QCOMPARE(args.output, QStringLiteral("b.pcapng"));
}

void tst_CliArguments::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("no command") << QStringList{} << QStringLiteral("no command");
    QTest::addRow("unknown command") << QStringList{QStringLiteral("listen")} << QStringLiteral("unknown command");
    QTest::addRow("connect without url") << QStringList{QStringLiteral("connect")} << QStringLiteral("needs a URL");
    QTest::addRow("http url") << QStringList{QStringLiteral("connect"), QStringLiteral("http://h/")}
                              << QStringLiteral("not a ws://");
    QTest::addRow("two urls") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://a/"),
                                             QStringLiteral("ws://b/")}
                              << QStringLiteral("second one");
    QTest::addRow("header without colon") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                         QStringLiteral("-H"), QStringLiteral("NoColon")}
                                          << QStringLiteral("'Name: value'");
    QTest::addRow("send without value") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                       QStringLiteral("--send")}
                                        << QStringLiteral("--send needs a value");
    QTest::addRow("reserved close code") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                        QStringLiteral("--close"), QStringLiteral("1006")}
                                         << QStringLiteral("may be sent");
    QTest::addRow("long close reason") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                      QStringLiteral("--close"),
                                                      QStringLiteral("1000:") + QString(124, QLatin1Char('r'))}
                                       << QStringLiteral("123 bytes");
    QTest::addRow("echo and close") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                   QStringLiteral("--echo"), QStringLiteral("--close"),
                                                   QStringLiteral("1000")}
                                    << QStringLiteral("--echo");
    QTest::addRow("bad timeout") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                QStringLiteral("--timeout"), QStringLiteral("soon")}
                                 << QStringLiteral("seconds");
    QTest::addRow("bad port") << QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("70000")}
                              << QStringLiteral("port number");
    QTest::addRow("host name") << QStringList{QStringLiteral("serve"), QStringLiteral("--host"),
                                              QStringLiteral("example.org")}
                               << QStringLiteral("not an IP address");
    QTest::addRow("relay without upstream")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--mode"), QStringLiteral("relay")}
        << QStringLiteral("--upstream");
    QTest::addRow("cert without key") << QStringList{QStringLiteral("serve"), QStringLiteral("--tls-cert"),
                                                     QStringLiteral("c.pem")}
                                      << QStringLiteral("go together");
    QTest::addRow("key without cert") << QStringList{QStringLiteral("connect"), QStringLiteral("wss://h/"),
                                                     QStringLiteral("--key"), QStringLiteral("k.pem")}
                                      << QStringLiteral("--key goes with --cert");
    QTest::addRow("self-signed and cert")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--tls-self-signed"), QStringLiteral("--tls-cert"),
                       QStringLiteral("c"),     QStringLiteral("--tls-key"),         QStringLiteral("k")}
        << QStringLiteral("either");
    QTest::addRow("path without slash") << QStringList{QStringLiteral("serve"), QStringLiteral("--path"),
                                                       QStringLiteral("echo")}
                                        << QStringLiteral("start with /");
    QTest::addRow("replay without file") << QStringList{QStringLiteral("replay")}
                                         << QStringLiteral("needs a session file");
    QTest::addRow("replay speed") << QStringList{QStringLiteral("replay"), QStringLiteral("f"),
                                                 QStringLiteral("--speed"), QStringLiteral("20")}
                                  << QStringLiteral("from 0.1 to 10");
    QTest::addRow("replay http url") << QStringList{QStringLiteral("replay"), QStringLiteral("f"),
                                                    QStringLiteral("--url"), QStringLiteral("http://h/")}
                                     << QStringLiteral("not a ws://");
    QTest::addRow("replay connection 0") << QStringList{QStringLiteral("replay"), QStringLiteral("f"),
                                                        QStringLiteral("--connection"), QStringLiteral("0")}
                                         << QStringLiteral("connection number");
    QTest::addRow("convert one file") << QStringList{QStringLiteral("convert"), QStringLiteral("a.sksession")}
                                      << QStringLiteral("an input and an output");
    QTest::addRow("record without file") << QStringList{QStringLiteral("connect"), QStringLiteral("ws://h/"),
                                                        QStringLiteral("--record")}
                                         << QStringLiteral("--record");
    QTest::addRow("mock without session")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--mode"), QStringLiteral("mock")}
        << QStringLiteral("--session FILE");
    QTest::addRow("session without mock")
        << QStringList{QStringLiteral("serve"), QStringLiteral("--session"), QStringLiteral("r.sksession")}
        << QStringLiteral("--session is only used with --mode mock");
    QTest::addRow("speed without mock") << QStringList{QStringLiteral("serve"), QStringLiteral("--speed"),
                                                       QStringLiteral("2")}
                                        << QStringLiteral("--speed is only used with --mode mock");
    QTest::addRow("mock speed out of range")
        << QStringList{QStringLiteral("serve"),     QStringLiteral("--mode"), QStringLiteral("mock"),
                       QStringLiteral("--session"), QStringLiteral("r"),      QStringLiteral("--speed"),
                       QStringLiteral("0")}
        << QStringLiteral("from 0.1 to 10");
    QTest::addRow("speed with immediate timing")
        << QStringList{QStringLiteral("serve"),    QStringLiteral("--mode"),
                       QStringLiteral("mock"),     QStringLiteral("--session"),
                       QStringLiteral("r"),        QStringLiteral("--speed"),
                       QStringLiteral("2"),        QStringLiteral("--mock-timing"),
                       QStringLiteral("immediate")}
        << QStringLiteral("immediate has none");
    QTest::addRow("unknown mock timing") << QStringList{QStringLiteral("serve"), QStringLiteral("--mode"),
                                                        QStringLiteral("mock"),  QStringLiteral("--session"),
                                                        QStringLiteral("r"),     QStringLiteral("--mock-timing"),
                                                        QStringLiteral("fast")}
                                         << QStringLiteral("recorded or immediate");
    QTest::addRow("unknown mock end") << QStringList{QStringLiteral("serve"),  QStringLiteral("--mode"),
                                                     QStringLiteral("mock"),   QStringLiteral("--session"),
                                                     QStringLiteral("r"),      QStringLiteral("--mock-end"),
                                                     QStringLiteral("hang-up")}
                                      << QStringLiteral("close or open");
    QTest::addRow("mock connection 0") << QStringList{QStringLiteral("serve"), QStringLiteral("--mode"),
                                                      QStringLiteral("mock"),  QStringLiteral("--session"),
                                                      QStringLiteral("r"),     QStringLiteral("--connection"),
                                                      QStringLiteral("0")}
                                       << QStringLiteral("connection number");
    QTest::addRow("unknown mode") << QStringList{QStringLiteral("serve"), QStringLiteral("--mode"),
                                                 QStringLiteral("mirror")}
                                  << QStringLiteral("relay or mock");
    QTest::addRow("refuse 101") << QStringList{QStringLiteral("serve"), QStringLiteral("--refuse"),
                                               QStringLiteral("101")}
                                << QStringLiteral("HTTP status");
}

void tst_CliArguments::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const auto result = parseArguments(arguments);
    const auto *error = std::get_if<UsageError>(&result);
    QVERIFY(error);
    QVERIFY2(error->message.contains(mentions), qPrintable(error->message));
}

QTEST_GUILESS_MAIN(tst_CliArguments)
#include "tst_cliarguments.moc"
