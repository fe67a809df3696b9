#pragma once

#include "capturewarning.h"
#include "sessionrecord.h"
#include "tcppacket.h"
#include "tcpreassembler.h"

#include "proto/httpheadparser.h"

#include <QList>

#include <memory>
#include <vector>

namespace sockscope::session {

// Turns the two byte streams of one captured TCP connection into the session records of a WebSocket connection
// seen from its client, the shape Recorder writes for a live one: Connection, HandshakeRequest,
// HandshakeResponse, every frame in capture order with its header bytes and unmasked payload, a Message record
// after the last frame of each message (inflated when permessage-deflate was negotiated in the captured
// handshake), Notes, and Close.
//
// A stream is a WebSocket connection when the client's bytes start with an HTTP request whose Upgrade field
// holds "websocket" (RFC 6455 4.1) and the server answers it with 101; an upgrade request answered otherwise
// becomes a connection with its refusal, like a refused live attempt. Streams that start with a TLS record or
// with anything else are recognised as such and left alone. A rule broken in the captured traffic does not
// stop the decoding of the other direction: the frames before it are kept and a Note says which rule was broken
// where, as a live client's log would show it; that direction is not decoded further.
//
// It gets bytes in order (TcpReassembler's chunks) and hands back records without connection numbers (the
// caller numbers connections as they appear); it does not read packets or files.
class WebSocketStreamDecoder
{
public:
    enum class Kind : quint8 {
        Undecided,     // not enough bytes yet
        WebSocket,     // upgraded with 101
        FailedUpgrade, // an upgrade request refused, answered with something that is not HTTP, or not answered
        Tls,           // starts with a TLS handshake record
        Other,         // anything else: plain HTTP, another protocol, a stream whose start the capture missed
    };

    struct Options {
        quint64 maxFramePayload = 64ull << 20;
        quint64 maxMessageSize = 64ull << 20;
    };

    WebSocketStreamDecoder(TcpEndpoint client, TcpEndpoint server, quint64 tcpStream, Options options);
    ~WebSocketStreamDecoder();
    WebSocketStreamDecoder(const WebSocketStreamDecoder &) = delete;
    WebSocketStreamDecoder &operator=(const WebSocketStreamDecoder &) = delete;

    void clientData(const TcpReassembler::Chunk &chunk);
    void serverData(const TcpReassembler::Chunk &chunk);
    // One direction stopped short: bytes are missing from the capture (its reassembler says where).
    void directionStopped(bool fromClient, TcpReassembler::State state, const TcpReassembler::Stop &stop,
                          qint64 timestampUs);
    // The connection is over: closed by FIN or RST (transportClosed), or the capture ended while it was open.
    void finish(qint64 timestampUs, bool transportClosed);

    Kind kind() const { return m_kind; }
    // Whether more bytes matter; false once the stream is known not to be a WebSocket connection, or is over.
    bool wantsData() const;
    // Records made since the last call, in order, with connection 0.
    std::vector<SessionRecord> takeRecords();
    // Problems found since the last call, without connection numbers.
    QList<CaptureWarning> takeWarnings();

private:
    struct Half;
    enum class Phase : quint8 { Request, Response, Open, Done };

    void feed(Half &half, const TcpReassembler::Chunk &chunk);
    void handleFrame(Half &half, proto::Frame frame, const TcpReassembler::Chunk &chunk, quint64 frameOffset);
    void stopHalf(Half &half, const proto::ProtocolViolation &violation, const TcpReassembler::Chunk &chunk,
                  quint64 frameOffset, quint64 frameNumber);
    void response(const TcpReassembler::Chunk &chunk);
    void open(const TcpReassembler::Chunk &chunk, qsizetype leftoverFrom);
    void startConnection();
    void addRecord(SessionRecord record);
    void addNote(qint64 timestampUs, NoteKind kind, const QString &text);
    void warn(CaptureWarning::Kind kind, quint64 packet, const QString &detail);
    QString halfName(const Half &half) const;

    TcpEndpoint m_clientEndpoint;
    TcpEndpoint m_serverEndpoint;
    quint64 m_tcpStream;
    Options m_options;
    Kind m_kind = Kind::Undecided;
    Phase m_phase = Phase::Request;
    proto::HttpHeadParser m_requestParser;
    proto::HttpHeadParser m_responseParser;
    qint64 m_requestStartUs = 0;
    qint64 m_requestDoneUs = 0;
    qint64 m_responseStartUs = 0;
    bool m_connectionStarted = false;
    QList<TcpReassembler::Chunk> m_earlyServer; // server bytes before the request was complete
    qint64 m_earlyServerBytes = 0;
    std::unique_ptr<Half> m_client; // client to server: recorded as Outgoing
    std::unique_ptr<Half> m_server; // server to client: recorded as Incoming
    quint64 m_closeOrder = 0;
    proto::ProtocolViolation m_serverViolation;
    std::vector<SessionRecord> m_records;
    QList<CaptureWarning> m_warnings;
};

} // namespace sockscope::session
