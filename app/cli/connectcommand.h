#pragma once

#include "cliarguments.h"
#include "exitcode.h"

#include "net/clientconnection.h"
#include "session/recorder.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QSocketNotifier;

namespace sockscope::cli {

// `sockscope-cli connect`: opens one connection, sends what the arguments say, prints what arrives, and ends
// with the exit code that tells a script how the connection went.
class ConnectCommand : public QObject
{
    Q_OBJECT
public:
    explicit ConnectCommand(ConnectArguments arguments, QObject *parent = nullptr);
    ~ConnectCommand() override;

    void start();

signals:
    void finished(int exitCode);

private:
    bool prepareMessages();
    // --cacert, --cert and --key into `options`; false with the reason printed when a file is unusable.
    bool loadTlsFiles(net::ClientOptions &options);
    bool startRecording(const net::ClientOptions &options);
    void onOpened();
    void readStdin();
    void end(ExitCode code);

    ConnectArguments m_args;
    net::ClientConnection m_connection;
    session::Recorder m_recorder;
    QList<std::pair<proto::Opcode, QByteArray>> m_messages;
    std::unique_ptr<QSocketNotifier> m_stdin;
    QByteArray m_stdinBuffer;
    QTimer m_timeout;
    std::optional<ExitCode> m_exit;
    bool m_protocolError = false;
    bool m_opened = false;
    bool m_done = false;
};

} // namespace sockscope::cli
