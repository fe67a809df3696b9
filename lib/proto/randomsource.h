#pragma once

#include <QtGlobal>

#include <functional>
#include <span>

namespace sockscope::proto {

// Where mask keys and Sec-WebSocket-Key nonces come from. Injectable so that tests are reproducible; the
// default draws from QRandomGenerator::system() (RFC 6455 10.3 asks for an unpredictable source).
using RandomSource = std::function<void(std::span<quint8>)>;

RandomSource systemRandomSource();
// A source that repeats the given bytes forever; for tests and for replaying recorded keys.
RandomSource fixedRandomSource(QByteArray bytes);

} // namespace sockscope::proto
