// libFuzzer target: arbitrary bytes into the frame parser and into a Connection in both roles, with and without
// permessage-deflate, split into chunks at positions taken from the input. Besides "no crash, no leak, no UB" it checks
// two invariants: every frame the parser returns re-encodes to exactly the bytes it was read from, and a Connection
// that failed has asked to close its transport.

#include "fuzzcheck.h"
#include "proto/connection.h"
#include "proto/frameparser.h"
#include "proto/framewriter.h"
#include "proto/permessagedeflate.h"

#include <cstdlib>

using namespace sockscope::proto;

namespace {
void parseAll(QByteArrayView input, qsizetype chunk)
{
    FrameParser parser;
    qsizetype offset = 0;
    qsizetype frameStart = 0;
    while (offset < input.size() || parser.status() == FrameParser::Status::HeaderReady) {
        const QByteArrayView piece = input.sliced(offset, std::min(chunk, input.size() - offset));
        offset += parser.feed(piece);
        switch (parser.status()) {
        case FrameParser::Status::Error: return;
        case FrameParser::Status::FrameReady: {
            Frame frame = parser.takeFrame();
            const QByteArrayView original = input.sliced(frameStart, offset - frameStart);
            const QByteArray again = FrameWriter::encode(frame);
            check(again == original, "parse then encode gives the original bytes");
            frameStart = offset;
            break;
        }
        case FrameParser::Status::HeaderReady:
        case FrameParser::Status::NeedMoreData: break;
        }
        if (piece.isEmpty() && parser.status() == FrameParser::Status::NeedMoreData)
            return;
    }
}

void runConnection(Role role, QByteArrayView input, qsizetype chunk, const DeflateParameters *deflate)
{
    ConnectionOptions options;
    options.maxFramePayload = 1 << 20;
    options.maxMessageSize = 1 << 20;
    options.random = fixedRandomSource(QByteArray("\x01\x02\x03\x04", 4));
    Connection connection(role, options);
    connection.open(deflate);
    for (qsizetype pos = 0; pos < input.size(); pos += chunk) {
        connection.receive(input.sliced(pos, std::min(chunk, input.size() - pos)));
        bool failed = false;
        for (const ConnectionEvent &e : connection.takeEvents())
            failed |= std::holds_alternative<ProtocolErrorEvent>(e);
        // The transport writes what is owed, then sees the request to close.
        connection.takeOutgoing();
        if (failed)
            check(connection.transportCloseRequested(), "a failed connection asks to close its transport");
    }
    connection.transportClosed();
    check(connection.readyState() == ReadyState::Closed, "transportClosed() ends in CLOSED");
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] % 64;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    parseAll(input, chunk);
    parseAll(input, input.size() + 1);
    runConnection(Role::Server, input, chunk, nullptr);
    runConnection(Role::Client, input, chunk, nullptr);
    // With permessage-deflate negotiated, RSV1 frames go through the inflater (parameters from the first byte).
    DeflateParameters deflate;
    deflate.clientNoContextTakeover = data[0] & 0x40;
    deflate.serverNoContextTakeover = data[0] & 0x80;
    deflate.clientMaxWindowBits = deflate.serverMaxWindowBits = 9 + (data[0] >> 4) % 7;
    runConnection(Role::Server, input, chunk, &deflate);
    runConnection(Role::Client, input, chunk, &deflate);
    return 0;
}
