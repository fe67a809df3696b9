#pragma once

#include "harentry.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace sockscope::session {

// Writes WebSocket entries as a HAR 1.2 file that Chrome DevTools imports: every field HAR requires for a request,
// a response and its timings (-1 for what is unknown), "_resourceType": "websocket" and Chrome's
// "_webSocketMessages" with each message's time in seconds to the microsecond, indented by two spaces.
//
// Payloads, opcodes, headers and times are kept to the byte and the microsecond, and readHar() gives back exactly
// the entries written (with opcodes from -1 to 15 and statuses from 0 to 999, as it reads them):
//  - a binary message (opcode 2) is base64; any other message whose payload is valid UTF-8 is its text;
//  - any other payload that is not UTF-8 (a text message with broken UTF-8, a close or ping with binary data) is
//    written as opcode 2 with base64 data, so other tools show its true bytes, plus "_sockscopeOpcode" with the
//    real opcode;
//  - startedDateTime has milliseconds (ISO 8601, UTC); when the start has microseconds as well,
//    "_sockscopeStartedUs" holds the whole value (years 0000 to 9999; times outside are clamped);
//  - a header name or value that is not UTF-8 is written with U+FFFD in its place plus "_sockscopeNameBase64" /
//    "_sockscopeValueBase64" holding the bytes. The method, HTTP versions and status text are text only: bytes
//    that are not UTF-8 there become U+FFFD.
QByteArray writeHar(const QList<HarWebSocketEntry> &entries, const QString &creatorName, const QString &creatorVersion);

} // namespace sockscope::session
