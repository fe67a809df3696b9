#pragma once

#include <QString>
#include <QtGlobal>

namespace sockscope::proto {

// One value per rule a peer can break on an open WebSocket connection. Each maps to the close code the
// receiving endpoint sends when it fails the connection (RFC 6455 section 7.4.1). Handshake problems are
// not here: see HandshakeError.
enum class ProtocolError : quint8 {
    None,
    ReservedBitsSet,          // 5.2: RSV1-3 must be 0 unless an extension defines them
    ReservedOpcode,           // 5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved
    NonMinimalLength,         // 5.2: "the minimal number of bytes MUST be used to encode the length"
    LengthHighBitSet,         // 5.2: the most significant bit of a 64-bit length MUST be 0
    ControlFrameTooLong,      // 5.5: control frames carry at most 125 bytes
    FragmentedControlFrame,   // 5.5: control frames MUST NOT be fragmented
    UnexpectedContinuation,   // 5.4: a continuation frame with no message started
    ExpectedContinuation,     // 5.4: a new data frame while a fragmented message is unfinished
    UnmaskedFrameFromClient,  // 5.1: a client MUST mask every frame
    MaskedFrameFromServer,    // 5.1: a server MUST NOT mask any frame
    ClosePayloadTooShort,     // 5.5.1: a close body is empty or at least the 2-byte code
    InvalidCloseCode,         // 7.4: 1004-1006, 1015, <1000, >=5000 and unassigned 1xxx/2xxx must not be sent
    InvalidUtf8InCloseReason, // 5.5.1: the close reason is UTF-8
    InvalidUtf8,              // 8.1: text messages are UTF-8
    FrameTooBig,              // 7.4.1 (1009): a frame larger than this endpoint accepts
    MessageTooBig,            // 7.4.1 (1009): a message larger than this endpoint accepts
    CompressedControlFrame,   // RFC 7692 6.1: control frames and continuations never carry the RSV1 "compressed" bit
    InvalidCompressedData,    // RFC 7692 6.2: the payload does not inflate
    InflatedMessageTooBig,    // RFC 7692 8.1 (1009): a compression bomb
};

// The close code an endpoint sends when the peer broke this rule: 1002, 1007 or 1009.
quint16 closeCodeFor(ProtocolError error);

// A stable lower-case identifier ("reserved-bits-set") for logs, session files and the CLI.
const char *protocolErrorName(ProtocolError error);

// A one-sentence technical description in English, naming the RFC rule. The UI words errors itself; this is
// for the CLI, logs and as the detail shown next to the UI's sentence.
QString protocolErrorDescription(ProtocolError error);

// A broken rule with what was found, e.g. {InvalidCloseCode, "close code 1005"}.
struct ProtocolViolation {
    ProtocolError error = ProtocolError::None;
    QString detail;

    explicit operator bool() const { return error != ProtocolError::None; }
    friend bool operator==(const ProtocolViolation &, const ProtocolViolation &) = default;
};

} // namespace sockscope::proto
