// libFuzzer target: arbitrary bytes imported as a capture file, the way a user's .pcapng / .pcap is converted.
// Besides "no crash, no leak, no UB, no huge allocation" it checks these invariants:
// - a read error says where it is (an offset inside the input) and what is wrong;
// - every record the import makes is a valid session record: written with SessionWriter it reads back the same;
// - the records form a consistent session: SessionAssembler takes every one of them, in order, and the
//   connections are numbered from 1 without gaps, each starting with its Connection record;
// - the counts add up (no more TCP packets than packets; each TCP stream is a connection or skipped, once).

#include "fuzzcheck.h"
#include "session/captureimport.h"
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

    StoreLimits limits;
    limits.maxRecords = 1000;
    limits.payloadBudget = 1 << 20;
    SessionAssembler assembler(limits);
    quint32 connections = 0;
    CaptureImportOptions options;
    options.maxFramePayload = 1 << 20;
    options.maxMessageSize = 1 << 20;
    options.maxHeldBytes = 1 << 20;
    options.maxWarnings = 50;
    CaptureImporter importer(
        [&](const SessionRecord &record) {
            if (record.type == RecordType::Connection) {
                check(record.connection == connections + 1, "connections are numbered from 1 in order");
                ++connections;
            } else {
                check(record.connection >= 1 && record.connection <= connections,
                      "a record belongs to a connection that started");
            }
            QByteArray again = SessionWriter::fileHeader() + SessionWriter::encode(record);
            QBuffer copy(&again);
            copy.open(QIODevice::ReadOnly);
            SessionReader reader(&copy);
            SessionRecord second;
            check(reader.next(second) == SessionReader::Status::Record, "an imported record reads back");
            check(second == record, "an imported record reads back the same");
            QString why;
            check(assembler.add(record, &why), "the assembler takes every imported record");
            return true;
        },
        options);

    CaptureReader reader(&buffer);
    CapturedPacket packet;
    CaptureReader::Status status;
    while ((status = reader.next(packet)) == CaptureReader::Status::Packet) {
        check(packet.offset >= 0 && packet.offset < qint64(size), "a packet's block is inside the input");
        check(quint64(packet.data.size()) <= packet.originalLength, "captured bytes are at most the original ones");
        importer.addPacket(packet);
    }
    importer.finish();
    assembler.finish();
    if (status == CaptureReader::Status::Error) {
        check(reader.error().offset >= 0 && reader.error().offset <= qint64(size), "the error is inside the input");
        check(!reader.error().detail.isEmpty(), "an error says what is wrong");
    }
    const CaptureImportStats &stats = importer.stats();
    check(stats.packets == reader.packetsRead(), "every packet read is counted");
    check(stats.tcpPackets <= stats.packets, "no more TCP packets than packets");
    check(stats.sessionConnections() == connections, "every connection of the session is counted");
    check(stats.sessionConnections() + stats.skippedStreams() == stats.tcpStreams,
          "every TCP stream is a connection or skipped, once");
    check(importer.warnings().size() <= options.maxWarnings, "warnings are bounded");
    return 0;
}
