// libFuzzer target: arbitrary bytes read as a session file, the way Sockscope opens a file a user picked. Besides
// "no crash, no leak, no UB, no huge allocation" it checks these invariants:
// - the reader stops with End or with an error at an offset inside the input, after the records it delivered;
// - every record it delivered, written again with SessionWriter and read back, is the same record;
// - the assembler takes the records (refusing contradictory ones without harm) and its logs hold no more
//   entries than the file had frame and message records.

#include "fuzzcheck.h"
#include "session/sessionassembler.h"
#include "session/sessionreader.h"
#include "session/sessionwriter.h"

#include <QBuffer>

#include <cstdint>

using namespace sockscope::session;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&input);
    buffer.open(QIODevice::ReadOnly);
    SessionReader reader(&buffer);
    StoreLimits limits;
    limits.maxRecords = 1000;
    limits.payloadBudget = 1 << 20;
    SessionAssembler assembler(limits);

    SessionRecord record;
    SessionReader::Status status;
    quint64 loggable = 0;
    qint64 lastOffset = -1;
    while ((status = reader.next(record)) == SessionReader::Status::Record) {
        check(record.offset > lastOffset && record.offset < qint64(size), "records come in file order");
        lastOffset = record.offset;
        if (record.type == RecordType::Frame || record.type == RecordType::Message)
            ++loggable;

        QByteArray again = SessionWriter::fileHeader() + SessionWriter::encode(record);
        QBuffer copy(&again);
        copy.open(QIODevice::ReadOnly);
        SessionReader reread(&copy);
        SessionRecord second;
        if (record.type != RecordType::End) {
            check(reread.next(second) == SessionReader::Status::Record, "a written record reads back");
            check(second == record, "a record written again reads back the same");
        }
        assembler.add(record);
    }
    assembler.finish();
    if (status == SessionReader::Status::Error) {
        check(reader.error().offset >= 0 && reader.error().offset <= qint64(size), "the error is inside the file");
        check(reader.error().offset > lastOffset, "the error comes after the records read");
        check(!reader.error().detail.isEmpty(), "an error says what is wrong");
    }
    quint64 entries = 0;
    for (const auto &c : assembler.connections())
        entries += c->log.size() + c->log.trimmedRecords();
    check(entries <= loggable, "no log entry without a record");
    return 0;
}
