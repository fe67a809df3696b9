#include "websocketstreamdecoder.h"

#include "proto/clienthandshake.h"
#include "proto/deflateclientnegotiation.h"
#include "proto/frameparser.h"
#include "proto/framevalidator.h"
#include "proto/messageassembler.h"
#include "proto/permessagedeflate.h"

#include <QJsonValue>
#include <QUrl>
#include <QtEndian>

namespace sockscope::session {

namespace {

// TLS 1.0-1.3 records start with content type 22 (handshake) and major version 3 (RFC 8446 5.1).
constexpr char TlsHandshake = 0x16;
constexpr char TlsMajorVersion = 0x03;
// What a server may say before the client's request is complete before the stream is taken for something else.
constexpr qint64 MaxEarlyServerBytes = 64 * 1024;

proto::HttpHeadParser::Limits headLimits()
{
    proto::HttpHeadParser::Limits limits;
    limits.maxHeadSize = 64 * 1024;
    limits.maxHeaderCount = 500;
    // What was captured is shown as it was: a peer that ended lines with a bare LF still made a connection.
    limits.allowBareLineFeed = true;
    return limits;
}

// The URL the client opened: ws:// with the Host field and the request target. A capture cannot tell ws:// from
// wss:// (the bytes are readable, so they were not encrypted where they were captured); port 443 without a port
// in the Host field means the client used wss://'s default port.
QString clientUrl(const proto::HttpRequestHead &request, const TcpEndpoint &server)
{
    const QByteArray &target = request.target;
    if (!target.startsWith('/')) {
        // RFC 7230 5.3.2: an absolute request target carries the URL itself.
        QUrl url = QUrl::fromEncoded(target, QUrl::TolerantMode);
        const QString scheme = url.scheme().toLower();
        if (url.isValid() && !url.host().isEmpty()) {
            if (scheme == QLatin1String("http"))
                url.setScheme(QStringLiteral("ws"));
            else if (scheme == QLatin1String("https"))
                url.setScheme(QStringLiteral("wss"));
            return url.toString(QUrl::FullyEncoded);
        }
    }
    QByteArray host = request.headers.value("Host").trimmed();
    if (host.isEmpty()) {
        QString address = server.toString();
        return QStringLiteral("ws://%1%2").arg(address, QString::fromLatin1(target.startsWith('/') ? target : "/"));
    }
    const bool hasPort = host.startsWith('[') ? host.contains("]:") : host.contains(':');
    const char *scheme = server.port == 443 && !hasPort ? "wss://" : "ws://";
    const QByteArray text = scheme + host + (target.startsWith('/') ? target : QByteArray("/"));
    const QUrl url = QUrl::fromEncoded(text, QUrl::TolerantMode);
    return url.isValid() ? url.toString(QUrl::FullyEncoded) : QString::fromLatin1(text);
}

bool offersDeflate(const proto::HttpHeaders &headers)
{
    const auto offers = proto::parseExtensionHeader(headers.combinedValue("Sec-WebSocket-Extensions"));
    if (!offers)
        return false;
    return std::any_of(offers->cbegin(), offers->cend(),
                       [](const proto::ExtensionOffer &e) { return e.name == proto::DeflateOffer::ExtensionName; });
}

QString closeReason(const QByteArray &payload)
{
    return payload.size() > 2 ? QString::fromUtf8(payload.sliced(2)) : QString();
}

} // namespace

// One direction of the connection once it is open: the frames, messages and violations of one sender.
struct WebSocketStreamDecoder::Half {
    Half(proto::Role from, proto::Direction recorded)
        : sender(from)
        , direction(recorded)
    {}

