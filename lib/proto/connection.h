#pragma once

#include "frameparser.h"
#include "framevalidator.h"
#include "message.h"
#include "messageassembler.h"
#include "protocolerror.h"
#include "randomsource.h"
#include "role.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <variant>
#include <vector>

namespace sockscope::proto {

struct DeflateParameters;
class PerMessageDeflate;

// The browser API's readyState (WHATWG WebSockets: CONNECTING, OPEN, CLOSING, CLOSED).
enum class ReadyState : quint8 { Connecting, Open, Closing, Closed };
enum class Direction : quint8 { Incoming, Outgoing };
// Who sent the first close frame; None when the transport ended without one.
enum class CloseInitiator : quint8 { None, Local, Remote };

const char *readyStateName(ReadyState state);

// How a connection ended, in the browser's terms (code, reason, wasClean) plus what the wire showed.
struct CloseInfo {
    // WHATWG CloseEvent.code: the received close code, 1005 when the close frame had none, 1006 when no close
    // frame arrived at all.
    quint16 code = 1006;
    QString reason;
    bool wasClean = false;
    CloseInitiator initiator = CloseInitiator::None;
    bool closeSent = false;
    bool closeReceived = false;
    std::optional<quint16> sentCode; // empty when our close frame had no body
    QString sentReason;
    ProtocolViolation error; // the rule the peer broke when this side failed the connection
};

struct ConnectionOptions {
    quint64 maxFramePayload = 64ull << 20;
    quint64 maxMessageSize = 64ull << 20;
    bool autoPong = true;
    RandomSource random = systemRandomSource(); // mask keys of a client
};

// Every frame in either direction, as it went over the wire.
struct FrameEvent {
    FrameEvent(Direction d, const Frame &f)
        : direction(d)
        , frame(f)
    {}
    FrameEvent(Direction d, Frame &&f)
        : direction(d)
        , frame(std::move(f))
    {}
    Direction direction;
    Frame frame;
};
// A complete message in either direction.
struct MessageEvent {
    MessageEvent(Direction d, const Message &m)
        : direction(d)
        , message(m)
    {}
    MessageEvent(Direction d, Message &&m)
        : direction(d)
        , message(std::move(m))
    {}
    Direction direction;
    Message message;
};
struct StateEvent {
    explicit StateEvent(ReadyState s)
        : state(s)
    {}
    ReadyState state;
};
// The peer broke a rule; the connection is being failed with closeCodeFor(violation.error).
struct ProtocolErrorEvent {
    explicit ProtocolErrorEvent(ProtocolViolation v)
        : violation(std::move(v))
    {}
    ProtocolViolation violation;
};
// The connection reached CLOSED.
struct CloseEvent {
    explicit CloseEvent(CloseInfo i)
        : info(std::move(i))
    {}
    CloseInfo info;
};
using ConnectionEvent = std::variant<FrameEvent, MessageEvent, StateEvent, ProtocolErrorEvent, CloseEvent>;

// The RFC 6455 state machine of one open connection, sans I/O: the transport feeds received bytes to
// receive() and writes what takeOutgoing() returns; what happened comes out of takeEvents(). It assembles
// messages, validates everything the peer sends (failing the connection with the right close code), answers
// pings (unless told not to), runs the close handshake (RFC 6455 7.1) and reports close code, reason,
// wasClean and who closed first. The opening handshake is not here (ClientHandshake / ServerHandshake): the
// transport calls open() once it succeeded.
class Connection
{
public:
    explicit Connection(Role role, ConnectionOptions options = {});
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    Role role() const { return m_role; }
    ReadyState readyState() const { return m_state; }
    const CloseInfo &closeInfo() const { return m_close; }
    bool compressionNegotiated() const { return m_deflate != nullptr; }
    void setAutoPong(bool on) { m_options.autoPong = on; }
    // Whether data frames (text, binary, continuation) become FrameEvents. On by default; a transport whose
    // frames nobody watches turns it off, which saves building two events per echoed message. Control frames,
    // frames that break a rule and MessageEvents (which carry their frames) are reported either way.
    void setFrameEventsEnabled(bool on) { m_frameEvents = on; }
    bool frameEventsEnabled() const { return m_frameEvents; }
    // Whether messages this side sends become MessageEvents (with their frames). On by default; a transport
    // whose sent messages nobody watches turns it off and reads messagesSent() instead.
    void setOutgoingMessageEventsEnabled(bool on) { m_outgoingMessageEvents = on; }
    bool outgoingMessageEventsEnabled() const { return m_outgoingMessageEvents; }
    // Data messages sent completely (finishMessage() or sendMessage() succeeded), whether reported or not.
    quint64 messagesSent() const { return m_messagesSent; }
    bool autoPong() const { return m_options.autoPong; }

    // CONNECTING -> OPEN after a successful opening handshake, with permessage-deflate when it was negotiated.
    void open(const DeflateParameters *deflate = nullptr);
    void open(const DeflateParameters &deflate) { open(&deflate); }

    // Bytes from the transport. Every frame and message in them becomes an event, so a transport that reads
    // megabytes at a time bounds its event memory by passing them in slices (64 KiB is plenty) and taking the
    // events after each.
    void receive(QByteArrayView bytes);
    // The transport ended (peer closed TCP, reset, or this side closed it): CLOSED.
    void transportClosed();

