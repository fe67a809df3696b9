#include "captureimport.h"

#include "sessionwriter.h"
#include "tcpreassembler.h"
#include "websocketstreamdecoder.h"

#include <QIODevice>
#include <QtEndian>

#include <algorithm>

namespace sockscope::session {

namespace {

QByteArray endpointKey(const TcpEndpoint &endpoint)
{
    QByteArray key = endpoint.address;
    char port[2];
    qToBigEndian(endpoint.port, port);
    key.append(port, 2);
    return key;
}

// The same for both directions of a connection.
QByteArray pairKey(const TcpEndpoint &a, const TcpEndpoint &b)
{
    const QByteArray first = endpointKey(a);
    const QByteArray second = endpointKey(b);
    return first < second ? first + second : second + first;
}

} // namespace

// One TCP connection: its ends, each direction's reassembly and what its bytes turn out to be.
struct CaptureImporter::Stream {
    Stream(quint64 number, TcpEndpoint clientEnd, TcpEndpoint serverEnd, const CaptureImportOptions &options)
        : index(number)
        , client(std::move(clientEnd))
        , server(std::move(serverEnd))
        , toServer(options.maxHeldBytes)
        , toClient(options.maxHeldBytes)
        , decoder(std::make_unique<WebSocketStreamDecoder>(
              client, server, number, WebSocketStreamDecoder::Options{options.maxFramePayload, options.maxMessageSize}))
    {}

