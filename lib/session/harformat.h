#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <optional>

namespace sockscope::session::har {

// The conventions harreader.cpp and harwriter.cpp share: how times are written, and the names of the fields
// Sockscope adds where HAR and Chrome have no room for what it keeps.

// Members Sockscope adds (HAR 1.2 allows custom fields that start with an underscore).
inline constexpr char OpcodeField[] = "_sockscopeOpcode";         // a message's real opcode when "opcode" says 2
inline constexpr char StartedUsField[] = "_sockscopeStartedUs";   // an entry's start with its microseconds
inline constexpr char NameBase64Field[] = "_sockscopeNameBase64"; // a header name's bytes when not UTF-8
inline constexpr char ValueBase64Field[] = "_sockscopeValueBase64";

// The times a HAR date can hold here: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z.
qint64 minDateTimeUs();
qint64 maxDateTimeUs();

// "2023-11-14T22:13:20.123Z": UTC, milliseconds (rounded down), clamped to the range above.
QByteArray formatDateTime(qint64 us);
// ISO 8601 as HAR uses it: YYYY-MM-DDTHH:MM[:SS[.fraction]] then Z, +HH:MM, +HHMM, +HH (or - for those), or
// nothing for UTC. The fraction is rounded to the microsecond. nullopt when malformed or outside the range.
std::optional<qint64> parseDateTime(QByteArrayView text);

// Seconds since the epoch with six decimals, "1700000000.123456" or "-0.500000": a JSON number.
QByteArray formatSeconds(qint64 us);

} // namespace sockscope::session::har
