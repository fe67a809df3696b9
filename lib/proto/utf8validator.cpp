#include "utf8validator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define SOCKSCOPE_UTF8_AVX2
#endif

namespace sockscope::proto {

namespace {

// The state machine. Each state is a multiple of 6 so that one 64-bit row per byte holds the next state for
// every current state: next = row[byte] >> state, low 6 bits. The shift count needs no masking on x86-64 and
// the step is one load and one shift.
namespace State {
constexpr quint8 Accept = 0;   // between characters
constexpr quint8 Tail1 = 6;    // one more 80-BF
constexpr quint8 Tail2 = 12;   // two more 80-BF
constexpr quint8 Tail3 = 18;   // three more 80-BF
constexpr quint8 AfterE0 = 24; // A0-BF then one tail
constexpr quint8 AfterED = 30; // 80-9F then one tail
constexpr quint8 AfterF0 = 36; // 90-BF then two tails
constexpr quint8 AfterF4 = 42; // 80-8F then two tails
constexpr quint8 Reject = 48;  // no continuation can make the text valid; absorbing
} // namespace State
constexpr quint64 kStateMask = 63;

constexpr bool inRange(unsigned byte, unsigned first, unsigned last)
{
    return byte >= first && byte <= last;
}

// The well-formed byte sequences of RFC 3629 section 4, one byte at a time.
constexpr quint8 nextState(quint8 state, unsigned byte)
{
    const bool tail = inRange(byte, 0x80, 0xBF); // UTF8-tail = %x80-BF
    switch (state) {
    case State::Accept:
        if (byte <= 0x7F) // UTF8-1 = %x00-7F
            return State::Accept;
        if (inRange(byte, 0xC2, 0xDF)) // UTF8-2 = %xC2-DF UTF8-tail
            return State::Tail1;
        if (byte == 0xE0) // UTF8-3 = %xE0 %xA0-BF UTF8-tail: no overlongs
            return State::AfterE0;
        if (inRange(byte, 0xE1, 0xEC) || inRange(byte, 0xEE, 0xEF)) // UTF8-3 = %xE1-EC / %xEE-EF 2( UTF8-tail )
            return State::Tail2;
        if (byte == 0xED) // UTF8-3 = %xED %x80-9F UTF8-tail: no surrogates D800-DFFF
            return State::AfterED;
        if (byte == 0xF0) // UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ): no overlongs
            return State::AfterF0;
        if (inRange(byte, 0xF1, 0xF3)) // UTF8-4 = %xF1-F3 3( UTF8-tail )
            return State::Tail3;
        if (byte == 0xF4) // UTF8-4 = %xF4 %x80-8F 2( UTF8-tail ): nothing above U+10FFFF
            return State::AfterF4;
        return State::Reject; // a lone tail, or C0, C1, F5-FF, which never appear (section 1)
    case State::Tail1: return tail ? State::Accept : State::Reject;
    case State::Tail2: return tail ? State::Tail1 : State::Reject;
    case State::Tail3: return tail ? State::Tail2 : State::Reject;
    case State::AfterE0: return inRange(byte, 0xA0, 0xBF) ? State::Tail1 : State::Reject;
    case State::AfterED: return inRange(byte, 0x80, 0x9F) ? State::Tail1 : State::Reject;
    case State::AfterF0: return inRange(byte, 0x90, 0xBF) ? State::Tail2 : State::Reject;
    case State::AfterF4: return inRange(byte, 0x80, 0x8F) ? State::Tail2 : State::Reject;
    case State::Reject: return State::Reject;
    }
    return State::Reject;
}

constexpr std::array<quint64, 256> buildTransitions()
{
    constexpr quint8 states[] = {State::Accept,  State::Tail1,   State::Tail2,   State::Tail3, State::AfterE0,
                                 State::AfterED, State::AfterF0, State::AfterF4, State::Reject};
    std::array<quint64, 256> rows{};
    for (unsigned byte = 0; byte < 256; ++byte) {
        for (quint8 s : states)
            rows[byte] |= quint64(nextState(s, byte)) << s;
    }
    return rows;
}

constexpr std::array<quint64, 256> kTransitions = buildTransitions();

constexpr quint64 step(quint64 state, quint8 byte)
{
    return kTransitions[byte] >> (state & kStateMask);
}

static_assert((step(State::Accept, 0xF4) & kStateMask) == State::AfterF4);
static_assert((step(State::AfterF4, 0x90) & kStateMask) == State::Reject);
static_assert((step(State::Reject, 0x41) & kStateMask) == State::Reject);

// Bytes the state machine runs over in one pass before the fast paths get another chance.
constexpr qsizetype kDfaBlock = 32;

// The state machine's step has to wait for the previous one, so long stretches of multi-byte text run as four
// interleaved lanes of about kLane bytes each. Every lane but the first starts from Accept at a byte that starts a
// character, which gives the same result as one pass whenever the text is valid.
constexpr int kLanes = 4;
constexpr qsizetype kLane = 32;

// The byte at or up to 3 bytes before at that is not a tail (80-BF), or -1: valid text never has 4 tails in a row.
// Needs at >= 3. Branch-free: where the lanes start depends on the text and would defeat branch prediction.
inline qsizetype characterStartNear(const quint8 *data, qsizetype at)
{
    quint32 word;
    std::memcpy(&word, data + at - 3, sizeof word);
    // Bit 7 of each byte: set unless the byte is a tail (bit 7 set, bit 6 clear).
    const quint32 starts = (~word | (word << 1)) & 0x80808080u;
    if (starts == 0)
        return -1;
    if constexpr (std::endian::native == std::endian::little)
        return at - std::countl_zero(starts) / 8;
    else
        return at - std::countr_zero(starts) / 8;
}

// Runs the lanes over the kLanes * kLane bytes from i, starting in state. Returns false, leaving state alone, if
// the bytes may hold an invalid one: then a single pass finds it.
bool runLanes(const quint8 *data, qsizetype i, quint64 &state)
{
    qsizetype start[kLanes + 1];
    start[0] = i;
    start[kLanes] = i + kLanes * kLane;
    for (int lane = 1; lane < kLanes; ++lane) {
        start[lane] = characterStartNear(data, i + lane * kLane);
        if (start[lane] < 0)
            return false;
    }
    static_assert(kLanes == 4);
    quint64 s0 = state, s1 = State::Accept, s2 = State::Accept, s3 = State::Accept;
    const quint8 *p0 = data + start[0], *p1 = data + start[1], *p2 = data + start[2], *p3 = data + start[3];
    // Each lane is at least kLane - 3 bytes long.
    for (qsizetype k = 0; k < kLane - 3; ++k) {
        s0 = step(s0, p0[k]);
        s1 = step(s1, p1[k]);
        s2 = step(s2, p2[k]);
        s3 = step(s3, p3[k]);
    }
    for (qsizetype at = start[0] + kLane - 3; at < start[1]; ++at)
        s0 = step(s0, data[at]);
    for (qsizetype at = start[1] + kLane - 3; at < start[2]; ++at)
        s1 = step(s1, data[at]);
    for (qsizetype at = start[2] + kLane - 3; at < start[3]; ++at)
        s2 = step(s2, data[at]);
    for (qsizetype at = start[3] + kLane - 3; at < start[4]; ++at)
        s3 = step(s3, data[at]);
    // A lane followed by another must end between two characters: the next lane starts with a non-tail byte.
    if ((s0 & kStateMask) != State::Accept || (s1 & kStateMask) != State::Accept ||
        (s2 & kStateMask) != State::Accept || (s3 & kStateMask) == State::Reject)
        return false;
    state = s3 & kStateMask;
    return true;
}

// Fast paths. Each returns a position at or after i, between two characters, such that [i, position) is
// valid; they are only called between two characters.

qsizetype skipAsciiPortable(const quint8 *data, qsizetype i, qsizetype size)
{
    constexpr quint64 highBits = 0x8080808080808080ull;
    for (; size - i >= 8; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, sizeof word);
        if (const quint64 high = word & highBits) {
            if constexpr (std::endian::native == std::endian::little)
                return i + std::countr_zero(high) / 8;
            else
                return i + std::countl_zero(high) / 8;
        }
    }
    while (i < size && data[i] < 0x80)
        ++i;
    return i;
}

#if defined(__SSE2__)
inline __m128i load128(const void *p)
{
    return _mm_loadu_si128(static_cast<const __m128i *>(p));
}

qsizetype skipAsciiSse2(const quint8 *data, qsizetype i, qsizetype size)
{
    for (; size - i >= 64; i += 64) {
        const __m128i a = _mm_or_si128(load128(data + i), load128(data + i + 16));
        const __m128i b = _mm_or_si128(load128(data + i + 32), load128(data + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0)
            break;
    }
    for (; size - i >= 16; i += 16) {
        if (const int mask = _mm_movemask_epi8(load128(data + i)))
            return i + std::countr_zero(unsigned(mask));
    }
    return skipAsciiPortable(data, i, size);
}
#endif

#if defined(SOCKSCOPE_UTF8_AVX2)
__attribute__((target("avx2"))) inline __m256i load256(const void *p)
{
    return _mm256_loadu_si256(static_cast<const __m256i *>(p));
}

// Multi-byte text 32 bytes at a time. Every RFC 3629 rule but one is about a pair of neighbours: the rules a
// (previous byte, byte) pair breaks are the AND of three 16-entry tables, indexed by the previous byte's high
// nibble, its low nibble and this byte's high nibble, one bit per rule. The remaining rule, how many tails follow
// a lead, is checked by comparing "two tails in a row" with "the byte two back is E0-FF or three back F0-FF".
constexpr quint8 kTooShort = 0x01;  // a lead byte (C0-FF) not followed by a tail
constexpr quint8 kTooLong = 0x02;   // ASCII followed by a tail
constexpr quint8 kOverlong2 = 0x04; // C0 or C1 and a tail: a 2-byte overlong
constexpr quint8 kOverlong3 = 0x08; // E0 80-9F: a 3-byte overlong
constexpr quint8 kSurrogate = 0x10; // ED A0-BF: U+D800-DFFF
constexpr quint8 kTail8x = 0x20;    // F0 80-8F (a 4-byte overlong), F5-FF 80-8F (above U+10FFFF)
constexpr quint8 kTooLarge = 0x40;  // F4-FF 90-BF: above U+10FFFF
constexpr quint8 kTwoTails = 0x80;  // a tail after a tail: right only as the 3rd or 4th byte of a sequence
constexpr quint8 kAnyLow = kTooShort | kTooLong | kTwoTails;

alignas(16) constexpr quint8 kPrevHigh[16] = {
    kTooLong,                            // 0: ASCII
    kTooLong,                            // 1
    kTooLong,                            // 2
    kTooLong,                            // 3
    kTooLong,                            // 4
    kTooLong,                            // 5
    kTooLong,                            // 6
    kTooLong,                            // 7
    kTwoTails,                           // 8: tails
    kTwoTails,                           // 9
    kTwoTails,                           // A
    kTwoTails,                           // B
    kTooShort | kOverlong2,              // C: 2-byte leads
    kTooShort,                           // D
    kTooShort | kOverlong3 | kSurrogate, // E: 3-byte leads
    kTooShort | kTail8x | kTooLarge,     // F: 4-byte leads, F5-FF
};
alignas(16) constexpr quint8 kPrevLow[16] = {
    kAnyLow | kOverlong2 | kOverlong3 | kTail8x, // 0: C0 E0 F0
    kAnyLow | kOverlong2,                        // 1: C1
    kAnyLow,                                     // 2
    kAnyLow,                                     // 3
    kAnyLow | kTooLarge,                         // 4: F4
    kAnyLow | kTooLarge | kTail8x,               // 5: F5
    kAnyLow | kTooLarge | kTail8x,               // 6
    kAnyLow | kTooLarge | kTail8x,               // 7
    kAnyLow | kTooLarge | kTail8x,               // 8
    kAnyLow | kTooLarge | kTail8x,               // 9
    kAnyLow | kTooLarge | kTail8x,               // A
    kAnyLow | kTooLarge | kTail8x,               // B
    kAnyLow | kTooLarge | kTail8x,               // C
    kAnyLow | kTooLarge | kTail8x | kSurrogate,  // D: ED FD
    kAnyLow | kTooLarge | kTail8x,               // E
    kAnyLow | kTooLarge | kTail8x,               // F
};
alignas(16) constexpr quint8 kCurrentHigh[16] = {
    kTooShort,                                                  // 0: ASCII
    kTooShort,                                                  // 1
    kTooShort,                                                  // 2
    kTooShort,                                                  // 3
    kTooShort,                                                  // 4
    kTooShort,                                                  // 5
    kTooShort,                                                  // 6
    kTooShort,                                                  // 7
    kTooLong | kOverlong2 | kOverlong3 | kTail8x | kTwoTails,   // 8: tails 80-8F
    kTooLong | kOverlong2 | kOverlong3 | kTooLarge | kTwoTails, // 9: tails 90-9F
    kTooLong | kOverlong2 | kSurrogate | kTooLarge | kTwoTails, // A: tails A0-AF
    kTooLong | kOverlong2 | kSurrogate | kTooLarge | kTwoTails, // B: tails B0-BF
    kTooShort,                                                  // C: leads
    kTooShort,                                                  // D
    kTooShort,                                                  // E
    kTooShort,                                                  // F
};

// Where the state machine must resume after [start, end) was found clean: at the lead byte of the last
// character if it may be unfinished, else at end.
qsizetype resumePoint(const quint8 *data, qsizetype start, qsizetype end)
{
    for (qsizetype back = 1; back <= 3 && end - back >= start; ++back) {
        const quint8 byte = data[end - back];
        if (byte < 0x80)
            return end;
        if (byte >= 0xC0)
            return end - back;
    }
    return end;
}

struct PairTables {
    __m256i prevHigh;
    __m256i prevLow;
    __m256i currentHigh;
};

// Whether one of the 32 bytes in current breaks a rule; prev1, prev2, prev3 hold the bytes 1, 2, 3 places before.
__attribute__((target("avx2"))) inline bool hasError(__m256i current, __m256i prev1, __m256i prev2, __m256i prev3,
                                                     const PairTables &tables)
{
    const __m256i lowNibble = _mm256_set1_epi8(0x0F);
    const __m256i byPrevHigh =
        _mm256_shuffle_epi8(tables.prevHigh, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), lowNibble));
    const __m256i byPrevLow = _mm256_shuffle_epi8(tables.prevLow, _mm256_and_si256(prev1, lowNibble));
    const __m256i byCurrentHigh =
        _mm256_shuffle_epi8(tables.currentHigh, _mm256_and_si256(_mm256_srli_epi16(current, 4), lowNibble));
    const __m256i broken = _mm256_and_si256(_mm256_and_si256(byPrevHigh, byPrevLow), byCurrentHigh);

