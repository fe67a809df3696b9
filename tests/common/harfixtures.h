#pragma once

#include "session/harentry.h"

// A HAR entry for a WebSocket upgrade the way browsers export one: GET over HTTP/1.1 with the sample key of
// RFC 6455 section 1.3, answered 101 with its accept value. Timings and messages are the test's to set.
namespace harfixtures {

using namespace sockscope;

inline session::HarWebSocketEntry upgradeEntry(const QString &url, const QByteArray &host, qint64 startedUs)
{
    session::HarWebSocketEntry e;
    e.url = url;
    e.startedUs = startedUs;
    e.method = "GET";
    e.httpVersion = "HTTP/1.1";
    e.requestHeaders = {{"Host", host},
                        {"Upgrade", "websocket"},
                        {"Connection", "Upgrade"},
                        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                        {"Sec-WebSocket-Version", "13"}};
    e.status = 101;
    e.statusText = "Switching Protocols";
    e.responseHttpVersion = "HTTP/1.1";
    e.responseHeaders = {
        {"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}};
    return e;
}

} // namespace harfixtures
