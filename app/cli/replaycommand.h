#pragma once

#include "cliarguments.h"
#include "exitcode.h"
#include "session/loadedsession.h"

#include "session/replayer.h"

#include <QJsonArray>
#include <QObject>

#include <memory>

namespace sockscope::cli {

// `sockscope-cli replay`: plays the recorded connections of a session file against their server (or --url) one
// after the other, prints each response that differs, and ends with 0 when everything matched, 1 when not.
class ReplayCommand : public QObject
{
    Q_OBJECT
public:
    explicit ReplayCommand(ReplayArguments arguments, QObject *parent = nullptr);

    void start();

signals:
    void finished(int exitCode);

private:
    void replayNext();
    void connectionDone(const session::ReplayResult &result);
    void end(ExitCode code);

    ReplayArguments m_args;
    session::LoadedSession m_session;
    QList<const session::RecordedConnection *> m_queue;
    std::unique_ptr<session::Replayer> m_replayer;
    const session::RecordedConnection *m_current = nullptr;
    QJsonArray m_report;
    int m_compared = 0;
    int m_matched = 0;
    bool m_connectFailed = false;
    bool m_done = false;
};

} // namespace sockscope::cli
