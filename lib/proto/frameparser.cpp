#include "frameparser.h"

#include "bufferrecycler.h"
#include "masking.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace sockscope::proto {

namespace {
// Payloads up to this size are allocated at once (the allocator hands out address space; pages become resident
// as data is written). Larger ones grow with the data that actually arrives.
constexpr quint64 EagerAllocationLimit = 16 << 20;

int headerSizeFor(quint8 byte1)
{
    const quint8 len7 = byte1 & 0x7F;
    return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((byte1 & 0x80) ? 4 : 0);
}
} // namespace

qsizetype FrameParser::feed(QByteArrayView data)
{
    qsizetype used = 0;
    switch (m_state) {
    case State::Failed:
    case State::Done: return 0;
    case State::Header: {
        // The first two bytes say how long the whole header is (RFC 6455 5.2).
        if (m_headerSize == 0 && data.size() >= 2) {
            // The common case: the whole header is here.
            const int size = headerSizeFor(quint8(data[1]));
            if (data.size() >= size) {
                std::memcpy(m_header, data.data(), size_t(size));
                m_headerSize = size;
                used = size;
            }
        }
        while (used < data.size() && m_headerSize < (m_headerSize < 2 ? 2 : headerSizeFor(m_header[1])))
            m_header[m_headerSize++] = quint8(data[used++]);
        if (m_headerSize < 2 || m_headerSize < headerSizeFor(m_header[1])) {
            m_status = Status::NeedMoreData;
            return used;
        }
        if (!parseHeader()) {
            m_state = State::Failed;
            m_status = Status::Error;
            return used;
        }
        m_state = State::Payload;
        m_status = Status::HeaderReady;
        return used;
    }
    case State::Payload: used = readPayload(data); break;
    }
    if (m_received == m_payloadLength) {
        m_state = State::Done;
        m_status = Status::FrameReady;
    } else {
        m_status = Status::NeedMoreData;
    }
    return used;
}

bool FrameParser::parseHeader()
{
    const quint8 b0 = m_header[0];
    const quint8 b1 = m_header[1];
    m_frame = Frame();
    m_frame.fin = b0 & 0x80;
    m_frame.rsv1 = b0 & 0x40;
    m_frame.rsv2 = b0 & 0x20;
    m_frame.rsv3 = b0 & 0x10;
    m_frame.opcode = Opcode(b0 & 0x0F);
    m_frame.masked = b1 & 0x80;
    const quint8 len7 = b1 & 0x7F;
    int pos = 2;
    if (len7 == 126) {
        m_frame.lengthEncoding = LengthEncoding::Bits16;
        m_payloadLength = qFromBigEndian<quint16>(m_header + 2);
        pos += 2;
    } else if (len7 == 127) {
        m_frame.lengthEncoding = LengthEncoding::Bits64;
        m_payloadLength = qFromBigEndian<quint64>(m_header + 2);
        pos += 8;
        // RFC 6455 5.2: "the most significant bit MUST be 0".
        if (m_payloadLength >> 63) {
            m_error = {ProtocolError::LengthHighBitSet,
                       QStringLiteral("64-bit payload length 0x%1").arg(m_payloadLength, 16, 16, QLatin1Char('0'))};
            return false;
        }
    } else {
        m_frame.lengthEncoding = LengthEncoding::Bits7;
        m_payloadLength = len7;
    }
    if (m_frame.masked)
        std::memcpy(m_frame.maskKey.data(), m_header + pos, 4);
    m_frame.header.assign(reinterpret_cast<const char *>(m_header), m_headerSize);
    m_received = 0;
    // Exactly the announced size: resize() would round a growing array up to the next power of two, so that a
    // 16 MiB payload took 32 MiB of address space, too large for the allocator to reuse freed memory for it
    // (every such payload was fresh pages for the kernel to fault in and zero).
    // Large ones are recycled: a buffer nobody holds any more has its pages resident already.
    if (m_payloadLength >= quint64(BufferRecycler::MinimumSize) && m_payloadLength <= EagerAllocationLimit)
        m_frame.payload = BufferRecycler::forThisThread().take(qsizetype(m_payloadLength));
    else if (m_payloadLength <= EagerAllocationLimit)
        m_frame.payload = QByteArray(qsizetype(m_payloadLength), Qt::Uninitialized);
    return true;
}

qsizetype FrameParser::readPayload(QByteArrayView data)
{
    const quint64 wanted = m_payloadLength - m_received;
    const qsizetype n = qsizetype(std::min<quint64>(wanted, quint64(data.size())));
    if (n == 0)
        return 0;
    const quint64 end = m_received + quint64(n);
    if (quint64(m_frame.payload.size()) < end) {
        // Grow geometrically up to the announced length, so a large frame costs O(n) copies in total.
        const quint64 grown =
            std::max<quint64>(end, std::min<quint64>(m_payloadLength, quint64(m_frame.payload.size()) * 2));
        m_frame.payload.resize(qsizetype(grown));
    }
    char *dst = m_frame.payload.data() + m_received;
    if (m_frame.masked)
        copyMasked(dst, data.data(), n, m_frame.maskKey, m_received);
    else
        std::memcpy(dst, data.data(), size_t(n));
    m_received = end;
    return n;
}

Frame FrameParser::takeFrame()
{
    Q_ASSERT(m_state == State::Done);
    // m_frame is left moved from; parseHeader() sets every field of the next one.
    Frame frame = std::move(m_frame);
    if (frame.payload.size() >= BufferRecycler::MinimumSize)
        BufferRecycler::forThisThread().watch(frame.payload);
    m_state = State::Header;
    m_status = Status::NeedMoreData;
    m_headerSize = 0;
    m_payloadLength = 0;
    m_received = 0;
    return frame;
}

void FrameParser::reset()
{
    *this = FrameParser();
}

} // namespace sockscope::proto
