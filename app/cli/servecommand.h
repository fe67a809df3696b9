#pragma once

#include "cliarguments.h"
#include "exitcode.h"

#include "net/server.h"
#include "session/recorder.h"

#include <QObject>
#include <QTimer>

namespace sockscope::cli {

// `sockscope-cli serve`: runs the local server and prints one line per client event on standard output,
// the first being "listening on URL". stop() closes every client and ends with exit code 0.
class ServeCommand : public QObject
{
    Q_OBJECT
public:
    explicit ServeCommand(ServeArguments arguments, QObject *parent = nullptr);

    void start();
    void stop();

signals:
    void finished(int exitCode);

private:
    bool loadIdentity();
    bool loadMockScript();
    void watch(net::ServerClient *client);
    void end(ExitCode code);

    ServeArguments m_args;
    net::Server m_server;
    session::Recorder m_recorder;
    QTimer m_stopTimer;
    QString m_mockSummary; // what the mock plays, printed after the listening line
    bool m_done = false;
};

} // namespace sockscope::cli
