#pragma once

#include "frame.h"

#include <QList>
#include <QtGlobal>

namespace sockscope::proto {

// Masking and unmasking of payload bytes (RFC 6455 section 5.3): payload byte i is XORed with key byte i MOD 4,
// so one operation does both. Works on raw buffers at memory speed (wide words, SSE2, AVX2 when the CPU has
// it); it knows nothing of frames, headers or which side must mask.

// The instruction set a masking call runs on. The plain functions use the best one this CPU supports; the
// overload taking a kernel lets tests and benchmarks run every path on any machine.
enum class MaskKernel : quint8 { Portable, Sse2, Avx2 };

// The best kernel this build and CPU support; a kernel above it is never used.
MaskKernel bestMaskKernel();
// Every kernel this build and CPU can run, from Portable up to the best one.
QList<MaskKernel> supportedMaskKernels();
// "portable", "sse2" or "avx2".
const char *maskKernelName(MaskKernel kernel);

// XORs size bytes in place. offset is the position of data[0] within the payload, so that a payload unmasked
// in several chunks comes out as if unmasked in one go.
void applyMask(char *data, qsizetype size, MaskKey key, quint64 offset = 0);

// Same as applyMask, writing to dst. dst may equal src; otherwise the two ranges must not overlap.
void copyMasked(char *dst, const char *src, qsizetype size, MaskKey key, quint64 offset = 0);
// Same, on the given kernel (or the best supported one below it).
void copyMasked(MaskKernel kernel, char *dst, const char *src, qsizetype size, MaskKey key, quint64 offset = 0);

} // namespace sockscope::proto
