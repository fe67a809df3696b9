#pragma once

#include <QByteArrayView>
#include <QList>
#include <QtGlobal>

namespace sockscope::proto {

// Incremental UTF-8 validation exactly per RFC 3629 section 4, for text messages (RFC 6455 section 8.1) and
// close reasons (5.5.1) whose code points may be split across fragments and network reads. Fails fast: it
// reports the first byte after which no continuation could make the text valid. It does not decode, count or
// copy anything, and does not know about frames: the caller feeds it the unmasked payload bytes in order.
class Utf8Validator
{
public:
    // The instruction set the validator runs on. The default is the best one this CPU supports; tests and
    // benchmarks may ask for a narrower one to run every path on any machine.
    //   Portable: 8 bytes at a time over ASCII, a table-driven state machine for the rest.
    //   Sse2:     16 bytes at a time over ASCII, the same state machine for the rest.
    //   Avx2:     32 bytes at a time over ASCII and over multi-byte text, the state machine at the edges.
    enum class Kernel : quint8 { Portable, Sse2, Avx2 };
    // The best kernel this build and CPU support; a kernel above it is never used.
    static Kernel bestKernel();
    // Every kernel this build and CPU can run, from Portable up to the best one.
    static QList<Kernel> supportedKernels();
    // "portable", "sse2" or "avx2".
    static const char *kernelName(Kernel kernel);

    explicit Utf8Validator(Kernel kernel = bestKernel());

    // -1 if chunk holds no invalid byte; otherwise the index in chunk of the first byte at which the stream can
    // no longer be valid (for F4 90 the 90, for ED A0 the A0, for C0 the C0 itself). Once that has happened,
    // every further feed returns 0.
    qsizetype feed(QByteArrayView chunk);
    bool failed() const;
    // Not failed and not inside a multi-byte sequence: the message may end here.
    bool isComplete() const;
    void reset();
    Kernel kernel() const { return m_kernel; }

    // For a complete string: -1 if valid, else the index of the first invalid byte, or whole.size() if the
    // string ends inside a truncated sequence.
    static qsizetype firstInvalidByte(QByteArrayView whole, Kernel kernel = bestKernel());
    static bool isValid(QByteArrayView whole);

private:
    Kernel m_kernel;
    quint8 m_state;
};

} // namespace sockscope::proto