    quint64 index;
    TcpEndpoint client;
    TcpEndpoint server;
    TcpReassembler toServer;
    TcpReassembler toClient;
    std::unique_ptr<WebSocketStreamDecoder> decoder;
    quint32 connection = 0;
    bool clientSyn = false;
    quint32 clientIsn = 0;
    bool counted = false;
    bool done = false; // ended, or known to be no WebSocket connection: later packets are dropped
    qint64 lastUs = 0;
};

CaptureImporter::CaptureImporter(Sink sink, CaptureImportOptions options)
    : m_sink(std::move(sink))
    , m_options(options)
{}

CaptureImporter::~CaptureImporter() = default;

void CaptureImporter::warn(CaptureWarning warning)
{
    ++m_stats.warnings;
    if (m_packet && warning.packet == m_packet->number)
        warning.offset = m_packet->offset;
    if (m_warnings.size() < m_options.maxWarnings)
        m_warnings.append(std::move(warning));
}

void CaptureImporter::addPacket(const CapturedPacket &packet)
{
    ++m_stats.packets;
    if (m_finished || m_sinkFailed)
        return;
    m_packet = &packet;
    m_lastUs = packet.timestampUs;
    const TcpPacket tcp = TcpPacket::parse(packet.linkType, packet.data, packet.isCut());
    auto packetWarning = [&](CaptureWarning::Kind kind, const QString &detail) {
        CaptureWarning w;
        w.kind = kind;
        w.packet = packet.number;
        w.detail = detail;
        warn(std::move(w));
    };
    switch (tcp.result) {
    case TcpPacket::Result::UnsupportedLinkType:
        ++m_stats.unsupportedPackets;
        if (!m_unsupportedLinkTypes.contains(packet.linkType)) {
            m_unsupportedLinkTypes.insert(packet.linkType);
            packetWarning(CaptureWarning::Kind::UnsupportedLinkType,
                          QStringLiteral("%1: packets of this link type are skipped").arg(tcp.detail));
        }
        break;
    case TcpPacket::Result::NotTcp: ++m_stats.otherPackets; break;
    case TcpPacket::Result::Fragment:
        ++m_stats.fragments;
        packetWarning(CaptureWarning::Kind::IpFragment,
                      QStringLiteral("%1: fragments are not reassembled").arg(tcp.detail));
        break;
    case TcpPacket::Result::Cut:
        ++m_stats.cutPackets;
        packetWarning(CaptureWarning::Kind::CutPacket, QStringLiteral("captured %1 of %2 bytes: %3")
                                                           .arg(packet.data.size())
                                                           .arg(packet.originalLength)
                                                           .arg(tcp.detail));
        break;
    case TcpPacket::Result::Malformed:
        ++m_stats.malformedPackets;
        packetWarning(CaptureWarning::Kind::MalformedPacket, tcp.detail);
        break;
    case TcpPacket::Result::Tcp: {
        ++m_stats.tcpPackets;
        if (tcp.isCut())
            ++m_stats.cutPackets; // its stream says what is missing, when it matters
        Stream *stream = streamFor(tcp);
        if (!stream || stream->done)
            break;
        stream->lastUs = packet.timestampUs;
        const bool fromClient = tcp.source == stream->client;
        TcpReassembler &reassembler = fromClient ? stream->toServer : stream->toClient;
        quint32 seq = tcp.seq;
        if (tcp.has(TcpPacket::Syn)) {
            reassembler.synchronize(tcp.seq);
            seq += 1; // RFC 9293 3.4: data in a SYN starts after it
        }
        const quint64 retransmissions = reassembler.retransmissions();
        const quint64 outOfOrder = reassembler.outOfOrder();
        const TcpReassembler::State before = reassembler.state();
        QList<TcpReassembler::Chunk> chunks;
        reassembler.add(seq, tcp.payload, tcp.wireLength, tcp.has(TcpPacket::Fin), packet.timestampUs, packet.number,
                        chunks);
        m_stats.retransmissions += reassembler.retransmissions() - retransmissions;
        m_stats.outOfOrder += reassembler.outOfOrder() - outOfOrder;
        for (const TcpReassembler::Chunk &chunk : std::as_const(chunks)) {
            if (fromClient)
                stream->decoder->clientData(chunk);
            else
                stream->decoder->serverData(chunk);
        }
        const TcpReassembler::State after = reassembler.state();
        if (before == TcpReassembler::State::Open &&
            (after == TcpReassembler::State::MissingData || after == TcpReassembler::State::CutPacket))
            stream->decoder->directionStopped(fromClient, after, reassembler.stop(), packet.timestampUs);
        flush(*stream);
        if (stream->done)
            break;
        const bool finished = stream->toServer.state() == TcpReassembler::State::Finished ||
                              stream->toClient.state() == TcpReassembler::State::Finished;
        if (tcp.has(TcpPacket::Rst))
            endStream(*stream, packet.timestampUs, true);
        else if (stream->toServer.state() != TcpReassembler::State::Open &&
                 stream->toClient.state() != TcpReassembler::State::Open)
            endStream(*stream, packet.timestampUs, finished);
        break;
    }
    }
    m_packet = nullptr;
}

CaptureImporter::Stream *CaptureImporter::streamFor(const TcpPacket &tcp)
{
    const QByteArray key = pairKey(tcp.source, tcp.destination);
    const bool opening = tcp.has(TcpPacket::Syn) && !tcp.has(TcpPacket::Ack);
    auto it = m_streams.find(key);
    if (it != m_streams.end()) {
        Stream &stream = **it;
        // A SYN with another initial sequence number opens a new connection on the address pair (ports are used
        // again), as does one on a pair first seen without a SYN; the same SYN again is a retransmission, also
        // after the connection ended.
        const bool reused =
            opening && (!stream.clientSyn || stream.clientIsn != tcp.seq || !(tcp.source == stream.client));
        if (!reused)
            return &stream;
        if (!stream.done)
            endStream(stream, stream.lastUs, false);
    }
    // Who is the client: the sender of a SYN, the receiver of a SYN-ACK, else the sender of the first bytes, and
    // for a bare acknowledgement the end with the higher port.
    bool sourceIsClient = true;
    if (tcp.has(TcpPacket::Syn))
        sourceIsClient = !tcp.has(TcpPacket::Ack);
    else if (tcp.payload.isEmpty() && tcp.wireLength == 0)
        sourceIsClient = tcp.source.port > tcp.destination.port;
    auto stream = std::make_shared<Stream>(m_stats.tcpStreams++, sourceIsClient ? tcp.source : tcp.destination,
                                           sourceIsClient ? tcp.destination : tcp.source, m_options);
    if (opening) {
        stream->clientSyn = true;
        stream->clientIsn = tcp.seq;
    }
    m_streams.insert(key, stream);
    return stream.get();
}

void CaptureImporter::flush(Stream &stream)
{
    if (!stream.decoder)
        return;
    for (SessionRecord &record : stream.decoder->takeRecords()) {
        if (record.type == RecordType::Connection && stream.connection == 0)
            stream.connection = m_nextConnection++;
        record.connection = stream.connection;
        if (!m_sinkFailed && !m_sink(record))
            m_sinkFailed = true;
    }
    for (CaptureWarning &warning : stream.decoder->takeWarnings()) {
        warning.connection = stream.connection;
        warn(std::move(warning));
    }
    decide(stream);
}

void CaptureImporter::decide(Stream &stream)
{
    const WebSocketStreamDecoder::Kind kind = stream.decoder->kind();
    if (!stream.counted && kind != WebSocketStreamDecoder::Kind::Undecided) {
        stream.counted = true;
        switch (kind) {
        case WebSocketStreamDecoder::Kind::WebSocket: ++m_stats.webSocketConnections; break;
        case WebSocketStreamDecoder::Kind::FailedUpgrade: ++m_stats.failedUpgrades; break;
        case WebSocketStreamDecoder::Kind::Tls: {
            ++m_stats.tlsStreams;
            CaptureWarning w;
            w.kind = CaptureWarning::Kind::TlsStream;
            w.packet = m_packet ? m_packet->number : 0;
            w.tcpStream = stream.index;
            w.detail = QStringLiteral("TCP stream %1 (%2 to %3) starts with a TLS handshake: its traffic is "
                                      "encrypted and is not decoded")
                           .arg(stream.index)
                           .arg(stream.client.toString(), stream.server.toString());
            warn(std::move(w));
            break;
        }
        case WebSocketStreamDecoder::Kind::Other: ++m_stats.otherStreams; break;
        case WebSocketStreamDecoder::Kind::Undecided: break;
        }
    }
    if (!stream.decoder->wantsData()) {
        // Nothing more to learn from this connection: its memory goes, later packets are dropped.
        stream.done = true;
        stream.decoder.reset();
        stream.toServer = TcpReassembler();
        stream.toClient = TcpReassembler();
    }
}

void CaptureImporter::endStream(Stream &stream, qint64 timestampUs, bool transportClosed)
{
    if (stream.done || !stream.decoder)
        return;
    for (TcpReassembler *reassembler : {&stream.toServer, &stream.toClient}) {
        const TcpReassembler::State before = reassembler->state();
        reassembler->close();
        if (before == TcpReassembler::State::Open && reassembler->state() == TcpReassembler::State::MissingData)
            stream.decoder->directionStopped(reassembler == &stream.toServer, reassembler->state(), reassembler->stop(),
                                             timestampUs);
    }
    stream.decoder->finish(timestampUs, transportClosed);
    flush(stream);
}

void CaptureImporter::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    // In the order the connections appeared, so that an import is the same every time.
    QList<Stream *> open;
    for (const std::shared_ptr<Stream> &stream : std::as_const(m_streams)) {
        if (!stream->done)
            open.append(stream.get());
    }
    std::sort(open.begin(), open.end(), [](const Stream *a, const Stream *b) { return a->index < b->index; });
    // A connection one end closed (FIN) is over for its client even when the capture lacks the rest.
    for (Stream *stream : std::as_const(open))
        endStream(*stream, stream->lastUs,
                  stream->toServer.state() == TcpReassembler::State::Finished ||
                      stream->toClient.state() == TcpReassembler::State::Finished);
    m_streams.clear();
}

