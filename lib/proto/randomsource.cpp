#include "randomsource.h"

#include <QByteArray>
#include <QRandomGenerator>

namespace sockscope::proto {

RandomSource systemRandomSource()
{
    return [](std::span<quint8> out) {
        for (quint8 &b : out)
            b = quint8(QRandomGenerator::system()->bounded(256));
    };
}

RandomSource fixedRandomSource(QByteArray bytes)
{
    Q_ASSERT(!bytes.isEmpty());
    return [bytes, pos = qsizetype(0)](std::span<quint8> out) mutable {
        for (quint8 &b : out) {
            b = quint8(bytes.at(pos));
            pos = (pos + 1) % bytes.size();
        }
    };
}

} // namespace sockscope::proto