    // Bit 7 set where prev2 >= E0 (E0 - 60 = 80) or prev3 >= F0 (F0 - 70 = 80), with unsigned saturation: this
    // byte must be the 3rd or 4th of a sequence.
    const __m256i deep = _mm256_or_si256(_mm256_subs_epu8(prev2, _mm256_set1_epi8(0x60)),
                                         _mm256_subs_epu8(prev3, _mm256_set1_epi8(0x70)));
    const __m256i mustBeTail = _mm256_and_si256(deep, _mm256_set1_epi8(char(kTwoTails)));

    const __m256i error = _mm256_xor_si256(broken, mustBeTail);
    return !_mm256_testz_si256(error, error);
}

// The 32 bytes at block, with the 3 bytes before them read from memory.
__attribute__((target("avx2"))) inline bool blockHasError(const quint8 *block, const PairTables &tables)
{
    return hasError(load256(block), load256(block - 1), load256(block - 2), load256(block - 3), tables);
}

// The 32 bytes at block as if ASCII came before them.
__attribute__((target("avx2"))) inline bool firstBlockHasError(const quint8 *block, const PairTables &tables)
{
    const __m256i current = load256(block);
    // Low lane: zeros; high lane: the low lane of current. alignr then shifts each lane in from it.
    const __m256i before = _mm256_permute2x128_si256(current, current, 0x08);
    return hasError(current, _mm256_alignr_epi8(current, before, 15), _mm256_alignr_epi8(current, before, 14),
                    _mm256_alignr_epi8(current, before, 13), tables);
}