    proto::Role sender;
    proto::Direction direction; // as the client's recording says it: what the client sent is Outgoing
    proto::FrameParser parser;
    proto::FrameValidator validator;
    proto::MessageAssembler assembler;
    std::unique_ptr<proto::PerMessageDeflate> deflate;
    QList<TcpReassembler::Chunk> pending; // bytes that came before the connection was known to be open
    quint64 frameOffset = 0;              // stream offset where the frame being read starts
    quint64 frames = 0;
    proto::ProtocolViolation headerViolation; // of the frame being read, reported once it is whole
    bool stopped = false;                     // a rule was broken or bytes are missing: nothing more is decoded
    bool missingData = false;
    quint64 ignoredBytes = 0; // after the close frame or after stopping
    bool closeSeen = false;
    quint64 closeOrder = 0;
    QByteArray closePayload;
};

WebSocketStreamDecoder::WebSocketStreamDecoder(TcpEndpoint client, TcpEndpoint server, quint64 tcpStream,
                                               Options options)
    : m_clientEndpoint(std::move(client))
    , m_serverEndpoint(std::move(server))
    , m_tcpStream(tcpStream)
    , m_options(options)
    , m_requestParser(proto::HttpHeadParser::Kind::Request, headLimits())
    , m_responseParser(proto::HttpHeadParser::Kind::Response, headLimits())
    , m_client(std::make_unique<Half>(proto::Role::Client, proto::Direction::Outgoing))
    , m_server(std::make_unique<Half>(proto::Role::Server, proto::Direction::Incoming))
{}

WebSocketStreamDecoder::~WebSocketStreamDecoder() = default;

bool WebSocketStreamDecoder::wantsData() const
{
    return m_phase != Phase::Done;
}

std::vector<SessionRecord> WebSocketStreamDecoder::takeRecords()
{
    return std::exchange(m_records, {});
}

QList<CaptureWarning> WebSocketStreamDecoder::takeWarnings()
{
    return std::exchange(m_warnings, {});
}

void WebSocketStreamDecoder::addRecord(SessionRecord record)
{
    m_records.push_back(std::move(record));
}

void WebSocketStreamDecoder::addNote(qint64 timestampUs, NoteKind kind, const QString &text)
{
    SessionRecord r;
    r.type = RecordType::Note;
    r.timestampUs = timestampUs;
    r.noteKind = kind;
    r.text = text;
    addRecord(std::move(r));
}

void WebSocketStreamDecoder::warn(CaptureWarning::Kind kind, quint64 packet, const QString &detail)
{
    CaptureWarning w;
    w.kind = kind;
    w.packet = packet;
    w.tcpStream = m_tcpStream;
    w.detail = detail;
    m_warnings.append(std::move(w));
}

QString WebSocketStreamDecoder::halfName(const Half &half) const
{
    return half.sender == proto::Role::Client ? QStringLiteral("client to server") : QStringLiteral("server to client");
}

void WebSocketStreamDecoder::clientData(const TcpReassembler::Chunk &chunk)
{
    switch (m_phase) {
    case Phase::Request: {
        if (m_requestParser.buffered().isEmpty()) {
            if (chunk.bytes.size() >= 2 && chunk.bytes[0] == TlsHandshake && chunk.bytes[1] == TlsMajorVersion) {
                m_kind = Kind::Tls;
                m_phase = Phase::Done;
                return;
            }
            m_requestStartUs = chunk.timestampUs;
        }
        const auto status = m_requestParser.feed(chunk.bytes);
        if (status == proto::HttpHeadParser::Status::NeedMoreData)
            return;
        // RFC 6455 4.1 item 2: an upgrade to "websocket"; anything else is some other use of TCP.
        if (status == proto::HttpHeadParser::Status::Error ||
            !m_requestParser.request().headers.containsToken("Upgrade", "websocket")) {
            m_kind = Kind::Other;
            m_phase = Phase::Done;
            m_earlyServer.clear();
            return;
        }
        m_requestDoneUs = chunk.timestampUs;
        m_phase = Phase::Response;
        const qsizetype used = m_requestParser.consumed();
        if (used < chunk.bytes.size()) {
            TcpReassembler::Chunk rest = chunk;
            rest.bytes = chunk.bytes.sliced(used);
            rest.streamOffset += quint64(used);
            m_client->pending.append(std::move(rest));
        }
        m_client->frameOffset = chunk.streamOffset + quint64(used);
        const QList<TcpReassembler::Chunk> early = std::exchange(m_earlyServer, {});
        for (const TcpReassembler::Chunk &c : early)
            serverData(c);
        return;
    }
    case Phase::Response: m_client->pending.append(chunk); return;
    case Phase::Open: feed(*m_client, chunk); return;
    case Phase::Done: return;
    }
}

void WebSocketStreamDecoder::serverData(const TcpReassembler::Chunk &chunk)
{
    switch (m_phase) {
    case Phase::Request:
        // A server does not speak first in HTTP; a little is kept in case the capture shows it early.
        m_earlyServerBytes += chunk.bytes.size();
        if (m_earlyServerBytes > MaxEarlyServerBytes) {
            m_kind = Kind::Other;
            m_phase = Phase::Done;
            m_earlyServer.clear();
            return;
        }
        m_earlyServer.append(chunk);
        return;
    case Phase::Response: response(chunk); return;
    case Phase::Open: feed(*m_server, chunk); return;
    case Phase::Done: return;
    }
}

void WebSocketStreamDecoder::startConnection()
{
    if (m_connectionStarted)
        return;
    m_connectionStarted = true;
    const proto::HttpRequestHead &request = m_requestParser.request();
    SessionRecord r;
    r.type = RecordType::Connection;
    r.timestampUs = m_requestStartUs;
    r.info.side = Side::Client;
    r.info.url = clientUrl(request, m_serverEndpoint);
    r.info.localAddress = m_clientEndpoint.toString();
    r.info.peerAddress = m_serverEndpoint.toString();
    r.info.subprotocols = request.headers.tokens("Sec-WebSocket-Protocol");
    r.info.origin = request.headers.value("Origin");
    r.info.deflate = offersDeflate(request.headers);
    // The TCP stream index, numbered as Wireshark's tcp.stream, to find the connection in the capture.
    r.info.extra.insert(QStringLiteral("tcpStream"), QJsonValue(qint64(m_tcpStream)));
    addRecord(std::move(r));

    SessionRecord head;
    head.type = RecordType::HandshakeRequest;
    head.timestampUs = m_requestDoneUs;
    head.raw = request.raw;
    addRecord(std::move(head));
}

void WebSocketStreamDecoder::response(const TcpReassembler::Chunk &chunk)
{
    if (m_responseParser.buffered().isEmpty())
        m_responseStartUs = chunk.timestampUs;
    const auto status = m_responseParser.feed(chunk.bytes);
    if (status == proto::HttpHeadParser::Status::NeedMoreData)
        return;
    startConnection();
    if (status == proto::HttpHeadParser::Status::Error) {
        // As a live client reports it (Recorder writes the ClientConnection error's name and detail).
        const QString detail = m_responseParser.failure().detail;
        addNote(chunk.timestampUs, NoteKind::Error, QStringLiteral("HandshakeFailed: %1").arg(detail));
        warn(CaptureWarning::Kind::HandshakeProblem, chunk.packet,
             QStringLiteral("the answer to the upgrade request is not an HTTP response: %1").arg(detail));
        m_kind = Kind::FailedUpgrade;
        m_phase = Phase::Done;
        return;
    }
    const proto::HttpResponseHead &head = m_responseParser.response();
    SessionRecord r;
    r.type = RecordType::HandshakeResponse;
    r.timestampUs = chunk.timestampUs;
    r.raw = head.raw;
    addRecord(std::move(r));
    if (head.statusCode != 101) {
        addNote(chunk.timestampUs, NoteKind::Error,
                QStringLiteral("HandshakeRefused: HTTP %1 %2")
                    .arg(head.statusCode)
                    .arg(QString::fromLatin1(head.reasonPhrase)));
        m_kind = Kind::FailedUpgrade;
        m_phase = Phase::Done;
        return;
    }
    open(chunk, m_responseParser.consumed());
}

void WebSocketStreamDecoder::open(const TcpReassembler::Chunk &chunk, qsizetype leftoverFrom)
{
    m_kind = Kind::WebSocket;
    m_phase = Phase::Open;
    const proto::HttpRequestHead &request = m_requestParser.request();
    const proto::HttpResponseHead &response = m_responseParser.response();

    // A live client would fail the connection here; the capture shows what both ends did next, so the frames
    // are decoded all the same and a note says what was wrong.
    const proto::ClientHandshake handshake(request);
    proto::HandshakeFailure failure;
    if (!handshake.validateResponse(response, &failure)) {
        addNote(chunk.timestampUs, NoteKind::Error, QStringLiteral("HandshakeFailed: %1").arg(failure.detail));
        warn(CaptureWarning::Kind::HandshakeProblem, chunk.packet,
             QStringLiteral("%1: %2").arg(QLatin1String(proto::handshakeErrorName(failure.error)), failure.detail));
    }

    // RFC 7692 7.1: the parameters both ends agreed on, from the client's offers and the server's answer.
    std::optional<proto::DeflateParameters> deflate;
    const QByteArray accepted = response.headers.combinedValue("Sec-WebSocket-Extensions");
    const auto responseExtensions = proto::parseExtensionHeader(accepted);
    const bool deflateAccepted =
        responseExtensions &&
        std::any_of(responseExtensions->cbegin(), responseExtensions->cend(),
                    [](const proto::ExtensionOffer &e) { return e.name == proto::DeflateOffer::ExtensionName; });
    if (deflateAccepted) {
        QList<proto::DeflateOffer> offers;
        if (const auto offered =
                proto::parseExtensionHeader(request.headers.combinedValue("Sec-WebSocket-Extensions"))) {
            for (const proto::ExtensionOffer &e : *offered) {
                if (e.name != proto::DeflateOffer::ExtensionName)
                    continue;
                if (auto parsed = proto::DeflateOffer::parse(e, proto::DeflateElementKind::Offer); parsed.offer)
                    offers.append(*parsed.offer);
            }
        }
        const proto::DeflateClientResult result =
            proto::DeflateClientNegotiation(offers).checkResponse(*responseExtensions);
        if (result.parameters) {
            deflate = result.parameters;
        } else {
            // Inflating with the largest window and the context kept reads whatever either end compressed, so
            // the messages are still shown.
            deflate = proto::DeflateParameters();
            const QString detail = QStringLiteral("%1: %2").arg(
                QLatin1String(proto::deflateNegotiationErrorName(result.failure.error)), result.failure.detail);
            addNote(chunk.timestampUs, NoteKind::Error, QStringLiteral("HandshakeFailed: %1").arg(detail));
            warn(CaptureWarning::Kind::HandshakeProblem, chunk.packet, detail);
        }
    }
    for (Half *half : {m_client.get(), m_server.get()}) {
        // RFC 7692 6: permessage-deflate defines RSV1.
        half->validator.setRules(proto::FrameRules{half->sender, quint8(deflate ? 4 : 0), m_options.maxFramePayload});
        half->assembler.setMaxMessageSize(m_options.maxMessageSize);
        half->assembler.setCompressionNegotiated(deflate.has_value());
        // The end that receives this half's messages inflates them.
        if (deflate)
            half->deflate = std::make_unique<proto::PerMessageDeflate>(proto::peerOf(half->sender), *deflate);
    }

    // What the client sent while the response was on its way came first in the capture.
    const QList<TcpReassembler::Chunk> early = std::exchange(m_client->pending, {});
    for (const TcpReassembler::Chunk &c : early)
        feed(*m_client, c);
    m_server->frameOffset = chunk.streamOffset + quint64(leftoverFrom);
    if (leftoverFrom < chunk.bytes.size()) {
        TcpReassembler::Chunk rest = chunk;
        rest.bytes = chunk.bytes.sliced(leftoverFrom);
        rest.streamOffset += quint64(leftoverFrom);
        feed(*m_server, rest);
    }
}

void WebSocketStreamDecoder::feed(Half &half, const TcpReassembler::Chunk &chunk)
{
    if (half.stopped || half.closeSeen) {
        half.ignoredBytes += quint64(chunk.bytes.size());
        return;
    }
    QByteArrayView data(chunk.bytes);
    quint64 position = chunk.streamOffset;
    for (;;) {
        const qsizetype used = half.parser.feed(data);
        data = data.sliced(used);
        position += quint64(used);
        switch (half.parser.status()) {
        case proto::FrameParser::Status::NeedMoreData: return;
        case proto::FrameParser::Status::HeaderReady: {
            const proto::Frame &frame = half.parser.currentFrame();
            const quint64 length = half.parser.payloadLength();
            proto::ProtocolViolation violation = half.validator.checkHeader(frame, length);
            if (!violation && !frame.isControl())
                violation = half.assembler.checkHeader(frame, length);
            if (violation) {
                // A frame within the limits is read whole so that it is shown; a larger one is not.
                if (length > m_options.maxFramePayload || violation.error == proto::ProtocolError::MessageTooBig) {
                    stopHalf(half, violation, chunk, half.frameOffset, half.frames + 1);
                    half.ignoredBytes += quint64(data.size());
                    return;
                }
                half.headerViolation = violation;
            }
            break;
        }
        case proto::FrameParser::Status::FrameReady: {
            const quint64 frameOffset = std::exchange(half.frameOffset, position);
            ++half.frames;
            handleFrame(half, half.parser.takeFrame(), chunk, frameOffset);
            if (half.stopped || half.closeSeen) {
                half.ignoredBytes += quint64(data.size());
                return;
            }
            break;
        }
        case proto::FrameParser::Status::Error:
            stopHalf(half, half.parser.error(), chunk, half.frameOffset, half.frames + 1);
            half.ignoredBytes += quint64(data.size());
            return;
        }
    }
}

void WebSocketStreamDecoder::handleFrame(Half &half, proto::Frame frame, const TcpReassembler::Chunk &chunk,
                                         quint64 frameOffset)
{
    SessionRecord r;
    r.type = RecordType::Frame;
    r.timestampUs = chunk.timestampUs;
    r.direction = half.direction;
    r.frame = frame;
    addRecord(std::move(r));
    if (half.headerViolation) {
        stopHalf(half, std::exchange(half.headerViolation, {}), chunk, frameOffset, half.frames);
        return;
    }
    switch (frame.opcode) {
    case proto::Opcode::Close:
        // RFC 6455 5.5.1: a close body is empty, or a code that may be sent and a UTF-8 reason.
        if (auto violation = proto::FrameValidator::checkClosePayload(frame.payload)) {
            stopHalf(half, violation, chunk, frameOffset, half.frames);
            return;
        }
        // RFC 6455 5.5.1: nothing follows a close frame.
        half.closeSeen = true;
        half.closeOrder = ++m_closeOrder;
        half.closePayload = frame.payload;
        return;
    case proto::Opcode::Ping:
    case proto::Opcode::Pong: return;
    default: break;
    }
    if (auto violation = half.assembler.push(std::move(frame))) {
        stopHalf(half, violation, chunk, frameOffset, half.frames);
        return;
    }
    if (!half.assembler.hasMessage())
        return;
    proto::Message message = half.assembler.takeMessage();
    if (message.compressed) {
        proto::InflatedMessage inflated = half.deflate->decompress(message.payload, qint64(m_options.maxMessageSize));
        if (!inflated.ok()) {
            stopHalf(half, inflated.violation, chunk, frameOffset, half.frames);
            return;
        }
        message.payload = std::move(inflated.message);
        // RFC 6455 8.1 applies to the inflated text.
        if (message.type == proto::Opcode::Text) {
            if (auto violation = proto::MessageAssembler::checkInflatedText(message.payload)) {
                stopHalf(half, violation, chunk, frameOffset, half.frames);
                return;
            }
        }
    }
    SessionRecord m;
    m.type = RecordType::Message;
    m.timestampUs = chunk.timestampUs;
    m.direction = half.direction;
    m.messageType = message.type;
    m.compressed = message.compressed;
    m.frameCount = quint32(message.frames.size());
    if (message.compressed)
        m.inflatedPayload = message.payload;
    addRecord(std::move(m));
}

void WebSocketStreamDecoder::stopHalf(Half &half, const proto::ProtocolViolation &violation,
                                      const TcpReassembler::Chunk &chunk, quint64 frameOffset, quint64 frameNumber)
{
    half.stopped = true;
    if (half.sender == proto::Role::Server && !m_serverViolation)
        m_serverViolation = violation;
    QString where =
        QStringLiteral("%1, frame %2 at stream byte %3").arg(halfName(half)).arg(frameNumber).arg(frameOffset);
    if (chunk.packet != 0)
        where += QStringLiteral(", packet %1").arg(chunk.packet);
    // The same words as a live recording's protocol-violation notes, then where it happened in the capture.
    addNote(
        chunk.timestampUs, NoteKind::ProtocolViolation,
        QStringLiteral("%1: %2 (%3; %4 is not decoded further)")
            .arg(QLatin1String(proto::protocolErrorName(violation.error)), violation.detail, where, halfName(half)));
    warn(CaptureWarning::Kind::ProtocolViolation, chunk.packet,
         QStringLiteral("%1: %2 (%3)")
             .arg(QLatin1String(proto::protocolErrorName(violation.error)), violation.detail, where));
}

void WebSocketStreamDecoder::directionStopped(bool fromClient, TcpReassembler::State state,
                                              const TcpReassembler::Stop &stop, qint64 timestampUs)
{
    if (m_phase != Phase::Open && m_phase != Phase::Response)
        return;
    Half &half = fromClient ? *m_client : *m_server;
    const QString what = state == TcpReassembler::State::CutPacket
                             ? QStringLiteral("packet %1 was cut by the capture's snapshot length: %2 bytes from "
                                              "stream byte %3 on are missing")
                                   .arg(stop.packet)
                                   .arg(stop.missing)
                                   .arg(stop.offset)
                             : QStringLiteral("%1 bytes at stream byte %2 are missing from the capture (the next "
                                              "bytes it holds came in packet %3)")
                                   .arg(stop.missing)
                                   .arg(stop.offset)
                                   .arg(stop.packet);
    const QString fromName = fromClient ? QStringLiteral("client to server") : QStringLiteral("server to client");
    if (m_phase == Phase::Open && !half.stopped && !half.closeSeen) {
        addNote(timestampUs, NoteKind::Error,
                QStringLiteral("%1: %2; this direction is not decoded further").arg(fromName, what));
    }
    half.missingData = true;
    warn(CaptureWarning::Kind::MissingData, stop.packet, QStringLiteral("%1: %2").arg(fromName, what));
}

void WebSocketStreamDecoder::finish(qint64 timestampUs, bool transportClosed)
{
    switch (m_phase) {
    case Phase::Request: m_kind = Kind::Other; break;
    case Phase::Response: {
        startConnection();
        const QString detail = m_client->missingData || m_server->missingData
                                   ? QStringLiteral("bytes of the handshake are missing from the capture")
                               : transportClosed ? QStringLiteral("the connection closed before the server answered")
                                                 : QStringLiteral("the capture ends before the server answered");
        addNote(timestampUs, NoteKind::Error, QStringLiteral("HandshakeFailed: %1").arg(detail));
        warn(CaptureWarning::Kind::HandshakeProblem, 0,
             QStringLiteral("upgrade request without an answer: %1").arg(detail));
        m_kind = Kind::FailedUpgrade;
        break;
    }
    case Phase::Open: {
        for (Half *half : {m_client.get(), m_server.get()}) {
            // A frame whose header broke a rule and whose payload never came whole.
            if (half->headerViolation && !half->stopped) {
                TcpReassembler::Chunk end;
                end.timestampUs = timestampUs;
                stopHalf(*half, std::exchange(half->headerViolation, {}), end, half->frameOffset, half->frames + 1);
            }
            if (!half->stopped && !half->closeSeen && !half->missingData && !half->parser.atFrameBoundary()) {
                addNote(timestampUs, transportClosed ? NoteKind::Error : NoteKind::Info,
                        QStringLiteral("%1: the %2 inside frame %3 (stream byte %4)")
                            .arg(halfName(*half),
                                 transportClosed ? QStringLiteral("connection closed") : QStringLiteral("capture ends"))
                            .arg(half->frames + 1)
                            .arg(half->frameOffset));
            }
            if (half->closeSeen && !half->stopped && half->ignoredBytes > 0) {
                addNote(
                    timestampUs, NoteKind::Info,
                    QStringLiteral("%1: %2 bytes after the close frame (RFC 6455 5.5.1: nothing follows it) are not "
                                   "decoded")
                        .arg(halfName(*half))
                        .arg(half->ignoredBytes));
            }
        }
        const bool bothClosed = m_client->closeSeen && m_server->closeSeen;
        if (!transportClosed && !bothClosed) {
            addNote(timestampUs, NoteKind::Info, QStringLiteral("the capture ends while the connection is open"));
            break;
        }
        // How it ended, in the client's terms (CloseInfo): what it received from the server and what it sent.
        proto::CloseInfo info;
        info.closeSent = m_client->closeSeen;
        info.closeReceived = m_server->closeSeen;
        if (info.closeReceived) {
            const QByteArray &payload = m_server->closePayload;
            info.code = payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : quint16(1005);
            info.reason = closeReason(payload);
        }
        if (info.closeSent && m_client->closePayload.size() >= 2) {
            info.sentCode = qFromBigEndian<quint16>(m_client->closePayload.constData());
            info.sentReason = closeReason(m_client->closePayload);
        }
        if (info.closeSent && (!info.closeReceived || m_client->closeOrder < m_server->closeOrder))
            info.initiator = proto::CloseInitiator::Local;
        else if (info.closeReceived)
            info.initiator = proto::CloseInitiator::Remote;
        // The rule the server broke, for which the client would have failed the connection.
        info.error = m_serverViolation;
        info.wasClean = info.closeSent && info.closeReceived && !m_serverViolation;
        SessionRecord r;
        r.type = RecordType::Close;
        r.timestampUs = timestampUs;
        r.close = info;
        addRecord(std::move(r));
        break;
    }
    case Phase::Done: break;
    }
    m_phase = Phase::Done;
}

} // namespace sockscope::session
