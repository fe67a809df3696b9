#include "sessionhar.h"

#include "sessionassembler.h"

#include "proto/extensionheader.h"
#include "proto/framewriter.h"
#include "proto/httpheadparser.h"
#include "proto/httpsyntax.h"

#include <QHash>
#include <QUrl>
#include <QtEndian>

#include <cmath>
#include <deque>
#include <limits>
#include <optional>

namespace sockscope::session::sessionhar {

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Session to HAR

// A recorded head split into its start line's three parts and its header fields. HttpHeadParser reads the heads a
// valid handshake has; a head it refuses (a malformed answer is often why a connection was recorded, and a head
// rebuilt from a HAR file may carry HTTP/2 pseudo-headers or "http/1.1") is split line by line instead, so that
// every field it holds still shows.
struct SplitHead {
    QByteArray start[3];
    QList<HarHeader> headers;
};

QByteArray versionText(int major, int minor)
{
    return "HTTP/" + QByteArray::number(major) + '.' + QByteArray::number(minor);
}

SplitHead splitLeniently(QByteArrayView raw)
{
    SplitHead head;
    bool first = true;
    qsizetype pos = 0;
    while (pos < raw.size()) {
        qsizetype end = raw.indexOf('\n', pos);
        if (end < 0)
            end = raw.size();
        QByteArrayView line = raw.sliced(pos, end - pos);
        pos = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            first = false;
            for (int part = 0; part < 2; ++part) {
                const qsizetype space = line.indexOf(' ');
                head.start[part] = (space < 0 ? line : line.first(space)).toByteArray();
                line = space < 0 ? QByteArrayView() : line.sliced(space + 1);
            }
            head.start[2] = line.toByteArray();
            continue;
        }
        if (line.isEmpty())
            break; // the end of the head
        if (!head.headers.isEmpty() && proto::isOwsChar(line.front())) {
            // RFC 7230 3.2.4: obsolete line folding continues the previous field's value
            QByteArray &value = head.headers.back().value;
            value += ' ' + proto::trimOws(line).toByteArray();
            continue;
        }
        const qsizetype colon = line.indexOf(':', line.startsWith(':') ? 1 : 0); // ":authority: h" has a name
        if (colon < 0)
            head.headers.append({line.toByteArray(), QByteArray()});
        else
            head.headers.append(
                {line.first(colon).toByteArray(), proto::trimOws(line.sliced(colon + 1)).toByteArray()});
    }
    return head;
}

QList<HarHeader> harHeaders(const proto::HttpHeaders &headers)
{
    QList<HarHeader> out;
    out.reserve(headers.size());
    for (const auto &[name, value] : headers)
        out.append({name, value});
    return out;
}

SplitHead splitRequest(const QByteArray &raw)
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Request);
    if (parser.feed(raw) != proto::HttpHeadParser::Status::Complete)
        return splitLeniently(raw);
    const proto::HttpRequestHead &r = parser.request();
    return {{r.method, r.target, versionText(r.majorVersion, r.minorVersion)}, harHeaders(r.headers)};
}

SplitHead splitResponse(const QByteArray &raw)
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Response);
    if (parser.feed(raw) != proto::HttpHeadParser::Status::Complete)
        return splitLeniently(raw);
    const proto::HttpResponseHead &r = parser.response();
    return {{versionText(r.majorVersion, r.minorVersion), QByteArray::number(r.statusCode), r.reasonPhrase},
            harHeaders(r.headers)};
}

double milliseconds(qint64 us)
{
    return double(us) / 1000.0;
}

