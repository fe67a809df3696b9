#pragma once

#include "messagestore.h"

#include <QFile>
#include <QString>

#include <optional>

namespace sockscope::session {

// Reads a log record's payload again from the session file the log was loaded from, for a record whose payload the
// log released to stay within its memory budget (MessageRecord::sourceOffset). The file stays open; each call
// reads only the records of that one message. Not for live logs (they have no source).
class PayloadSource
{
public:
    explicit PayloadSource(const QString &sessionFile);

    // The payload as the log would have held it: a message's (inflated when compressed), a frame's. nullopt with
    // the reason when the record has no source, or the file no longer holds it as it did.
    std::optional<QByteArray> payload(quint32 connection, const MessageRecord &record, QString *error = nullptr);

private:
    QFile m_file;
};

} // namespace sockscope::session
