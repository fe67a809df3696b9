#pragma once

#include "randomsource.h"

#include <QByteArray>
#include <QByteArrayView>

namespace sockscope::proto {

// The Sec-WebSocket-Key nonce and the Sec-WebSocket-Accept value derived from it (RFC 6455 1.3, 4.1, 4.2.2).
// Pure functions of their inputs; where the nonce's bytes come from is the caller's RandomSource.

// RFC 6455 1.3: the GUID appended to the key before hashing.
inline constexpr char WebSocketGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// RFC 6455 4.2.2 step 5.4: base64(SHA-1(key + GUID)); the key is used as sent, not decoded.
QByteArray computeAcceptKey(QByteArrayView key);

// RFC 6455 4.1: a nonce of 16 random bytes, base64-encoded (24 characters).
QByteArray generateKey(const RandomSource &random);

// RFC 6455 4.2.1 item 5: the canonical base64 encoding (with padding) of exactly 16 bytes.
bool isValidKey(QByteArrayView key);

} // namespace sockscope::proto
