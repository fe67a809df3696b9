#pragma once

#include "frame.h"

namespace sockscope::proto {

// Encodes frames for the wire exactly as described, valid or not (RFC 6455 section 5.2): any FIN / RSV /
// opcode combination, masked with the frame's key or not, and the length in the encoding the frame asks for,
// non-minimal ones included. It never validates (see FrameValidator) and never picks mask keys (the caller
// does, from a RandomSource).
class FrameWriter
{
public:
    // Appends the encoded frame to `out` and stores the header bytes in frame.header. When the frame's
    // lengthEncoding is too small for its payload, the smallest encoding that can hold it is used instead and
    // frame.lengthEncoding is updated, so the frame always says what went on the wire.
    static void encode(Frame &frame, QByteArray &out);
    static QByteArray encode(Frame &frame);
    // Like encode(), but appends the header alone: the caller sends the payload after it (masked with
    // frame.maskKey when frame.masked), e.g. as a buffer of its own that is not copied.
    static void encodeHeader(Frame &frame, QByteArray &out);
    // The header alone (2 to 14 bytes) for a frame, without touching it.
    static QByteArray header(const Frame &frame);
};

} // namespace sockscope::proto
