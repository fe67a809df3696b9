#pragma once

#include "frame.h"
#include "protocolerror.h"

#include <QByteArrayView>

namespace sockscope::proto {

// Reads WebSocket frames from a byte stream split at any position (RFC 6455 section 5.2). It only parses:
// whether a frame is allowed (reserved bits, masking, sizes, sequence) is FrameValidator's and
// MessageAssembler's business, so that the workbench can show a broken frame exactly as it arrived. The only
// thing it refuses is what cannot be parsed at all: a 64-bit length with its most significant bit set.
//
// Usage: call feed() with the received bytes; it consumes up to the end of the next event and returns how many
// bytes it used. Events: HeaderReady once per frame (the header is known, payloadLength() says how much
// follows: check it before more memory is spent), then FrameReady (takeFrame()). Payload memory grows with the
// bytes actually received, never with the length a peer merely claims.
class FrameParser
{
public:
    enum class Status { NeedMoreData, HeaderReady, FrameReady, Error };

    qsizetype feed(QByteArrayView data);
    Status status() const { return m_status; }

    // The frame being read: header fields are valid from HeaderReady on; payload holds the bytes so far.
    const Frame &currentFrame() const { return m_frame; }
    quint64 payloadLength() const { return m_payloadLength; }
    QByteArrayView receivedPayload() const
    {
        return QByteArrayView(m_frame.payload.constData(), qsizetype(m_received));
    }

    // Between HeaderReady and FrameReady.
    bool readingPayload() const { return m_state == State::Payload; }
    // After FrameReady: hands over the frame; the parser then reads the next one.
    Frame takeFrame();
    const ProtocolViolation &error() const { return m_error; }
    // Whether the stream is between frames (no partial header or payload pending).
    bool atFrameBoundary() const { return m_state == State::Header && m_headerSize == 0; }
    void reset();

private:
    enum class State { Header, Payload, Done, Failed };

    bool parseHeader();
    qsizetype readPayload(QByteArrayView data);

    State m_state = State::Header;
    Status m_status = Status::NeedMoreData;
    quint8 m_header[14] = {};
    int m_headerSize = 0;
    Frame m_frame;
    quint64 m_payloadLength = 0;
    quint64 m_received = 0;
    ProtocolViolation m_error;
};

} // namespace sockscope::proto
