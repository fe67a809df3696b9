#include "cliarguments.h"

#include "proto/closecode.h"

#include <QHostAddress>

namespace sockscope::cli {

namespace {
// Walks the arguments, splitting "--name=value" and handing out option values.
class ArgumentReader
{
public:
    explicit ArgumentReader(const QStringList &arguments)
        : m_arguments(arguments)
    {}

    bool atEnd() const { return m_index >= m_arguments.size(); }
    // The next argument; for "--name=value" the name, with the value kept for value().
    QString next()
    {
        QString arg = m_arguments.at(m_index++);
        m_inlineValue.reset();
        if (arg.startsWith(QLatin1String("--"))) {
            const qsizetype eq = arg.indexOf(QLatin1Char('='));
            if (eq > 2) {
                m_inlineValue = arg.mid(eq + 1);
                arg.truncate(eq);
            }
        }
        m_current = arg;
        return arg;
    }
    std::optional<QString> value()
    {
        if (m_inlineValue) {
            QString v = *m_inlineValue;
            m_inlineValue.reset();
            return v;
        }
        if (atEnd())
            return std::nullopt;
        return m_arguments.at(m_index++);
    }
    bool hasInlineValue() const { return m_inlineValue.has_value(); }
    const QString &current() const { return m_current; }

private:
    const QStringList &m_arguments;
    qsizetype m_index = 0;
    QString m_current;
    std::optional<QString> m_inlineValue;
};

UsageError missingValue(const QString &option)
{
    return UsageError{QStringLiteral("%1 needs a value").arg(option)};
}

std::optional<quint64> parseCount(const QString &text, quint64 max)
{
    bool ok = false;
    const qulonglong n = text.toULongLong(&ok);
    if (!ok || n > max)
        return std::nullopt;
    return n;
}

bool isWebSocketUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("ws") || scheme == QLatin1String("wss")) && !url.host().isEmpty();
}

