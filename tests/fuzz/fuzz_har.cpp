// libFuzzer target: arbitrary bytes into readHar. Besides "no crash, no leak, no UB" it checks these invariants:
// - an error says where it is (an offset inside the input, a line and a column) and what was expected;
// - only an error leaves the last entry partial;
// - nothing read refers to the input: it is freed before the result is used, so AddressSanitizer would see it;
// - whatever was read (a whole file's entries, or those kept before an error) written by writeHar reads back
//   without an error to the same entries, and writing those again gives the same bytes.

#include "fuzzcheck.h"
#include "session/harreader.h"
#include "session/harwriter.h"

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
    return 0;
}
