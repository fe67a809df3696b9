#pragma once

#include "httpheaders.h"

#include <QByteArray>

namespace sockscope::proto {

// An HTTP/1.1 request head as it went over the wire: request line, header fields and the exact bytes. A plain
// copyable value filled by HttpHeadParser or by ClientHandshake; it does not judge whether it is a valid
// WebSocket opening handshake (ServerHandshake does).
struct HttpRequestHead {
    QByteArray method;
    // The request-target exactly as sent: "/chat?room=1", or an absolute URI.
    QByteArray target;
    int majorVersion = 1;
    int minorVersion = 1;
    HttpHeaders headers;
    // The head bytes as received or sent, up to and including the empty line that ends it.
    QByteArray raw;

    // The head written from the fields above: request line, "Name: value" lines and the empty line.
    QByteArray serialize() const;

    friend bool operator==(const HttpRequestHead &, const HttpRequestHead &) = default;
};

} // namespace sockscope::proto
