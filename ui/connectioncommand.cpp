#include "connectioncommand.h"

#include <algorithm>

namespace sockscope::ui {

namespace {
// Characters no POSIX shell gives a meaning to, anywhere in a word (sh's quoting rules, XCU 2.2).
bool isPlainShellCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '@' || u == '%' ||
           u == '+' || u == '=' || u == ':' || u == ',' || u == '.' || u == '/' || u == '-' || u == '_';
}

bool isPlainShellWord(QStringView word)
{
    return !word.isEmpty() && std::all_of(word.begin(), word.end(), isPlainShellCharacter);
}

// Inside single quotes every character stands for itself; a ' ends the quotes, so it is written as '\''.
QString singleQuoted(QStringView text)
{
    QString quoted = text.toString();
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}
} // namespace

ConnectionCommand::ConnectionCommand(Tool tool, const ConnectionSettings &settings, bool insecure)
    : m_tool(tool)
{
    // What a tab sends, read as the tab reads it when it connects.
    const QString url = settings.url.trimmed();
    QStringList protocols;
    for (const QString &p : settings.subprotocols.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!p.trimmed().isEmpty())
            protocols << p.trimmed();
    }
    const QString origin = settings.origin.trimmed();
    QStringList headers; // "Name: value"
    for (const auto &[name, value] : settings.headers) {
        const QString trimmedName = name.trimmed();
        if (trimmedName.isEmpty())
            continue;
        if (trimmedName.contains(QLatin1Char(':')) || trimmedName.contains(QLatin1Char('\n')) ||
            trimmedName.contains(QLatin1Char('\r'))) {
            m_omissions |= Omission::InvalidHeader;
            continue;
        }
        headers << trimmedName + QLatin1String(": ") + value;
    }
    if (settings.proxyKind != net::ProxySettings::Kind::None)
        m_omissions |= Omission::Proxy;
    const QString caFile = settings.caFile.trimmed();
    const QString clientCertificate = settings.clientCertificate.trimmed();
    const QString clientKey = settings.clientKey.trimmed();
    if (settings.reconnect)
        m_omissions |= Omission::Reconnect;

    switch (tool) {
    case Tool::SockscopeCli:
        // docs/cli.md: connect URL [-H 'Name: value']... [-p PROTOCOL]... [--origin O] [--deflate] [--insecure]
        // [--cacert F] [--cert F [--key F]]
        m_arguments << QStringLiteral("sockscope-cli") << QStringLiteral("connect") << url;
        for (const QString &p : std::as_const(protocols))
            m_arguments << QStringLiteral("-p") << p;
        if (!origin.isEmpty())
            m_arguments << QStringLiteral("--origin") << origin;
        for (const QString &h : std::as_const(headers))
            m_arguments << QStringLiteral("-H") << h;
        if (settings.deflate)
            m_arguments << QStringLiteral("--deflate");
        if (insecure)
            m_arguments << QStringLiteral("--insecure");
        if (!caFile.isEmpty())
            m_arguments << QStringLiteral("--cacert") << caFile;
        if (!clientCertificate.isEmpty()) {
            m_arguments << QStringLiteral("--cert") << clientCertificate;
            if (!clientKey.isEmpty())
                m_arguments << QStringLiteral("--key") << clientKey;
        }
        if (settings.keepAliveSeconds > 0)
            m_omissions |= Omission::KeepAlive;
        break;
    case Tool::Websocat:
        // websocat 1.x: --protocol takes the whole Sec-WebSocket-Protocol value. Values go after '=' so that one
        // starting with '-' is not read as an option. Its -H takes several values and would take the URL for a
        // header, so each header comes after the URL as one "--header=Name: value" word.
        m_arguments << QStringLiteral("websocat");
        if (insecure)
            m_arguments << QStringLiteral("-k");
        if (!protocols.isEmpty())
            m_arguments << QLatin1String("--protocol=") + protocols.join(QLatin1String(", "));
        if (!origin.isEmpty())
            m_arguments << QLatin1String("--origin=") + origin;
        if (settings.keepAliveSeconds > 0)
            m_arguments << QLatin1String("--ping-interval=") + QString::number(settings.keepAliveSeconds);
        m_arguments << url;
        for (const QString &h : std::as_const(headers))
            m_arguments << QLatin1String("--header=") + h;
        if (settings.deflate)
            m_omissions |= Omission::Deflate;
        if (!caFile.isEmpty() || !clientCertificate.isEmpty() || !clientKey.isEmpty())
            m_omissions |= Omission::TlsFiles;
        break;
    }
}

QString ConnectionCommand::shellQuote(const QString &argument)
{
    if (isPlainShellWord(argument))
        return argument;
    // --header='Name: value' reads better than '--header=Name: value'; the shell makes one word of both parts.
    if (argument.startsWith(QLatin1Char('-'))) {
        const qsizetype equals = argument.indexOf(QLatin1Char('='));
        if (equals > 0 && isPlainShellWord(QStringView(argument).first(equals + 1)))
            return argument.first(equals + 1) + singleQuoted(QStringView(argument).sliced(equals + 1));
    }
    return singleQuoted(argument);
}

QString ConnectionCommand::shellJoin(const QStringList &arguments)
{
    QStringList words;
    words.reserve(arguments.size());
    for (const QString &argument : arguments)
        words << shellQuote(argument);
    return words.join(QLatin1Char(' '));
}

} // namespace sockscope::ui
