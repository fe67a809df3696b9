#include "capturereader.h"

#include <QIODevice>
#include <QtEndian>

#include <limits>

namespace sockscope::session {

namespace {

// Classic pcap (draft-ietf-opsawg-pcap): the magic number says the byte order and the timestamp resolution.
constexpr quint32 PcapMagicMicroseconds = 0xA1B2C3D4;
constexpr quint32 PcapMagicNanoseconds = 0xA1B23C4D;
constexpr int PcapFileHeaderSize = 24;
constexpr int PcapRecordHeaderSize = 16;

// pcapng (draft-ietf-opsawg-pcapng) block types.
constexpr quint32 SectionHeaderBlockType = 0x0A0D0D0A;
constexpr quint32 InterfaceDescriptionBlockType = 0x00000001;
constexpr quint32 ObsoletePacketBlockType = 0x00000002;
constexpr quint32 SimplePacketBlockType = 0x00000003;
constexpr quint32 EnhancedPacketBlockType = 0x00000006;
constexpr quint32 ByteOrderMagic = 0x1A2B3C4D;
constexpr int BlockHeaderSize = 8;  // type, total length
constexpr int BlockTrailerSize = 4; // total length again
constexpr int MinimumBlockLength = BlockHeaderSize + BlockTrailerSize;
constexpr int SectionHeaderFixedSize = 16; // byte-order magic, major, minor, section length
constexpr int InterfaceFixedSize = 8;      // link type, reserved, snaplen
constexpr int EnhancedPacketFixedSize = 20;
constexpr int ObsoletePacketFixedSize = 20;
constexpr int SimplePacketFixedSize = 4;

// IDB options (pcapng 4.2).
constexpr quint16 OptEndOfOpt = 0;
constexpr quint16 IfTsresol = 9;
constexpr quint16 IfTsoffset = 14;

constexpr qint64 MaxUs = std::numeric_limits<qint64>::max();

qint64 saturatingAdd(qint64 a, qint64 b)
{
    qint64 sum = 0;
    if (qAddOverflow(a, b, &sum))
        return b > 0 ? MaxUs : std::numeric_limits<qint64>::min();
    return sum;
}

qint64 saturatingMultiply(qint64 a, qint64 b)
{
    qint64 product = 0;
    if (qMulOverflow(a, b, &product))
        return (a < 0) != (b < 0) ? std::numeric_limits<qint64>::min() : MaxUs;
    return product;
}

qint64 toSigned(quint64 value)
{
    return value > quint64(MaxUs) ? MaxUs : qint64(value);
}

qint64 powerOfTen(int exponent)
{
    qint64 value = 1;
    for (int i = 0; i < exponent; ++i)
        value *= 10;
    return value;
}

qsizetype padded(quint32 size)
{
    return qsizetype((quint64(size) + 3) & ~quint64(3));
}

} // namespace

QString CaptureReadError::message() const
{
    return QStringLiteral("%1 %2 at byte %3: %4")
        .arg(pcapng ? QStringLiteral("block") : QStringLiteral("record"))
        .arg(block)
        .arg(offset)
        .arg(detail);
}

CaptureReader::CaptureReader(QIODevice *device)
    : m_device(device)
{}

quint16 CaptureReader::u16(const char *p) const
{
    return m_bigEndian ? qFromBigEndian<quint16>(p) : qFromLittleEndian<quint16>(p);
}

quint32 CaptureReader::u32(const char *p) const
{
    return m_bigEndian ? qFromBigEndian<quint32>(p) : qFromLittleEndian<quint32>(p);
}

CaptureReader::Status CaptureReader::fail(CaptureReadError::Kind kind, qint64 at, quint64 block, QString detail)
{
    m_error.kind = kind;
    m_error.offset = at;
    m_error.block = block;
    m_error.detail = std::move(detail);
    m_error.pcapng = m_format != Format::Pcap;
    m_ended = true;
    return Status::Error;
}

bool CaptureReader::readExactly(qint64 count, QByteArray &out)
{
    // Read ahead in large slices; a length larger than the rest of the device is never allocated, because the
    // bytes are taken slice by slice as they really come.
    constexpr qint64 slice = 1 << 20;
    out.clear();
    while (out.size() < count) {
        if (m_bufferPos == m_buffer.size()) {
            m_buffer = m_device->read(slice);
            m_bufferPos = 0;
            if (m_buffer.isEmpty())
                break;
        }
        const qint64 take = qMin<qint64>(count - out.size(), m_buffer.size() - m_bufferPos);
        if (out.isEmpty() && take == count) {
            out = m_buffer.mid(m_bufferPos, take);
        } else {
            out.append(m_buffer.constData() + m_bufferPos, take);
        }
        m_bufferPos += take;
    }
    m_offset += out.size();
    return out.size() == count;
}

bool CaptureReader::start()
{
    m_started = true;
    QByteArray head;
    if (!m_device || !m_device->isReadable()) {
        fail(CaptureReadError::Kind::ReadFailed, 0, 0, QStringLiteral("the device is not open for reading"));
        return false;
    }
    const bool whole = readExactly(4, head);
    if (!whole && head.isEmpty()) {
        fail(CaptureReadError::Kind::NotACapture, 0, 0, QStringLiteral("the file is empty"));
        return false;
    }
    if (!whole) {
        fail(CaptureReadError::Kind::NotACapture, 0, 0,
             QStringLiteral("the file ends after %1 bytes, inside the magic number").arg(head.size()));
        return false;
    }
    const auto little = qFromLittleEndian<quint32>(head.constData());
    const auto big = qFromBigEndian<quint32>(head.constData());
    if (little == SectionHeaderBlockType) {
        m_format = Format::Pcapng;
        // The block is read again as a whole.
        m_offset = 0;
        m_buffer = head + m_buffer.mid(m_bufferPos);
        m_bufferPos = 0;
        return true;
    }
    m_format = Format::Pcap;
    if (little == PcapMagicMicroseconds || big == PcapMagicMicroseconds) {
        m_bigEndian = big == PcapMagicMicroseconds;
    } else if (little == PcapMagicNanoseconds || big == PcapMagicNanoseconds) {
        m_bigEndian = big == PcapMagicNanoseconds;
        m_nanoseconds = true;
    } else {
        m_format = Format::Unknown;
        fail(CaptureReadError::Kind::NotACapture, 0, 0,
             QStringLiteral("magic number %1 is neither pcap (a1b2c3d4, a1b23c4d) nor pcapng (0a0d0d0a)")
                 .arg(QString::fromLatin1(head.toHex())));
        return false;
    }
    QByteArray rest;
    if (!readExactly(PcapFileHeaderSize - 4, rest)) {
        fail(CaptureReadError::Kind::Truncated, 0, 0,
             QStringLiteral("the file ends inside the %1-byte pcap file header").arg(PcapFileHeaderSize));
        return false;
    }
    const char *p = rest.constData();
    const quint16 major = u16(p);
    const quint16 minor = u16(p + 2);
    if (major != 2) {
        fail(CaptureReadError::Kind::UnsupportedVersion, 0, 0,
             QStringLiteral("pcap version %1.%2 (this reader knows 2.x)").arg(major).arg(minor));
        return false;
    }
    m_pcapInterface.snapLength = u32(p + 12);
    // The upper bits of this field say whether frames carry an FCS; the link type is in the low 16 bits.
    m_pcapInterface.linkType = quint16(u32(p + 16) & 0xFFFF);
    m_pcapInterface.resolutionExponent = m_nanoseconds ? 9 : 6;
    m_blocks = 0;
    return true;
}

CaptureReader::Status CaptureReader::next(CapturedPacket &packet)
{
    if (m_ended)
        return m_error ? Status::Error : Status::End;
    if (!m_started && !start())
        return Status::Error;
    return m_format == Format::Pcap ? nextPcap(packet) : nextPcapng(packet);
}

qint64 CaptureReader::timestampUs(const Interface &interface, quint64 units) const
{
    qint64 us = 0;
    const int e = interface.resolutionExponent;
    if (!interface.binaryResolution) {
        if (e >= 6) {
            // 10^19 is the largest power of ten a 64-bit count can be divided by; beyond it every count is 0 µs.
            us = e - 6 > 18 ? 0 : toSigned(units / quint64(powerOfTen(e - 6)));
        } else {
            us = saturatingMultiply(toSigned(units), powerOfTen(6 - e));
        }
    } else {
        // units / 2^e seconds: whole seconds, then the fraction, kept to 40 bits so that the product fits.
        const int shift = qMin(e, 63);
        const quint64 seconds = shift == 0 ? units : units >> shift;
        quint64 fraction = shift == 0 ? 0 : units & ((quint64(1) << shift) - 1);
        int fractionBits = shift;
        if (fractionBits > 40) {
            fraction >>= fractionBits - 40;
            fractionBits = 40;
        }
        us = saturatingAdd(saturatingMultiply(toSigned(seconds), 1'000'000),
                           qint64((fraction * 1'000'000) >> fractionBits));
    }
    return saturatingAdd(us, saturatingMultiply(interface.offsetSeconds, 1'000'000));
}

CaptureReader::Status CaptureReader::nextPcap(CapturedPacket &packet)
{
    const qint64 at = m_offset;
    const quint64 number = m_blocks + 1;
    QByteArray header;
    if (!readExactly(PcapRecordHeaderSize, header)) {
        if (header.isEmpty()) {
            m_ended = true;
            return Status::End;
        }
        return fail(CaptureReadError::Kind::Truncated, at, number,
                    QStringLiteral("the file ends inside the %1-byte record header").arg(PcapRecordHeaderSize));
    }
    const char *p = header.constData();
    const quint32 seconds = u32(p);
    const quint32 fraction = u32(p + 4);
    const quint32 captured = u32(p + 8);
    const quint32 original = u32(p + 12);
    if (captured > MaxBlockLength)
        return fail(CaptureReadError::Kind::Malformed, at, number,
                    QStringLiteral("a captured length of %1 bytes (at most %2 are accepted)")
                        .arg(captured)
                        .arg(MaxBlockLength));
    QByteArray data;
    if (!readExactly(captured, data))
        return fail(
            CaptureReadError::Kind::Truncated, at, number,
            QStringLiteral("the file ends inside the packet data: %1 of %2 bytes").arg(data.size()).arg(captured));
    m_blocks = number;
    packet = CapturedPacket();
    packet.number = ++m_packets;
    packet.block = number;
    packet.offset = at;
    const quint64 units = quint64(seconds) * (m_nanoseconds ? 1'000'000'000u : 1'000'000u) + fraction;
    packet.timestampUs = timestampUs(m_pcapInterface, units);
    m_lastTimestampUs = packet.timestampUs;
    packet.linkType = m_pcapInterface.linkType;
    packet.originalLength = qMax(original, captured);
    packet.data = std::move(data);
    return Status::Packet;
}

CaptureReader::Status CaptureReader::nextPcapng(CapturedPacket &packet)
{
    for (;;) {
        const qint64 at = m_offset;
        const quint64 number = m_blocks + 1;
        QByteArray head;
        if (!readExactly(BlockHeaderSize, head)) {
            if (head.isEmpty()) {
                m_ended = true;
                return Status::End;
            }
            return fail(CaptureReadError::Kind::Truncated, at, number,
                        QStringLiteral("the file ends inside a block header (%1 of 8 bytes)").arg(head.size()));
        }
        // The Section Header Block's type reads the same in both byte orders; its byte-order magic, right after
        // the length, says how to read the length and everything up to the next section.
        const bool section = qFromLittleEndian<quint32>(head.constData()) == SectionHeaderBlockType;
        if (section) {
            QByteArray magic;
            if (!readExactly(4, magic))
                return fail(CaptureReadError::Kind::Truncated, at, number,
                            QStringLiteral("the file ends inside the section header's byte-order magic"));
            if (qFromLittleEndian<quint32>(magic.constData()) == ByteOrderMagic)
                m_bigEndian = false;
            else if (qFromBigEndian<quint32>(magic.constData()) == ByteOrderMagic)
                m_bigEndian = true;
            else
                return fail(CaptureReadError::Kind::Malformed, at, number,
                            QStringLiteral("section header with byte-order magic %1 (1a2b3c4d expected)")
                                .arg(QString::fromLatin1(magic.toHex())));
            head += magic;
        } else if (m_sections == 0) {
            return fail(CaptureReadError::Kind::Malformed, at, number,
                        QStringLiteral("the file does not start with a section header block"));
        }
        const quint32 type = u32(head.constData());
        const quint32 length = u32(head.constData() + 4);
        if (length < quint32(MinimumBlockLength) + (section ? SectionHeaderFixedSize : 0) || length % 4 != 0)
            return fail(CaptureReadError::Kind::Malformed, at, number,
                        QStringLiteral("block type 0x%1 with a total length of %2 bytes (a multiple of 4, at least %3)")
                            .arg(type, 8, 16, QLatin1Char('0'))
                            .arg(length)
                            .arg(MinimumBlockLength + (section ? SectionHeaderFixedSize : 0)));
        if (length > MaxBlockLength)
            return fail(CaptureReadError::Kind::Malformed, at, number,
                        QStringLiteral("block type 0x%1 with a total length of %2 bytes (at most %3 are accepted)")
                            .arg(type, 8, 16, QLatin1Char('0'))
                            .arg(length)
                            .arg(MaxBlockLength));
        QByteArray rest;
        if (!readExactly(qint64(length) - head.size(), rest))
            return fail(CaptureReadError::Kind::Truncated, at, number,
                        QStringLiteral("the file ends inside a block of %1 bytes (%2 of them are there)")
                            .arg(length)
                            .arg(head.size() + rest.size()));
        const quint32 trailer = u32(rest.constData() + rest.size() - BlockTrailerSize);
        if (trailer != length)
            return fail(CaptureReadError::Kind::Malformed, at, number,
                        QStringLiteral("the block's total length is %1 at its start and %2 at its end")
                            .arg(length)
                            .arg(trailer));
        const QByteArrayView body = QByteArrayView(rest).first(rest.size() - BlockTrailerSize);
        m_blocks = number;
        switch (type) {
        case SectionHeaderBlockType: {
            // The fixed fields after the magic: versions and section length (not needed: blocks are read by
            // their own lengths).
            const quint16 major = u16(body.data());
            const quint16 minor = u16(body.data() + 2);
            if (major != 1)
                return fail(CaptureReadError::Kind::UnsupportedVersion, at, number,
                            QStringLiteral("pcapng version %1.%2 (this reader knows 1.x)").arg(major).arg(minor));
            // A new section: its interfaces are numbered from 0 again.
            ++m_sections;
            m_interfaces.clear();
            break;
        }
        case InterfaceDescriptionBlockType:
            if (!readInterface(body, at))
                return Status::Error;
            break;
        case EnhancedPacketBlockType:
        case SimplePacketBlockType:
        case ObsoletePacketBlockType:
            if (!takePacket(body, type, at, packet))
                return Status::Error;
            return Status::Packet;
        default: ++m_skipped; break;
        }
    }
}

bool CaptureReader::readInterface(QByteArrayView body, qint64 at)
{
    if (body.size() < InterfaceFixedSize) {
        fail(CaptureReadError::Kind::Malformed, at, m_blocks,
             QStringLiteral("an interface description block of %1 body bytes (at least %2)")
                 .arg(body.size())
                 .arg(InterfaceFixedSize));
        return false;
    }
    Interface interface;
    interface.linkType = u16(body.data());
    interface.snapLength = u32(body.data() + 4);
    // Options: code, length, value padded to 32 bits, until opt_endofopt or the end of the block.
    qsizetype pos = InterfaceFixedSize;
    while (pos + 4 <= body.size()) {
        const quint16 code = u16(body.data() + pos);
        const quint16 length = u16(body.data() + pos + 2);
        if (code == OptEndOfOpt)
            break;
        if (pos + 4 + padded(length) > body.size()) {
            fail(
                CaptureReadError::Kind::Malformed, at, m_blocks,
                QStringLiteral("interface option %1 of %2 bytes runs past the end of the block").arg(code).arg(length));
            return false;
        }
        const char *value = body.data() + pos + 4;
        if (code == IfTsresol) {
            if (length != 1) {
                fail(CaptureReadError::Kind::Malformed, at, m_blocks,
                     QStringLiteral("if_tsresol of %1 bytes (1 expected)").arg(length));
                return false;
            }
            const auto resolution = quint8(value[0]);
            interface.binaryResolution = resolution & 0x80;
            interface.resolutionExponent = resolution & 0x7F;
            if (!interface.binaryResolution && interface.resolutionExponent > 19) {
                fail(CaptureReadError::Kind::Malformed, at, m_blocks,
                     QStringLiteral("if_tsresol of 10^-%1 s, finer than a 64-bit timestamp can count")
                         .arg(interface.resolutionExponent));
                return false;
            }
        } else if (code == IfTsoffset) {
            if (length != 8) {
                fail(CaptureReadError::Kind::Malformed, at, m_blocks,
                     QStringLiteral("if_tsoffset of %1 bytes (8 expected)").arg(length));
                return false;
            }
            interface.offsetSeconds =
                qint64(m_bigEndian ? qFromBigEndian<quint64>(value) : qFromLittleEndian<quint64>(value));
        }
        pos += 4 + padded(length);
    }
    m_interfaces.append(interface);
    return true;
}

bool CaptureReader::takePacket(QByteArrayView body, quint32 type, qint64 at, CapturedPacket &packet)
{
    const quint64 number = m_blocks;
    const char *p = body.data();
    quint32 interfaceId = 0;
    quint64 units = 0;
    quint32 captured = 0;
    quint32 original = 0;
    qsizetype dataStart = 0;
    bool hasTimestamp = true;
    const int fixed = type == EnhancedPacketBlockType   ? EnhancedPacketFixedSize
                      : type == ObsoletePacketBlockType ? ObsoletePacketFixedSize
                                                        : SimplePacketFixedSize;
    const char *name = type == EnhancedPacketBlockType   ? "enhanced packet block"
                       : type == ObsoletePacketBlockType ? "packet block"
                                                         : "simple packet block";
    if (body.size() < fixed) {
        fail(CaptureReadError::Kind::Malformed, at, number,
             QStringLiteral("%1 of %2 body bytes (at least %3)").arg(QLatin1String(name)).arg(body.size()).arg(fixed));
        return false;
    }
    if (type == EnhancedPacketBlockType) {
        interfaceId = u32(p);
        units = quint64(u32(p + 4)) << 32 | u32(p + 8);
        captured = u32(p + 12);
        original = u32(p + 16);
        dataStart = EnhancedPacketFixedSize;
    } else if (type == ObsoletePacketBlockType) {
        interfaceId = u16(p);
        units = quint64(u32(p + 4)) << 32 | u32(p + 8);
        captured = u32(p + 12);
        original = u32(p + 16);
        dataStart = ObsoletePacketFixedSize;
    } else {
        hasTimestamp = false;
        original = u32(p);
        dataStart = SimplePacketFixedSize;
    }
    if (interfaceId >= quint32(m_interfaces.size())) {
        fail(CaptureReadError::Kind::Malformed, at, number,
             QStringLiteral("%1 for interface %2; the section describes %3 interface(s)")
                 .arg(QLatin1String(name))
                 .arg(interfaceId)
                 .arg(m_interfaces.size()));
        return false;
    }
    const Interface &interface = m_interfaces[interfaceId];
    const qsizetype room = body.size() - dataStart;
    if (type == SimplePacketBlockType) {
        // pcapng 4.4: the captured length is the original one, cut at the snapshot length, bounded by the block.
        quint64 length = original;
        if (interface.snapLength != 0)
            length = qMin<quint64>(length, interface.snapLength);
        captured = quint32(qMin<quint64>(length, quint64(room)));
    } else if (padded(captured) > room) {
        fail(CaptureReadError::Kind::Malformed, at, number,
             QStringLiteral("%1 with a captured length of %2 bytes in a block with room for %3")
                 .arg(QLatin1String(name))
                 .arg(captured)
                 .arg(room));
        return false;
    }
    packet = CapturedPacket();
    packet.number = ++m_packets;
    packet.block = number;
    packet.offset = at;
    packet.interfaceId = interfaceId;
    packet.linkType = interface.linkType;
    packet.hasTimestamp = hasTimestamp;
    packet.timestampUs = hasTimestamp ? timestampUs(interface, units) : m_lastTimestampUs;
    m_lastTimestampUs = packet.timestampUs;
    packet.originalLength = qMax(original, captured);
    packet.data = body.sliced(dataStart, captured).toByteArray();
    return true;
}

} // namespace sockscope::session
