#include "ui/connectioncommand.h"

#include "cli/cliarguments.h"

#include <QProcess>
#include <QTest>

using namespace sockscope;
using ui::ConnectionCommand;
using ui::ConnectionSettings;
using Headers = QList<std::pair<QString, QString>>;

namespace {
// The words a POSIX shell makes of a command line: `set --` puts them in "$@", printf writes each one ended by a NUL.
QStringList shellWords(const QString &commandLine)
{
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("set -- ") + commandLine +
                                                                   QStringLiteral("\nprintf '%s\\0' \"$@\"")});
    if (!sh.waitForFinished(10000) || sh.exitStatus() != QProcess::NormalExit || sh.exitCode() != 0) {
        qWarning("sh failed: %s", sh.readAllStandardError().constData());
        return {};
    }
    QList<QByteArray> raw = sh.readAllStandardOutput().split('\0');
    raw.removeLast(); // what follows the last NUL
    QStringList words;
    for (const QByteArray &word : raw)
        words << QString::fromUtf8(word);
    return words;
}

ConnectionSettings settingsWith(const QString &url, const QString &protocols, const QString &origin,
                                const Headers &headers, bool deflate)
{
    ConnectionSettings s;
    s.url = url;
    s.subprotocols = protocols;
    s.origin = origin;
    s.headers = headers;
    s.deflate = deflate;
    return s;
}
} // namespace

class tst_ConnectionCommand : public QObject
{
    Q_OBJECT
private slots:
    void commandLines_data();
    void commandLines();
    void roundTrip_data();
    void roundTrip();
    void insecureOnlyWhenAsked();
    void omissions_data();
    void omissions();
    void shellQuote_data();
    void shellQuote();
};

void tst_ConnectionCommand::commandLines_data()
{
    QTest::addColumn<ConnectionSettings>("settings");
    QTest::addColumn<QString>("cli");
    QTest::addColumn<QString>("websocat");

    QTest::addRow("URL only") << settingsWith(QStringLiteral("ws://127.0.0.1:9998/echo"), {}, {}, {}, false)
                              << QStringLiteral("sockscope-cli connect ws://127.0.0.1:9998/echo")
                              << QStringLiteral("websocat ws://127.0.0.1:9998/echo");
    QTest::addRow("everything a tab sends")
        << settingsWith(QStringLiteral("wss://example.org/feed?x=1&y=2"), QStringLiteral("chat, superchat,"),
                        QStringLiteral("https://example.org"),
                        Headers{{QStringLiteral("Authorization"), QStringLiteral("Bearer abc")},
                                {QStringLiteral("X-Note"), QStringLiteral("it's $HOME")}},
                        true)
        << QStringLiteral("sockscope-cli connect 'wss://example.org/feed?x=1&y=2' -p chat -p superchat --origin "
                          "https://example.org -H 'Authorization: Bearer abc' -H 'X-Note: it'\\''s $HOME' --deflate")
        << QStringLiteral("websocat --protocol='chat, superchat' --origin=https://example.org "
                          "'wss://example.org/feed?x=1&y=2' --header='Authorization: Bearer abc' "
                          "--header='X-Note: it'\\''s $HOME'");
}

void tst_ConnectionCommand::commandLines()
{
    QFETCH(ConnectionSettings, settings);
    QFETCH(QString, cli);
    QFETCH(QString, websocat);
    QCOMPARE(ConnectionCommand(ConnectionCommand::Tool::SockscopeCli, settings).commandLine(), cli);
    QCOMPARE(ConnectionCommand(ConnectionCommand::Tool::Websocat, settings).commandLine(), websocat);
}

