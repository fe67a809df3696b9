#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace sockscope::net {

// The small HTML page the local server answers a plain GET / with: its script opens a WebSocket back to the
// same host at `path` with the browser's own API, shows readyState, protocol, extensions and the close event,
// and sends and logs messages, so a browser's traffic can be watched in the server's log.
QByteArray testPageHtml(QByteArrayView path);

} // namespace sockscope::net
