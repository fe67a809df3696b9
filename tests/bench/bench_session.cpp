// bench_session: how fast session files are written and read back, for messages of 32 B, 1 KiB, 64 KiB and
// 1 MiB. Each message is what a Recorder writes for it: a Frame record and a Message record. Prints a table;
// it is not a test.
#include "proto/framewriter.h"
#include "session/sessionassembler.h"
#include "session/sessionreader.h"
#include "session/sessionwriter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>

using namespace sockscope;
using namespace sockscope::session;

int main()
{
    QTemporaryDir dir;
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
    return 0;
}