// Needs size - start >= 32. Each byte is checked against the 3 before it, whatever block it falls in, so blocks
// may overlap bytes already checked. Before start the chunk may hold fewer than 3 bytes, or bytes of characters
// that began in an earlier chunk; start is between two characters, and there ASCII looks the same to the rules.
__attribute__((target("avx2"))) qsizetype validPrefixAvx2(const quint8 *data, qsizetype start, qsizetype size)
{
    const PairTables tables{_mm256_broadcastsi128_si256(load128(kPrevHigh)),
                            _mm256_broadcastsi128_si256(load128(kPrevLow)),
                            _mm256_broadcastsi128_si256(load128(kCurrentHigh))};
    if (firstBlockHasError(data + start, tables))
        return start;

    qsizetype i = start + 32;
    for (; size - i >= 32; i += 32) {
        if (_mm256_movemask_epi8(load256(data + i)) == 0 && data[i - 1] < 0x80)
            continue; // ASCII after ASCII
        if (blockHasError(data + i, tables))
            return resumePoint(data, start, i);
    }
    // The last bytes: one more block, ending at size, if the chunk has the 3 bytes before it.
    if (i < size && size >= 3 + 32 && !blockHasError(data + size - 32, tables))
        i = size;
    return resumePoint(data, start, i);
}

