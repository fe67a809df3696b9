#pragma once

#include "deflateparameters.h"
#include "protocolerror.h"
#include "role.h"

#include <QByteArray>
#include <QByteArrayView>

#include <limits>
#include <memory>

struct z_stream_s;

namespace sockscope::proto {

// A message compressed for the wire, with both sizes for the UI.
struct CompressedMessage {
    QByteArray payload; // the data of the first frame, which is sent with RSV1 set (RFC 7692 6)
    qint64 inflatedSize = 0;

    qint64 compressedSize() const { return payload.size(); }
};

// A message inflated from the wire, with both sizes for the UI.
struct InflatedMessage {
    QByteArray message; // empty when inflating failed
    qint64 compressedSize = 0;
    // The message size; when it was too big, how far inflating got before it stopped.
    qint64 inflatedSize = 0;
    ProtocolViolation violation; // InvalidCompressedData or InflatedMessageTooBig

    bool ok() const { return !violation; }
};

// The permessage-deflate transformation of message payloads (RFC 7692 section 7.2) for one end of a
// connection: compresses what this end sends and inflates what the peer sent, keeping or dropping the LZ77
// window between messages as negotiated. It sees whole message payloads only; setting RSV1, fragmenting and
// reassembling frames are the caller's job.
//
// zlib will not compress raw DEFLATE with an 8-bit window. Where 8 was negotiated for this end, the compressor
// runs with 9 bits; zlib then never looks further back than 2^9 - 262 = 250 bytes (its MAX_DIST), which is inside
// the 256-byte window the peer inflates with. tst_permessagedeflate checks every window size with an inflater that
// rejects any distance beyond the negotiated window.
class PerMessageDeflate
{
public:
    static constexpr int DefaultCompressionLevel = 6;
    static constexpr qint64 NoLimit = std::numeric_limits<qint64>::max();

    // compressionLevel is zlib's: 0 (stored) to 9 (smallest); out-of-range values are clamped.
    PerMessageDeflate(Role role, const DeflateParameters &parameters, int compressionLevel = DefaultCompressionLevel);
    ~PerMessageDeflate();
    PerMessageDeflate(PerMessageDeflate &&) noexcept;
    PerMessageDeflate &operator=(PerMessageDeflate &&) noexcept;

    Role role() const { return m_role; }
    const DeflateParameters &parameters() const { return m_parameters; }
    int compressionLevel() const { return m_level; }
    int compressorWindowBits() const;
    int decompressorWindowBits() const;

    // RFC 7692 7.2.1: DEFLATE with a sync flush, without the trailing 00 00 ff ff. The LZ77 window is kept for
    // the next message unless this end's no_context_takeover was negotiated.
    CompressedMessage compress(QByteArrayView message);

    // RFC 7692 7.2.2: inflates the payload with 00 00 ff ff appended. Stops with InflatedMessageTooBig as soon
    // as the message would exceed maxInflatedSize bytes (RFC 7692 8.1), with InvalidCompressedData when the
    // data is not DEFLATE or ends inside a block. After a failure the window is dropped.
    InflatedMessage decompress(QByteArrayView payload, qint64 maxInflatedSize = NoLimit);

private:
    struct DeflaterDeleter {
        void operator()(z_stream_s *stream) const;
    };
    struct InflaterDeleter {
        void operator()(z_stream_s *stream) const;
    };

    z_stream_s *deflater();
    z_stream_s *inflater();
    void restartInflater(bool keepWindow);

    Role m_role;
    DeflateParameters m_parameters;
    int m_level;
    std::unique_ptr<z_stream_s, DeflaterDeleter> m_deflater;
    std::unique_ptr<z_stream_s, InflaterDeleter> m_inflater;
    bool m_deflaterUsed = false;
    bool m_inflaterUsed = false;
};

} // namespace sockscope::proto