void tst_ConnectionCommand::roundTrip_data()
{
    QTest::addColumn<ConnectionSettings>("settings");
    const QString url = QStringLiteral("ws://127.0.0.1:9998/echo");

    QTest::addRow("spaces") << settingsWith(url, QStringLiteral("chat"), QStringLiteral("http://my site"),
                                            Headers{{QStringLiteral("X-Name"), QStringLiteral("a b  c")}}, false);
    QTest::addRow("single quotes") << settingsWith(
        url, {}, QStringLiteral("it's"), Headers{{QStringLiteral("X-Q"), QStringLiteral("'quoted' '' end'")}}, true);
    QTest::addRow("double quotes, dollars and backticks") << settingsWith(
        url, {}, {}, Headers{{QStringLiteral("X-Shell"), QStringLiteral("\"$HOME\" `id` $(id) ${x} $$ \\$")}}, false);
    QTest::addRow("globs and operators") << settingsWith(
        url, {}, QStringLiteral("*"),
        Headers{{QStringLiteral("X-Ops"), QStringLiteral("* ? [a] ~ # ; & | < > ( ) { } ! \\n \\")}}, false);
    QTest::addRow("line break inside a value")
        << settingsWith(url, {}, {}, Headers{{QStringLiteral("X-Lines"), QStringLiteral("line one\nline two")}}, false);
    QTest::addRow("beyond ASCII") << settingsWith(
        url, QStringLiteral("\u30c1\u30e3\u30c3\u30c8"), QStringLiteral("https://b\u00fccher.example"),
        Headers{{QStringLiteral("X-Text"), QStringLiteral("\u65e5\u672c\u8a9e \u2713 \U0001F600")}}, false);
    QTest::addRow("values that look like options")
        << settingsWith(url, QStringLiteral("-x, --deflate"), QStringLiteral("--insecure"),
                        Headers{{QStringLiteral("X-Dash"), QStringLiteral("-v --echo")}}, false);
    QTest::addRow("URL with a query and a fragment")
        << settingsWith(QStringLiteral("wss://example.org:8443/p/a?x=1&y=%27two%27#top"), QStringLiteral("a,b"), {},
                        Headers{{QStringLiteral("Cookie"), QStringLiteral("a=1; b=\"2\"")},
                                {QStringLiteral("Cookie"), QStringLiteral("c=3")}},
                        true);
    QTest::addRow("empty header value") << settingsWith(url, {}, {}, Headers{{QStringLiteral("X-Empty"), QString()}},
                                                        false);
}

void tst_ConnectionCommand::roundTrip()
{
    QFETCH(ConnectionSettings, settings);

    // sockscope-cli: sh gives the program exactly the argument vector, and the CLI reads it as the tab's settings.
    const ConnectionCommand cli(ConnectionCommand::Tool::SockscopeCli, settings);
    const QStringList words = shellWords(cli.commandLine());
    QCOMPARE(words, cli.arguments());
    QCOMPARE(words.value(0), QStringLiteral("sockscope-cli"));
    const auto parsed = cli::parseArguments(words.mid(1));
    if (const auto *error = std::get_if<cli::UsageError>(&parsed))
        QFAIL(qPrintable(error->message));
    const auto &connect = std::get<cli::ConnectArguments>(std::get<cli::ParsedCommand>(parsed));
    QCOMPARE(connect.url, QUrl(settings.url, QUrl::StrictMode));
    QList<QByteArray> protocols;
    for (const QString &p : settings.subprotocols.split(QLatin1Char(','), Qt::SkipEmptyParts))
        protocols << p.trimmed().toUtf8();
    QCOMPARE(connect.protocols, protocols);
    QCOMPARE(connect.origin, settings.origin.toUtf8());
    QCOMPARE(connect.headers.size(), settings.headers.size());
    for (qsizetype i = 0; i < settings.headers.size(); ++i) {
        QCOMPARE(connect.headers[i].first, settings.headers[i].first.toUtf8());
        QCOMPARE(connect.headers[i].second, settings.headers[i].second.toUtf8());
    }
    QCOMPARE(connect.deflate, settings.deflate);
    QVERIFY(!connect.insecure);
    QVERIFY(connect.sends.isEmpty());

    // websocat: the same vector arrives; each header is one "--header=Name: value" word after the URL.
    const ConnectionCommand websocat(ConnectionCommand::Tool::Websocat, settings);
    const QStringList websocatWords = shellWords(websocat.commandLine());
    QCOMPARE(websocatWords, websocat.arguments());
    const qsizetype urlAt = websocatWords.indexOf(settings.url);
    QVERIFY(urlAt > 0);
    QCOMPARE(websocatWords.size() - urlAt - 1, settings.headers.size());
    for (qsizetype i = 0; i < settings.headers.size(); ++i) {
        QCOMPARE(websocatWords[urlAt + 1 + i],
                 QStringLiteral("--header=%1: %2").arg(settings.headers[i].first, settings.headers[i].second));
    }
    if (!protocols.isEmpty()) {
        const qsizetype at = websocatWords.indexOf("--protocol=" + QString::fromUtf8(protocols.join(", ")));
        QVERIFY(at > 0 && at < urlAt);
    }
    if (!settings.origin.isEmpty()) {
        const qsizetype at = websocatWords.indexOf("--origin=" + settings.origin);
        QVERIFY(at > 0 && at < urlAt);
    }
}