__attribute__((target("avx2"))) qsizetype skipAsciiAvx2(const quint8 *data, qsizetype i, qsizetype size)
{
    for (; size - i >= 128; i += 128) {
        const __m256i a = _mm256_or_si256(load256(data + i), load256(data + i + 32));
        const __m256i b = _mm256_or_si256(load256(data + i + 64), load256(data + i + 96));
        if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) != 0)
            break;
    }
    for (; size - i >= 32; i += 32) {
        if (const int mask = _mm256_movemask_epi8(load256(data + i)))
            return i + std::countr_zero(unsigned(mask));
    }
    return skipAsciiSse2(data, i, size);
}

qsizetype skipValidAvx2(const quint8 *data, qsizetype i, qsizetype size)
{
    i = skipAsciiAvx2(data, i, size);
    if (size - i >= 32)
        i = skipAsciiSse2(data, validPrefixAvx2(data, i, size), size);
    return i;
}
#endif

qsizetype skipValid(Utf8Validator::Kernel kernel, const quint8 *data, qsizetype i, qsizetype size)
{
    switch (kernel) {
#if defined(SOCKSCOPE_UTF8_AVX2)
    case Utf8Validator::Kernel::Avx2: return skipValidAvx2(data, i, size);
#endif
#if defined(__SSE2__)
    case Utf8Validator::Kernel::Sse2: return skipAsciiSse2(data, i, size);
#endif
    default: return skipAsciiPortable(data, i, size);
    }
}

