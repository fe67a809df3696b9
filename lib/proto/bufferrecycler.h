#pragma once

#include <QByteArray>

#include <functional>
#include <vector>

namespace sockscope::proto {

// Large payload buffers, used again once nobody else holds them.
//
// A payload of a few MiB that arrives, is echoed or logged and then dropped goes back to the allocator, which
// returns big blocks to the kernel; the next payload of that size is then fresh pages that the kernel must
// fault in and zero, which costs about as much as receiving the bytes. A recycler keeps a reference to each
// large buffer handed out. When it is asked for a buffer and one of those is held by nobody else any more (the
// socket sent it, the log dropped it) and its capacity fits, that buffer comes back instead of a new one, its
// pages resident already.
//
// Holding a reference costs nothing while others hold the buffer too. A buffer is forgotten once it has been idle
// (held by the recycler alone) for idleLifetime(), or once others have held it for BusyLifetime (a log keeps it,
// most likely); buffers only the recycler holds never add up to more than idleLimit() bytes (the oldest go
// first). So memory goes back to the allocator a few seconds after the traffic that needed it, however long that
// traffic kept each buffer on the way. Whether a buffer is idle is looked at by releaseExpired(), which watch()
// calls; something must call it now and then when no traffic comes (lib/net's Transport does).
// One recycler per thread (forThisThread()); a buffer may be dropped in any thread.
class BufferRecycler
{
public:
    // Smaller buffers come and go through the allocator's own free lists, which do this well already.
    static constexpr qsizetype MinimumSize = 256 * 1024;
    // Milliseconds after which a buffer that others still hold is forgotten.
    static constexpr qint64 BusyLifetime = 30'000;

    BufferRecycler();

    // An uninitialised buffer of exactly `size` bytes: a recycled one when one fits, else a new one.
    QByteArray take(qsizetype size);
    // Watches a buffer handed out (by take() or not), so that it can be used again once only this holds it.
    // Buffers whose capacity is below MinimumSize are not watched; a buffer watched already is not added twice.
    // The caller must not write to `buffer` any more: with this reference, writing would copy it.
    void watch(const QByteArray &buffer);
    // Forgets the buffers idle for idleLifetime() (counted from the last call that saw them held by others) and
    // those held by others for BusyLifetime since they were watched.
    void releaseExpired();
    // Forgets every buffer.
    void clear() { m_entries.clear(); }

    // Buffers watched, whether others hold them or not.
    qsizetype watchedCount() const { return qsizetype(m_entries.size()); }
    // Bytes in buffers that only this recycler holds.
    qsizetype idleBytes() const;

    qsizetype idleLimit() const { return m_idleLimit; }
    void setIdleLimit(qsizetype bytes);
    qint64 idleLifetime() const { return m_idleLifetimeMs; }
    void setIdleLifetime(qint64 ms);
    // Milliseconds from any fixed point; a steady clock unless set.
    void setClock(std::function<qint64()> msNow);

    static BufferRecycler &forThisThread();

private:
    struct Entry {
        QByteArray buffer;
        qint64 watchedMs = 0;
        qint64 lastBusyMs = 0; // when it was last seen held by others
    };

    void trim();

    std::vector<Entry> m_entries; // oldest first
    qsizetype m_idleLimit = 256 << 20;
    qint64 m_idleLifetimeMs = 2000;
    std::function<qint64()> m_now;
};

} // namespace sockscope::proto
