// bench_session: how fast session files are written and read back, for messages of 32 B, 1 KiB, 64 KiB and
// 1 MiB. Each message is what a Recorder writes for it: a Frame record and a Message record. Prints a table;
// it is not a test. With --open-large: a 1 GiB session of four connections opened with SessionLoader as the
// workbench does: time, the longest the event loop waited, and the memory it took.
#include "proto/framewriter.h"
#include "session/sessionassembler.h"
#include "session/sessionloader.h"
#include "session/sessionreader.h"
#include "session/sessionwriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace sockscope;
using namespace sockscope::session;

namespace {
// Peak resident memory of this process in MiB (Linux VmHWM), -1 where unknown.
double peakMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
    }
    return -1;
}

int openLargeSession(const QString &path)
{
    // Four connections taking turns, 64 KiB binary messages, 1 GiB of payloads.
    const qsizetype size = 64 << 10;
    const qsizetype count = (qsizetype(1) << 30) / size;
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        SessionWriter writer(&file);
        writer.writeFileHeader();
        for (quint32 c = 1; c <= 4; ++c) {
            SessionRecord r;
            r.type = RecordType::Connection;
            r.connection = c;
            r.info.url = QStringLiteral("ws://127.0.0.1:9998/echo");
            writer.write(r);
        }
        proto::Frame frame;
        frame.opcode = proto::Opcode::Binary;
        frame.payload = QByteArray(size, 'y');
        proto::FrameWriter::encode(frame);
        for (qsizetype i = 0; i < count; ++i) {
            SessionRecord f;
            f.type = RecordType::Frame;
            f.connection = quint32(i % 4 + 1);
            f.timestampUs = i;
            f.direction = proto::Direction::Incoming;
            f.frame = frame;
            SessionRecord m = f;
            m.type = RecordType::Message;
            m.messageType = proto::Opcode::Binary;
            m.frameCount = 1;
            writer.write(f);
            writer.write(m);
        }
    }
    const double before = peakMiB();
    SessionLoader loader;
    QElapsedTimer clock;
    qint64 last = 0, longest = 0;
    QTimer tick;
    tick.setInterval(1);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        longest = std::max(longest, clock.elapsed() - last);
        last = clock.elapsed();
    });
    QObject::connect(&loader, &SessionLoader::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    clock.start();
    tick.start();
    if (!loader.open(path))
        return 1;
    QCoreApplication::exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    qint64 held = 0;
    quint64 messages = 0;
    for (const auto &c : loader.connections()) {
        held += c->log.payloadBytes();
        messages += c->log.size();
    }
    std::printf("\nopening %.0f MiB (%llu messages of 64 KiB, 4 connections) with SessionLoader: %.2f s (%.0f MB/s), "
                "longest event-loop wait %lld ms, payloads held %.0f MiB, peak memory %.0f MiB (%.0f MiB before)\n",
                double(QFileInfo(path).size()) / (1 << 20), qulonglong(messages), seconds,
                double(QFileInfo(path).size()) / 1e6 / seconds, qlonglong(longest), double(held) / (1 << 20), peakMiB(),
                before);
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    // Alone, so that the peak memory is that of opening the file.
    if (QCoreApplication::arguments().contains(QStringLiteral("--open-large")))
        return openLargeSession(dir.filePath(QStringLiteral("large.sksession")));
    std::printf("%10s %10s %12s %14s %12s %14s %14s\n", "size", "messages", "file MB", "write msg/s", "write MB/s",
                "read msg/s", "read MB/s");
    for (const qsizetype size : {qsizetype(32), qsizetype(1024), qsizetype(64 << 10), qsizetype(1 << 20)}) {
        const qsizetype total = 512 << 20; // about this much payload per row
        const qsizetype count = qMin<qsizetype>(total / size, 2'000'000);
        proto::Frame frame;
        frame.opcode = proto::Opcode::Binary;
        frame.masked = true;
        frame.maskKey = {1, 2, 3, 4};
        frame.payload = QByteArray(size, 'x');
        proto::FrameWriter::encode(frame);
        SessionRecord f;
        f.type = RecordType::Frame;
        f.connection = 1;
        f.direction = proto::Direction::Outgoing;
        f.frame = frame;
        SessionRecord m;
        m.type = RecordType::Message;
        m.connection = 1;
        m.direction = proto::Direction::Outgoing;
        m.messageType = proto::Opcode::Binary;
        m.frameCount = 1;
        SessionRecord c;
        c.type = RecordType::Connection;
        c.connection = 1;
        c.info.url = QStringLiteral("ws://127.0.0.1:9998/echo");

        const QString path = dir.filePath(QStringLiteral("bench.sksession"));
        QElapsedTimer timer;
        {
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return 1;
            timer.start();
            SessionWriter writer(&file);
            writer.writeFileHeader();
            writer.write(c);
            for (qsizetype i = 0; i < count; ++i) {
                f.timestampUs = m.timestampUs = i;
                writer.write(f);
                writer.write(m);
            }
            file.flush();
        }
        const double writeS = double(timer.nsecsElapsed()) / 1e9;
        const double fileMb = double(QFileInfo(path).size()) / 1e6;

        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return 1;
        timer.restart();
        SessionReader reader(&file);
        StoreLimits limits;
        SessionAssembler assembler(limits);
        SessionRecord r;
        while (reader.next(r) == SessionReader::Status::Record)
            assembler.add(r);
        assembler.finish();
        const double readS = double(timer.nsecsElapsed()) / 1e9;
        const quint64 logged =
            assembler.connections().front()->log.size() + assembler.connections().front()->log.trimmedRecords();
        if (logged != quint64(count) || reader.error())
            std::printf("read back %llu of %lld messages: %s\n", qulonglong(logged), qlonglong(count),
                        qPrintable(reader.error().detail));
        std::printf("%10lld %10lld %12.1f %14.0f %12.0f %14.0f %14.0f\n", qlonglong(size), qlonglong(count), fileMb,
                    double(count) / writeS, fileMb / writeS, double(count) / readS, fileMb / readS);
        QFile::remove(path);
    }
    std::printf("\n(bench_session --open-large: opening a 1 GiB session)\n");
    return 0;
}
