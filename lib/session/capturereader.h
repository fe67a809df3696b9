#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>

class QIODevice;

namespace sockscope::session {

// One packet of a capture file as the file holds it: the link-layer frame (as far as it was captured), the
// interface's link type and when it was seen.
struct CapturedPacket {
    quint64 number = 0;         // 1-based, in file order
    quint64 block = 0;          // 1-based number of the pcapng block or pcap record that holds it
    qint64 offset = 0;          // where that block or record starts in the file
    qint64 timestampUs = 0;     // µs since the Unix epoch
    bool hasTimestamp = true;   // false for a pcapng Simple Packet Block, which has none: the previous packet's
    quint32 interfaceId = 0;    // pcapng interface of the section; 0 for pcap
    quint16 linkType = 0;       // LINKTYPE_* (1 Ethernet, 101 raw IP, 113 Linux cooked...)
    quint32 originalLength = 0; // the length on the wire; more than data.size() when cut by the snapshot length
    QByteArray data;

    bool isCut() const { return quint64(data.size()) < originalLength; }
};

// Why reading a capture stopped, and where. Everything before `offset` was read and delivered.
struct CaptureReadError {
    enum class Kind : quint8 {
        None,
        NotACapture,        // the first bytes are neither a pcap file header nor a pcapng Section Header Block
        UnsupportedVersion, // a pcap or pcapng major version this reader does not know
        Truncated,          // the file ends inside a block or record
        Malformed,          // a block or record that breaks the format: its lengths, options or interface
        ReadFailed,         // the device reported an error
    };
    Kind kind = Kind::None;
    qint64 offset = 0; // byte offset of the block or record that could not be read
    quint64 block = 0; // its 1-based number (the pcap file header is record 0)
    QString detail;    // technical detail, in English

    explicit operator bool() const { return kind != Kind::None; }
    // "block 7 at byte 1234: <detail>" (pcapng), "record 7 at byte 1234: <detail>" (pcap).
    QString message() const;
    bool pcapng = true; // how message() names the block
};

// Reads the packets of a capture file one at a time: pcapng (draft-ietf-opsawg-pcapng; Section Header Blocks in
// either byte order, any number of sections, Interface Description Blocks with if_tsresol and if_tsoffset,
// Enhanced, Simple and obsolete Packet Blocks; every other block is skipped by its length) and classic pcap
// (microsecond and nanosecond magic, either byte order). It checks every length against the bytes that are really
// there before it keeps them, so an absurd length costs no memory, and stops at the first damage with an error
// that says where; every packet before it has been delivered. It does not decode what the packets carry.
class CaptureReader
{
public:
    enum class Format : quint8 { Unknown, Pcap, Pcapng };
    enum class Status : quint8 { Packet, End, Error };

    // The largest block or record accepted. Real packets are at most a few hundred KiB (Wireshark's largest
    // snapshot length is 256 KiB); a longer length means damage, not a packet.
    static constexpr quint32 MaxBlockLength = 16u << 20;

    explicit CaptureReader(QIODevice *device);

    // The next packet; End after the last one, Error when the file is damaged at this point. After End or Error
    // it keeps returning the same.
    Status next(CapturedPacket &packet);

    const CaptureReadError &error() const { return m_error; }
    Format format() const { return m_format; }
    quint64 packetsRead() const { return m_packets; }
    quint64 blocksRead() const { return m_blocks; }
    // Blocks of types this reader does not use (name resolution, statistics, secrets, custom...).
    quint64 blocksSkipped() const { return m_skipped; }
    quint32 sections() const { return m_sections; }

private:
    struct Interface {
        quint16 linkType = 0;
        quint32 snapLength = 0;
        // if_tsresol: units per second as 10^exponent or 2^exponent
        bool binaryResolution = false;
        quint8 resolutionExponent = 6;
        qint64 offsetSeconds = 0; // if_tsoffset
    };

    bool start();
    Status nextPcap(CapturedPacket &packet);
    Status nextPcapng(CapturedPacket &packet);
    bool readInterface(QByteArrayView body, qint64 at);
    bool takePacket(QByteArrayView body, quint32 type, qint64 at, CapturedPacket &packet);
    qint64 timestampUs(const Interface &interface, quint64 units) const;
    // Reads exactly `count` bytes, in slices, so that only bytes that exist are ever held; false (with what was
    // there in `out`) at the end of the device.
    bool readExactly(qint64 count, QByteArray &out);
    Status fail(CaptureReadError::Kind kind, qint64 at, quint64 block, QString detail);
    quint16 u16(const char *p) const;
    quint32 u32(const char *p) const;

    QIODevice *m_device;
    QByteArray m_buffer; // read ahead from the device
    qsizetype m_bufferPos = 0;
    CaptureReadError m_error;
    Format m_format = Format::Unknown;
    bool m_started = false;
    bool m_ended = false;
    bool m_bigEndian = false;
    qint64 m_offset = 0;
    quint64 m_packets = 0;
    quint64 m_blocks = 0;
    quint64 m_skipped = 0;
    quint32 m_sections = 0;
    qint64 m_lastTimestampUs = 0;
    // pcap
    bool m_nanoseconds = false;
    Interface m_pcapInterface;
    // pcapng: the interfaces of the current section
    QList<Interface> m_interfaces;
};

} // namespace sockscope::session
