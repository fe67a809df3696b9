#pragma once

#include "session/messagestore.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QWebSocket>

#include <csignal>

// The crash-recovery tests: this test executable started again as a recording child (it sees `variable` set to a
// directory and prints its server's port), a client that sends "m<n>" to it every 20 ms for 2.5 s, then SIGKILL;
// afterwards, a check that every message sent more than a second before the kill was recorded.
namespace killedrecording {

struct Run {
    QList<qint64> sentAt; // ms after the first send
    qint64 killedAt = 0;
    QString error; // why the run did not happen
};

inline Run sendThenKill(const QString &variable, const QString &directory)
{
    Run run;
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(variable, directory);
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    if (!child.waitForStarted() || !QTest::qWaitFor([&] { return child.canReadLine(); }, 20000)) {
        run.error = QStringLiteral("the recording child did not start: ") + child.errorString();
        return run;
    }
    const quint16 port = quint16(child.readLine().trimmed().toUInt());
    QWebSocket client;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/echo").arg(port)));
    if (!QTest::qWaitFor([&] { return client.state() == QAbstractSocket::ConnectedState; }, 5000)) {
        run.error = QStringLiteral("no connection to the child's server on port %1").arg(port);
        child.kill();
        child.waitForFinished();
        return run;
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 2500) {
        run.sentAt.append(clock.elapsed());
        client.sendTextMessage(QStringLiteral("m%1").arg(run.sentAt.size() - 1));
        QTest::qWait(20);
    }
    run.killedAt = clock.elapsed();
    ::kill(pid_t(child.processId()), SIGKILL);
    if (!child.waitForFinished(5000))
        run.error = QStringLiteral("the child did not end");
    return run;
}

// The messages the server received, as the recording of its side shows them.
inline QSet<QByteArray> received(const sockscope::session::MessageStore &log)
{
    QSet<QByteArray> out;
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i)
        if (log.at(i).direction == sockscope::proto::Direction::Incoming && log.at(i).isMessage())
            out.insert(log.at(i).payload);
    return out;
}

// Empty when every message sent more than a second before the kill (and more than 20 of them) is in `recorded`;
// otherwise what is missing.
inline QString lostOlderThanASecond(const Run &run, const QSet<QByteArray> &recorded)
{
    int older = 0;
    QStringList lost;
    for (int i = 0; i < run.sentAt.size(); ++i) {
        if (run.killedAt - run.sentAt[i] > 1000) {
            ++older;
            if (!recorded.contains("m" + QByteArray::number(i)))
                lost.append(QStringLiteral("m%1").arg(i));
        }
    }
    if (older <= 20)
        return QStringLiteral("only %1 messages were sent more than a second before the kill").arg(older);
    if (!lost.isEmpty())
        return QStringLiteral("lost: ") + lost.join(QLatin1Char(' '));
    qInfo("%d messages sent, %d recorded, %d sent more than 1 s before the kill", int(run.sentAt.size()),
          int(recorded.size()), older);
    return {};
}

} // namespace killedrecording
