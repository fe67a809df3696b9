#pragma once

#include "messagecomparison.h"
#include "recordedconnection.h"

#include "net/clientconnection.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>

namespace sockscope::session {

struct ReplayOptions {
    QUrl url;                // empty: the URL the connection was recorded with
    double speed = 1.0;      // the recorded gaps between messages divided by this; 0: as fast as possible
    bool stepwise = false;   // send each message only on step()
    QStringList ignorePaths; // JSON paths left out of the comparison (MessageComparison)
    bool jsonAware = true;   // false: responses must match byte for byte
    int settleMs = 2000;     // after the last message, how long to wait for responses still missing
    int handshakeTimeoutMs = 10000;
    bool skipCertificateVerification = false;
};

// One recorded response set against what came back in its place.
struct ReplayComparison {
    qsizetype index = 0; // the n-th message the server sent
    bool expectedPresent = false;
    proto::Opcode expectedType = proto::Opcode::Text;
    QByteArray expected;
    bool actualPresent = false;
    proto::Opcode actualType = proto::Opcode::Text;
    QByteArray actual;
    QList<MessageComparison::Difference> differences;

    bool matched() const { return expectedPresent && actualPresent && differences.isEmpty(); }
};

struct ReplayResult {
    QUrl url;
    bool connected = false;
    QString error; // why it could not connect, or how the connection failed
    int messagesSent = 0;
    int messagesToSend = 0;
    QList<ReplayComparison> comparisons; // one per recorded response, then one per extra response
    std::optional<proto::CloseInfo> close;

    int matchedCount() const;
    bool matched() const { return connected && error.isEmpty() && matchedCount() == comparisons.size(); }
};

// Plays the client half of a recorded connection against a server and compares what comes back with what was
// recorded. The messages the client sent go out with their recorded spacing (scaled by speed), as fast as
// possible, or one per step(); the n-th message that comes back is compared with the n-th recorded one. It ends
// when every message was sent and every recorded response has an answer, when the server closes, or settleMs
// after the last message, and then closes with 1000.
class Replayer : public QObject
{
    Q_OBJECT
public:
    Replayer(const RecordedConnection &connection, ReplayOptions options, QObject *parent = nullptr);

    void start();
    // Stepwise: sends the next message; false when none is left.
    bool step();
    void stop();

    const ReplayResult &result() const { return m_result; }
    bool isFinished() const { return m_finished; }
    net::ClientConnection &connection() { return m_connection; }

signals:
    void messageSent(int index);
    void responseCompared(const sockscope::session::ReplayComparison &comparison);
    void finished(const sockscope::session::ReplayResult &result);

private:
    struct Outgoing {
        qint64 offsetUs; // after the connection opened
        proto::Opcode type;
        QByteArray payload;
    };
    void sendNext();
    void scheduleNext();
    void received(const proto::Message &message);
    void checkDone();
    void finish(const QString &error = {});

    ReplayOptions m_options;
    net::ClientOptions m_clientOptions;
    QList<Outgoing> m_outgoing;
    QList<std::pair<proto::Opcode, QByteArray>> m_expected;
    net::ClientConnection m_connection;
    ReplayResult m_result;
    MessageComparison m_comparison;
    QElapsedTimer m_clock;
    QTimer m_sendTimer;
    QTimer m_settleTimer;
    int m_next = 0;
    int m_received = 0;
    bool m_finished = false;
};

} // namespace sockscope::session
