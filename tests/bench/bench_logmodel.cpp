// The message log under a flood: how many messages per second MessageLogModel and a QTableView (autoscrolling)
// take in while the event loop stays responsive, the longest event-loop stall, the memory each logged message
// costs beyond its payload, the time to filter 1,000,000 messages by text and by regular expression, and the
// time to clear the filter. Messages arrive in batches of 2,000 per event-loop turn, as one 64 KiB read of
// 32-byte messages would deliver them. Runs offscreen. Not a test: it prints figures.

#include "ui/messagelogmodel.h"

#include "proto/framewriter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <malloc.h>

using namespace sockscope;

namespace {
// Heap bytes in use (glibc): unlike RSS it does not depend on what the allocator keeps or returns.
qint64 heapInUse()
{
    return qint64(mallinfo2().uordblks);
}

qint64 rssBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

proto::Message makeMessage(int i)
{
    proto::Message m;
    m.type = proto::Opcode::Text;
    m.payload = "{\"id\":" + QByteArray::number(i) + ",\"price\":" + QByteArray::number(i % 977) + ".25}";
    proto::Frame f;
    f.opcode = proto::Opcode::Text;
    f.payload = m.payload;
    f.masked = true;
    f.maskKey = {1, 2, 3, 4};
    proto::FrameWriter::encode(f);
    m.frames.append(f);
    return m;
}
} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 1'000'000;
    constexpr int Batch = 2000;

    // Payloads made up front, so the figures are the log's, not the generator's.
    std::vector<proto::Message> messages;
    messages.reserve(size_t(total));
    qint64 payloadBytes = 0;
    for (int i = 0; i < total; ++i) {
        messages.push_back(makeMessage(i));
        payloadBytes += messages.back().payload.size();
    }

    session::StoreLimits limits;
    limits.maxRecords = quint64(total) + 1;
    auto *model = new ui::MessageLogModel(limits);
    QTableView view;
    view.setModel(model);
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(20);
    view.resize(1200, 800);
    view.show();
    QObject::connect(model, &ui::MessageLogModel::rowsAppended, &view, [&view] { view.scrollToBottom(); });
    QApplication::processEvents();

    // The heartbeat measures how long the event loop is away.
    QElapsedTimer clock;
    clock.start();
    qint64 lastBeat = 0;
    qint64 longestStall = 0;
    QTimer heartbeat;
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastBeat > 0)
            longestStall = std::max(longestStall, now - lastBeat);
        lastBeat = now;
    });

    const qint64 rssBefore = rssBytes();
    const qint64 heapBefore = heapInUse();
    int added = 0;
    QElapsedTimer ingest;
    QTimer producer;
    producer.setInterval(0);
    QObject::connect(&producer, &QTimer::timeout, [&] {
        const int end = std::min(total, added + Batch);
        for (; added < end; ++added)
            model->addMessage(proto::Direction::Incoming, messages[size_t(added)], added);
        if (added == total) {
            producer.stop();
            QTimer::singleShot(0, &app, &QApplication::quit);
        }
    });
    heartbeat.start();
    ingest.start();
    producer.start();
    QApplication::exec();
    const double seconds = ingest.nsecsElapsed() / 1e9;
    heartbeat.stop();
    // The payloads are shared between the generator's messages and the log, so what the heap grew by is the
    // log's own cost: records, frame headers, and what the view keeps.
    const qint64 heapAfter = heapInUse();
    const qint64 rssAfter = rssBytes();

    std::printf("log ingest, %d text messages of about %lld bytes, table view autoscrolling:\n", total,
                payloadBytes / std::max(total, 1));
    std::printf("  %.0f messages/s, longest event-loop stall %.1f ms, rows shown %d\n", total / seconds,
                longestStall / 1e6, model->rowCount());
    std::printf(
        "  memory: %.0f bytes per message beyond the payload (heap %+.1f MiB, RSS %+.1f MiB; payloads %.1f MiB, "
        "shared)\n",
        double(heapAfter - heapBefore) / total, (heapAfter - heapBefore) / 1048576.0,
        (rssAfter - rssBefore) / 1048576.0, payloadBytes / 1048576.0);

    auto timeFilter = [&](const char *label, const ui::LogFilter &filter) {
        QElapsedTimer t;
        t.start();
        model->setFilter(filter);
        QApplication::processEvents();
        std::printf("  filter %-28s %7.1f ms, %d rows\n", label, t.nsecsElapsed() / 1e6, model->rowCount());
    };
    ui::LogFilter text;
    text.text = QStringLiteral("\"id\":99999,");
    timeFilter("text (case-insensitive)", text);
    text.caseSensitive = true;
    timeFilter("text (case-sensitive)", text);
    ui::LogFilter regex;
    regex.regularExpression = true;
    regex.text = QStringLiteral("price\":9\\d\\.25");
    timeFilter("regular expression", regex);
    ui::LogFilter kinds;
    kinds.kinds = ui::LogFilter::Binary;
    timeFilter("kind (binary only)", kinds);
    timeFilter("none (clear the filter)", ui::LogFilter());
    delete model;
    return 0;
}
