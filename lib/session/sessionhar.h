#pragma once

#include "harentry.h"
#include "harreader.h"
#include "recordedconnection.h"
#include "sessionreader.h"
#include "sessionrecord.h"

#include <QList>

class QIODevice;

namespace sockscope::session {

// Conversion between session files and the WebSocket entries of a HAR file (harentry.h). It neither parses nor
// writes JSON (readHar / writeHar do) and writes no files: it turns records and recorded connections into entries,
// and entries into the records of a session file. What each direction keeps and what it cannot is listed in
// docs/session-format.md ("HAR files").
namespace sessionhar {

// Session to HAR. Each connection becomes one entry: its URL, start, the method, version and headers of its recorded
// request and the status and headers of its response (defaults GET / HTTP/1.1 and status 0 when the connection never
// got that far), timings from the record times (-1 where unknown), then its log in order: every message with its
// type and application payload (inflated), every control frame (8 close with its whole body, 9 ping, 10 pong) and
// every data frame no message claims, each with its opcode, "send" when the client sent it; error and protocol
// violation notes as "error" messages (opcode -1, the note's text), information notes left out.
struct SessionHar {
    QList<HarWebSocketEntry> entries;
    SessionReadError error; // where reading stopped; what came before is in entries
    bool complete = false;  // the file ended with its End record
};

// Reads a session file record by record and converts every connection; stops at the first damaged record.
SessionHar toHar(QIODevice &sessionFile);
// One connection of an opened session. Notes fall between the log's records by their times. A payload its log has
// released (StoreLimits) is written empty and counted in *releasedPayloads.
HarWebSocketEntry toHarEntry(const RecordedConnection &connection, qsizetype *releasedPayloads = nullptr);

// HAR to session. Each entry becomes connection n (from 1, in order): a Connection record (side client, the URL, and
// from the request: the subprotocols, the Origin and whether permessage-deflate was offered, the other headers a
// client adds as extra headers), an information Note saying that the frames were synthesized from a HAR file, the
// request head rebuilt from the method, the URL's path and query, the version and the headers in file order, the
// response head when there was one (status not 0), then per message in file order: a Frame record (one frame, FIN
// set, uncompressed, masked with the key 00 00 00 00 when the client sent it) and for opcodes 1 and 2 a Message
// record; "error" messages (and opcodes below 0) become error Notes; close frames also give the Close record at the
// end. Times are the file's: the request at the start plus the blocked, dns and connect timings, the response after
// send, wait and receive. An End record closes the file when `complete`.
QList<SessionRecord> toSessionRecords(const QList<HarWebSocketEntry> &entries, bool complete = true);
// What readHar() gave, also when it stopped at an error: the entries read (the last one as far as it was read)
// without an End record, and an error Note with the error's place on the connection of an entry it cut short.
QList<SessionRecord> toSessionRecords(const HarReadResult &har);

// The text of the Note that starts every connection converted from a HAR file.
QString synthesizedNote(bool deflateNegotiated);

} // namespace sessionhar

} // namespace sockscope::session
