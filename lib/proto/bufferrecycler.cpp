#include "bufferrecycler.h"

#include <algorithm>
#include <atomic>
#include <chrono>

namespace sockscope::proto {

namespace {
// Enough for every large payload in flight on many connections at once (a buffer is watched while the socket
// still sends it), few enough that a scan is nothing next to filling a quarter of a MiB.
constexpr size_t MaxWatched = 256;

// Whether only the recycler holds `buffer`. The acquire fence orders whatever another thread did with the bytes
// before it let go of its reference before our writing to them.
bool heldOnlyHere(const QByteArray &buffer)
{
    if (!buffer.isDetached())
        return false;
    std::atomic_thread_fence(std::memory_order_acquire);
    return true;
}

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

BufferRecycler::BufferRecycler()
    : m_now(steadyMs)
{}

QByteArray BufferRecycler::take(qsizetype size)
{
    if (size >= MinimumSize) {
        // The newest fitting buffer: its pages are the likeliest to be in the cache. A buffer is used for sizes
        // from 3/4 of its capacity up, so that small payloads do not pin big buffers.
        for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it) {
            const qsizetype capacity = it->buffer.capacity();
            if (capacity < size || capacity - capacity / 4 > size || !heldOnlyHere(it->buffer))
                continue;
            QByteArray buffer = std::move(it->buffer);
            m_entries.erase(std::next(it).base());
            buffer.resize(size); // within its capacity and not shared: no allocation, no copy
            return buffer;
        }
    }
    return QByteArray(size, Qt::Uninitialized);
}

void BufferRecycler::watch(const QByteArray &buffer)
{
    if (buffer.capacity() < MinimumSize)
        return;
    // Watched twice, a buffer would never be held by the recycler alone.
    const auto same = std::find_if(m_entries.begin(), m_entries.end(),
                                   [&buffer](const Entry &e) { return e.buffer.constData() == buffer.constData(); });
    const qint64 now = m_now();
    if (same != m_entries.end()) {
        same->watchedMs = same->lastBusyMs = now;
        return;
    }
    m_entries.push_back({buffer, now, now});
    trim();
}

void BufferRecycler::releaseExpired()
{
    const qint64 now = m_now();
    std::erase_if(m_entries, [this, now](Entry &e) {
        if (!e.buffer.isDetached()) {
            e.lastBusyMs = now;
            return now - e.watchedMs > BusyLifetime;
        }
        return now - e.lastBusyMs > m_idleLifetimeMs;
    });
}

qsizetype BufferRecycler::idleBytes() const
{
    qsizetype bytes = 0;
    for (const Entry &e : m_entries) {
        if (e.buffer.isDetached())
            bytes += e.buffer.capacity();
    }
    return bytes;
}

void BufferRecycler::setIdleLimit(qsizetype bytes)
{
    m_idleLimit = std::max<qsizetype>(0, bytes);
    trim();
}

void BufferRecycler::setIdleLifetime(qint64 ms)
{
    m_idleLifetimeMs = std::max<qint64>(0, ms);
    trim();
}

void BufferRecycler::setClock(std::function<qint64()> msNow)
{
    m_now = msNow ? std::move(msNow) : std::function<qint64()>(steadyMs);
}

void BufferRecycler::trim()
{
    releaseExpired();
    if (m_entries.size() > MaxWatched)
        m_entries.erase(m_entries.begin(), m_entries.begin() + qsizetype(m_entries.size() - MaxWatched));
    qsizetype idle = idleBytes();
    for (auto it = m_entries.begin(); idle > m_idleLimit && it != m_entries.end();) {
        if (it->buffer.isDetached()) {
            idle -= it->buffer.capacity();
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
}

BufferRecycler &BufferRecycler::forThisThread()
{
    thread_local BufferRecycler recycler;
    return recycler;
}

} // namespace sockscope::proto
