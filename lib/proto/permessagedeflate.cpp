#include "permessagedeflate.h"

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace sockscope::proto {

namespace {

// RFC 7692 7.2.1, 7.2.2: LEN and NLEN of the empty stored block that ends every compressed message.
constexpr char SyncTail[] = {'\x00', '\x00', '\xff', '\xff'};
// zlib counts bytes in uInt; larger inputs and outputs are handed over in steps of this size.
constexpr qsizetype MaxStep = qsizetype(1) << 30;
// Far above anything that fits in memory, and low enough that adding to it cannot overflow.
constexpr qsizetype MaxMessageSize = std::numeric_limits<qsizetype>::max() / 4;
constexpr qsizetype MinInflateBuffer = 256;
constexpr int MemLevel = 8;
constexpr int ZlibMinWindowBits = 9; // deflateInit2() refuses 8 for raw DEFLATE

Bytef *outputAt(QByteArray &buffer, qsizetype position)
{
    return reinterpret_cast<Bytef *>(buffer.data() + position);
}

// Gives zlib the next step of the input when it has used up the previous one.
void refillInput(z_stream &stream, QByteArrayView &rest)
{
    if (stream.avail_in != 0 || rest.isEmpty())
        return;
    const qsizetype step = std::min(rest.size(), MaxStep);
    stream.next_in = reinterpret_cast<const Bytef *>(rest.data());
    stream.avail_in = uInt(step);
    rest = rest.sliced(step);
}

// Points zlib at the free part of the buffer and returns how much room that is.
qsizetype offerOutput(z_stream &stream, QByteArray &buffer, qsizetype used)
{
    const qsizetype room = std::min(buffer.size() - used, MaxStep);
    stream.next_out = outputAt(buffer, used);
    stream.avail_out = uInt(room);
    return room;
}

// Shrinks a result whose buffer grew well beyond it, so a connection does not keep large spare capacity.
void releaseSpareCapacity(QByteArray &buffer)
{
    if (buffer.capacity() - buffer.size() > std::max<qsizetype>(4096, buffer.size() / 4))
        buffer.squeeze();
}

QString zlibDetail(const z_stream &stream, int ret)
{
    if (stream.msg)
        return QString::fromLatin1(stream.msg);
    return QStringLiteral("zlib error %1").arg(ret);
}

} // namespace

void PerMessageDeflate::DeflaterDeleter::operator()(z_stream_s *stream) const
{
    deflateEnd(stream);
    delete stream;
}

void PerMessageDeflate::InflaterDeleter::operator()(z_stream_s *stream) const
{
    inflateEnd(stream);
    delete stream;
}

PerMessageDeflate::PerMessageDeflate(Role role, const DeflateParameters &parameters, int compressionLevel)
    : m_role(role)
    , m_parameters(parameters)
    , m_level(std::clamp(compressionLevel, 0, 9))
{
    m_parameters.serverMaxWindowBits = DeflateParameters::boundedWindowBits(m_parameters.serverMaxWindowBits);
    m_parameters.clientMaxWindowBits = DeflateParameters::boundedWindowBits(m_parameters.clientMaxWindowBits);
}

PerMessageDeflate::~PerMessageDeflate() = default;
PerMessageDeflate::PerMessageDeflate(PerMessageDeflate &&) noexcept = default;
PerMessageDeflate &PerMessageDeflate::operator=(PerMessageDeflate &&) noexcept = default;

int PerMessageDeflate::compressorWindowBits() const
{
    return std::max(ZlibMinWindowBits, m_parameters.maxWindowBits(m_role));
}

int PerMessageDeflate::decompressorWindowBits() const
{
    return m_parameters.maxWindowBits(peerOf(m_role));
}

z_stream_s *PerMessageDeflate::deflater()
{
    if (!m_deflater) {
        auto stream = new z_stream{};
        // RFC 7692 7.2.1: raw DEFLATE (negative window bits: no zlib header or trailer)
        const int ret =
            deflateInit2(stream, m_level, Z_DEFLATED, -compressorWindowBits(), MemLevel, Z_DEFAULT_STRATEGY);
        if (ret != Z_OK)
            qFatal("PerMessageDeflate: deflateInit2 failed (%d)", ret);
        m_deflater.reset(stream);
    }
    return m_deflater.get();
}

z_stream_s *PerMessageDeflate::inflater()
{
    if (!m_inflater) {
        auto stream = new z_stream{};
        // RFC 7692 7.2.2: raw DEFLATE with the window the peer may use, 8 bits included
        const int ret = inflateInit2(stream, -decompressorWindowBits());
        if (ret != Z_OK)
            qFatal("PerMessageDeflate: inflateInit2 failed (%d)", ret);
        m_inflater.reset(stream);
    }
    return m_inflater.get();
}

void PerMessageDeflate::restartInflater(bool keepWindow)
{
    z_stream_s *stream = inflater();
    if (!keepWindow) {
        inflateReset(stream);
        return;
    }
    QByteArray window(qsizetype(1) << decompressorWindowBits(), Qt::Uninitialized);
    uInt length = 0;
    inflateGetDictionary(stream, outputAt(window, 0), &length);
    inflateReset(stream);
    if (length > 0)
        inflateSetDictionary(stream, outputAt(window, 0), length);
}

CompressedMessage PerMessageDeflate::compress(QByteArrayView message)
{
    CompressedMessage result;
    result.inflatedSize = message.size();
    if (message.isEmpty()) {
        // RFC 7692 7.2.1: an empty stored block is all there is; without its LEN and NLEN one 0x00 octet remains.
        // The compressor is byte-aligned after every message, so skipping it leaves both ends in step.
        result.payload = QByteArray(1, '\0');
        return result;
    }

    z_stream_s *stream = deflater();
    // RFC 7692 7.1.1.1, 7.1.1.2: with no_context_takeover every message starts from an empty window
    if (m_deflaterUsed && m_parameters.noContextTakeover(m_role))
        deflateReset(stream);
    m_deflaterUsed = true;

    QByteArray out(qsizetype(deflateBound(stream, uLong(message.size()))) + 16, Qt::Uninitialized);
    qsizetype produced = 0;
    QByteArrayView rest = message;
    while (true) {
        refillInput(*stream, rest);
        if (produced == out.size())
            out.resize(out.size() + out.size() / 2);
        const qsizetype room = offerOutput(*stream, out, produced);
        // RFC 7692 7.2.1: a sync flush ends the message on a byte boundary with an empty stored block
        const int ret = deflate(stream, rest.isEmpty() ? Z_SYNC_FLUSH : Z_NO_FLUSH);
        produced += room - qsizetype(stream->avail_out);
        if (ret == Z_STREAM_ERROR)
            qFatal("PerMessageDeflate: deflate failed (%d)", ret);
        if (stream->avail_out == 0)
            continue;
        if (stream->avail_in == 0 && rest.isEmpty())
            break;
    }
    // RFC 7692 7.2.1: remove the 4 octets 0x00 0x00 0xff 0xff at the tail end
    Q_ASSERT(produced >= 4 && std::memcmp(out.constData() + produced - 4, SyncTail, 4) == 0);
    out.resize(produced - 4);
    releaseSpareCapacity(out);
    result.payload = std::move(out);
    return result;
}

InflatedMessage PerMessageDeflate::decompress(QByteArrayView payload, qint64 maxInflatedSize)
{
    InflatedMessage result;
    result.compressedSize = payload.size();
    const qsizetype limit = qsizetype(std::clamp<qint64>(maxInflatedSize, 0, MaxMessageSize));
    const bool peerTakesOver = !m_parameters.noContextTakeover(peerOf(m_role));

    // RFC 7692 7.2.1 makes an empty message 0x00; a peer that sends no octets at all means the same, and its
    // window has not changed
    if (payload.isEmpty())
        return result;

    z_stream_s *stream = inflater();
    // RFC 7692 7.1.1.1, 7.1.1.2: without the peer's context takeover every message starts from an empty window
    if (m_inflaterUsed && !peerTakesOver)
        restartInflater(false);
    m_inflaterUsed = true;

    QByteArray out;
    qsizetype produced = 0;
    bool streamEnded = false; // a block with BFINAL set ended the payload
    bool atBlockBoundary = true;
    auto fail = [&](ProtocolError error, QString detail) {
        restartInflater(false);
        result.inflatedSize = produced;
        result.violation = {error, std::move(detail)};
        return result;
    };

    // RFC 7692 7.2.2: "Append 4 octets of 0x00 0x00 0xff 0xff to the tail end of the payload of the message"
    const QByteArrayView segments[] = {payload, QByteArrayView(SyncTail, sizeof SyncTail)};
    for (qsizetype segment = 0; segment < 2 && !streamEnded; ++segment) {
        QByteArrayView rest = segments[segment];
        stream->avail_in = 0;
        while (true) {
            refillInput(*stream, rest);
            if (produced == out.size()) {
                // RFC 7692 8.1: stop a compression bomb at the limit instead of inflating it whole
                if (produced > limit)
                    return fail(ProtocolError::InflatedMessageTooBig,
                                QStringLiteral("inflates to more than %1 bytes").arg(limit));
                const qsizetype grown = std::max({out.size() * 2, payload.size() * 4, MinInflateBuffer});
                out.resize(std::min(grown, limit + 1));
            }
            const qsizetype room = offerOutput(*stream, out, produced);
            const uInt inputBefore = stream->avail_in;
            // Z_BLOCK: stop at block boundaries, so that the end of the message can be checked to be one
            const int ret = inflate(stream, Z_BLOCK);
            const qsizetype written = room - qsizetype(stream->avail_out);
            produced += written;
            if (produced > limit)
                return fail(ProtocolError::InflatedMessageTooBig,
                            QStringLiteral("inflates to more than %1 bytes").arg(limit));
            if (ret == Z_STREAM_END) {
                // RFC 7692 7.2.3.4: a block with BFINAL set ends the DEFLATE stream; what follows starts a new
                // one that may still refer to the data before it
                restartInflater(true);
                atBlockBoundary = true;
                if (segment == 1 || (stream->avail_in == 0 && rest.isEmpty())) {
                    streamEnded = true;
                    break;
                }
                continue;
            }
            if (ret == Z_MEM_ERROR)
                qFatal("PerMessageDeflate: inflate ran out of memory");
            if (ret != Z_OK && ret != Z_BUF_ERROR)
                return fail(ProtocolError::InvalidCompressedData, zlibDetail(*stream, ret));
            const bool progressed = written > 0 || stream->avail_in != inputBefore;
            if (progressed)
                atBlockBoundary = (stream->data_type & 128) != 0;
            else if (stream->avail_in != 0 && stream->avail_out != 0)
                return fail(ProtocolError::InvalidCompressedData, zlibDetail(*stream, ret));
            if (stream->avail_out == 0)
                continue;
            if (stream->avail_in == 0 && rest.isEmpty())
                break;
        }
    }
    // RFC 7692 7.2.2: with the tail appended, a complete message ends where a new block would start
    if (!atBlockBoundary)
        return fail(ProtocolError::InvalidCompressedData, QStringLiteral("the data ends inside a DEFLATE block"));

    out.resize(produced);
    releaseSpareCapacity(out);
    result.message = std::move(out);
    result.inflatedSize = produced;
    return result;
}

} // namespace sockscope::proto
