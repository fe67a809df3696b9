#pragma once

#include "harentry.h"

#include <QByteArrayView>
#include <QString>

namespace sockscope::session {

// Why reading a HAR file stopped, and where. Syntax errors come from the JSON itself (RFC 8259); the others from
// a JSON value that is not what HAR 1.2 or Chrome's WebSocket fields ask for, and name that value by its path.
struct HarReadError {
    enum class Kind : quint8 {
        None,
        Syntax,       // not JSON: a byte that cannot be there, the end of the input, or invalid UTF-8
        WrongType,    // a value of another JSON type than the field takes
        MissingField, // a required member is absent
        InvalidValue, // the right type but an unusable value: a date, base64, a message type, a number out of range
    };

    Kind kind = Kind::None;
    // Bytes from the start of the input: the bad byte, the bad value, or the object that lacks a member.
    qint64 offset = -1;
    int line = 0;   // of offset, from 1
    int column = 0; // of offset, from 1, in characters
    QString path;   // the value at fault, "log.entries[3]._webSocketMessages[2].opcode"; empty for Syntax
    QString detail; // what was expected: "expected a number", "expected ',' or '}'", "unexpected end of input"

    explicit operator bool() const { return kind != Kind::None; }
    // "line 3, column 7 (byte 42): expected ':'" for a syntax error, "<path>: <detail>" for the others.
    QString message() const;

    friend bool operator==(const HarReadError &, const HarReadError &) = default;
};

struct HarReadResult {
    // The WebSocket entries in file order: every one before the error, and the one the error is in as far as it
    // could be read (see lastEntryPartial).
    QList<HarWebSocketEntry> entries;
    // Entries that are not WebSocket ones (documents, scripts, XHR...), counted up to the error.
    qsizetype skippedEntries = 0;
    // log.creator, when it comes before the error.
    QString creatorName;
    QString creatorVersion;
    HarReadError error;
    // The last entry is the one the error is in: fields that were missing, cut off or invalid have their default
    // values (empty, 0, -1), and its messages stop before the first one that was cut off or invalid.
    bool lastEntryPartial = false;
};

// Reads the WebSocket entries of a HAR file. An entry is one when its "_resourceType" is "websocket", its URL is
// ws:// or wss://, it has "_webSocketMessages", or its response is 101 with "Upgrade: websocket"; the others are
// counted and skipped without being checked.
//
// Error policy: reading stops at the first error, and everything before it is kept (HarReadResult). A truncated
// file gives the entries that were complete plus what the cut one holds; a bad message gives its entry with the
// messages before it.
//
// A message's data is base64 when its opcode is 2 and UTF-8 text otherwise; "_sockscopeOpcode" (written by
// writeHar for text that is not UTF-8) gives the opcode to report instead. A timestamp is rounded to the nearest
// microsecond, exactly from the decimal digits. A "\u" escape of a lone surrogate reads as U+FFFD.
HarReadResult readHar(QByteArrayView json);

} // namespace sockscope::session
