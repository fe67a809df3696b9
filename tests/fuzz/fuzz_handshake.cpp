// libFuzzer target: arbitrary bytes into the opening handshake code. The input (after its first byte) is fed to
// HttpHeadParser as a request and as a response, in two chunks split at a position taken from the first byte;
// whatever parses goes through ServerHandshake and ClientHandshake, and the whole input through the extension
// header parser. Besides "no crash, no leak, no UB" it checks these invariants:
// - the bytes the parser took plus the bytes it left are the input;
// - a parsed head written back from its fields parses to the same fields;
// - a request ServerHandshake accepts, answered with its first subprotocol and extension, satisfies a
//   ClientHandshake built from that same request, and every refusal reads as a non-101 response;
// - an extension header that parses, formatted and parsed again, gives the same extensions.

#include "fuzzcheck.h"
#include "proto/clienthandshake.h"
#include "proto/extensionheader.h"
#include "proto/httpheadparser.h"
#include "proto/serverhandshake.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace sockscope::proto;

namespace {

HttpHeadParser::Limits roomyLimits()
{
    HttpHeadParser::Limits limits;
    limits.maxHeadSize = 1 << 24;
    limits.maxHeaderCount = 1 << 20;
    return limits;
}

// Feeds the input in two chunks; returns what the parser did not take.
QByteArray feedSplit(HttpHeadParser &parser, QByteArrayView input, qsizetype split)
{
    const QByteArrayView first = input.first(split);
    const QByteArrayView second = input.sliced(split);
    if (parser.feed(first) != HttpHeadParser::Status::NeedMoreData)
        return first.sliced(parser.consumed()).toByteArray() + second.toByteArray();
    check(parser.consumed() == first.size(), "a chunk is taken whole while more data is needed");
    parser.feed(second);
    return second.sliced(parser.consumed()).toByteArray();
}

std::optional<HttpResponseHead> parseResponse(const QByteArray &bytes)
{
    HttpHeadParser parser(HttpHeadParser::Kind::Response, roomyLimits());
    if (parser.feed(bytes) != HttpHeadParser::Status::Complete)
        return std::nullopt;
    check(parser.consumed() == bytes.size(), "a serialized head is taken whole");
    return parser.response();
}

void checkRefusal(const HttpResponseHead &refusal)
{
    const auto parsed = parseResponse(refusal.raw);
    check(parsed.has_value(), "a refusal parses");
    check(parsed->statusCode != 101, "a refusal is not 101");
    check(parsed->headers == refusal.headers, "a refusal parses to its fields");
    check(parsed->contentLength() == refusal.body.size(), "a refusal states its body length");
}

void requestSide(const HttpRequestHead &request)
{
    HttpHeadParser again(HttpHeadParser::Kind::Request, roomyLimits());
    check(again.feed(request.serialize()) == HttpHeadParser::Status::Complete, "a written request parses");
    const HttpRequestHead &reparsed = again.request();
    check(reparsed.method == request.method && reparsed.target == request.target &&
              reparsed.majorVersion == request.majorVersion && reparsed.minorVersion == request.minorVersion &&
              reparsed.headers == request.headers,
          "a written request parses to the same fields");

    const ServerHandshake server(request);
    checkRefusal(server.refuse());
    if (server.outcome() != ServerHandshake::Outcome::Upgrade) {
        check(bool(server.failure()), "a request that is not an upgrade says why");
        check(!server.accept().has_value(), "only an upgrade is accepted");
        return;
    }
    const QByteArray subprotocol = server.subprotocols().value(0);
    const QByteArray extensions =
        server.extensions().isEmpty() ? QByteArray() : formatExtensionHeader({server.extensions().first()});
    HandshakeFailure failure;
    const auto response = server.accept(subprotocol, extensions, {}, &failure);
    check(response.has_value(), "an upgrade is accepted with an offered subprotocol and extension");

    const ClientHandshake client(request);
    const auto parsed = parseResponse(response->raw);
    check(parsed.has_value(), "the 101 response parses");
    const auto accepted = client.validateResponse(*parsed, &failure);
    check(accepted.has_value(), "the client accepts the server's 101 to the same request");
    check(accepted->subprotocol == subprotocol, "the client sees the chosen subprotocol");
}

void responseSide(const HttpResponseHead &response)
{
    const auto reparsed = parseResponse(response.serialize());
    check(reparsed.has_value(), "a written response parses");
    check(reparsed->statusCode == response.statusCode && reparsed->reasonPhrase == response.reasonPhrase &&
              reparsed->majorVersion == response.majorVersion && reparsed->minorVersion == response.minorVersion &&
              reparsed->headers == response.headers,
          "a written response parses to the same fields");

    ClientHandshake::Options options;
    options.url = QUrl(QStringLiteral("ws://server.example.com/chat"));
    options.subprotocols = {"chat", "superchat"};
    options.extensions = {ExtensionOffer{"permessage-deflate", {{"client_max_window_bits", std::nullopt}}}};
    options.key = "dGhlIHNhbXBsZSBub25jZQ==";
    const auto client = ClientHandshake::create(options);
    check(client.has_value(), "the fixed client builds");
    HandshakeFailure failure;
    const auto accepted = client->validateResponse(response, &failure);
    check(accepted.has_value() != bool(failure), "a response is either accepted or failed");
    if (accepted) {
        check(response.statusCode == 101, "only a 101 is accepted");
        check(accepted->subprotocol.isEmpty() || client->offeredSubprotocols().contains(accepted->subprotocol),
              "an accepted subprotocol was offered");
    }
}

void extensionHeader(QByteArrayView value)
{
    const auto parsed = parseExtensionHeader(value);
    if (!parsed)
        return;
    const QByteArray formatted = formatExtensionHeader(*parsed);
    const auto again = parseExtensionHeader(formatted);
    check(again.has_value() && *again == *parsed, "a formatted extension list parses to the same extensions");
}

void parseAs(HttpHeadParser::Kind kind, QByteArrayView input, qsizetype split, bool bareLineFeed)
{
    HttpHeadParser::Limits limits;
    limits.allowBareLineFeed = bareLineFeed;
    HttpHeadParser parser(kind, limits);
    const QByteArray leftover = feedSplit(parser, input, split);
    check(parser.buffered() + leftover == input.toByteArray(), "taken plus left is the input");
    check(parser.buffered().size() <= limits.maxHeadSize + 1, "the head size limit holds");
    if (parser.status() == HttpHeadParser::Status::Error) {
        check(bool(parser.failure()), "an error says which rule");
        return;
    }
    if (parser.status() != HttpHeadParser::Status::Complete)
        return;
    if (kind == HttpHeadParser::Kind::Request) {
        check(parser.request().raw == parser.buffered(), "raw is the head");
        requestSide(parser.request());
    } else {
        check(parser.response().raw == parser.buffered(), "raw is the head");
        responseSide(parser.response());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype split = qsizetype(data[0] & 0x7F) % (input.size() + 1);
    const bool bareLineFeed = (data[0] & 0x80) != 0;
    parseAs(HttpHeadParser::Kind::Request, input, split, bareLineFeed);
    parseAs(HttpHeadParser::Kind::Response, input, split, bareLineFeed);
    extensionHeader(input);
    return 0;
}
