#include "sessionrecord.h"

namespace sockscope::session {

namespace {

bool sameClose(const proto::CloseInfo &a, const proto::CloseInfo &b)
{
    return a.code == b.code && a.reason == b.reason && a.wasClean == b.wasClean && a.initiator == b.initiator &&
           a.closeSent == b.closeSent && a.closeReceived == b.closeReceived && a.sentCode == b.sentCode &&
           a.sentReason == b.sentReason && a.error == b.error;
}

} // namespace

bool operator==(const SessionRecord &a, const SessionRecord &b)
{
    return a.type == b.type && a.connection == b.connection && a.timestampUs == b.timestampUs && a.info == b.info &&
           a.raw == b.raw && a.direction == b.direction && a.frame == b.frame && a.messageType == b.messageType &&
           a.compressed == b.compressed && a.frameCount == b.frameCount && a.inflatedPayload == b.inflatedPayload &&
           sameClose(a.close, b.close) && a.noteKind == b.noteKind && a.text == b.text &&
           a.recordCount == b.recordCount;
}

} // namespace sockscope::session
