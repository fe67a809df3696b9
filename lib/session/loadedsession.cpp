#include "loadedsession.h"

#include "sessionassembler.h"

#include <QFile>

namespace sockscope::session {

LoadedSession loadSessionFile(const QString &path, StoreLimits limits)
{
    LoadedSession loaded;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        loaded.openError = file.errorString();
        return loaded;
    }
    SessionReader reader(&file);
    SessionAssembler assembler(limits);
    SessionRecord record;
    while (reader.next(record) == SessionReader::Status::Record) {
        QString why;
        if (!assembler.add(record, &why)) {
            loaded.error = {SessionReadError::Kind::Malformed, record.offset, reader.recordsRead() - 1, why};
            break;
        }
    }
    assembler.finish();
    loaded.connections = assembler.takeConnections();
    if (!loaded.error)
        loaded.error = reader.error();
    loaded.complete = reader.complete();
    return loaded;
}

} // namespace sockscope::session
