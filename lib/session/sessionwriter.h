#pragma once

#include "sessionrecord.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace sockscope::session {

// Writes a session file (docs/session-format.md) to a device record by record: the file header first, then
// whatever records it is given, each with its CRC. It neither opens nor flushes the device; a recorder decides
// when bytes must reach the disk. A frame's header is written as the frame carries it (encoded first when empty).
class SessionWriter
{
public:
    explicit SessionWriter(QIODevice *device);

    bool writeFileHeader();
    bool write(const SessionRecord &record);

    quint64 recordsWritten() const { return m_records; }
    qint64 bytesWritten() const { return m_bytes; }
    // The device's error after a failed write.
    QString errorString() const;

    // One record's bytes, as write() puts them on the device.
    static QByteArray encode(const SessionRecord &record);
    static QByteArray fileHeader();
    // A record of any type code with this body, length and CRC filled in: for tools and tests that need records
    // this version does not make (types of a later version, damaged bodies).
    static QByteArray encodeRaw(quint8 type, quint32 connection, qint64 timestampUs, QByteArrayView body);

private:
    bool put(const QByteArray &bytes);

    QIODevice *m_device;
    quint64 m_records = 0;
    qint64 m_bytes = 0;
};

} // namespace sockscope::session