std::variant<ParsedCommand, UsageError> parseConnect(ArgumentReader &reader)
{
    ConnectArguments args;
    bool haveUrl = false;
    while (!reader.atEnd()) {
        const QString opt = reader.next();
        auto need = [&]() -> std::optional<QString> { return reader.value(); };
        if (opt == QLatin1String("-H") || opt == QLatin1String("--header")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            const qsizetype colon = v->indexOf(QLatin1Char(':'));
            if (colon <= 0)
                return UsageError{QStringLiteral("header \"%1\" is not in the form 'Name: value'").arg(*v)};
            args.headers.append({v->left(colon).trimmed().toUtf8(), v->mid(colon + 1).trimmed().toUtf8()});
        } else if (opt == QLatin1String("-p") || opt == QLatin1String("--protocol")) {
            const auto v = need();
            if (!v || v->isEmpty())
                return missingValue(opt);
            args.protocols.append(v->toUtf8());
        } else if (opt == QLatin1String("--origin")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            args.origin = v->toUtf8();
        } else if (opt == QLatin1String("--deflate")) {
            args.deflate = true;
        } else if (opt == QLatin1String("--insecure") || opt == QLatin1String("-k")) {
            args.insecure = true;
        } else if (opt == QLatin1String("--cacert") || opt == QLatin1String("--cert") ||
                   opt == QLatin1String("--key")) {
            const auto v = need();
            if (!v || v->isEmpty())
                return missingValue(opt);
            (opt == QLatin1String("--cacert") ? args.caFile
             : opt == QLatin1String("--cert") ? args.clientCertFile
                                              : args.clientKeyFile) = *v;
        } else if (opt == QLatin1String("--send") || opt == QLatin1String("--send-hex") ||
                   opt == QLatin1String("--send-file")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            const auto kind = opt == QLatin1String("--send")       ? SendItem::Kind::Text
                              : opt == QLatin1String("--send-hex") ? SendItem::Kind::Hex
                                                                   : SendItem::Kind::File;
            args.sends.append(SendItem(kind, *v));
        } else if (opt == QLatin1String("--echo")) {
            args.echo = true;
        } else if (opt == QLatin1String("--close")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            const qsizetype colon = v->indexOf(QLatin1Char(':'));
            const auto code = parseCount(colon < 0 ? *v : v->left(colon), 65535);
            const QByteArray reason = colon >= 0 ? v->mid(colon + 1).toUtf8() : QByteArray();
            switch (code ? proto::checkCloseRequest(quint16(*code), reason)
                         : proto::CloseRequestProblem::CodeNotSendable) {
            case proto::CloseRequestProblem::None: break;
            case proto::CloseRequestProblem::CodeNotSendable:
                return UsageError{QStringLiteral("--close %1: the code must be one that may be sent (1000-1003, "
                                                 "1007-1014, 3000-4999) or 1005 for a close without a code")
                                      .arg(*v)};
            case proto::CloseRequestProblem::ReasonTooLong:
                return UsageError{QStringLiteral("--close: the reason is longer than 123 bytes of UTF-8")};
            case proto::CloseRequestProblem::ReasonNotUtf8:
                return UsageError{QStringLiteral("--close: the reason is not valid UTF-8")};
            case proto::CloseRequestProblem::ReasonWithoutCode:
                return UsageError{QStringLiteral("--close 1005 sends no code, so it cannot carry a reason")};
            }
            args.closeCode = quint16(*code);
            args.closeReason = reason;
        } else if (opt == QLatin1String("--timeout")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            bool ok = false;
            args.timeoutSeconds = v->toDouble(&ok);
            if (!ok || args.timeoutSeconds <= 0 || args.timeoutSeconds > 1e6)
                return UsageError{QStringLiteral("--timeout %1 is not a number of seconds").arg(*v)};
        } else if (opt == QLatin1String("--record")) {
            const auto v = need();
            if (!v || v->isEmpty())
                return missingValue(opt);
            args.recordFile = *v;
        } else if (opt == QLatin1String("-v") || opt == QLatin1String("--verbose")) {
            args.verbose = true;
        } else if (opt.startsWith(QLatin1Char('-')) && opt.size() > 1) {
            return UsageError{QStringLiteral("connect: unknown option %1").arg(opt)};
        } else if (!haveUrl) {
            args.url = QUrl(opt, QUrl::StrictMode);
            if (!isWebSocketUrl(args.url))
                return UsageError{QStringLiteral("\"%1\" is not a ws:// or wss:// URL").arg(opt)};
            haveUrl = true;
        } else {
            return UsageError{QStringLiteral("connect takes one URL; \"%1\" is a second one").arg(opt)};
        }
    }
    if (!haveUrl)
        return UsageError{QStringLiteral("connect needs a URL, e.g. sockscope-cli connect ws://127.0.0.1:9998/echo")};
    if (args.echo && args.closeCode)
        return UsageError{QStringLiteral("--echo runs until the peer closes; it cannot be combined with --close")};
    if (!args.clientKeyFile.isEmpty() && args.clientCertFile.isEmpty())
        return UsageError{QStringLiteral("--key goes with --cert")};
    return ParsedCommand(std::move(args));
}

