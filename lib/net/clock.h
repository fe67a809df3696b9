#pragma once

#include <QtGlobal>

namespace sockscope::net {

// Wall-clock time in microseconds since the Unix epoch, for event timestamps.
qint64 nowMicros();

} // namespace sockscope::net
