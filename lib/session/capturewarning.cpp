#include "capturewarning.h"

namespace sockscope::session {

const char *captureWarningName(CaptureWarning::Kind kind)
{
    switch (kind) {
    case CaptureWarning::Kind::UnsupportedLinkType: return "unsupported-link-type";
    case CaptureWarning::Kind::CutPacket: return "cut-packet";
    case CaptureWarning::Kind::IpFragment: return "ip-fragment";
    case CaptureWarning::Kind::MalformedPacket: return "malformed-packet";
    case CaptureWarning::Kind::TlsStream: return "tls-stream";
    case CaptureWarning::Kind::MissingData: return "missing-data";
    case CaptureWarning::Kind::HandshakeProblem: return "handshake-problem";
    case CaptureWarning::Kind::ProtocolViolation: return "protocol-violation";
    }
    return "unknown";
}

} // namespace sockscope::session
