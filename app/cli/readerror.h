#pragma once

#include "session/harreader.h"
#include "session/sessionreader.h"

#include <QString>

namespace sockscope::cli {

// "file.sksession: at byte 4096, after 12 records: ..." for a read error.
QString describeReadError(const QString &path, const session::SessionReadError &error);
// "file.har: line 3, column 7 (byte 42): expected ':'", with the JSON path when the value is at fault:
// "file.har: line 9, column 20 (byte 310): log.entries[0]._webSocketMessages[1].opcode: expected a number".
QString describeHarError(const QString &path, const session::HarReadError &error);

} // namespace sockscope::cli
