#pragma once

#include "httpheaders.h"

#include <QByteArray>

#include <optional>

namespace sockscope::proto {

// An HTTP/1.1 response head as it went over the wire: status line, header fields, the exact bytes and, for a
// refusal, the body that follows. A plain copyable value filled by HttpHeadParser (the body by whoever reads
// it) or by ServerHandshake; it does not judge whether it completes a WebSocket handshake (ClientHandshake
// does).
struct HttpResponseHead {
    int majorVersion = 1;
    int minorVersion = 1;
    int statusCode = 0;
    QByteArray reasonPhrase;
    HttpHeaders headers;
    // The head bytes as received or sent, up to and including the empty line that ends it.
    QByteArray raw;
    // The body of a refusal (a 101 response has none: what follows it are WebSocket frames).
    QByteArray body;

    // The head written from the fields above: status line, "Name: value" lines and the empty line; no body.
    QByteArray serialize() const;
    // RFC 7230 3.3.2: the Content-Length value when there is exactly one valid one.
    std::optional<qint64> contentLength() const;

    // The reason phrase RFC 7231 / RFC 6585 give a status code ("Switching Protocols"), or "Unknown".
    static QByteArray standardReasonPhrase(int statusCode);

    friend bool operator==(const HttpResponseHead &, const HttpResponseHead &) = default;
};

} // namespace sockscope::proto
