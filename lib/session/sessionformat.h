#pragma once

#include <QByteArrayView>
#include <QtGlobal>

namespace sockscope::session {

// The constants of the session file format, version 1 (docs/session-format.md): a 16-byte file header, then
// records. Every record is `u32 length | u8 type | u32 connection | i64 timestamp µs | body | u32 CRC-32`, little
// endian; `length` counts from `type` to the end of the body. A reader of version 1.x skips record types it does
// not know, so a minor version may add types; a new major version is not read.
namespace format {
inline constexpr QByteArrayView magic("\x89SKS\r\n\x1a\n", 8);
inline constexpr quint16 versionMajor = 1;
inline constexpr quint16 versionMinor = 0;
inline constexpr int fileHeaderSize = 16;         // magic, major, minor, 4 reserved bytes
inline constexpr int recordPrefixSize = 4;        // length
inline constexpr int recordFixedSize = 1 + 4 + 8; // type, connection, timestamp
inline constexpr int recordTrailerSize = 4;       // CRC-32 of type .. end of body
// No record is larger than this; a length above it means a damaged file, not a huge allocation.
inline constexpr quint32 maxRecordLength = 1u << 30;
} // namespace format

enum class RecordType : quint8 {
    Connection = 0x01,        // a connection starts: JSON with URL, side, options, addresses
    HandshakeRequest = 0x02,  // the raw upgrade request head
    HandshakeResponse = 0x03, // the raw response head
    Frame = 0x04,             // one frame as on the wire: header bytes and unmasked payload
    Message = 0x05,           // the preceding data frames form a message; inflated payload when compressed
    Close = 0x06,             // how the connection ended
    Note = 0x07,              // an error or protocol violation, in words
    End = 0x7F,               // the recording was finished and the file is complete
};

// Which end of the connection the recording was made at: our client, or our local server facing a client.
enum class Side : quint8 { Client, Server };

enum class NoteKind : quint8 { Info = 0, Error = 1, ProtocolViolation = 2 };

} // namespace sockscope::session
