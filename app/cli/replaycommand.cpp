#include "replaycommand.h"

#include "readerror.h"
#include "wireformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

namespace sockscope::cli {

ReplayCommand::ReplayCommand(ReplayArguments arguments, QObject *parent)
    : QObject(parent)
    , m_args(std::move(arguments))
{}

void ReplayCommand::start()
{
    // Replay needs every payload, however large the file.
    session::StoreLimits limits;
    limits.maxRecords = std::numeric_limits<quint64>::max();
    limits.payloadBudget = std::numeric_limits<qint64>::max();
    m_session = session::loadSessionFile(m_args.file, limits);
    if (!m_session.openError.isEmpty()) {
        printError(QStringLiteral("sockscope-cli: cannot read %1: %2\n").arg(m_args.file, m_session.openError));
        end(ExitCode::InputError);
        return;
    }
    if (m_session.error) {
        // A recording cut short is still a recording; a damaged one is not something to judge a server by.
        if (m_session.error.kind != session::SessionReadError::Kind::Truncated) {
            printError(QStringLiteral("sockscope-cli: %1\n").arg(describeReadError(m_args.file, m_session.error)));
            end(ExitCode::InputError);
            return;
        }
        printError(QStringLiteral("sockscope-cli: warning: %1; replaying what came before\n")
                       .arg(describeReadError(m_args.file, m_session.error)));
    }
    // Connections that were upgraded; client-side ones, or server-side ones when the file has no client side.
    QList<const session::RecordedConnection *> client;
    QList<const session::RecordedConnection *> server;
    for (const auto &c : m_session.connections) {
        if (m_args.connection != 0 && c->id != m_args.connection)
            continue;
        if (!c->response.startsWith("HTTP/1.1 101") && m_args.connection == 0)
            continue;
        (c->info.side == session::Side::Client ? client : server).append(c.get());
    }
    m_queue = client.isEmpty() ? server : client;
    if (m_queue.isEmpty()) {
        printError(
            m_args.connection != 0
                ? QStringLiteral("sockscope-cli: %1 has no connection %2\n").arg(m_args.file).arg(m_args.connection)
                : QStringLiteral("sockscope-cli: %1 holds no connection that was opened\n").arg(m_args.file));
        end(ExitCode::InputError);
        return;
    }
    replayNext();
}

void ReplayCommand::replayNext()
{
    if (m_queue.isEmpty()) {
        printLine(QStringLiteral("%1 of %2 responses matched").arg(m_matched).arg(m_compared));
        if (!m_args.reportFile.isEmpty()) {
            QJsonObject report{{QStringLiteral("file"), m_args.file},
                               {QStringLiteral("matched"), m_matched == m_compared && !m_connectFailed},
                               {QStringLiteral("responses"), m_compared},
                               {QStringLiteral("responsesMatched"), m_matched},
                               {QStringLiteral("connections"), m_report}};
            QSaveFile out(m_args.reportFile);
            if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report).toJson()) < 0 || !out.commit()) {
                printError(
                    QStringLiteral("sockscope-cli: cannot write %1: %2\n").arg(m_args.reportFile, out.errorString()));
                end(ExitCode::InputError);
                return;
            }
        }
        end(m_connectFailed ? ExitCode::ConnectFailed : m_matched == m_compared ? ExitCode::Ok : ExitCode::NotClean);
        return;
    }
    m_current = m_queue.takeFirst();
    session::ReplayOptions options;
    options.url = m_args.url;
    options.speed = m_args.speed;
    options.ignorePaths = m_args.ignorePaths;
    options.jsonAware = !m_args.exact;
    options.settleMs = int(m_args.settleSeconds * 1000);
    options.skipCertificateVerification = m_args.insecure;
    m_replayer = std::make_unique<session::Replayer>(*m_current, options);
    if (!m_args.ignorePaths.isEmpty()) {
        const session::MessageComparison check(m_args.ignorePaths);
        for (const QString &bad : check.invalidPatterns())
            printError(QStringLiteral("sockscope-cli: warning: --ignore \"%1\" is not a JSON path; it is left out\n")
                           .arg(bad));
    }
    printLine(
        QStringLiteral("replaying connection %1 to %2").arg(m_current->id).arg(m_replayer->result().url.toString()));
    connect(m_replayer.get(), &session::Replayer::responseCompared, this, [this](const session::ReplayComparison &c) {
        if (c.matched()) {
            if (m_args.verbose)
                printLine(QStringLiteral("  response %1 matched").arg(c.index + 1));
            return;
        }
        printLine(QStringLiteral("  response %1 differs:").arg(c.index + 1));
        for (const auto &d : c.differences)
            printLine(QStringLiteral("    %1: expected %2, got %3").arg(d.path, d.expected, d.actual));
    });
    connect(m_replayer.get(), &session::Replayer::finished, this, [this](const session::ReplayResult &result) {
        // Leave the replayer's own signal handler before it goes away.
        QTimer::singleShot(0, this, [this, result] { connectionDone(result); });
    });
    m_replayer->start();
}

void ReplayCommand::connectionDone(const session::ReplayResult &result)
{
    if (!result.connected) {
        printError(QStringLiteral("sockscope-cli: connection %1: %2\n").arg(m_current->id).arg(result.error));
        m_connectFailed = true;
    }
    m_compared += int(result.comparisons.size());
    m_matched += result.matchedCount();
    QJsonArray responses;
    for (const auto &c : result.comparisons) {
        QJsonArray differences;
        for (const auto &d : c.differences)
            differences.append(QJsonObject{{QStringLiteral("path"), d.path},
                                           {QStringLiteral("expected"), d.expected},
                                           {QStringLiteral("actual"), d.actual}});
        responses.append(QJsonObject{{QStringLiteral("index"), int(c.index)},
                                     {QStringLiteral("matched"), c.matched()},
                                     {QStringLiteral("differences"), differences}});
    }
    m_report.append(QJsonObject{{QStringLiteral("connection"), qint64(m_current->id)},
                                {QStringLiteral("url"), result.url.toString()},
                                {QStringLiteral("connected"), result.connected},
                                {QStringLiteral("error"), result.error},
                                {QStringLiteral("messagesSent"), result.messagesSent},
                                {QStringLiteral("matched"), result.matched()},
                                {QStringLiteral("responses"), responses}});
    m_replayer.reset();
    replayNext();
}

void ReplayCommand::end(ExitCode code)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(int(code));
}

} // namespace sockscope::cli
