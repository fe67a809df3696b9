#pragma once

#include <QtGlobal>

namespace sockscope::net {

// Wall-clock time in microseconds since the Unix epoch, for event timestamps.
qint64 nowMicros();
// Monotonic time in microseconds from an arbitrary start, for durations such as a ping's round trip.
qint64 steadyMicros();

} // namespace sockscope::net
