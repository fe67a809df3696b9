#pragma once

#include <QByteArrayView>

#include <QtGlobal>

#include <span>

namespace sockscope::proto {

// Close status codes (RFC 6455 section 7.4 and the IANA "WebSocket Close Code Number Registry"), and which
// of them may appear in a close frame. Meanings are data for the UI to show; it words them itself.
namespace CloseCode {
inline constexpr quint16 Normal = 1000;
inline constexpr quint16 GoingAway = 1001;
inline constexpr quint16 ProtocolError = 1002;
inline constexpr quint16 UnsupportedData = 1003;
inline constexpr quint16 NoStatusReceived = 1005; // never on the wire: "the close frame had no code"
inline constexpr quint16 Abnormal = 1006;         // never on the wire: "no close frame at all"
inline constexpr quint16 InvalidPayload = 1007;
inline constexpr quint16 PolicyViolation = 1008;
inline constexpr quint16 MessageTooBig = 1009;
inline constexpr quint16 MandatoryExtension = 1010;
inline constexpr quint16 InternalError = 1011;
inline constexpr quint16 ServiceRestart = 1012;
inline constexpr quint16 TryAgainLater = 1013;
inline constexpr quint16 BadGateway = 1014;
inline constexpr quint16 TlsHandshake = 1015; // never on the wire
} // namespace CloseCode

enum class CloseCodeRange : quint8 {
    Unused,     // 0-999: not used
    Protocol,   // 1000-2999: defined by the protocol and its extensions (IANA, standards action)
    Registered, // 3000-3999: registered with IANA by libraries, frameworks and applications
    Private,    // 4000-4999: private use, never registered
    OutOfRange, // 5000-65535: not allowed
};

struct CloseCodeEntry {
    quint16 code;
    const char *name;    // IANA's name, e.g. "Going Away"
    const char *meaning; // one English sentence
    const char *reference;
    bool sendable; // may appear in a close frame (RFC 6455 7.4.1: 1004-1006 and 1015 may not)
};

CloseCodeRange closeCodeRange(quint16 code);
// The registry entry for a code, or nullptr if IANA has not assigned it.
const CloseCodeEntry *closeCodeEntry(quint16 code);
// Every assigned code in ascending order.
std::span<const CloseCodeEntry> closeCodeRegistry();
// RFC 6455 7.4: whether an endpoint may send (and must accept) this code in a close frame: assigned sendable
// codes in 1000-2999, and anything in 3000-4999.
bool isValidCloseCodeOnWire(quint16 code);

// Why a close this endpoint is asked to send would break RFC 6455 5.5.1 / 7.4; None when it may be sent. Code
// 1005 asks for a close frame without a body. Checked in this order.
enum class CloseRequestProblem : quint8 {
    None,
    CodeNotSendable,   // 7.4: reserved or unassigned below 3000, or outside 1000-4999
    ReasonTooLong,     // 5.5: a control frame carries at most 125 bytes, 2 of them the code
    ReasonWithoutCode, // 5.5.1: a reason follows a code, so a close without one has none
    ReasonNotUtf8,     // 5.5.1: the reason is UTF-8
};
CloseRequestProblem checkCloseRequest(quint16 code, QByteArrayView reason);

} // namespace sockscope::proto
