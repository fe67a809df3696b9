#pragma once

#include "recordedconnection.h"
#include "sessionrecord.h"

#include <QHash>

#include <deque>
#include <memory>
#include <vector>

namespace sockscope::session {

// Turns the records of a session, in file order, into its connections and their logs. Data frames wait until
// the Message record that says how many of them form a message; data frames no message claims (sent raw on
// purpose, or cut off by the end of a connection) join the log as frames of their own, in order. It does not
// read files (SessionReader does) and works the same on a finished file, a journal or a file cut short.
class SessionAssembler
{
public:
    explicit SessionAssembler(StoreLimits limits = {});

    // False, with the reason, for a record that contradicts the ones before it (a message claiming more frames
    // than came, a record for a connection that never started); nothing is added then.
    bool add(const SessionRecord &record, QString *why = nullptr);
    // The data frames still waiting join their logs as frames. Call at the end of the file.
    void finish();

    const std::vector<std::unique_ptr<RecordedConnection>> &connections() const { return m_connections; }
    std::vector<std::unique_ptr<RecordedConnection>> takeConnections();
    RecordedConnection *connection(quint32 id) const { return m_byId.value(id); }

private:
    struct PendingFrame {
        proto::Frame frame;
        qint64 timestampUs;
        qint64 offset; // of its Frame record in the file, -1 when not read from one
    };
    struct Pending {
        std::deque<PendingFrame> frames[2]; // by direction
    };
    void flushStray(RecordedConnection &c, proto::Direction d, size_t keep);

    StoreLimits m_limits;
    std::vector<std::unique_ptr<RecordedConnection>> m_connections;
    QHash<quint32, RecordedConnection *> m_byId;
    QHash<quint32, Pending> m_pending;
};

} // namespace sockscope::session
