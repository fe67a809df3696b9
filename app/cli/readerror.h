#pragma once

#include "session/sessionreader.h"

#include <QString>

namespace sockscope::cli {

// "file.sksession: at byte 4096, after 12 records: ..." for a read error.
QString describeReadError(const QString &path, const session::SessionReadError &error);

} // namespace sockscope::cli