std::variant<ParsedCommand, UsageError> parseReplay(ArgumentReader &reader)
{
    ReplayArguments args;
    while (!reader.atEnd()) {
        const QString opt = reader.next();
        auto need = [&]() -> std::optional<QString> { return reader.value(); };
        if (opt == QLatin1String("--url")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            args.url = QUrl(*v, QUrl::StrictMode);
            if (!isWebSocketUrl(args.url))
                return UsageError{QStringLiteral("\"%1\" is not a ws:// or wss:// URL").arg(*v)};
        } else if (opt == QLatin1String("--speed")) {
            const auto v = need();
            if (!v)
                return missingValue(opt);
            bool ok = false;
            args.speed = v->toDouble(&ok);
            if (*v == QLatin1String("max"))
                args.speed = 0, ok = true;
            else if (!ok || args.speed < 0.1 || args.speed > 10)
                return UsageError{QStringLiteral("--speed %1: use a factor from 0.1 to 10, or max").arg(*v)};
        } else if (opt == QLatin1String("--ignore")) {
            const auto v = need();
            if (!v || v->isEmpty())
                return missingValue(opt);
            args.ignorePaths.append(*v);
        } else if (opt == QLatin1String("--exact")) {
            args.exact = true;
        } else if (opt == QLatin1String("--report")) {
            const auto v = need();
            if (!v || v->isEmpty())
                return missingValue(opt);
            args.reportFile = *v;
        } else if (opt == QLatin1String("--connection")) {
            const auto v = need();
            const auto n = v ? parseCount(*v, 0xFFFFFFFF) : std::nullopt;
            if (!n || *n == 0)
                return UsageError{QStringLiteral("--connection takes a connection number from the file (1, 2, ...)")};
            args.connection = quint32(*n);
        } else if (opt == QLatin1String("--wait")) {
            const auto v = need();
            bool ok = false;
            args.settleSeconds = v ? v->toDouble(&ok) : 0;
            if (!ok || args.settleSeconds < 0 || args.settleSeconds > 3600)
                return UsageError{QStringLiteral("--wait takes a number of seconds")};
        } else if (opt == QLatin1String("--insecure") || opt == QLatin1String("-k")) {
            args.insecure = true;
        } else if (opt == QLatin1String("-v") || opt == QLatin1String("--verbose")) {
            args.verbose = true;
        } else if (opt.startsWith(QLatin1Char('-')) && opt.size() > 1) {
            return UsageError{QStringLiteral("replay: unknown option %1").arg(opt)};
        } else if (args.file.isEmpty()) {
            args.file = opt;
        } else {
            return UsageError{QStringLiteral("replay takes one session file; \"%1\" is a second one").arg(opt)};
        }
    }
    if (args.file.isEmpty())
        return UsageError{QStringLiteral("replay needs a session file, e.g. sockscope-cli replay recorded.sksession")};
    return ParsedCommand{args};
}

std::variant<ParsedCommand, UsageError> parseConvert(ArgumentReader &reader)
{
    ConvertArguments args;
    QStringList files;
    while (!reader.atEnd()) {
        const QString opt = reader.next();
        if (opt.startsWith(QLatin1Char('-')) && opt.size() > 1)
            return UsageError{QStringLiteral("convert: unknown option %1").arg(opt)};
        files.append(opt);
    }
    if (files.size() != 2)
        return UsageError{QStringLiteral("convert takes an input and an output file, e.g. "
                                         "sockscope-cli convert recorded.sksession recorded.pcapng")};
    args.input = files[0];
    args.output = files[1];
    return ParsedCommand{args};
}