namespace {

void readAll(CaptureImporter &importer, QIODevice &capture, CaptureImportResult &result)
{
    CaptureReader reader(&capture);
    CapturedPacket packet;
    while (!importer.sinkFailed() && reader.next(packet) == CaptureReader::Status::Packet)
        importer.addPacket(packet);
    importer.finish();
    result.stats = importer.stats();
    result.warnings = importer.warnings();
    result.format = reader.format();
    result.readError = reader.error();
}

} // namespace

CaptureImportResult importCapture(QIODevice &capture, const CaptureImportOptions &options)
{
    CaptureImportResult result;
    CaptureImporter importer(
        [&result](const SessionRecord &record) {
            result.records.append(record);
            return true;
        },
        options);
    readAll(importer, capture, result);
    return result;
}

CaptureImportResult importCapture(QIODevice &capture, QIODevice &sessionFile, const CaptureImportOptions &options)
{
    CaptureImportResult result;
    SessionWriter writer(&sessionFile);
    if (!writer.writeFileHeader()) {
        result.writeError = writer.errorString();
        return result;
    }
    CaptureImporter importer([&writer](const SessionRecord &record) { return writer.write(record); }, options);
    readAll(importer, capture, result);
    if (importer.sinkFailed()) {
        result.writeError = writer.errorString();
        return result;
    }
    // A capture read to its end makes a finished session; one cut short by damage reads back as cut short.
    if (!result.readError) {
        SessionRecord end;
        end.type = RecordType::End;
        end.timestampUs = importer.lastTimestampUs();
        end.recordCount = writer.recordsWritten();
        if (!writer.write(end))
            result.writeError = writer.errorString();
    }
    return result;
}

} // namespace sockscope::session