void tst_ConnectionCommand::insecureOnlyWhenAsked()
{
    const ConnectionSettings settings = settingsWith(QStringLiteral("wss://example.org/"), {}, {},
                                                     Headers{{QStringLiteral("X-A"), QStringLiteral("1")}}, false);
    for (const auto tool : {ConnectionCommand::Tool::SockscopeCli, ConnectionCommand::Tool::Websocat}) {
        const QStringList arguments = ConnectionCommand(tool, settings).arguments();
        QVERIFY(!arguments.contains(QStringLiteral("--insecure")));
        QVERIFY(!arguments.contains(QStringLiteral("-k")));
    }
    const ConnectionCommand cli(ConnectionCommand::Tool::SockscopeCli, settings, true);
    const auto parsed = cli::parseArguments(shellWords(cli.commandLine()).mid(1));
    QVERIFY(std::get<cli::ConnectArguments>(std::get<cli::ParsedCommand>(parsed)).insecure);
    QVERIFY(ConnectionCommand(ConnectionCommand::Tool::Websocat, settings, true)
                .arguments()
                .contains(QStringLiteral("-k")));
}

void tst_ConnectionCommand::omissions_data()
{
    using Omission = ConnectionCommand::Omission;
    using Omissions = ConnectionCommand::Omissions;
    QTest::addColumn<ConnectionSettings>("settings");
    QTest::addColumn<Omissions>("cliOmits");
    QTest::addColumn<Omissions>("websocatOmits");
    QTest::addColumn<QStringList>("websocatHas");

    ConnectionSettings base = settingsWith(QStringLiteral("ws://127.0.0.1:9998/echo"), {}, {}, {}, false);
    QTest::addRow("nothing to leave out") << base << Omissions() << Omissions() << QStringList();
    ConnectionSettings s = base;
    s.deflate = true;
    QTest::addRow("deflate") << s << Omissions() << Omissions(Omission::Deflate) << QStringList();
    s = base;
    s.proxyKind = net::ProxySettings::Kind::Socks5;
    s.proxyHost = QStringLiteral("127.0.0.1");
    s.proxyPort = 1080;
    QTest::addRow("proxy") << s << Omissions(Omission::Proxy) << Omissions(Omission::Proxy) << QStringList();
    s = base;
    s.caFile = QStringLiteral("/etc/ca.pem");
    QTest::addRow("CA file") << s << Omissions() << Omissions(Omission::TlsFiles) << QStringList();
    s = base;
    s.clientCertificate = QStringLiteral("me.p12");
    QTest::addRow("client certificate") << s << Omissions() << Omissions(Omission::TlsFiles) << QStringList();
    s.clientCertificate = QStringLiteral("/home/me/my client.crt");
    s.clientKey = QStringLiteral("/home/me/my client.key");
    s.caFile = QStringLiteral("/etc/ca.pem");
    QTest::addRow("CA, certificate and key") << s << Omissions() << Omissions(Omission::TlsFiles) << QStringList();
    s = base;
    s.keepAliveSeconds = 30;
    QTest::addRow("keep-alive") << s << Omissions(Omission::KeepAlive) << Omissions()
                                << QStringList{QStringLiteral("--ping-interval=30")};
    s = base;
    s.reconnect = true;
    QTest::addRow("reconnect") << s << Omissions(Omission::Reconnect) << Omissions(Omission::Reconnect)
                               << QStringList();
    s = base;
    s.headers = {{QStringLiteral("Bad:Name"), QStringLiteral("x")}, {QStringLiteral("X-Good"), QStringLiteral("y")}};
    QTest::addRow("header name with a colon")
        << s << Omissions(Omission::InvalidHeader) << Omissions(Omission::InvalidHeader)
        << QStringList{QStringLiteral("--header=X-Good: y")};
}

