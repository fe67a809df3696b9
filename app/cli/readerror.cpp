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

QString describeHarError(const QString &path, const session::HarReadError &error)
{
    if (error.kind == session::HarReadError::Kind::Syntax)
        return QStringLiteral("%1: %2").arg(path, error.message());
    return QStringLiteral("%1: line %2, column %3 (byte %4): %5")
        .arg(path)
        .arg(error.line)
        .arg(error.column)
        .arg(error.offset)
        .arg(error.message());
}

} // namespace sockscope::cli
