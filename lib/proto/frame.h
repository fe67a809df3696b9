#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <algorithm>
#include <array>

namespace sockscope::proto {

// RFC 6455 section 5.2: every value of the 4-bit opcode field, reserved ones included, so that a frame read
// from the wire or crafted by the user is never coerced into something it was not.
enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Reserved3 = 0x3,
    Reserved4 = 0x4,
    Reserved5 = 0x5,
    Reserved6 = 0x6,
    Reserved7 = 0x7,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
    ReservedB = 0xB,
    ReservedC = 0xC,
    ReservedD = 0xD,
    ReservedE = 0xE,
    ReservedF = 0xF,
};

// RFC 6455 section 5.2: how the payload length was written: in the 7-bit field, in a 16-bit extended field
// (field value 126) or in a 64-bit extended field (field value 127).
enum class LengthEncoding : quint8 { Bits7, Bits16, Bits64 };

using MaskKey = std::array<quint8, 4>;

// A frame header's bytes as they were on the wire (2 to 14 of them), kept inline so that small frames cost no
// extra allocation.
struct RawHeader {
    std::array<char, 14> bytes{};
    quint8 size = 0;

    QByteArrayView view() const { return QByteArrayView(bytes.data(), size); }
    QByteArray toByteArray() const { return QByteArray(bytes.data(), size); }
    bool isEmpty() const { return size == 0; }
    void assign(const char *data, int count)
    {
        Q_ASSERT(count >= 0 && count <= 14);
        std::copy_n(data, count, bytes.begin());
        size = quint8(count);
    }
    friend bool operator==(const RawHeader &a, const RawHeader &b) { return a.view() == b.view(); }
};

constexpr bool isControlOpcode(Opcode op)
{
    return (static_cast<quint8>(op) & 0x8) != 0;
}
// RFC 6455 section 5.2: %x3-7 and %xB-F are reserved.
constexpr bool isReservedOpcode(Opcode op)
{
    const auto v = static_cast<quint8>(op);
    return (v >= 0x3 && v <= 0x7) || v >= 0xB;
}
// A short lower-case name for logs and the CLI: "text", "ping", "reserved-0x3".
const char *opcodeName(Opcode op);

// One WebSocket frame as it is (or will be) on the wire. A plain copyable value: payload and header share
// their data with the buffers they came from. The payload is always held unmasked; the mask flag and key say
// how it travels. Nothing here checks validity: see FrameValidator.
struct Frame {
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    Opcode opcode = Opcode::Text;
    bool masked = false;
    MaskKey maskKey{};
    LengthEncoding lengthEncoding = LengthEncoding::Bits7;
    QByteArray payload;
    // The header bytes exactly as on the wire: first two bytes, extended length, mask key. Filled by
    // FrameParser and FrameWriter; empty for a frame that has not been encoded yet.
    RawHeader header;

    bool isControl() const { return isControlOpcode(opcode); }
    // RSV1..3 as the three bits they occupy: RSV1 = 4, RSV2 = 2, RSV3 = 1.
    quint8 rsvBits() const { return quint8((rsv1 ? 4 : 0) | (rsv2 ? 2 : 0) | (rsv3 ? 1 : 0)); }
    qint64 wireSize() const { return header.size + payload.size(); }
    bool hasMinimalLengthEncoding() const { return lengthEncoding == minimalLengthEncoding(quint64(payload.size())); }

    static LengthEncoding minimalLengthEncoding(quint64 payloadLength)
    {
        return payloadLength <= 125 ? LengthEncoding::Bits7
                                    : (payloadLength <= 0xFFFF ? LengthEncoding::Bits16 : LengthEncoding::Bits64);
    }
    // Header size on the wire for this encoding and masking: 2, 4 or 10 bytes, plus 4 for the key.
    static int headerSize(LengthEncoding encoding, bool masked)
    {
        return 2 +
               (encoding == LengthEncoding::Bits16   ? 2
                : encoding == LengthEncoding::Bits64 ? 8
                                                     : 0) +
               (masked ? 4 : 0);
    }

    friend bool operator==(const Frame &, const Frame &) = default;
};

} // namespace sockscope::proto

// A frame holds a QByteArray and plain values: it may be moved in memory as bytes, so that the containers of
// messages (QVarLengthArray, QList) move frames without running constructors.
Q_DECLARE_TYPEINFO(sockscope::proto::Frame, Q_RELOCATABLE_TYPE);
