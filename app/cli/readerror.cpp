#include "readerror.h"

namespace sockscope::cli {

QString describeReadError(const QString &path, const session::SessionReadError &error)
{
    return QStringLiteral("%1: at byte %2, after %3 records: %4")
        .arg(path)
        .arg(error.offset)
        .arg(error.recordIndex)
        .arg(error.detail);
}

} // namespace sockscope::cli
