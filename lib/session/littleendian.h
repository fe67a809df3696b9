#pragma once

#include <QByteArray>
#include <QtEndian>

namespace sockscope::session {

// Appends an integer in little-endian byte order, as session files and pcapng (written little-endian) store them.
template <typename T> void appendLittleEndian(QByteArray &out, T value)
{
    char bytes[sizeof(T)];
    qToLittleEndian(value, bytes);
    out.append(bytes, qsizetype(sizeof(T)));
}

} // namespace sockscope::session
