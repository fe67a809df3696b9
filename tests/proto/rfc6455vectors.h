#pragma once

#include <QByteArray>

// The example opening handshake of RFC 6455 sections 1.2, 1.3 and 4.1, shared by the handshake tests.
namespace rfc6455 {

inline const QByteArray key = "dGhlIHNhbXBsZSBub25jZQ==";
inline const QByteArray accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

inline const QByteArray request = "GET /chat HTTP/1.1\r\n"
                                  "Host: server.example.com\r\n"
                                  "Upgrade: websocket\r\n"
                                  "Connection: Upgrade\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                  "Origin: http://example.com\r\n"
                                  "Sec-WebSocket-Protocol: chat, superchat\r\n"
                                  "Sec-WebSocket-Version: 13\r\n"
                                  "\r\n";

inline const QByteArray response = "HTTP/1.1 101 Switching Protocols\r\n"
                                   "Upgrade: websocket\r\n"
                                   "Connection: Upgrade\r\n"
                                   "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                                   "Sec-WebSocket-Protocol: chat\r\n"
                                   "\r\n";

} // namespace rfc6455
