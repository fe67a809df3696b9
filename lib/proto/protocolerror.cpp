#include "protocolerror.h"

#include "closecode.h"

namespace sockscope::proto {

quint16 closeCodeFor(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None: return CloseCode::Normal;
    case ProtocolError::InvalidUtf8:
    case ProtocolError::InvalidUtf8InCloseReason: return CloseCode::InvalidPayload;
    case ProtocolError::FrameTooBig:
    case ProtocolError::MessageTooBig:
    case ProtocolError::InflatedMessageTooBig: return CloseCode::MessageTooBig;
    case ProtocolError::ReservedBitsSet:
    case ProtocolError::ReservedOpcode:
    case ProtocolError::NonMinimalLength:
    case ProtocolError::LengthHighBitSet:
    case ProtocolError::ControlFrameTooLong:
    case ProtocolError::FragmentedControlFrame:
    case ProtocolError::UnexpectedContinuation:
    case ProtocolError::ExpectedContinuation:
    case ProtocolError::UnmaskedFrameFromClient:
    case ProtocolError::MaskedFrameFromServer:
    case ProtocolError::ClosePayloadTooShort:
    case ProtocolError::InvalidCloseCode:
    case ProtocolError::CompressedControlFrame:
    case ProtocolError::InvalidCompressedData: return CloseCode::ProtocolError;
    }
    return CloseCode::ProtocolError;
}

const char *protocolErrorName(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None: return "none";
    case ProtocolError::ReservedBitsSet: return "reserved-bits-set";
    case ProtocolError::ReservedOpcode: return "reserved-opcode";
    case ProtocolError::NonMinimalLength: return "non-minimal-length";
    case ProtocolError::LengthHighBitSet: return "length-high-bit-set";
    case ProtocolError::ControlFrameTooLong: return "control-frame-too-long";
    case ProtocolError::FragmentedControlFrame: return "fragmented-control-frame";
    case ProtocolError::UnexpectedContinuation: return "unexpected-continuation";
    case ProtocolError::ExpectedContinuation: return "expected-continuation";
    case ProtocolError::UnmaskedFrameFromClient: return "unmasked-frame-from-client";
    case ProtocolError::MaskedFrameFromServer: return "masked-frame-from-server";
    case ProtocolError::ClosePayloadTooShort: return "close-payload-too-short";
    case ProtocolError::InvalidCloseCode: return "invalid-close-code";
    case ProtocolError::InvalidUtf8InCloseReason: return "invalid-utf8-in-close-reason";
    case ProtocolError::InvalidUtf8: return "invalid-utf8";
    case ProtocolError::FrameTooBig: return "frame-too-big";
    case ProtocolError::MessageTooBig: return "message-too-big";
    case ProtocolError::CompressedControlFrame: return "compressed-control-frame";
    case ProtocolError::InvalidCompressedData: return "invalid-compressed-data";
    case ProtocolError::InflatedMessageTooBig: return "inflated-message-too-big";
    }
    return "unknown";
}

QString protocolErrorDescription(ProtocolError error)
{
    switch (error) {
    case ProtocolError::None: return QStringLiteral("No error.");
    case ProtocolError::ReservedBitsSet:
        return QStringLiteral("A reserved bit (RSV1-3) is set that no negotiated extension defines (RFC 6455 5.2).");
    case ProtocolError::ReservedOpcode: return QStringLiteral("The frame uses a reserved opcode (RFC 6455 5.2).");
    case ProtocolError::NonMinimalLength:
        return QStringLiteral("The payload length is not written in the minimal number of bytes (RFC 6455 5.2).");
    case ProtocolError::LengthHighBitSet:
        return QStringLiteral("The most significant bit of the 64-bit payload length is set (RFC 6455 5.2).");
    case ProtocolError::ControlFrameTooLong:
        return QStringLiteral("A control frame carries more than 125 bytes (RFC 6455 5.5).");
    case ProtocolError::FragmentedControlFrame:
        return QStringLiteral("A control frame is fragmented (FIN is 0) (RFC 6455 5.5).");
    case ProtocolError::UnexpectedContinuation:
        return QStringLiteral("A continuation frame arrived with no fragmented message in progress (RFC 6455 5.4).");
    case ProtocolError::ExpectedContinuation:
        return QStringLiteral("A new data frame arrived before the fragmented message was finished (RFC 6455 5.4).");
    case ProtocolError::UnmaskedFrameFromClient:
        return QStringLiteral("The client sent an unmasked frame; clients must mask every frame (RFC 6455 5.1).");
    case ProtocolError::MaskedFrameFromServer:
        return QStringLiteral("The server sent a masked frame; servers must not mask (RFC 6455 5.1).");
    case ProtocolError::ClosePayloadTooShort:
        return QStringLiteral("The close frame carries 1 byte; a close body is empty or starts with a 2-byte code "
                              "(RFC 6455 5.5.1).");
    case ProtocolError::InvalidCloseCode:
        return QStringLiteral("The close code is one that must not be sent in a close frame (RFC 6455 7.4).");
    case ProtocolError::InvalidUtf8InCloseReason:
        return QStringLiteral("The close reason is not valid UTF-8 (RFC 6455 5.5.1).");
    case ProtocolError::InvalidUtf8: return QStringLiteral("A text message is not valid UTF-8 (RFC 6455 8.1).");
    case ProtocolError::FrameTooBig: return QStringLiteral("The frame is larger than this endpoint accepts (1009).");
    case ProtocolError::MessageTooBig:
        return QStringLiteral("The message is larger than this endpoint accepts (1009).");
    case ProtocolError::CompressedControlFrame:
        return QStringLiteral("RSV1 (compressed) is set on a control frame or a continuation frame (RFC 7692 6.1).");
    case ProtocolError::InvalidCompressedData:
        return QStringLiteral("The compressed message does not inflate (RFC 7692 6.2).");
    case ProtocolError::InflatedMessageTooBig:
        return QStringLiteral("The message inflates to more than this endpoint accepts (RFC 7692 8.1, 1009).");
    }
    return QString();
}

} // namespace sockscope::proto