std::variant<ParsedCommand, UsageError> parseServe(ArgumentReader &reader)
{
    ServeArguments args;
    net::ServerOptions &o = args.options;
    QStringList mockOptions; // given, and only meaningful with --mode mock
    bool speedGiven = false;
    while (!reader.atEnd()) {
        const QString opt = reader.next();
        const bool takesValue = QStringList{QStringLiteral("--host"),         QStringLiteral("--port"),
                                            QStringLiteral("--path"),         QStringLiteral("--mode"),
                                            QStringLiteral("--upstream"),     QStringLiteral("--tls-cert"),
                                            QStringLiteral("--tls-key"),      QStringLiteral("--max-message"),
                                            QStringLiteral("--protocol"),     QStringLiteral("-p"),
                                            QStringLiteral("--allow-origin"), QStringLiteral("--echo-delay"),
                                            QStringLiteral("--drop-every"),   QStringLiteral("--reset-after"),
                                            QStringLiteral("--refuse"),       QStringLiteral("--handshake-timeout"),
                                            QStringLiteral("--record"),       QStringLiteral("--session"),
                                            QStringLiteral("--connection"),   QStringLiteral("--mock-timing"),
                                            QStringLiteral("--speed"),        QStringLiteral("--mock-end")}
                                    .contains(opt);
        std::optional<QString> v;
        if (takesValue) {
            v = reader.value();
            if (!v)
                return missingValue(opt);
        } else if (reader.hasInlineValue()) {
            return UsageError{QStringLiteral("%1 takes no value").arg(opt)};
        }
        if (opt == QLatin1String("--host")) {
            QHostAddress address;
            if (*v == QLatin1String("localhost"))
                address = QHostAddress::LocalHost;
            else if (!address.setAddress(*v))
                return UsageError{
                    QStringLiteral("--host %1 is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)").arg(*v)};
            o.address = address;
        } else if (opt == QLatin1String("--port")) {
            const auto port = parseCount(*v, 65535);
            if (!port)
                return UsageError{QStringLiteral("--port %1 is not a port number (0-65535)").arg(*v)};
            o.port = quint16(*port);
        } else if (opt == QLatin1String("--path")) {
            if (!v->isEmpty() && !v->startsWith(QLatin1Char('/')))
                return UsageError{QStringLiteral("--path %1 must start with /").arg(*v)};
            o.path = v->toUtf8();
        } else if (opt == QLatin1String("--mode")) {
            const auto mode = net::serverModeFromName(v->toUtf8());
            if (!mode)
                return UsageError{QStringLiteral("--mode %1: use echo, sink, broadcast, relay or mock").arg(*v)};
            o.mode = *mode;
        } else if (opt == QLatin1String("--upstream")) {
            o.upstream.url = QUrl(*v, QUrl::StrictMode);
            if (!isWebSocketUrl(o.upstream.url))
                return UsageError{QStringLiteral("--upstream \"%1\" is not a ws:// or wss:// URL").arg(*v)};
        } else if (opt == QLatin1String("--tls-self-signed")) {
            args.selfSigned = true;
        } else if (opt == QLatin1String("--tls-cert")) {
            args.certFile = *v;
        } else if (opt == QLatin1String("--tls-key")) {
            args.keyFile = *v;
        } else if (opt == QLatin1String("--record")) {
            if (v->isEmpty())
                return missingValue(opt);
            args.recordFile = *v;
        } else if (opt == QLatin1String("--session")) {
            if (v->isEmpty())
                return missingValue(opt);
            args.sessionFile = *v;
            mockOptions.append(opt);
        } else if (opt == QLatin1String("--connection")) {
            const auto n = parseCount(*v, 0xFFFFFFFF);
            if (!n || *n == 0)
                return UsageError{QStringLiteral("--connection takes a connection number from the file (1, 2, ...)")};
            args.connection = quint32(*n);
            mockOptions.append(opt);
        } else if (opt == QLatin1String("--mock-timing")) {
            if (*v == QLatin1String("recorded"))
                o.mock.timing = net::MockTiming::Recorded;
            else if (*v == QLatin1String("immediate"))
                o.mock.timing = net::MockTiming::Immediate;
            else
                return UsageError{QStringLiteral("--mock-timing %1: use recorded or immediate").arg(*v)};
            mockOptions.append(opt);
        } else if (opt == QLatin1String("--speed")) {
            bool ok = false;
            o.mock.speed = v->toDouble(&ok);
            if (!ok || !(o.mock.speed >= 0.1 && o.mock.speed <= 10))
                return UsageError{QStringLiteral("--speed %1: use a factor from 0.1 to 10").arg(*v)};
            speedGiven = true;
            mockOptions.append(opt);
        } else if (opt == QLatin1String("--mock-end")) {
            if (*v == QLatin1String("close"))
                o.mock.atEnd = net::MockEnd::Close;
            else if (*v == QLatin1String("open"))
                o.mock.atEnd = net::MockEnd::StayOpen;
            else
                return UsageError{QStringLiteral("--mock-end %1: use close or open").arg(*v)};
            mockOptions.append(opt);
        } else if (opt == QLatin1String("--max-message")) {
            const auto n = parseCount(*v, quint64(1) << 40);
            if (!n || *n == 0)
                return UsageError{QStringLiteral("--max-message %1 is not a size in bytes").arg(*v)};
            o.connection.maxMessageSize = *n;
            o.connection.maxFramePayload = *n;
        } else if (opt == QLatin1String("--protocol") || opt == QLatin1String("-p")) {
            o.subprotocols.append(v->toUtf8());
        } else if (opt == QLatin1String("--allow-origin")) {
            o.allowedOrigins.append(v->toUtf8());
        } else if (opt == QLatin1String("--handshake-timeout") || opt == QLatin1String("--echo-delay") ||
                   opt == QLatin1String("--drop-every") || opt == QLatin1String("--reset-after")) {
            const auto n = parseCount(*v, 86'400'000);
            if (!n)
                return UsageError{QStringLiteral("%1 %2 is not a whole number").arg(opt, *v)};
            if (opt == QLatin1String("--handshake-timeout"))
                o.handshakeTimeoutMs = int(*n);
            else if (opt == QLatin1String("--echo-delay"))
                o.faults.echoDelayMs = int(*n);
            else if (opt == QLatin1String("--drop-every"))
                o.faults.dropEveryNth = int(*n);
            else
                o.faults.resetAfterMessages = int(*n);
        } else if (opt == QLatin1String("--refuse")) {
            const auto status = parseCount(*v, 599);
            if (!status || *status < 200 || *status == 101)
                return UsageError{QStringLiteral("--refuse %1 is not an HTTP status from 200 to 599").arg(*v)};
            o.faults.refuseStatus = int(*status);
        } else if (opt == QLatin1String("--ignore-pings")) {
            o.faults.ignorePings = true;
        } else if (opt == QLatin1String("--no-page")) {
            o.servePage = false;
        } else if (opt == QLatin1String("-v") || opt == QLatin1String("--verbose")) {
            args.verbose = true;
        } else {
            return UsageError{QStringLiteral("serve: unknown argument %1").arg(opt)};
        }
    }
    if (o.mode == net::ServerMode::Relay && o.upstream.url.isEmpty())
        return UsageError{QStringLiteral("--mode relay needs --upstream URL")};
    if (o.mode != net::ServerMode::Relay && !o.upstream.url.isEmpty())
        return UsageError{QStringLiteral("--upstream is only used with --mode relay")};
    if (o.mode == net::ServerMode::Mock && args.sessionFile.isEmpty())
        return UsageError{QStringLiteral("--mode mock needs --session FILE, a recording to play")};
    if (o.mode != net::ServerMode::Mock && !mockOptions.isEmpty())
        return UsageError{QStringLiteral("%1 is only used with --mode mock").arg(mockOptions.first())};
    if (speedGiven && o.mock.timing == net::MockTiming::Immediate)
        return UsageError{QStringLiteral("--speed scales the recorded timing; --mock-timing immediate has none")};
    if (args.selfSigned && (!args.certFile.isEmpty() || !args.keyFile.isEmpty()))
        return UsageError{QStringLiteral("use either --tls-self-signed or --tls-cert with --tls-key, not both")};
    if (args.certFile.isEmpty() != args.keyFile.isEmpty())
        return UsageError{QStringLiteral("--tls-cert and --tls-key go together")};
    return ParsedCommand(std::move(args));
}
} // namespace

