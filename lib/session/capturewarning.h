#pragma once

#include <QString>
#include <QtGlobal>

namespace sockscope::session {

// Something a capture import skipped or could not take as it was, with where it happened. The import goes on
// after each; the session it writes says in Note records what concerns a WebSocket connection.
struct CaptureWarning {
    enum class Kind : quint8 {
        UnsupportedLinkType, // packets of an interface whose link type this version does not decode (once per type)
        CutPacket,           // a TCP packet cut by the snapshot length
        IpFragment,          // an IPv4 or IPv6 fragment: fragments are not reassembled
        MalformedPacket,     // link, IP or TCP headers that contradict themselves
        TlsStream,           // a TCP stream that starts with a TLS handshake: its WebSocket traffic is encrypted
        MissingData,         // bytes of a WebSocket connection the capture does not hold; that direction stops there
        HandshakeProblem,    // an upgrade that broke a rule of RFC 6455 4 or RFC 7692, or got no answer
        ProtocolViolation,   // a frame or message that broke a rule of RFC 6455 or RFC 7692; that direction stops
    };

    Kind kind = Kind::MalformedPacket;
    quint64 packet = 0;     // the capture packet it concerns (1-based), 0 when none
    qint64 offset = -1;     // where that packet's block or record starts in the capture file, -1 when none
    quint64 tcpStream = 0;  // the TCP stream (numbered from 0 in order of appearance, as Wireshark does)
    quint32 connection = 0; // the session connection it concerns, 0 when none
    QString detail;         // technical detail, in English

    friend bool operator==(const CaptureWarning &, const CaptureWarning &) = default;
};

// A stable lower-case identifier ("tls-stream") for logs and the CLI.
const char *captureWarningName(CaptureWarning::Kind kind);

} // namespace sockscope::session
