#include "connection.h"

#include "bufferrecycler.h"
#include "closecode.h"
#include "framewriter.h"
#include "permessagedeflate.h"
#include "utf8validator.h"

#include <QtEndian>

namespace sockscope::proto {

const char *readyStateName(ReadyState state)
{
    switch (state) {
    case ReadyState::Connecting: return "CONNECTING";
    case ReadyState::Open: return "OPEN";
    case ReadyState::Closing: return "CLOSING";
    case ReadyState::Closed: return "CLOSED";
    }
    return "?";
}

Connection::Connection(Role role, ConnectionOptions options)
    : m_role(role)
    , m_options(std::move(options))
    , m_validator(FrameRules{peerOf(role), 0, m_options.maxFramePayload})
    , m_assembler(m_options.maxMessageSize)
{}

Connection::~Connection() = default;

void Connection::setState(ReadyState state)
{
    if (m_state == state)
        return;
    m_state = state;
    m_events.emplace_back(std::in_place_type<StateEvent>, state);
}

void Connection::open(const DeflateParameters *deflate)
{
    if (m_state != ReadyState::Connecting)
        return;
    if (deflate) {
        m_deflate = std::make_unique<PerMessageDeflate>(m_role, *deflate);
        // RFC 7692 6: permessage-deflate defines RSV1.
        m_validator.setRules(FrameRules{peerOf(m_role), 4, m_options.maxFramePayload});
        m_assembler.setCompressionNegotiated(true);
    }
    setState(ReadyState::Open);
}

void Connection::receive(QByteArrayView data)
{
    // RFC 6455 5.5.1: nothing is expected after the peer's close frame; after failing, nothing is read.
    if (m_state == ReadyState::Connecting || m_state == ReadyState::Closed || m_failed || m_close.closeReceived)
        return;
    for (;;) {
        data = data.sliced(m_parser.feed(data));
        switch (m_parser.status()) {
        case FrameParser::Status::NeedMoreData:
            if (m_parser.readingPayload() && !m_parser.currentFrame().isControl()) {
                if (auto violation =
                        m_assembler.checkPartialPayload(m_parser.currentFrame(), m_parser.receivedPayload()))
                    fail(violation);
            }
            return;
        case FrameParser::Status::HeaderReady: {
            const Frame &frame = m_parser.currentFrame();
            ProtocolViolation violation = m_validator.checkHeader(frame, m_parser.payloadLength());
            if (!violation && !frame.isControl())
                violation = m_assembler.checkHeader(frame, m_parser.payloadLength());
            if (violation) {
                // Show the offending frame as far as it arrived: its header.
                m_events.emplace_back(std::in_place_type<FrameEvent>, Direction::Incoming, frame);
                fail(violation);
                return;
            }
            break;
        }
        case FrameParser::Status::FrameReady:
            handleFrame(m_parser.takeFrame());
            if (m_failed || m_close.closeReceived)
                return;
            break;
        case FrameParser::Status::Error: fail(m_parser.error()); return;
        }
    }
}

void Connection::handleFrame(Frame frame)
{
    if (m_frameEvents || frame.isControl())
        m_events.emplace_back(std::in_place_type<FrameEvent>, Direction::Incoming, frame);
    switch (frame.opcode) {
    case Opcode::Close: handleClose(frame); return;
    case Opcode::Ping:
        if (m_options.autoPong && m_state == ReadyState::Open)
            pong(frame.payload);
        return;
    case Opcode::Pong: return;
    default: break;
    }
    if (auto violation = m_assembler.push(std::move(frame))) {
        fail(violation);
        return;
    }
    if (!m_assembler.hasMessage())
        return;
    Message message = m_assembler.takeMessage();
    if (message.compressed) {
        InflatedMessage inflated = m_deflate->decompress(message.payload, qint64(m_options.maxMessageSize));
        if (!inflated.ok()) {
            fail(inflated.violation);
            return;
        }
        message.payload = std::move(inflated.message);
        if (message.type == Opcode::Text) {
            if (auto violation = MessageAssembler::checkInflatedText(message.payload)) {
                fail(violation);
                return;
            }
        }
    }
    m_events.emplace_back(std::in_place_type<MessageEvent>, Direction::Incoming, std::move(message));
}

void Connection::handleClose(const Frame &frame)
{
    if (auto violation = FrameValidator::checkClosePayload(frame.payload)) {
        fail(violation);
        return;
    }
    m_close.closeReceived = true;
    if (frame.payload.size() >= 2) {
        m_close.code = qFromBigEndian<quint16>(frame.payload.constData());
        m_close.reason = QString::fromUtf8(frame.payload.sliced(2));
    } else {
        m_close.code = CloseCode::NoStatusReceived;
    }
    if (m_close.initiator == CloseInitiator::None)
        m_close.initiator = CloseInitiator::Remote;
    // RFC 6455 5.5.1: answer with a close frame echoing the status code, "as soon as practical". The answer
    // waits for the next takeOutgoing(), so that replies to messages that arrived before the close (an echo,
    // say) still go out first; the RFC allows finishing the current message before answering.
    if (!m_close.closeSent) {
        m_pendingClose = PendingClose{
            m_close.code == CloseCode::NoStatusReceived ? std::nullopt : std::optional<quint16>(m_close.code), {}};
    }
    setState(ReadyState::Closing);
    // RFC 6455 7.1.1: once both close frames have passed, the server closes the TCP connection first.
    if (m_close.closeSent && m_role == Role::Server)
        m_transportCloseRequested = true;
}

void Connection::fail(const ProtocolViolation &violation)
{
    // RFC 6455 7.1.7: send a close frame with the code for the broken rule, then close the transport. Like the
    // answer to a close, the frame goes out at the next takeOutgoing(), after replies to earlier messages.
    m_failed = true;
    m_close.error = violation;
    m_events.emplace_back(std::in_place_type<ProtocolErrorEvent>, violation);
    if (!m_close.closeSent && (m_state == ReadyState::Open || m_state == ReadyState::Closing))
        m_pendingClose = PendingClose{closeCodeFor(violation.error), QByteArray(protocolErrorName(violation.error))};
    else
        m_transportCloseRequested = true;
    if (m_state != ReadyState::Closed)
        setState(ReadyState::Closing);
}

std::vector<ConnectionEvent> Connection::takeEvents()
{
    // The next batch is likely as large as this one: keep that much room so that a busy connection does not
    // grow its event list from zero every time.
    std::vector<ConnectionEvent> next;
    next.reserve(std::min<size_t>(m_events.capacity(), 4096));
    std::swap(next, m_events);
    return next;
}

void Connection::takeEvents(std::vector<ConnectionEvent> &into)
{
    into.clear();
    std::swap(into, m_events);
}

void Connection::takePendingClose()
{
    if (m_pendingClose) {
        const PendingClose pending = *std::exchange(m_pendingClose, std::nullopt);
        if (!m_close.closeSent)
            sendCloseFrame(pending.code, pending.reason);
        if (m_failed)
            m_transportCloseRequested = true;
    }
}

QByteArray Connection::takeOutgoing()
{
    takePendingClose();
    QByteArray out;
    if (m_outgoing.size() == 1) {
        out = std::move(m_outgoing.first());
    } else if (!m_outgoing.isEmpty()) {
        out.reserve(m_outgoingSize);
        for (const QByteArray &chunk : std::as_const(m_outgoing))
            out.append(chunk);
    }
    m_outgoing.clear();
    m_outgoingSize = 0;
    m_lastOutgoingShared = false;
    return out;
}

void Connection::takeOutgoing(QList<QByteArray> &into)
{
    takePendingClose();
    recycleOutgoingTail();
    into.clear();
    into.swap(m_outgoing);
    m_outgoingSize = 0;
    m_lastOutgoingShared = false;
}

void Connection::transportClosed()
{
    if (m_state == ReadyState::Closed)
        return;
    m_close.wasClean = m_close.closeSent && m_close.closeReceived && !m_failed;
    if (!m_close.closeReceived)
        m_close.code = CloseCode::Abnormal;
    m_outgoingMessage.reset();
    setState(ReadyState::Closed);
    m_events.emplace_back(std::in_place_type<CloseEvent>, m_close);
}

void Connection::writeFrame(Frame &frame)
{
    // A large payload that goes out as it is (unmasked) is not copied: its buffer follows the header. A buffer of
    // its own costs the transport a write call of its own, so below this size copying is cheaper.
    constexpr qsizetype SharedPayloadMinimum = 256 * 1024;
    constexpr qsizetype MaxHeaderSize = 14;
    const bool shared = !frame.masked && frame.payload.size() >= SharedPayloadMinimum;
    const qsizetype needed = MaxHeaderSize + (shared ? 0 : frame.payload.size());
    if (m_outgoing.isEmpty() || m_lastOutgoingShared ||
        (m_outgoingBufferCapacity > 0 && m_outgoing.last().size() + needed > m_outgoing.last().capacity())) {
        recycleOutgoingTail();
        m_outgoing.emplace_back();
        if (m_outgoingBufferCapacity > 0) {
            // Large ones are recycled once the transport wrote them: fixed buffers, resident already.
            m_outgoing.last() = BufferRecycler::forThisThread().take(std::max(needed, m_outgoingBufferCapacity));
            m_outgoing.last().truncate(0); // keeps its capacity
        }
    }
    QByteArray &tail = m_outgoing.last();
    const qsizetype before = tail.size();
    if (shared) {
        FrameWriter::encodeHeader(frame, tail);
        m_outgoingSize += tail.size() - before + frame.payload.size();
        m_outgoing.append(frame.payload); // after the last use of `tail`, which this may move
        m_lastOutgoingShared = true;
    } else {
        FrameWriter::encode(frame, tail);
        m_outgoingSize += tail.size() - before;
        m_lastOutgoingShared = false;
    }
    if (m_frameEvents || frame.isControl())
        m_events.emplace_back(std::in_place_type<FrameEvent>, Direction::Outgoing, frame);
}

void Connection::recycleOutgoingTail()
{
    // The last buffer is full (or taken) when this is called: nothing is appended to it any more, so a
    // reference held elsewhere costs no copy.
    if (!m_outgoing.isEmpty() && !m_lastOutgoingShared && m_outgoing.last().capacity() >= BufferRecycler::MinimumSize)
        BufferRecycler::forThisThread().watch(m_outgoing.last());
}

Frame &Connection::withRoleMask(Frame &frame)
{
    // RFC 6455 5.3: a client masks every frame with a fresh unpredictable key; a server never masks.
    frame.masked = m_role == Role::Client;
    if (frame.masked)
        frame.maskKey = nextMaskKey();
    return frame;
}

MaskKey Connection::nextMaskKey()
{
    MaskKey key;
    m_options.random(key);
    return key;
}

bool Connection::sendMessage(Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes, bool compress)
{
    if (!beginMessage(type, payload, compress))
        return false;
    for (qsizetype i = 0; i < fragmentSizes.size(); ++i) {
        // A last size that reaches the end of the message carries FIN; otherwise a final frame takes the rest.
        if (i == fragmentSizes.size() - 1 && std::max<qint64>(fragmentSizes[i], 0) >= outgoingMessageRemaining())
            break;
        continueMessage(fragmentSizes[i]);
    }
    return finishMessage();
}

bool Connection::beginMessage(Opcode type, const QByteArray &payload, bool compress)
{
    // RFC 6455 5.5.1: no data frames after this side's close frame; before answering the peer's close, the
    // current message may still be sent. RFC 6455 5.4: the fragments of two messages do not interleave.
    if (!canSendData() || m_outgoingMessage)
        return false;
    m_outgoingMessage = OutgoingMessage{}; // empty, so moving it in costs next to nothing; filled in place
    OutgoingMessage &out = *m_outgoingMessage;
    out.message.type = type;
    out.message.payload = payload;
    out.message.compressed = compress && m_deflate;
    // RFC 7692 7.2.1: the whole message is compressed once; its fragments carry pieces of the compressed data.
    out.wire = out.message.compressed ? m_deflate->compress(payload).payload : payload;
    return true;
}

bool Connection::continueMessage(qint64 size)
{
    if (!m_outgoingMessage || !canSendData())
        return false;
    sendFragment(qsizetype(std::clamp<qint64>(size, 0, outgoingMessageRemaining())), false);
    return true;
}

bool Connection::finishMessage()
{
    if (!m_outgoingMessage || !canSendData())
        return false;
    sendFragment(outgoingMessageRemaining(), true);
    ++m_messagesSent;
    if (m_outgoingMessageEvents)
        m_events.emplace_back(std::in_place_type<MessageEvent>, Direction::Outgoing,
                              std::move(m_outgoingMessage->message));
    m_outgoingMessage.reset();
    return true;
}

qint64 Connection::outgoingMessageRemaining() const
{
    return m_outgoingMessage ? m_outgoingMessage->wire.size() - m_outgoingMessage->sent : 0;
}

void Connection::sendFragment(qsizetype size, bool fin)
{
    OutgoingMessage &out = *m_outgoingMessage;
    const bool first = out.frameCount == 0;
    Frame frame;
    // RFC 6455 5.4: the first frame carries the message's opcode, the others are continuation frames.
    frame.opcode = first ? out.message.type : Opcode::Continuation;
    // RFC 7692 6.1: RSV1 marks a compressed message on its first frame only.
    frame.rsv1 = first && out.message.compressed;
    frame.fin = fin;
    if (fin && out.sent == 0 && size == out.wire.size()) {
        // The whole message in one final frame: the wire bytes are not needed after it, and nothing remains.
        frame.payload = std::exchange(out.wire, QByteArray());
    } else {
        frame.payload = (out.sent == 0 && size == out.wire.size()) ? out.wire : out.wire.sliced(out.sent, size);
        out.sent += size;
    }
    withRoleMask(frame);
    frame.lengthEncoding = Frame::minimalLengthEncoding(quint64(frame.payload.size()));
    writeFrame(frame);
    ++out.frameCount;
    if (m_outgoingMessageEvents)
        out.message.frames.append(std::move(frame));
}

bool Connection::canSendData() const
{
    return !m_close.closeSent &&
           (m_state == ReadyState::Open || (m_state == ReadyState::Closing && m_pendingClose.has_value()));
}

bool Connection::ping(const QByteArray &payload)
{
    if (m_state != ReadyState::Open || payload.size() > 125)
        return false;
    Frame frame;
    frame.opcode = Opcode::Ping;
    frame.payload = payload;
    return sendFrame(withRoleMask(frame));
}

bool Connection::pong(const QByteArray &payload)
{
    if (m_state != ReadyState::Open || payload.size() > 125)
        return false;
    Frame frame;
    frame.opcode = Opcode::Pong;
    frame.payload = payload;
    return sendFrame(withRoleMask(frame));
}

bool Connection::close(quint16 code, const QByteArray &reason)
{
    if (m_state == ReadyState::Connecting) {
        // WHATWG: close() before the handshake finished fails the connection.
        setState(ReadyState::Closing);
        m_transportCloseRequested = true;
        return true;
    }
    // Either this side starts the close handshake, or it answers the peer's close with its own code.
    if (!canSendData())
        return false;
    if (checkCloseRequest(code, reason) != CloseRequestProblem::None)
        return false;
    const bool noCode = code == CloseCode::NoStatusReceived;
    if (m_close.initiator == CloseInitiator::None)
        m_close.initiator = CloseInitiator::Local;
    m_pendingClose.reset();
    sendCloseFrame(noCode ? std::nullopt : std::optional<quint16>(code), reason);
    setState(ReadyState::Closing);
    return true;
}

void Connection::sendCloseFrame(std::optional<quint16> code, const QByteArray &reason)
{
    Frame frame;
    frame.opcode = Opcode::Close;
    if (code) {
        frame.payload.resize(2);
        qToBigEndian<quint16>(*code, frame.payload.data());
        frame.payload.append(reason);
    }
    sendFrame(withRoleMask(frame));
}

bool Connection::sendFrame(Frame frame)
{
    if (m_state == ReadyState::Connecting || m_state == ReadyState::Closed)
        return false;
    if (frame.opcode == Opcode::Close && !m_close.closeSent) {
        m_close.closeSent = true;
        // RFC 6455 5.5.1: no data frames after a close frame; the message in progress stays unfinished.
        m_outgoingMessage.reset();
        if (frame.payload.size() >= 2) {
            m_close.sentCode = qFromBigEndian<quint16>(frame.payload.constData());
            m_close.sentReason = QString::fromUtf8(frame.payload.sliced(2));
        }
        if (m_close.initiator == CloseInitiator::None)
            m_close.initiator = CloseInitiator::Local;
        if (m_state == ReadyState::Open)
            setState(ReadyState::Closing);
        // The close handshake is complete when both close frames have gone: a server now closes TCP.
        if (m_close.closeReceived && m_role == Role::Server)
            m_transportCloseRequested = true;
    }
    writeFrame(frame);
    return true;
}

} // namespace sockscope::proto