void fillHandshake(HarWebSocketEntry &e, const RecordedConnection &c)
{
    e.url = c.info.url;
    e.startedUs = c.startedUs;
    e.method = "GET";
    e.httpVersion = "HTTP/1.1";
    if (!c.request.isEmpty()) {
        SplitHead request = splitRequest(c.request);
        if (!request.start[0].isEmpty())
            e.method = request.start[0];
        if (!request.start[2].isEmpty())
            e.httpVersion = request.start[2];
        e.requestHeaders = std::move(request.headers);
    }
    if (!c.response.isEmpty()) {
        SplitHead response = splitResponse(c.response);
        bool ok = false;
        const int status = response.start[1].toInt(&ok);
        e.status = ok && status >= 0 && status <= 999 ? status : 0;
        e.responseHttpVersion = response.start[0];
        e.statusText = response.start[2];
        e.responseHeaders = std::move(response.headers);
    }
    // A session file knows when the connection started, when its request went out and when the answer came; it
    // does not tell DNS, TCP and TLS apart, so everything before the request is "connect".
    if (c.requestUs >= 0 && c.requestUs >= c.startedUs) {
        e.timings.connect = milliseconds(c.requestUs - c.startedUs);
        e.timings.send = 0;
        if (c.responseUs >= c.requestUs) {
            e.timings.wait = milliseconds(c.responseUs - c.requestUs);
            e.timings.receive = 0;
        }
    }
}

void appendLogRecord(HarWebSocketEntry &e, Side side, const MessageRecord &r, qsizetype *released)
{
    const bool fromClient = (r.direction == proto::Direction::Outgoing) == (side == Side::Client);
    e.messages.append(
        {fromClient ? HarMessageType::Send : HarMessageType::Receive, r.timestampUs, int(r.opcode), r.payload});
    if (r.payloadReleased && released)
        ++*released;
}

void appendNote(HarWebSocketEntry &e, const SessionRecord &note)
{
    if (note.noteKind == NoteKind::Info)
        return;
    e.messages.append({HarMessageType::Error, note.timestampUs, -1, note.text.toUtf8()});
}

// ---------------------------------------------------------------------------------------------------------------
// HAR to session

proto::HttpHeaders httpHeaders(const QList<HarHeader> &headers)
{
    proto::HttpHeaders out;
    for (const HarHeader &h : headers)
        out.append(h.name, h.value);
    return out;
}

bool offersDeflate(const proto::HttpHeaders &headers)
{
    if (!headers.contains("Sec-WebSocket-Extensions"))
        return false;
    const auto extensions = proto::parseExtensionHeader(headers.combinedValue("Sec-WebSocket-Extensions"));
    if (!extensions)
        return false;
    return std::any_of(extensions->begin(), extensions->end(), [](const proto::ExtensionOffer &x) {
        return proto::equalsIgnoringAsciiCase(x.name, "permessage-deflate");
    });
}

// The fields a client's handshake writes itself (ClientHandshake): replaying with the recorded ones would send a
// stale key or the wrong Host. Origin, subprotocols and extensions have their own places in ConnectionInfo.
bool generatedByHandshake(QByteArrayView name)
{
    static constexpr const char *generated[] = {"Host",
                                                "Upgrade",
                                                "Connection",
                                                "Sec-WebSocket-Key",
                                                "Sec-WebSocket-Version",
                                                "Sec-WebSocket-Extensions",
                                                "Sec-WebSocket-Protocol",
                                                "Origin",
                                                "Content-Length",
                                                "Transfer-Encoding"};
    for (const char *g : generated) {
        if (proto::equalsIgnoringAsciiCase(name, g))
            return true;
    }
    return false;
}

bool isFieldValue(QByteArrayView value)
{
    return std::all_of(value.begin(), value.end(), proto::isFieldValueChar);
}

ConnectionInfo connectionInfo(const HarWebSocketEntry &e, const proto::HttpHeaders &request)
{
    ConnectionInfo info;
    info.side = Side::Client;
    info.url = e.url;
    info.subprotocols = request.tokens("Sec-WebSocket-Protocol");
    info.origin = request.value("Origin");
    info.deflate = offersDeflate(request);
    // Only fields a replay can send as they are: a token for a name, no line break or control byte in the value.
    for (const auto &[name, value] : request) {
        if (!generatedByHandshake(name) && proto::isToken(name) && isFieldValue(value))
            info.headers.append(name, value);
    }
    return info;
}

// A head is text lines; a line break or NUL inside a HAR value would split or end one, so they become spaces.
QByteArray headText(QByteArray bytes)
{
    for (char &c : bytes) {
        if (c == '\r' || c == '\n' || c == '\0')
            c = ' ';
    }
    return bytes;
}

