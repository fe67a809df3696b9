#pragma once

#include "capturereader.h"
#include "capturewarning.h"
#include "sessionrecord.h"
#include "tcppacket.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>

class QIODevice;

namespace sockscope::session {

class WebSocketStreamDecoder;

struct CaptureImportOptions {
    // A larger frame or message in the capture is a violation (RFC 6455 7.4.1, 1009) that stops its direction.
    quint64 maxFramePayload = 64ull << 20;
    quint64 maxMessageSize = 64ull << 20;
    // Bytes one direction of a connection may hold behind a gap before the gap is taken as lost.
    qint64 maxHeldBytes = 32 << 20;
    // Warnings kept in the result; all of them are counted.
    int maxWarnings = 1000;
};

// What an import read and what it made of it.
struct CaptureImportStats {
    quint64 packets = 0;              // packets in the capture (up to a read error)
    quint64 tcpPackets = 0;           // of which TCP segments over IPv4 or IPv6
    quint64 otherPackets = 0;         // not TCP: ARP, UDP, ICMP, another EtherType or address family
    quint64 unsupportedPackets = 0;   // on an interface whose link type is not decoded
    quint64 cutPackets = 0;           // TCP packets cut by the snapshot length
    quint64 fragments = 0;            // IP fragments, skipped
    quint64 malformedPackets = 0;     // headers that contradict themselves, skipped
    quint64 retransmissions = 0;      // TCP segments whose bytes had all or partly come before
    quint64 outOfOrder = 0;           // TCP segments held until a gap before them filled
    quint64 tcpStreams = 0;           // TCP connections seen (a new SYN on a used address pair starts a new one)
    quint64 webSocketConnections = 0; // upgraded with 101: each is a connection of the session
    quint64 failedUpgrades = 0;       // upgrade requests refused or not answered: connections of the session too
    quint64 tlsStreams = 0;           // encrypted: skipped
    quint64 otherStreams = 0;         // not an upgrade to WebSocket (or its start is not in the capture): skipped
    quint64 warnings = 0;             // all warnings, also those past CaptureImportOptions::maxWarnings

    quint64 skippedStreams() const { return tlsStreams + otherStreams; }
    quint64 sessionConnections() const { return webSocketConnections + failedUpgrades; }
};

// Turns captured packets into the session records of the WebSocket connections they carry, as a recording at each
// connection's client would have made them (see WebSocketStreamDecoder): it decodes each packet down to TCP
// (TcpPacket), follows TCP connections by their address pair and puts each direction back together
// (TcpReassembler), and numbers the connections of the session in the order their upgrade was answered. Records
// go to the sink as soon as they are known, connection by connection interleaved as in the capture, so memory
// does not grow with the capture. It does not read files (CaptureReader does) and does not write them.
class CaptureImporter
{
public:
    // Takes each record; false stops the import (the sink could not write).
    using Sink = std::function<bool(const SessionRecord &)>;

    explicit CaptureImporter(Sink sink, CaptureImportOptions options = {});
    ~CaptureImporter();
    CaptureImporter(const CaptureImporter &) = delete;
    CaptureImporter &operator=(const CaptureImporter &) = delete;

    void addPacket(const CapturedPacket &packet);
    // The capture ended: every connection still open ends here. Call once.
    void finish();

    const CaptureImportStats &stats() const { return m_stats; }
    // The first CaptureImportOptions::maxWarnings warnings, in the order they came.
    const QList<CaptureWarning> &warnings() const { return m_warnings; }
    // The sink refused a record.
    bool sinkFailed() const { return m_sinkFailed; }
    // The time of the last packet added.
    qint64 lastTimestampUs() const { return m_lastUs; }

private:
    struct Stream;

    void warn(CaptureWarning warning);
    Stream *streamFor(const TcpPacket &tcp);
    void endStream(Stream &stream, qint64 timestampUs, bool transportClosed);
    void flush(Stream &stream);
    void decide(Stream &stream);

    Sink m_sink;
    CaptureImportOptions m_options;
    CaptureImportStats m_stats;
    QList<CaptureWarning> m_warnings;
    QHash<QByteArray, std::shared_ptr<Stream>> m_streams; // by address pair
    QSet<quint16> m_unsupportedLinkTypes;
    quint32 m_nextConnection = 1;
    bool m_sinkFailed = false;
    bool m_finished = false;
    qint64 m_lastUs = 0;
    const CapturedPacket *m_packet = nullptr; // the packet being added, for warnings
};

struct CaptureImportResult {
    QList<SessionRecord> records; // importCapture() into memory only
    CaptureImportStats stats;
    QList<CaptureWarning> warnings;
    CaptureReader::Format format = CaptureReader::Format::Unknown;
    // Why reading the capture stopped early (Kind::None when it was read to its end); the connections were
    // imported up to there and end where the capture does.
    CaptureReadError readError;
    // Writing the session file failed (importCapture() into a device only).
    QString writeError;
};

// Reads a pcap or pcapng capture and returns the session records of the WebSocket connections in it, without an
// End record.
CaptureImportResult importCapture(QIODevice &capture, const CaptureImportOptions &options = {});

// The same written as a session file to `sessionFile` (an open, writable device): file header, records, and an
// End record when the capture was read to its end. A capture that could not be read to its end gives a session
// cut short, which reads back as such.
CaptureImportResult importCapture(QIODevice &capture, QIODevice &sessionFile, const CaptureImportOptions &options = {});

} // namespace sockscope::session
