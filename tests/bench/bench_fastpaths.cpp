// Throughput of the protocol library's two hot paths, unmasking (RFC 6455 section 5.3) and UTF-8 validation
// (RFC 3629 / RFC 6455 section 8.1), on every kernel this CPU supports and against the byte-by-byte loops they
// replace. Prints MB/s (10^6 bytes per second); not a test. Build with optimization (RelWithDebInfo or Release).

#include "proto/masking.h"
#include "proto/utf8validator.h"

#include "../common/utf8encode.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>

using namespace sockscope::proto;

namespace {

const char *kernelLabel(MaskKernel kernel)
{
    return maskKernelName(kernel);
}
const char *kernelLabel(Utf8Validator::Kernel kernel)
{
    return Utf8Validator::kernelName(kernel);
}

constexpr MaskKey kKey{0x37, 0xfa, 0x21, 0x3d};
const qsizetype kSizes[] = {32, 1024, 64 * 1024, 1024 * 1024, 16 * 1024 * 1024};

// Keeps the compiler from dropping work whose result is otherwise unused, or from assuming memory unchanged.
volatile qint64 g_sink = 0;
inline void touch(const void *p)
{
    asm volatile("" : : "r"(p) : "memory");
}

// The loops a straightforward implementation would write.
__attribute__((noinline)) void naiveApplyMask(char *data, qsizetype size, MaskKey key, quint64 offset)
{
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(quint8(data[i]) ^ key[(offset + quint64(i)) % 4]);
}

__attribute__((noinline)) void naiveCopyMasked(char *dst, const char *src, qsizetype size, MaskKey key, quint64 offset)
{
    for (qsizetype i = 0; i < size; ++i)
        dst[i] = char(quint8(src[i]) ^ key[(offset + quint64(i)) % 4]);
}

__attribute__((noinline)) qsizetype naiveFirstInvalidUtf8(const quint8 *s, qsizetype n)
{
    qsizetype i = 0;
    while (i < n) {
        const quint8 c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length;
        quint8 low = 0x80;
        quint8 high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c == 0xE0) {
            length = 3;
            low = 0xA0;
        } else if (c == 0xED) {
            length = 3;
            high = 0x9F;
        } else if (c >= 0xE1 && c <= 0xEF) {
            length = 3;
        } else if (c == 0xF0) {
            length = 4;
            low = 0x90;
        } else if (c == 0xF4) {
            length = 4;
            high = 0x8F;
        } else if (c >= 0xF1 && c <= 0xF3) {
            length = 4;
        } else {
            return i;
        }
        for (int k = 1; k < length; ++k) {
            if (i + k >= n)
                return n;
            const quint8 t = s[i + k];
            if (k == 1 ? (t < low || t > high) : (t < 0x80 || t > 0xBF))
                return i + k;
        }
        i += length;
    }
    return -1;
}

// MB/s of op over size bytes: repetitions are calibrated to about 40 ms per run, best of five runs.
template <typename Op> double measure(qsizetype size, Op op)
{
    QElapsedTimer timer;
    qint64 reps = 1;
    for (;;) {
        timer.start();
        for (qint64 r = 0; r < reps; ++r)
            op();
        const qint64 ns = timer.nsecsElapsed();
        if (ns >= 40'000'000 || reps >= (qint64(1) << 40))
            break;
        reps = ns < 1'000'000 ? reps * 16 : qint64(double(reps) * 45e6 / double(ns)) + 1;
    }
    qint64 best = std::numeric_limits<qint64>::max();
    for (int run = 0; run < 5; ++run) {
        timer.start();
        for (qint64 r = 0; r < reps; ++r)
            op();
        best = std::min(best, timer.nsecsElapsed());
    }
    return double(size) * double(reps) * 1e3 / double(std::max<qint64>(best, 1));
}

void printHeader(const char *title)
{
    std::printf("\n%-34s", title);
    for (qsizetype size : kSizes) {
        if (size < 1024)
            std::printf("%10lld B", qlonglong(size));
        else if (size < 1024 * 1024)
            std::printf("%8lld KiB", qlonglong(size / 1024));
        else
            std::printf("%8lld MiB", qlonglong(size / (1024 * 1024)));
    }
    std::printf("\n");
}

void printRow(const char *name, const std::function<double(qsizetype)> &measureSize)
{
    std::printf("%-34s", name);
    std::fflush(stdout);
    for (qsizetype size : kSizes) {
        std::printf("%12.0f", measureSize(size));
        std::fflush(stdout);
    }
    std::printf("\n");
}

