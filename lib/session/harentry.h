#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

namespace sockscope::session {

// The WebSocket side of a HAR file (HAR 1.2 with Chrome DevTools' "_webSocketMessages"), as plain values: what
// harreader.h reads and harwriter.h writes. Independent of the message log and of session files; the session
// layer converts between these and its own records.

// One header as the file lists it, in order, duplicates and case kept.
struct HarHeader {
    QByteArray name;
    QByteArray value;

    friend bool operator==(const HarHeader &, const HarHeader &) = default;
};

// HAR 1.2 "timings" of the opening handshake in milliseconds, -1 where a phase did not happen or is unknown.
// As in HAR, ssl is part of connect.
struct HarTimings {
    double blocked = -1;
    double dns = -1;
    double connect = -1;
    double ssl = -1;
    double send = -1;
    double wait = -1;
    double receive = -1;

    friend bool operator==(const HarTimings &, const HarTimings &) = default;
};

// A message's "type" in Chrome's list: sent by the page, received from the server, or an error the browser
// recorded between them (Chrome writes those with opcode -1 and the error text as data).
enum class HarMessageType : quint8 { Send, Receive, Error };

struct HarWebSocketMessage {
    HarMessageType type = HarMessageType::Send;
    qint64 timestampUs = 0; // wall clock, microseconds since the Unix epoch ("time" is in seconds)
    int opcode = 1;         // as in the file, -1 to 15: 1 text, 2 binary, 8 / 9 / 10 control, -1 for an error
    QByteArray payload;     // the message's bytes: text as UTF-8, binary decoded from base64

    friend bool operator==(const HarWebSocketMessage &, const HarWebSocketMessage &) = default;
};

// One WebSocket connection: the upgrade request and response, its timings and its messages in file order.
struct HarWebSocketEntry {
    QString url;
    qint64 startedUs = 0; // "startedDateTime", microseconds since the Unix epoch
    QByteArray method;
    QByteArray httpVersion; // the request's
    QList<HarHeader> requestHeaders;
    int status = 0; // 0 to 999: 101 for an upgrade; Chrome writes 0 when there was no response
    QByteArray statusText;
    QByteArray responseHttpVersion;
    QList<HarHeader> responseHeaders;
    HarTimings timings;
    QList<HarWebSocketMessage> messages;

    friend bool operator==(const HarWebSocketEntry &, const HarWebSocketEntry &) = default;
};

} // namespace sockscope::session
