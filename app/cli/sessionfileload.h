#pragma once

#include "session/recordedconnection.h"
#include "session/sessionreader.h"

#include <QString>

#include <memory>
#include <vector>

namespace sockscope::cli {

// A session file read whole into connections for replay and conversion, payloads kept however large.
struct LoadedSession {
    std::vector<std::unique_ptr<session::RecordedConnection>> connections;
    session::SessionReadError error;
    QString openError; // the file could not be opened at all
};

LoadedSession loadSessionFile(const QString &path);

// "file.sksession: the file ends inside record 12 (byte 4096): ..." for a read error.
QString describeReadError(const QString &path, const session::SessionReadError &error);

} // namespace sockscope::cli