    // Sending; each returns false and sends nothing when the state does not allow it.
    bool sendText(const QByteArray &utf8) { return sendMessage(Opcode::Text, utf8); }
    bool sendBinary(const QByteArray &data) { return sendMessage(Opcode::Binary, data); }
    // A message split into frames carrying the given payload sizes (the last frame takes the rest); compressed
    // first when permessage-deflate is on and `compress` is set.
    bool sendMessage(Opcode type, const QByteArray &payload, const QList<qint64> &fragmentSizes = {},
                     bool compress = true);
    // A message sent one frame at a time (RFC 6455 5.4), so that time and control frames can pass between its
    // fragments. beginMessage() takes the whole payload, compresses it as one message when permessage-deflate is
    // on and `compress` is set, and sends nothing; continueMessage() sends the next `size` bytes of what goes on
    // the wire (the compressed bytes when compressed) as a frame without FIN; finishMessage() sends the rest with
    // FIN and reports the message. While a message is in progress, sendMessage() and beginMessage() refuse (data
    // frames of two messages must not interleave); ping(), pong() and close() do not. This side's close frame
    // abandons the message.
    bool beginMessage(Opcode type, const QByteArray &payload, bool compress = true);
    bool continueMessage(qint64 size);
    bool finishMessage();
    bool outgoingMessageInProgress() const { return m_outgoingMessage.has_value(); }
    // Wire bytes of the message in progress not sent yet.
    qint64 outgoingMessageRemaining() const;
    bool ping(const QByteArray &payload = {});
    bool pong(const QByteArray &payload = {});
    // Starts the close handshake. code 1005 sends a close frame without a body. Only codes that may be sent and
    // reasons of at most 123 bytes of UTF-8 are accepted here; sendFrame() sends anything.
    bool close(quint16 code = 1000, const QByteArray &reason = {});
    // Any frame, valid or not, exactly as given, mask key included. A close frame counts as this side's close.
    bool sendFrame(Frame frame);
    // A mask key from the connection's random source.
    MaskKey nextMaskKey();

    // What to write to the transport now. A close frame this side owes (the answer to the peer's close, or the
    // one failing the connection) is added here, after what the application sent in reply to the messages
    // that arrived before it. Check transportCloseRequested() after writing this.
    QByteArray takeOutgoing();
    // The same as a list of buffers to write in order, so that a large unmasked payload (a server's) goes out
    // as the buffer it came in, shared instead of copied behind its header. `into` is cleared first.
    void takeOutgoing(QList<QByteArray> &into);
    qsizetype outgoingSize() const { return m_outgoingSize; }
    // While frames gather between two takeOutgoing() calls, they are copied into buffers of this capacity
    // (more for a larger frame), a new one when the last is full, instead of a buffer that grows and moves.
    // 0, the default: one buffer that grows.
    void setOutgoingBufferCapacity(qsizetype bytes) { m_outgoingBufferCapacity = bytes; }
    // What happened since the last call, in order.
    std::vector<ConnectionEvent> takeEvents();
    // The same into a vector the caller keeps: `into` is cleared and swapped with the pending events, so two
    // vectors take turns and a busy connection does not allocate its event list again for every read.
    void takeEvents(std::vector<ConnectionEvent> &into);
    // The transport should be closed now: by a server once the close handshake is done (RFC 6455 7.1.1), and
    // by either side after failing the connection (7.1.7). A client waits for the server to close.
    bool transportCloseRequested() const { return m_transportCloseRequested; }

private:
    void setState(ReadyState state);
    void handleFrame(Frame frame);
    void handleClose(const Frame &frame);
    void fail(const ProtocolViolation &violation);
    void recycleOutgoingTail();
    void writeFrame(Frame &frame);
    Frame &withRoleMask(Frame &frame);
    void sendCloseFrame(std::optional<quint16> code, const QByteArray &reason);
    bool canSendData() const;
    void sendFragment(qsizetype size, bool fin);

    Role m_role;
    ConnectionOptions m_options;
    ReadyState m_state = ReadyState::Connecting;
    FrameParser m_parser;
    FrameValidator m_validator;
    MessageAssembler m_assembler;
    std::unique_ptr<PerMessageDeflate> m_deflate;
    CloseInfo m_close;
    bool m_failed = false;
    bool m_frameEvents = true;
    bool m_outgoingMessageEvents = true;
    quint64 m_messagesSent = 0;
    bool m_transportCloseRequested = false;
    // A close frame this side owes: the answer to the peer's close, or the one failing the connection.
    struct PendingClose {
        std::optional<quint16> code;
        QByteArray reason;
    };
    std::optional<PendingClose> m_pendingClose;
    // The message begun with beginMessage(): what goes on the wire and how much of it has gone.
    struct OutgoingMessage {
        Message message;
        QByteArray wire;
        qsizetype sent = 0;
        qsizetype frameCount = 0; // frames sent so far (message.frames stays empty when nobody watches)
    };
    std::optional<OutgoingMessage> m_outgoingMessage;

    void takePendingClose();

    // Wire bytes owed, in order: small frames encoded back to back, large unmasked payloads as shared buffers.
    QList<QByteArray> m_outgoing;
    qsizetype m_outgoingSize = 0;
    qsizetype m_outgoingBufferCapacity = 0;
    bool m_lastOutgoingShared = false; // the last buffer is a shared payload: nothing may be appended to it
    std::vector<ConnectionEvent> m_events;
};

} // namespace sockscope::proto