// Validates data from state; returns the index of the first invalid byte or -1, and updates state.
qsizetype validate(Utf8Validator::Kernel kernel, const quint8 *data, qsizetype size, quint8 &state)
{
    quint64 s = state;
    qsizetype i = 0;
    while (i < size) {
        if ((s & kStateMask) == State::Accept) {
            i = skipValid(kernel, data, i, size);
            if (i == size)
                break;
        }
        if (size - i >= kLanes * kLane && runLanes(data, i, s)) {
            i += kLanes * kLane;
            continue;
        }
        const qsizetype blockStart = i;
        const quint64 blockState = s;
        const qsizetype blockEnd = i + std::min(size - i, kDfaBlock);
        for (; i < blockEnd; ++i)
            s = step(s, data[i]);
        // Finish the character, so that the fast paths can take over; stops on Accept and on Reject.
        while (i < size && (s & kStateMask) != State::Accept && (s & kStateMask) != State::Reject)
            s = step(s, data[i++]);
        if ((s & kStateMask) == State::Reject) {
            s = blockState;
            for (i = blockStart; (step(s, data[i]) & kStateMask) != State::Reject; ++i)
                s = step(s, data[i]);
            state = State::Reject;
            return i;
        }
    }
    state = quint8(s & kStateMask);
    return -1;
}

Utf8Validator::Kernel detectBestKernel()
{
#if defined(SOCKSCOPE_UTF8_AVX2)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        return Utf8Validator::Kernel::Avx2;
#endif
#if defined(__SSE2__)
    return Utf8Validator::Kernel::Sse2;
#else
    return Utf8Validator::Kernel::Portable;
#endif
}

} // namespace

Utf8Validator::Kernel Utf8Validator::bestKernel()
{
    static const Kernel best = detectBestKernel();
    return best;
}

Utf8Validator::Utf8Validator(Kernel kernel)
    : m_kernel(std::min(kernel, bestKernel()))
    , m_state(State::Accept)
{}

qsizetype Utf8Validator::feed(QByteArrayView chunk)
{
    if (m_state == State::Reject)
        return 0;
    return validate(m_kernel, reinterpret_cast<const quint8 *>(chunk.data()), chunk.size(), m_state);
}

bool Utf8Validator::failed() const
{
    return m_state == State::Reject;
}

bool Utf8Validator::isComplete() const
{
    return m_state == State::Accept;
}

void Utf8Validator::reset()
{
    m_state = State::Accept;
}

qsizetype Utf8Validator::firstInvalidByte(QByteArrayView whole, Kernel kernel)
{
    quint8 state = State::Accept;
    const qsizetype invalid =
        validate(std::min(kernel, bestKernel()), reinterpret_cast<const quint8 *>(whole.data()), whole.size(), state);
    if (invalid >= 0)
        return invalid;
    return state == State::Accept ? -1 : whole.size(); // RFC 3629 section 4: a truncated sequence is not a UTF8-char
}

bool Utf8Validator::isValid(QByteArrayView whole)
{
    return firstInvalidByte(whole) == -1;
}

QList<Utf8Validator::Kernel> Utf8Validator::supportedKernels()
{
    QList<Kernel> kernels{Kernel::Portable};
    if (bestKernel() >= Kernel::Sse2)
        kernels << Kernel::Sse2;
    if (bestKernel() >= Kernel::Avx2)
        kernels << Kernel::Avx2;
    return kernels;
}

const char *Utf8Validator::kernelName(Kernel kernel)
{
    switch (kernel) {
    case Kernel::Portable: return "portable";
    case Kernel::Sse2: return "sse2";
    case Kernel::Avx2: return "avx2";
    }
    return "?";
}

} // namespace sockscope::proto
