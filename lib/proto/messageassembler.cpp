#include "messageassembler.h"

namespace sockscope::proto {

namespace {
ProtocolViolation invalidUtf8At(quint64 offset)
{
    return {ProtocolError::InvalidUtf8, QStringLiteral("invalid UTF-8 at byte %1 of the message").arg(offset)};
}
} // namespace

ProtocolViolation MessageAssembler::checkHeader(const Frame &frame, quint64 payloadLength) const
{
    // RFC 6455 5.4: a continuation belongs to a started message; a new message waits for the last to end.
    if (frame.opcode == Opcode::Continuation && !m_inMessage)
        return {ProtocolError::UnexpectedContinuation, QStringLiteral("continuation frame with no message started")};
    if (frame.opcode != Opcode::Continuation && m_inMessage)
        return {ProtocolError::ExpectedContinuation,
                QStringLiteral("%1 frame inside an unfinished %2 message")
                    .arg(QLatin1String(opcodeName(frame.opcode)), QLatin1String(opcodeName(m_message.type)))};
    // RFC 6455 7.4.1 (1009): the message would exceed what this endpoint accepts.
    const quint64 before = m_inMessage ? m_size : 0;
    if (payloadLength > m_maxMessageSize || before + payloadLength > m_maxMessageSize)
        return {
            ProtocolError::MessageTooBig,
            QStringLiteral("message of at least %1 bytes, limit %2").arg(before + payloadLength).arg(m_maxMessageSize)};
    return {};
}

ProtocolViolation MessageAssembler::validateText(QByteArrayView bytes, bool final)
{
    const qsizetype bad = m_utf8.feed(bytes);
    if (bad >= 0)
        return invalidUtf8At(m_validated + quint64(bad));
    m_validated += quint64(bytes.size());
    m_validatedInFrame += bytes.size();
    // RFC 6455 8.1: a message cannot end inside a code point.
    if (final && !m_utf8.isComplete())
        return invalidUtf8At(m_validated);
    return {};
}

ProtocolViolation MessageAssembler::checkPartialPayload(const Frame &frame, QByteArrayView receivedSoFar)
{
    const bool starts = frame.opcode != Opcode::Continuation;
    const Opcode type = starts ? frame.opcode : m_message.type;
    const bool compressed = starts ? (m_compressionNegotiated && frame.rsv1) : m_message.compressed;
    if (type != Opcode::Text || compressed || receivedSoFar.size() <= m_validatedInFrame)
        return {};
    if (starts && !m_inMessage && m_validatedInFrame == 0) {
        m_utf8.reset();
        m_validated = 0;
    }
    return validateText(receivedSoFar.sliced(m_validatedInFrame), false);
}

ProtocolViolation MessageAssembler::push(Frame frame)
{
    if (auto violation = checkHeader(frame, quint64(frame.payload.size()))) {
        m_validatedInFrame = 0;
        return violation;
    }
    if (frame.opcode != Opcode::Continuation) {
        if (m_validatedInFrame == 0) {
            m_utf8.reset();
            m_validated = 0;
        }
        if (!m_message.frames.isEmpty() || !m_message.payload.isNull())
            m_message = Message(); // what an abandoned message left
        m_message.type = frame.opcode;
        m_message.compressed = m_compressionNegotiated && frame.rsv1;
        m_size = 0;
        m_inMessage = true;
    }
    if (m_message.type == Opcode::Text && !m_message.compressed) {
        if (auto violation = validateText(QByteArrayView(frame.payload).sliced(m_validatedInFrame), frame.fin)) {
            m_validatedInFrame = 0;
            m_inMessage = false;
            return violation;
        }
    }
    m_validatedInFrame = 0;
    m_size += quint64(frame.payload.size());
    // One frame: share its buffer. Several: the message gets its own contiguous copy.
    if (m_message.frames.isEmpty())
        m_message.payload = frame.payload;
    else
        m_message.payload.append(frame.payload);
    const bool fin = frame.fin;
    m_message.frames.append(std::move(frame));
    if (fin) {
        m_inMessage = false;
        m_hasMessage = true;
    }
    return {};
}

Message MessageAssembler::takeMessage()
{
    Q_ASSERT(m_hasMessage);
    m_hasMessage = false;
    Message message = std::move(m_message);
    // Moved from, it has no frames and a null payload; push() sets the rest for the next message.
    Q_ASSERT(m_message.frames.isEmpty() && m_message.payload.isNull());
    return message;
}

ProtocolViolation MessageAssembler::checkInflatedText(QByteArrayView text)
{
    const qsizetype bad = Utf8Validator::firstInvalidByte(text);
    return bad >= 0 ? invalidUtf8At(quint64(bad)) : ProtocolViolation{};
}

void MessageAssembler::reset()
{
    const quint64 max = m_maxMessageSize;
    const bool compression = m_compressionNegotiated;
    *this = MessageAssembler(max);
    m_compressionNegotiated = compression;
}

} // namespace sockscope::proto
