#include "masking.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define SOCKSCOPE_MASKING_AVX2
#endif

namespace sockscope::proto {

namespace {

// Below this size the bytes before a 32-byte boundary of dst are not worth a separate pass.
constexpr qsizetype kAlignThreshold = 256;

// The four key bytes that apply to payload positions offset .. offset + 3, in memory order.
quint32 keyWord(MaskKey key, quint64 offset)
{
    quint8 bytes[4];
    for (unsigned j = 0; j < 4; ++j)
        bytes[j] = key[(offset + j) & 3]; // 5.3: j = i MOD 4
    quint32 word;
    std::memcpy(&word, bytes, sizeof word);
    return word;
}

// The kernels below XOR src into dst with src[0] lined up with the first byte of word.

void maskPortable(char *dst, const char *src, qsizetype size, quint32 word)
{
    const quint64 wide = quint64(word) | (quint64(word) << 32);
    qsizetype i = 0;
    for (; size - i >= 8; i += 8) {
        quint64 v;
        std::memcpy(&v, src + i, sizeof v);
        v ^= wide;
        std::memcpy(dst + i, &v, sizeof v);
    }
    quint8 bytes[4];
    std::memcpy(bytes, &word, sizeof bytes);
    for (; i < size; ++i)
        dst[i] = char(quint8(src[i]) ^ bytes[i & 3]);
}

#if defined(__SSE2__)
inline __m128i load128(const void *p)
{
    return _mm_loadu_si128(static_cast<const __m128i *>(p));
}
inline void store128(void *p, __m128i v)
{
    _mm_storeu_si128(static_cast<__m128i *>(p), v);
}

void maskSse2(char *dst, const char *src, qsizetype size, quint32 word)
{
    const __m128i key = _mm_set1_epi32(int(word));
    qsizetype i = 0;
    for (; size - i >= 64; i += 64) {
        const __m128i a = load128(src + i);
        const __m128i b = load128(src + i + 16);
        const __m128i c = load128(src + i + 32);
        const __m128i d = load128(src + i + 48);
        store128(dst + i, _mm_xor_si128(a, key));
        store128(dst + i + 16, _mm_xor_si128(b, key));
        store128(dst + i + 32, _mm_xor_si128(c, key));
        store128(dst + i + 48, _mm_xor_si128(d, key));
    }
    for (; size - i >= 16; i += 16)
        store128(dst + i, _mm_xor_si128(load128(src + i), key));
    maskPortable(dst + i, src + i, size - i, word);
}
#endif

#if defined(SOCKSCOPE_MASKING_AVX2)
__attribute__((target("avx2"))) inline __m256i load256(const void *p)
{
    return _mm256_loadu_si256(static_cast<const __m256i *>(p));
}
__attribute__((target("avx2"))) inline void store256(void *p, __m256i v)
{
    _mm256_storeu_si256(static_cast<__m256i *>(p), v);
}

__attribute__((target("avx2"))) void maskAvx2(char *dst, const char *src, qsizetype size, quint32 word)
{
    const __m256i key = _mm256_set1_epi32(int(word));
    qsizetype i = 0;
    for (; size - i >= 128; i += 128) {
        const __m256i a = load256(src + i);
        const __m256i b = load256(src + i + 32);
        const __m256i c = load256(src + i + 64);
        const __m256i d = load256(src + i + 96);
        store256(dst + i, _mm256_xor_si256(a, key));
        store256(dst + i + 32, _mm256_xor_si256(b, key));
        store256(dst + i + 64, _mm256_xor_si256(c, key));
        store256(dst + i + 96, _mm256_xor_si256(d, key));
    }
    for (; size - i >= 32; i += 32)
        store256(dst + i, _mm256_xor_si256(load256(src + i), key));
    maskSse2(dst + i, src + i, size - i, word);
}
#endif

MaskKernel detectBestKernel()
{
#if defined(SOCKSCOPE_MASKING_AVX2)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        return MaskKernel::Avx2;
#endif
#if defined(__SSE2__)
    return MaskKernel::Sse2;
#else
    return MaskKernel::Portable;
#endif
}

} // namespace

MaskKernel bestMaskKernel()
{
    static const MaskKernel best = detectBestKernel();
    return best;
}

void applyMask(char *data, qsizetype size, MaskKey key, quint64 offset)
{
    copyMasked(bestMaskKernel(), data, data, size, key, offset);
}

void copyMasked(char *dst, const char *src, qsizetype size, MaskKey key, quint64 offset)
{
    copyMasked(bestMaskKernel(), dst, src, size, key, offset);
}

void copyMasked(MaskKernel kernel, char *dst, const char *src, qsizetype size, MaskKey key, quint64 offset)
{
    if (size <= 0)
        return;
    kernel = std::min(kernel, bestMaskKernel());

    // Large buffers: the bytes before a 32-byte boundary of dst first, so that the wide stores are aligned.
    qsizetype head = 0;
    if (size >= kAlignThreshold && kernel != MaskKernel::Portable) {
        head = qsizetype((quintptr(0) - reinterpret_cast<quintptr>(dst)) & 31);
        for (qsizetype i = 0; i < head; ++i)
            dst[i] = char(quint8(src[i]) ^ key[(offset + quint64(i)) & 3]); // 5.3: j = i MOD 4
    }
    const quint32 word = keyWord(key, offset + quint64(head));
    dst += head;
    src += head;
    size -= head;

    switch (kernel) {
#if defined(SOCKSCOPE_MASKING_AVX2)
    case MaskKernel::Avx2: maskAvx2(dst, src, size, word); return;
#endif
#if defined(__SSE2__)
    case MaskKernel::Sse2: maskSse2(dst, src, size, word); return;
#endif
    default: maskPortable(dst, src, size, word); return;
    }
}

QList<MaskKernel> supportedMaskKernels()
{
    QList<MaskKernel> kernels{MaskKernel::Portable};
    if (bestMaskKernel() >= MaskKernel::Sse2)
        kernels << MaskKernel::Sse2;
    if (bestMaskKernel() >= MaskKernel::Avx2)
        kernels << MaskKernel::Avx2;
    return kernels;
}

const char *maskKernelName(MaskKernel kernel)
{
    switch (kernel) {
    case MaskKernel::Portable: return "portable";
    case MaskKernel::Sse2: return "sse2";
    case MaskKernel::Avx2: return "avx2";
    }
    return "?";
}

} // namespace sockscope::proto