void tst_ConnectionCommand::omissions()
{
    QFETCH(ConnectionSettings, settings);
    QFETCH(ConnectionCommand::Omissions, cliOmits);
    QFETCH(ConnectionCommand::Omissions, websocatOmits);
    QFETCH(QStringList, websocatHas);
    const ConnectionCommand cli(ConnectionCommand::Tool::SockscopeCli, settings);
    const ConnectionCommand websocat(ConnectionCommand::Tool::Websocat, settings);
    QCOMPARE(cli.omissions(), cliOmits);
    QCOMPARE(websocat.omissions(), websocatOmits);
    for (const QString &word : websocatHas)
        QVERIFY2(websocat.arguments().contains(word), qPrintable(websocat.commandLine()));
    QVERIFY(!websocat.commandLine().contains(QLatin1String("Bad:Name")));
    // Whatever is left out, the CLI still accepts the command.
    const auto parsed = cli::parseArguments(cli.arguments().mid(1));
    QVERIFY(std::holds_alternative<cli::ParsedCommand>(parsed));
    const auto &connect = std::get<cli::ConnectArguments>(std::get<cli::ParsedCommand>(parsed));
    QCOMPARE(connect.deflate, settings.deflate);
    // The CLI takes the tab's TLS files (its passphrase stays out of a command line).
    QCOMPARE(connect.caFile, settings.caFile);
    QCOMPARE(connect.clientCertFile, settings.clientCertificate);
    QCOMPARE(connect.clientKeyFile, settings.clientCertificate.isEmpty() ? QString() : settings.clientKey);
}

void tst_ConnectionCommand::shellQuote_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("quoted");
    QTest::addRow("plain") << QStringLiteral("ws://h:1/p,q@x%20+y=z") << QStringLiteral("ws://h:1/p,q@x%20+y=z");
    QTest::addRow("empty") << QString() << QStringLiteral("''");
    QTest::addRow("space") << QStringLiteral("a b") << QStringLiteral("'a b'");
    QTest::addRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
    QTest::addRow("only a quote") << QStringLiteral("'") << QStringLiteral("''\\'''");
    QTest::addRow("dollar") << QStringLiteral("$x") << QStringLiteral("'$x'");
    QTest::addRow("tilde first") << QStringLiteral("~root") << QStringLiteral("'~root'");
    QTest::addRow("option with a value") << QStringLiteral("--header=A: b") << QStringLiteral("--header='A: b'");
    QTest::addRow("not an option") << QStringLiteral("x=a b") << QStringLiteral("'x=a b'");
    QTest::addRow("beyond ASCII") << QStringLiteral("\u00e9") << QStringLiteral("'\u00e9'");
}

void tst_ConnectionCommand::shellQuote()
{
    QFETCH(QString, argument);
    QFETCH(QString, quoted);
    QCOMPARE(ConnectionCommand::shellQuote(argument), quoted);
    QCOMPARE(shellWords(QStringLiteral("x ") + quoted), (QStringList{QStringLiteral("x"), argument}));
}

QTEST_MAIN(tst_ConnectionCommand)
#include "tst_connectioncommand.moc"
