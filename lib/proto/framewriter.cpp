#include "framewriter.h"

#include "masking.h"

#include <QtEndian>

#include <cstring>

namespace sockscope::proto {

namespace {
LengthEncoding effectiveEncoding(const Frame &frame)
{
    const auto length = quint64(frame.payload.size());
    const LengthEncoding minimal = Frame::minimalLengthEncoding(length);
    return quint8(frame.lengthEncoding) < quint8(minimal) ? minimal : frame.lengthEncoding;
}

int writeHeader(const Frame &frame, LengthEncoding encoding, char *out)
{
    const auto length = quint64(frame.payload.size());
    out[0] = char((frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0) |
                  (quint8(frame.opcode) & 0x0F));
    const quint8 maskBit = frame.masked ? 0x80 : 0;
    int pos = 2;
    switch (encoding) {
    case LengthEncoding::Bits7: out[1] = char(maskBit | quint8(length)); break;
    case LengthEncoding::Bits16:
        out[1] = char(maskBit | 126);
        qToBigEndian<quint16>(quint16(length), out + 2);
        pos += 2;
        break;
    case LengthEncoding::Bits64:
        out[1] = char(maskBit | 127);
        qToBigEndian<quint64>(length, out + 2);
        pos += 8;
        break;
    }
    if (frame.masked) {
        std::memcpy(out + pos, frame.maskKey.data(), 4);
        pos += 4;
    }
    return pos;
}
} // namespace

void FrameWriter::encode(Frame &frame, QByteArray &out)
{
    frame.lengthEncoding = effectiveEncoding(frame);
    char header[14];
    const int headerSize = writeHeader(frame, frame.lengthEncoding, header);
    frame.header.assign(header, headerSize);

    const qsizetype start = out.size();
    out.resize(start + headerSize + frame.payload.size());
    char *dst = out.data() + start;
    std::memcpy(dst, header, size_t(headerSize));
    if (frame.masked)
        copyMasked(dst + headerSize, frame.payload.constData(), frame.payload.size(), frame.maskKey);
    else if (!frame.payload.isEmpty())
        std::memcpy(dst + headerSize, frame.payload.constData(), size_t(frame.payload.size()));
}

void FrameWriter::encodeHeader(Frame &frame, QByteArray &out)
{
    frame.lengthEncoding = effectiveEncoding(frame);
    char header[14];
    const int headerSize = writeHeader(frame, frame.lengthEncoding, header);
    frame.header.assign(header, headerSize);
    out.append(header, headerSize);
}

QByteArray FrameWriter::encode(Frame &frame)
{
    QByteArray out;
    out.reserve(14 + frame.payload.size());
    encode(frame, out);
    return out;
}

QByteArray FrameWriter::header(const Frame &frame)
{
    char header[14];
    const int size = writeHeader(frame, effectiveEncoding(frame), header);
    return QByteArray(header, size);
}

} // namespace sockscope::proto
