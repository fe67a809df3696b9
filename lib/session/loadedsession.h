#pragma once

#include "recordedconnection.h"
#include "sessionreader.h"

#include <QString>

#include <memory>
#include <vector>

namespace sockscope::session {

// A session file read whole into its connections: what the reader delivered before any error, the error, and
// whether the recording was finished.
struct LoadedSession {
    std::vector<std::unique_ptr<RecordedConnection>> connections;
    SessionReadError error; // also a record the assembler refused (Kind::Malformed)
    bool complete = false;  // the file ends with its End record
    QString openError;      // the file could not be opened at all
};

// Reads a session file with SessionReader and SessionAssembler, each connection's log under `limits`.
LoadedSession loadSessionFile(const QString &path, StoreLimits limits = {});

} // namespace sockscope::session