void appendFields(QByteArray &out, const QList<HarHeader> &headers)
{
    for (const HarHeader &h : headers)
        out += headText(h.name) + ": " + headText(h.value) + "\r\n";
}

QByteArray requestHead(const HarWebSocketEntry &e)
{
    // RFC 6455 3: the resource name is the path ("/" when empty) and "?" query when there is one
    const QUrl url(e.url);
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray out = headText(e.method.isEmpty() ? QByteArray("GET") : e.method) + ' ' + headText(target) + ' ' +
                     headText(e.httpVersion.isEmpty() ? QByteArray("HTTP/1.1") : e.httpVersion) + "\r\n";
    appendFields(out, e.requestHeaders);
    return out + "\r\n";
}

QByteArray responseHead(const HarWebSocketEntry &e)
{
    QByteArray version = e.responseHttpVersion;
    if (version.isEmpty())
        version = e.httpVersion.isEmpty() ? QByteArray("HTTP/1.1") : e.httpVersion;
    QByteArray out = headText(version) + ' ' + QByteArray::number(e.status).rightJustified(3, '0') + ' ' +
                     headText(e.statusText) + "\r\n";
    appendFields(out, e.responseHeaders);
    return out + "\r\n";
}

// HAR timings are milliseconds, -1 when unknown; anything else that is not a usable duration counts as 0.
qint64 microseconds(double ms)
{
    if (!std::isfinite(ms) || ms <= 0 || ms > 1e12)
        return 0;
    return qint64(std::llround(ms * 1000.0));
}

proto::Frame synthesizedFrame(proto::Opcode opcode, const QByteArray &payload, bool fromClient)
{
    proto::Frame f;
    f.fin = true;
    f.opcode = opcode;
    // RFC 6455 5.3: a client masks every frame; the key a HAR file does not give is written as zeros.
    f.masked = fromClient;
    f.maskKey = {0, 0, 0, 0};
    f.lengthEncoding = proto::Frame::minimalLengthEncoding(quint64(payload.size()));
    f.payload = payload;
    const QByteArray header = proto::FrameWriter::header(f);
    f.header.assign(header.constData(), int(header.size()));
    return f;
}

// RFC 6455 5.5.1: a close frame's body is an optional 2-byte code, then a UTF-8 reason.
std::optional<quint16> closeCode(const QByteArray &body)
{
    if (body.size() < 2)
        return std::nullopt;
    return qFromBigEndian<quint16>(body.constData());
}

QString closeReason(const QByteArray &body)
{
    return body.size() > 2 ? QString::fromUtf8(body.sliced(2)) : QString();
}

