#pragma once

#include "net/serveroptions.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <variant>

namespace sockscope::cli {

// One message to send, in command-line order.
struct SendItem {
    enum class Kind { Text, Hex, File };
    SendItem(Kind k, QString v)
        : kind(k)
        , value(std::move(v))
    {}
    Kind kind;
    QString value;
};

struct ConnectArguments {
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QList<QByteArray> protocols;
    QByteArray origin;
    bool deflate = false;
    bool insecure = false;
    QList<SendItem> sends;
    bool echo = false;
    std::optional<quint16> closeCode;
    QByteArray closeReason;
    double timeoutSeconds = 0; // 0: none
    QString recordFile;        // --record: a session file to write
    bool verbose = false;
};

struct ServeArguments {
    net::ServerOptions options;
    bool selfSigned = false;
    QString certFile;
    QString keyFile;
    QString recordFile;
    bool verbose = false;
};

struct HelpRequest {
    QString text;
};

// What the command line asks for, or a usage error in plain words.
using ParsedCommand = std::variant<ConnectArguments, ServeArguments, HelpRequest>;

struct UsageError {
    QString message;
};

// Parses the arguments after the program name. Options may come in any order; --send, --send-hex and
// --send-file keep their relative order.
std::variant<ParsedCommand, UsageError> parseArguments(const QStringList &arguments);

QString usageText();

} // namespace sockscope::cli