QString usageText()
{
    return QStringLiteral(
        "Usage:\n"
        "  sockscope-cli serve [--host H] [--port P] [--path /echo] [--mode echo|sink|broadcast|relay|mock]\n"
        "                      [--upstream URL] [--tls-self-signed | --tls-cert F --tls-key F]\n"
        "                      [--session FILE [--connection N] [--mock-timing recorded|immediate]\n"
        "                       [--speed X] [--mock-end close|open]]\n"
        "                      [--max-message BYTES] [-p PROTOCOL]... [--allow-origin ORIGIN]...\n"
        "                      [--handshake-timeout MS] [--no-page]\n"
        "                      [--echo-delay MS] [--drop-every N] [--ignore-pings] [--reset-after N]\n"
        "                      [--refuse STATUS] [--record FILE] [-v]\n"
        "  sockscope-cli connect URL [-H 'Name: value']... [-p PROTOCOL]... [--origin O] [--deflate] [--insecure]\n"
        "                      [--cacert F] [--cert F [--key F]]\n"
        "                      [--send TEXT]... [--send-hex HEX]... [--send-file F]... [--echo]\n"
        "                      [--close CODE[:REASON]] [--timeout S] [--record FILE] [-v]\n"
        "  sockscope-cli replay FILE [--url URL] [--speed X|max] [--ignore JSONPATH]... [--exact]\n"
        "                      [--report FILE] [--connection N] [--wait S] [--insecure] [-v]\n"
        "  sockscope-cli convert IN OUT\n"
        "  sockscope-cli --help | --version\n"
        "\n"
        "serve prints \"listening on ws://HOST:PORT/PATH\" first (with --port 0, the port chosen), then one line\n"
        "per client event. It listens on 127.0.0.1 unless --host says otherwise, and stops on Ctrl+C.\n"
        "\n"
        "connect sends the --send* messages in the order given, then: with --echo, sends every message back\n"
        "with its type until the peer closes; with --close, closes; otherwise sends each line of standard input\n"
        "as a text message and closes with 1000 at its end. Received text is printed as is, binary as hex,\n"
        "one message per line. -v prints the handshake and each frame's header on standard error.\n"
        "--cacert trusts the CA certificates of a PEM file besides the system's; --cert presents a client\n"
        "certificate (PEM with --key, or PKCS#12); an encrypted key's passphrase is read from the environment\n"
        "variable SOCKSCOPE_KEY_PASSPHRASE.\n"
        "\n"
        "serve --mode mock --session FILE plays the server side of a recorded connection to each client: the\n"
        "messages the server sent before the client's first, then after the client's n-th message what the\n"
        "server sent after the recorded n-th, with the recorded delays divided by --speed (or at once with\n"
        "--mock-timing immediate); at the end it closes as the recorded server did, if that server closed\n"
        "first (--mock-end close), or stays open (--mock-end open).\n"
        "\n"
        "--record FILE writes every connection (serve: every client) to a session file as it happens; a file\n"
        "cut short by a crash still opens.\n"
        "\n"
        "replay sends the messages a recorded client sent, with their recorded spacing divided by --speed, and\n"
        "compares each message that comes back with the recorded one: as JSON (--ignore leaves paths such as\n"
        "$..timestamp out) or byte for byte with --exact. It exits 0 when everything matched, 1 when not.\n"
        "convert goes by the files' extensions: .sksession to .pcapng or .har, .har to .sksession or .pcapng.\n"
        "\n"
        "Exit status:\n"
        "  0  connect: closed with a clean close handshake; serve: stopped by a signal\n"
        "  1  the connection ended without a clean close handshake; replay: a response differed\n"
        "  2  bad arguments\n"
        "  3  could not connect (DNS, TCP, TLS, proxy); serve: could not listen\n"
        "  4  the opening handshake failed or was refused\n"
        "  5  the peer broke the WebSocket protocol\n"
        "  6  --timeout expired\n"
        "  7  a file could not be read or written, a session, HAR or capture file is damaged, a session file\n"
        "     (serve --mode mock) holds no connection that was opened, or a --send-hex value is not hex\n");
}

std::variant<ParsedCommand, UsageError> parseArguments(const QStringList &arguments)
{
    ArgumentReader reader(arguments);
    if (reader.atEnd())
        return UsageError{QStringLiteral("no command given: use serve or connect (see --help)")};
    const QString command = reader.next();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help"))
        return ParsedCommand(HelpRequest{usageText()});
    if (command == QLatin1String("connect"))
        return parseConnect(reader);
    if (command == QLatin1String("serve"))
        return parseServe(reader);
    if (command == QLatin1String("replay"))
        return parseReplay(reader);
    if (command == QLatin1String("convert"))
        return parseConvert(reader);
    return UsageError{QStringLiteral("unknown command \"%1\": use serve or connect (see --help)").arg(command)};
}

} // namespace sockscope::cli
