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
    QString caFile;         // --cacert: more CA certificates (PEM) to trust for this connection
    QString clientCertFile; // --cert: a client certificate (PEM, or PKCS#12 holding the key)
    QString clientKeyFile;  // --key: its PEM key, when not in the --cert file
    QList<SendItem> sends;
    bool echo = false;
    std::optional<quint16> closeCode;
    QByteArray closeReason;
    double timeoutSeconds = 0; // 0: none
    QString recordFile;        // --record: a session file to write
    bool verbose = false;
};

struct ServeArguments {
    net::ServerOptions options; // --mock-timing, --speed and --mock-end go to options.mock
    bool selfSigned = false;
    QString certFile;
    QString keyFile;
    QString recordFile;
    QString sessionFile;    // --session: the recording --mode mock plays
    quint32 connection = 0; // --connection N; 0: the session's first connection that was opened
    bool verbose = false;
};

struct ReplayArguments {
    QString file;
    QUrl url;                // empty: each connection's recorded URL
    double speed = 1.0;      // 0: as fast as possible
    QStringList ignorePaths; // --ignore JSONPATH
    bool exact = false;      // --exact: byte for byte, no JSON comparison
    QString reportFile;      // --report FILE: the results as JSON
    quint32 connection = 0;  // --connection N; 0: every client-side connection (server-side ones when none)
    bool insecure = false;
    double settleSeconds = 2; // --wait S: how long to wait for missing responses
    bool verbose = false;
};

struct ConvertArguments {
    QString input;
    QString output;
};

struct HelpRequest {
    QString text;
};

// What the command line asks for, or a usage error in plain words.
using ParsedCommand = std::variant<ConnectArguments, ServeArguments, ReplayArguments, ConvertArguments, HelpRequest>;

struct UsageError {
    QString message;
};

// Parses the arguments after the program name. Options may come in any order; --send, --send-hex and
// --send-file keep their relative order.
std::variant<ParsedCommand, UsageError> parseArguments(const QStringList &arguments);

QString usageText();

} // namespace sockscope::cli
