#pragma once

#include "frame.h"
#include "protocolerror.h"
#include "role.h"

namespace sockscope::proto {

// What a receiving endpoint accepts from its peer, frame by frame.
struct FrameRules {
    Role sender = Role::Client; // who sent the frames being checked
    quint8 allowedRsvBits = 0;  // bits a negotiated extension defines: RSV1 = 4 for permessage-deflate
    quint64 maxFramePayload = 64ull << 20;
};

// Checks one frame against the RFC 6455 rules that depend on the frame alone: reserved bits and opcodes,
// minimal length encoding, masking for the sender's role, control frame limits, frame size, and the body of
// a close frame. Rules about the sequence of frames (fragmentation, UTF-8 across fragments, message size)
// belong to MessageAssembler. Stateless and cheap.
class FrameValidator
{
public:
    explicit FrameValidator(FrameRules rules = {})
        : m_rules(rules)
    {}

    const FrameRules &rules() const { return m_rules; }
    void setRules(const FrameRules &rules) { m_rules = rules; }

    // Everything decided by the header, before the payload arrives: a peer announcing a 2 GiB frame is
    // refused after 10 bytes.
    ProtocolViolation checkHeader(const Frame &frame, quint64 payloadLength) const;
    // Header rules plus, for close frames, the body.
    ProtocolViolation check(const Frame &frame) const;
    // RFC 6455 5.5.1 / 7.4: empty, or a 2-byte code that may be sent followed by a UTF-8 reason.
    static ProtocolViolation checkClosePayload(QByteArrayView payload);

private:
    FrameRules m_rules;
};

} // namespace sockscope::proto
