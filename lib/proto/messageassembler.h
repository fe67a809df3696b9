#pragma once

#include "message.h"
#include "protocolerror.h"
#include "utf8validator.h"

namespace sockscope::proto {

// Turns a peer's data frames into messages (RFC 6455 section 5.4) and enforces the rules that span frames:
// continuation only inside a fragmented message, no new message before the last one ended, text is UTF-8
// even when a code point is split across fragments (checked as bytes arrive, failing at the first invalid
// byte), and a message size limit. Control frames never reach it: they may arrive between fragments and are
// the caller's. It does not inflate: a compressed message comes out with compressed = true and its payload
// still deflated, for the caller to inflate and then check with checkInflatedText().
class MessageAssembler
{
public:
    explicit MessageAssembler(quint64 maxMessageSize = 64ull << 20)
        : m_maxMessageSize(maxMessageSize)
    {}

    void setMaxMessageSize(quint64 size) { m_maxMessageSize = size; }
    quint64 maxMessageSize() const { return m_maxMessageSize; }
    // Whether RSV1 on a first frame means "compressed" (permessage-deflate was negotiated).
    void setCompressionNegotiated(bool on) { m_compressionNegotiated = on; }

    // The sequence rules, from a data frame's header alone.
    ProtocolViolation checkHeader(const Frame &frame, quint64 payloadLength) const;
    // The current frame's payload received so far (a prefix that grows): new text bytes are validated now.
    ProtocolViolation checkPartialPayload(const Frame &frame, QByteArrayView receivedSoFar);
    // A complete data frame. After success, hasMessage() says whether it completed a message.
    ProtocolViolation push(Frame frame);
    bool hasMessage() const { return m_hasMessage; }
    Message takeMessage();
    // For an inflated text message: RFC 6455 8.1 applies to the inflated data.
    static ProtocolViolation checkInflatedText(QByteArrayView text);

    // A fragmented message is unfinished.
    bool inMessage() const { return m_inMessage; }
    void reset();

private:
    ProtocolViolation validateText(QByteArrayView bytes, bool final);

    quint64 m_maxMessageSize;
    bool m_compressionNegotiated = false;
    bool m_inMessage = false;
    bool m_hasMessage = false;
    Message m_message;
    quint64 m_size = 0;
    Utf8Validator m_utf8;
    quint64 m_validated = 0;          // bytes of the message already validated
    qsizetype m_validatedInFrame = 0; // of which in the current frame
};

} // namespace sockscope::proto