void appendConnection(QList<SessionRecord> &out, const HarWebSocketEntry &e, quint32 id)
{
    const proto::HttpHeaders request = httpHeaders(e.requestHeaders);
    const proto::HttpHeaders response = httpHeaders(e.responseHeaders);
    auto record = [&](RecordType type, qint64 timestampUs) -> SessionRecord & {
        SessionRecord r;
        r.type = type;
        r.connection = id;
        r.timestampUs = timestampUs;
        out.append(std::move(r));
        return out.back();
    };

    record(RecordType::Connection, e.startedUs).info = connectionInfo(e, request);
    SessionRecord &note = record(RecordType::Note, e.startedUs);
    note.noteKind = NoteKind::Info;
    note.text = synthesizedNote(e.status == 101 && offersDeflate(response));

    const HarTimings &t = e.timings;
    const qint64 requestUs = e.startedUs + microseconds(t.blocked) + microseconds(t.dns) + microseconds(t.connect);
    // An entry cut short by an error in the file may end before its request (Chrome writes the messages first).
    const bool requestRead = !e.method.isEmpty() || !e.url.isEmpty() || !e.requestHeaders.isEmpty();
    if (requestRead)
        record(RecordType::HandshakeRequest, requestUs).raw = requestHead(e);
    if (e.status != 0) {
        const qint64 responseUs = requestUs + microseconds(t.send) + microseconds(t.wait) + microseconds(t.receive);
        record(RecordType::HandshakeResponse, responseUs).raw = responseHead(e);
    }

    std::optional<std::pair<qint64, QByteArray>> sentClose, receivedClose; // the first of each direction
    for (const HarWebSocketMessage &m : e.messages) {
        if (m.type == HarMessageType::Error || m.opcode < 0 || m.opcode > 15) {
            SessionRecord &error = record(RecordType::Note, m.timestampUs);
            error.noteKind = NoteKind::Error;
            error.text = QString::fromUtf8(m.payload);
            continue;
        }
        const bool fromClient = m.type == HarMessageType::Send;
        const auto direction = fromClient ? proto::Direction::Outgoing : proto::Direction::Incoming;
        const auto opcode = proto::Opcode(m.opcode);
        SessionRecord &frame = record(RecordType::Frame, m.timestampUs);
        frame.direction = direction;
        frame.frame = synthesizedFrame(opcode, m.payload, fromClient);
        if (opcode == proto::Opcode::Text || opcode == proto::Opcode::Binary) {
            SessionRecord &message = record(RecordType::Message, m.timestampUs);
            message.direction = direction;
            message.messageType = opcode;
            message.frameCount = 1;
        } else if (opcode == proto::Opcode::Close) {
            auto &close = fromClient ? sentClose : receivedClose;
            if (!close)
                close.emplace(m.timestampUs, m.payload);
        }
    }

    // The close handshake as the client saw it; a file without close frames does not say how the connection ended.
    if (sentClose || receivedClose) {
        proto::CloseInfo c;
        c.closeSent = sentClose.has_value();
        c.closeReceived = receivedClose.has_value();
        c.wasClean = c.closeSent && c.closeReceived;
        if (receivedClose) {
            c.code = closeCode(receivedClose->second).value_or(1005);
            c.reason = closeReason(receivedClose->second);
        }
        if (sentClose) {
            c.sentCode = closeCode(sentClose->second);
            c.sentReason = closeReason(sentClose->second);
        }
        if (sentClose && (!receivedClose || sentClose->first <= receivedClose->first))
            c.initiator = proto::CloseInitiator::Local;
        else
            c.initiator = proto::CloseInitiator::Remote;
        const qint64 endUs = std::max(sentClose ? sentClose->first : std::numeric_limits<qint64>::min(),
                                      receivedClose ? receivedClose->first : std::numeric_limits<qint64>::min());
        record(RecordType::Close, endUs).close = c;
    }
}

} // namespace

QString synthesizedNote(bool deflateNegotiated)
{
    QString text = QStringLiteral(
        "Converted from a HAR file, which lists messages but not frames: each message is one synthesized frame "
        "(FIN set, frames from the client masked with the key 00 00 00 00), and the handshake heads are rebuilt "
        "from the headers the file lists.");
    if (deflateNegotiated)
        text += QStringLiteral(" permessage-deflate was negotiated; the file holds the inflated payloads, which are "
                               "stored here uncompressed.");
    return text;
}

