#include "framevalidator.h"

#include "closecode.h"
#include "utf8validator.h"

#include <QStringList>
#include <QtEndian>

namespace sockscope::proto {

namespace {
QString rsvNames(quint8 bits)
{
    QStringList names;
    if (bits & 4)
        names << QStringLiteral("RSV1");
    if (bits & 2)
        names << QStringLiteral("RSV2");
    if (bits & 1)
        names << QStringLiteral("RSV3");
    return names.join(QLatin1Char('+'));
}

const char *encodingName(LengthEncoding e)
{
    switch (e) {
    case LengthEncoding::Bits7: return "7-bit";
    case LengthEncoding::Bits16: return "16-bit";
    case LengthEncoding::Bits64: return "64-bit";
    }
    return "?";
}
} // namespace

ProtocolViolation FrameValidator::checkHeader(const Frame &frame, quint64 payloadLength) const
{
    const bool control = frame.isControl();
    // RFC 6455 5.2: an opcode outside 0-2 and 8-10 is reserved.
    if (isReservedOpcode(frame.opcode))
        return {ProtocolError::ReservedOpcode,
                QStringLiteral("opcode 0x%1").arg(QString::number(quint8(frame.opcode), 16).toUpper())};
    // RFC 7692 6.1: RSV1 marks the first frame of a compressed message, never a control or continuation frame.
    if ((m_rules.allowedRsvBits & 4) && frame.rsv1 && (control || frame.opcode == Opcode::Continuation))
        return {ProtocolError::CompressedControlFrame,
                QStringLiteral("RSV1 set on a %1 frame").arg(QLatin1String(opcodeName(frame.opcode)))};
    // RFC 6455 5.2: RSV1-3 MUST be 0 unless an extension defines them.
    if (const quint8 extra = frame.rsvBits() & ~m_rules.allowedRsvBits)
        return {ProtocolError::ReservedBitsSet,
                QStringLiteral("%1 set without an extension that defines it").arg(rsvNames(extra))};
    // RFC 6455 5.1: clients mask every frame, servers none.
    if (m_rules.sender == Role::Client && !frame.masked)
        return {ProtocolError::UnmaskedFrameFromClient,
                QStringLiteral("%1 frame without mask").arg(QLatin1String(opcodeName(frame.opcode)))};
    if (m_rules.sender == Role::Server && frame.masked)
        return {ProtocolError::MaskedFrameFromServer,
                QStringLiteral("%1 frame with mask").arg(QLatin1String(opcodeName(frame.opcode)))};
    if (control) {
        // RFC 6455 5.5: control frames are not fragmented and carry at most 125 bytes.
        if (!frame.fin)
            return {ProtocolError::FragmentedControlFrame,
                    QStringLiteral("%1 frame with FIN = 0").arg(QLatin1String(opcodeName(frame.opcode)))};
        if (payloadLength > 125)
            return {
                ProtocolError::ControlFrameTooLong,
                QStringLiteral("%1 frame of %2 bytes").arg(QLatin1String(opcodeName(frame.opcode))).arg(payloadLength)};
    }
    // RFC 6455 5.2: "the minimal number of bytes MUST be used to encode the length".
    if (frame.lengthEncoding != Frame::minimalLengthEncoding(payloadLength))
        return {ProtocolError::NonMinimalLength, QStringLiteral("%1 bytes written with the %2 length encoding")
                                                     .arg(payloadLength)
                                                     .arg(QLatin1String(encodingName(frame.lengthEncoding)))};
    // RFC 6455 7.4.1 (1009): larger than this endpoint accepts.
    if (payloadLength > m_rules.maxFramePayload)
        return {ProtocolError::FrameTooBig,
                QStringLiteral("frame of %1 bytes, limit %2").arg(payloadLength).arg(m_rules.maxFramePayload)};
    return {};
}

ProtocolViolation FrameValidator::check(const Frame &frame) const
{
    if (auto violation = checkHeader(frame, quint64(frame.payload.size())))
        return violation;
    if (frame.opcode == Opcode::Close)
        return checkClosePayload(frame.payload);
    return {};
}

ProtocolViolation FrameValidator::checkClosePayload(QByteArrayView payload)
{
    if (payload.isEmpty())
        return {};
    // RFC 6455 5.5.1: a body starts with a 2-byte status code.
    if (payload.size() == 1)
        return {ProtocolError::ClosePayloadTooShort,
                QStringLiteral("close body of 1 byte (0x%1)").arg(quint8(payload[0]), 2, 16, QLatin1Char('0'))};
    const quint16 code = qFromBigEndian<quint16>(payload.data());
    // RFC 6455 7.4: some codes must never appear in a close frame.
    if (!isValidCloseCodeOnWire(code))
        return {ProtocolError::InvalidCloseCode, QStringLiteral("close code %1").arg(code)};
    // RFC 6455 5.5.1: the reason is UTF-8.
    const QByteArrayView reason = payload.sliced(2);
    const qsizetype bad = Utf8Validator::firstInvalidByte(reason);
    if (bad >= 0)
        return {ProtocolError::InvalidUtf8InCloseReason,
                QStringLiteral("invalid UTF-8 at byte %1 of the close reason").arg(bad)};
    return {};
}

} // namespace sockscope::proto
