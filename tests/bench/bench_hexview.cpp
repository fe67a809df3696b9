// How long the message inspector's hex view takes to open a payload and paint its first screen, to jump to the end
// and paint there, to scroll to the middle with the scroll bar, and to repaint a screen, for 1 MiB, 100 MiB and
// 1 GiB (when that much memory is free). Painting is a grab() of the shown widget on the offscreen platform.
// Prints milliseconds; not a test. Build with optimization (RelWithDebInfo or Release).

#include "ui/hexview.h"

#include <QApplication>
#include <QByteArray>
#include <QElapsedTimer>
#include <QPixmap>
#include <QScrollBar>

#include <cstdio>
#include <cstring>
#include <unistd.h>

using sockscope::ui::HexView;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// Text, binary and zero runs, repeated; filled by doubling so that building 1 GiB takes a moment, not minutes.
QByteArray payload(qint64 size)
{
    QByteArray data(size, Qt::Uninitialized);
    char *out = data.data();
    const qint64 seed = std::min<qint64>(size, 4096);
    for (qint64 i = 0; i < seed; ++i)
        out[i] = i % 512 < 192 ? char("{\"type\":\"tick\",\"seq\":12345}\n"[i % 29]) : (i % 7 == 0 ? 0 : char(i * 31));
    for (qint64 filled = seed; filled < size;) {
        const qint64 chunk = std::min(filled, size - filled);
        std::memcpy(out + filled, out, size_t(chunk));
        filled += chunk;
    }
    return data;
}

qint64 freeMemory()
{
    return qint64(sysconf(_SC_AVPHYS_PAGES)) * sysconf(_SC_PAGESIZE);
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    HexView view;
    view.resize(900, 700);
    view.show();
    QApplication::processEvents();
    // Warm up fonts and the glyph cache, so the first row does not pay for them.
    view.setData(payload(4096));
    view.grab();

    std::printf("hex view, %dx%d, %d lines on screen, 16 bytes a line (times in ms)\n", view.viewport()->width(),
                view.viewport()->height(), view.visibleLineCount());
    std::printf("%10s %12s %14s %14s %14s %14s\n", "payload", "lines", "open+paint", "end+paint", "middle+paint",
                "repaint");
    for (const qint64 size : {kMiB, 100 * kMiB, 1024 * kMiB}) {
        if (freeMemory() < 2 * size) {
            std::printf("%7lld MiB: skipped, not enough free memory\n", size / kMiB);
            continue;
        }
        const QByteArray data = payload(size);
        QElapsedTimer timer;

        timer.start();
        view.setData(data);
        view.grab();
        const double open = msSince(timer);

        timer.start();
        view.setCursorOffset(size - 1);
        view.grab();
        const double end = msSince(timer);

        timer.start();
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
        view.grab();
        const double middle = msSince(timer);

        constexpr int kRepaints = 50;
        timer.start();
        for (int i = 0; i < kRepaints; ++i)
            view.grab();
        const double repaint = msSince(timer) / kRepaints;

        std::printf("%6lld MiB %12lld %14.2f %14.2f %14.2f %14.2f\n", size / kMiB, view.lineCount(), open, end, middle,
                    repaint);
        view.setData(QByteArray());
    }
    return 0;
}
