// libFuzzer target: arbitrary bytes into readHar. Besides "no crash, no leak, no UB" it checks these invariants:
// - an error says where it is (an offset inside the input, a line and a column) and what was expected;
// - only an error leaves the last entry partial;
// - nothing read refers to the input: it is freed before the result is used, so AddressSanitizer would see it;
// - whatever was read (a whole file's entries, or those kept before an error) written by writeHar reads back
//   without an error to the same entries, and writing those again gives the same bytes;
// - converted to a session (sessionhar), it is a valid session file that reads back whole, one connection per
//   entry, and converted back to HAR it has as many messages per entry.

#include "fuzzcheck.h"
#include "session/harreader.h"
#include "session/harwriter.h"
#include "session/sessionhar.h"
#include "session/sessionwriter.h"

#include <QBuffer>

#include <cstdint>

using namespace sockscope::session;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HarReadResult read;
    {
        const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
        read = readHar(input);
    }
    const HarReadError &error = read.error;
    if (error) {
        check(error.offset >= 0 && error.offset <= qint64(size), "the error's offset is inside the input");
        check(error.line >= 1 && error.column >= 1 && error.column <= error.offset + 1,
              "the error has a line and column");
        check(!error.detail.isEmpty(), "the error says what was expected");
        check(error.kind != HarReadError::Kind::Syntax || error.path.isEmpty(), "a syntax error has no path");
    } else {
        check(!read.lastEntryPartial, "only an error leaves an entry partial");
    }

    const QByteArray written = writeHar(read.entries, QStringLiteral("fuzz"), QStringLiteral("1"));
    const HarReadResult again = readHar(written);
    check(!again.error, "what writeHar writes reads without an error");
    check(again.skippedEntries == 0 && !again.lastEntryPartial, "what writeHar writes is all WebSocket entries");
    check(again.entries == read.entries, "write then read gives the same entries");
    check(writeHar(again.entries, QStringLiteral("fuzz"), QStringLiteral("1")) == written,
          "writing what was read back gives the same bytes");

    QByteArray session = SessionWriter::fileHeader();
    for (const SessionRecord &r : sessionhar::toSessionRecords(read))
        session += SessionWriter::encode(r);
    QBuffer device(&session);
    device.open(QIODevice::ReadOnly);
    const sessionhar::SessionHar back = sessionhar::toHar(device);
    check(!back.error, "the converted session reads without an error");
    check(back.complete == !error, "the converted session is finished unless the HAR file had an error");
    check(back.entries.size() == read.entries.size(), "one connection per entry");
    for (qsizetype i = 0; i < back.entries.size(); ++i) {
        // The note that says where reading stopped is one more error message.
        const qsizetype added = error && read.lastEntryPartial && i == read.entries.size() - 1 ? 1 : 0;
        check(back.entries[i].messages.size() == read.entries[i].messages.size() + added,
              "every message comes back, errors included");
        check(back.entries[i].url == read.entries[i].url, "the URL comes back");
    }
    return 0;
}
