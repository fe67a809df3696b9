#pragma once

#include "connectionsettings.h"

#include <QFlags>
#include <QStringList>

namespace sockscope::ui {

// A connection's settings as a command a terminal runs: `sockscope-cli connect ...` or `websocat ...`, each
// argument quoted for a POSIX shell. Settings the tool has no option for are left out and listed in omissions(),
// so that the UI can say what the command does not carry. Certificate checks stay on unless asked to skip them.
// It runs nothing and words nothing.
class ConnectionCommand
{
public:
    enum class Tool { SockscopeCli, Websocat };
    enum class Omission {
        Deflate = 1 << 0,       // websocat offers no permessage-deflate
        Proxy = 1 << 1,         // neither tool takes the tab's proxy
        TlsFiles = 1 << 2,      // CA file, client certificate and key
        KeepAlive = 1 << 3,     // sockscope-cli sends no keep-alive pings
        Reconnect = 1 << 4,     // neither tool reconnects
        InvalidHeader = 1 << 5, // a header whose name holds ':' or a line break cannot be written as 'Name: value'
    };
    Q_DECLARE_FLAGS(Omissions, Omission)

    // `insecure` adds --insecure / -k: only for a connection the user turned certificate checks off for.
    ConnectionCommand(Tool tool, const ConnectionSettings &settings, bool insecure = false);

    Tool tool() const { return m_tool; }
    // The argument vector, program name first.
    const QStringList &arguments() const { return m_arguments; }
    // The arguments quoted for sh and joined by spaces.
    QString commandLine() const { return shellJoin(m_arguments); }
    Omissions omissions() const { return m_omissions; }

    // One argument as a POSIX shell word: as is when it holds only characters no shell treats specially, else
    // in single quotes with each ' written as '\''. An option's "--name=" stays outside the quotes.
    static QString shellQuote(const QString &argument);
    static QString shellJoin(const QStringList &arguments);

private:
    Tool m_tool;
    QStringList m_arguments;
    Omissions m_omissions;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(ConnectionCommand::Omissions)

} // namespace sockscope::ui
