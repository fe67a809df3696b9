#include "sessionfileload.h"

#include "session/sessionassembler.h"

#include <QFile>

namespace sockscope::cli {

LoadedSession loadSessionFile(const QString &path)
{
    LoadedSession loaded;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        loaded.openError = file.errorString();
        return loaded;
    }
    session::StoreLimits limits;
    limits.maxRecords = std::numeric_limits<quint64>::max();
    limits.payloadBudget = std::numeric_limits<qint64>::max();
    session::SessionReader reader(&file);
    session::SessionAssembler assembler(limits);
    session::SessionRecord record;
    while (reader.next(record) == session::SessionReader::Status::Record) {
        QString why;
        if (!assembler.add(record, &why)) {
            loaded.error = {session::SessionReadError::Kind::Malformed, record.offset, reader.recordsRead() - 1, why};
            break;
        }
    }
    assembler.finish();
    loaded.connections = assembler.takeConnections();
    if (!loaded.error)
        loaded.error = reader.error();
    return loaded;
}

QString describeReadError(const QString &path, const session::SessionReadError &error)
{
    return QStringLiteral("%1: at byte %2, after %3 records: %4")
        .arg(path)
        .arg(error.offset)
        .arg(error.recordIndex)
        .arg(error.detail);
}

} // namespace sockscope::cli
