#pragma once

#include "sessionrecord.h"
#include "tcpconversation.h"

#include <QList>
#include <QString>

class QIODevice;

namespace sockscope::session {

struct SessionReadError;

// Turns a session file into what other tools read. The wire bytes of each connection are rebuilt from the
// records (handshake heads, then each frame's header and its payload masked again with the key in that
// header), so the export carries exactly what was on the wire, compressed payloads included.
namespace sessionexport {

// One TCP conversation per recorded connection that got as far as sending its upgrade request, server port 80
// (see PcapngWriter), the URL and side in the comment. Reading stops at the first damaged record; what was read
// before is converted and the error is returned in `error` (Kind::None when the file was whole).
QList<TcpConversation> toTcpConversations(QIODevice &sessionFile, SessionReadError &error);
// The same from records already in memory, in file order (e.g. a session converted from a HAR file).
QList<TcpConversation> toTcpConversations(const QList<SessionRecord> &records);

} // namespace sessionexport

} // namespace sockscope::session
