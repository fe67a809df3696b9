#pragma once

#include "connectioninfo.h"
#include "messagestore.h"
#include "sessionrecord.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace sockscope::session {

// One connection of an opened session: what it was, its handshake, its log in the form a connection tab shows
// (messages and the frames that belong to none), notes and how it ended.
struct RecordedConnection {
    explicit RecordedConnection(StoreLimits limits)
        : log(limits)
    {}

    quint32 id = 0;
    ConnectionInfo info;
    qint64 startedUs = 0;
    QByteArray request; // raw heads; empty when the connection never got that far
    qint64 requestUs = -1;
    QByteArray response;
    qint64 responseUs = -1;
    MessageStore log;
    QList<SessionRecord> notes;
    std::optional<proto::CloseInfo> close;
    qint64 closedUs = -1;
};

} // namespace sockscope::session