SessionHar toHar(QIODevice &sessionFile)
{
    SessionHar out;
    SessionReader reader(&sessionFile);
    // The assembler checks that the records agree with each other, as when the file is opened, and keeps each
    // connection's handshake; the log is built here from the records, so its logs need no payloads.
    SessionAssembler assembler(StoreLimits{std::numeric_limits<quint64>::max(), 0});
    // Messages go where their Message record is, as in the log; a data frame no Message record claims stays where
    // it was on the wire. Each data frame is listed at once and taken out again when a message claims it.
    constexpr int claimed = std::numeric_limits<int>::min();
    struct Building {
        qsizetype entry = 0;
        Side side = Side::Client;
        std::deque<qsizetype> pending[2]; // by direction: data frames no message has claimed yet
        bool anyClaimed = false;
    };
    QHash<quint32, Building> building;
    SessionRecord r;
    while (reader.next(r) == SessionReader::Status::Record) {
        QString why;
        if (!assembler.add(r, &why)) {
            out.error = {SessionReadError::Kind::Malformed, r.offset, reader.recordsRead() - 1, why};
            break;
        }
        if (r.type == RecordType::End)
            continue;
        if (r.type == RecordType::Connection) {
            building.insert(r.connection, {out.entries.size(), r.info.side, {}, false});
            out.entries.append(HarWebSocketEntry());
            continue;
        }
        Building &b = building[r.connection];
        QList<HarWebSocketMessage> &messages = out.entries[b.entry].messages;
        const bool fromClient = (r.direction == proto::Direction::Outgoing) == (b.side == Side::Client);
        const HarMessageType type = fromClient ? HarMessageType::Send : HarMessageType::Receive;
        switch (r.type) {
        case RecordType::Frame:
            if (!r.frame.isControl())
                b.pending[int(r.direction)].push_back(messages.size());
            messages.append({type, r.timestampUs, int(r.frame.opcode), r.frame.payload});
            break;
        case RecordType::Message: {
            std::deque<qsizetype> &pending = b.pending[int(r.direction)];
            while (pending.size() > r.frameCount) // frames of no message, left where they are
                pending.pop_front();
            QByteArray payload;
            for (const qsizetype i : pending) {
                if (!r.compressed)
                    payload += messages[i].payload;
                messages[i].opcode = claimed;
            }
            pending.clear();
            b.anyClaimed = true;
            messages.append({type, r.timestampUs, int(r.messageType), r.compressed ? r.inflatedPayload : payload});
            break;
        }
        case RecordType::Note: appendNote(out.entries[b.entry], r); break;
        default: break;
        }
    }
    for (const auto &c : assembler.connections()) {
        const Building &b = building[c->id];
        HarWebSocketEntry &e = out.entries[b.entry];
        if (b.anyClaimed)
            e.messages.removeIf([](const HarWebSocketMessage &m) { return m.opcode == claimed; });
        fillHandshake(e, *c);
    }
    if (!out.error)
        out.error = reader.error();
    out.complete = reader.complete() && !out.error;
    return out;
}

HarWebSocketEntry toHarEntry(const RecordedConnection &connection, qsizetype *releasedPayloads)
{
    HarWebSocketEntry e;
    fillHandshake(e, connection);
    const MessageStore &log = connection.log;
    qsizetype note = 0;
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        const MessageRecord &r = log.at(i);
        for (; note < connection.notes.size() && connection.notes.at(note).timestampUs < r.timestampUs; ++note)
            appendNote(e, connection.notes.at(note));
        appendLogRecord(e, connection.info.side, r, releasedPayloads);
    }
    for (; note < connection.notes.size(); ++note)
        appendNote(e, connection.notes.at(note));
    return e;
}

QList<SessionRecord> toSessionRecords(const QList<HarWebSocketEntry> &entries, bool complete)
{
    QList<SessionRecord> out;
    quint32 id = 0;
    for (const HarWebSocketEntry &e : entries)
        appendConnection(out, e, ++id);
    if (complete) {
        SessionRecord end;
        end.type = RecordType::End;
        end.timestampUs =
            out.isEmpty() ? 0 : std::max_element(out.begin(), out.end(), [](const auto &a, const auto &b) {
                                    return a.timestampUs < b.timestampUs;
                                })->timestampUs;
        end.recordCount = quint64(out.size());
        out.append(end);
    }
    return out;
}

QList<SessionRecord> toSessionRecords(const HarReadResult &har)
{
    QList<SessionRecord> out = toSessionRecords(har.entries, !har.error);
    if (har.error && har.lastEntryPartial && !har.entries.isEmpty()) {
        SessionRecord note;
        note.type = RecordType::Note;
        note.connection = quint32(har.entries.size());
        note.timestampUs = har.entries.back().startedUs;
        for (const SessionRecord &r : out) {
            if (r.connection == note.connection)
                note.timestampUs = std::max(note.timestampUs, r.timestampUs);
        }
        note.noteKind = NoteKind::Error;
        note.text = QStringLiteral("The HAR file could not be read further: %1").arg(har.error.message());
        out.append(note);
    }
    return out;
}

} // namespace sockscope::session::sessionhar