// Valid text of exactly size bytes. asciiPercent of the characters are ASCII letters and spaces; the others
// have the given length (2, 3 or 4 bytes), or a random one of the three when length is 0.
QByteArray makeText(qsizetype size, int asciiPercent, int length)
{
    QRandomGenerator rng(quint32(size) ^ quint32(asciiPercent * 16 + length));
    QByteArray out;
    out.reserve(size);
    for (;;) {
        QByteArray next;
        if (int(rng.bounded(100)) < asciiPercent) {
            next = QByteArray(1, rng.bounded(6) == 0 ? ' ' : char(rng.bounded('a', 'z' + 1)));
        } else {
            const int pick = length ? length : int(rng.bounded(2, 5));
            if (pick == 2)
                next = utf8Encode(char32_t(rng.bounded(0x400, 0x500))); // Cyrillic
            else if (pick == 3)
                next = utf8Encode(char32_t(rng.bounded(0x4E00, 0x9FA0))); // CJK ideographs
            else
                next = utf8Encode(char32_t(rng.bounded(0x1F300, 0x1F650))); // emoji
        }
        if (out.size() + next.size() > size)
            break;
        out += next;
    }
    while (out.size() < size)
        out += ' ';
    return out;
}

} // namespace

int main()
{
    const MaskKernel bestMask = bestMaskKernel();
    const Utf8Validator::Kernel bestUtf8 = Utf8Validator::bestKernel();
    std::printf("Sockscope fast paths, MB/s (1 MB = 10^6 bytes), best of 5 runs of about 40 ms each.\n");
    std::printf("Best kernels on this CPU: masking %s, UTF-8 %s.\n", maskKernelName(bestMask),
                Utf8Validator::kernelName(bestUtf8));

    // Fastest first.
    QList<MaskKernel> maskKernels = supportedMaskKernels();
    std::reverse(maskKernels.begin(), maskKernels.end());
    QList<Utf8Validator::Kernel> utf8Kernels = Utf8Validator::supportedKernels();
    std::reverse(utf8Kernels.begin(), utf8Kernels.end());

    printHeader("applyMask, in place");
    for (MaskKernel kernel : maskKernels) {
        const QByteArray name = QByteArray("  ") + kernelLabel(kernel);
        printRow(name.constData(), [kernel](qsizetype size) {
            QByteArray buffer(size, 'x');
            char *data = buffer.data();
            return measure(size, [&] {
                copyMasked(kernel, data, data, size, kKey, 1);
                touch(data);
            });
        });
    }
    printRow("  naive byte loop", [](qsizetype size) {
        QByteArray buffer(size, 'x');
        char *data = buffer.data();
        return measure(size, [&] {
            naiveApplyMask(data, size, kKey, 1);
            touch(data);
        });
    });

    printHeader("copyMasked, to another buffer");
    for (MaskKernel kernel : maskKernels) {
        const QByteArray name = QByteArray("  ") + kernelLabel(kernel);
        printRow(name.constData(), [kernel](qsizetype size) {
            const QByteArray source(size, 'x');
            QByteArray target(size, '\0');
            char *dst = target.data();
            return measure(size, [&] {
                copyMasked(kernel, dst, source.constData(), size, kKey, 1);
                touch(dst);
            });
        });
    }
    printRow("  naive byte loop", [](qsizetype size) {
        const QByteArray source(size, 'x');
        QByteArray target(size, '\0');
        char *dst = target.data();
        return measure(size, [&] {
            naiveCopyMasked(dst, source.constData(), size, kKey, 1);
            touch(dst);
        });
    });

    const struct {
        const char *title;
        int asciiPercent;
        int length;
    } texts[] = {
        {"Utf8Validator, ASCII", 100, 0},
        {"Utf8Validator, 2-byte heavy (90%)", 10, 2},
        {"Utf8Validator, 3-byte heavy (90%)", 10, 3},
        {"Utf8Validator, 4-byte heavy (90%)", 10, 4},
        {"Utf8Validator, mixed 1-4 bytes", 25, 0},
    };
    for (const auto &text : texts) {
        printHeader(text.title);
        for (Utf8Validator::Kernel kernel : utf8Kernels) {
            const QByteArray name = QByteArray("  ") + kernelLabel(kernel);
            printRow(name.constData(), [kernel, &text](qsizetype size) {
                const QByteArray input = makeText(size, text.asciiPercent, text.length);
                if (Utf8Validator::firstInvalidByte(input, kernel) != -1)
                    std::printf("(invalid input!)");
                return measure(size, [&] {
                    touch(input.constData());
                    g_sink = g_sink + Utf8Validator::firstInvalidByte(input, kernel);
                });
            });
        }
        printRow("  naive byte loop", [&text](qsizetype size) {
            const QByteArray input = makeText(size, text.asciiPercent, text.length);
            const auto *data = reinterpret_cast<const quint8 *>(input.constData());
            return measure(size, [&] {
                touch(data);
                g_sink = g_sink + naiveFirstInvalidUtf8(data, size);
            });
        });
    }
    return 0;
}
