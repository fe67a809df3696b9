#include "mockscriptbuilder.h"

#include "proto/closecode.h"
#include "proto/httpheadparser.h"

#include <QtNumeric>

#include <limits>

namespace sockscope::session {

namespace {

// How long after `from` a record came, 0 for one out of order; saturated for timestamps far apart (a damaged
// file may hold any).
qint64 gapUs(qint64 at, qint64 from)
{
    qint64 gap = 0;
    if (qSubOverflow(at, from, &gap))
        return at > from ? std::numeric_limits<qint64>::max() : 0;
    return std::max<qint64>(0, gap);
}

std::optional<proto::HttpResponseHead> parsedResponse(const QByteArray &raw)
{
    if (raw.isEmpty())
        return std::nullopt;
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Response);
    if (parser.feed(raw) != proto::HttpHeadParser::Status::Complete)
        return std::nullopt;
    return parser.response();
}

// RFC 6455 5.5.1: an empty body, or a 2-byte code followed by a UTF-8 reason. Only a close that may be sent
// again is kept.
std::optional<net::MockClose> closeFromBody(const QByteArray &body)
{
    net::MockClose close;
    if (body.isEmpty()) {
        close.code = proto::CloseCode::NoStatusReceived;
    } else if (body.size() >= 2) {
        close.code = quint16((quint8(body[0]) << 8) | quint8(body[1]));
        close.reason = body.mid(2);
    } else {
        return std::nullopt;
    }
    if (proto::checkCloseRequest(close.code, close.reason) != proto::CloseRequestProblem::None)
        return std::nullopt;
    return close;
}

// The close the recorded server sent, as the connection's end says it, for a log without the close frame.
std::optional<net::MockClose> closeFromInfo(const RecordedConnection &c)
{
    if (!c.close)
        return std::nullopt;
    const proto::CloseInfo &info = *c.close;
    net::MockClose close;
    if (c.info.side == Side::Client) {
        if (!info.closeReceived)
            return std::nullopt;
        close.code = info.code;
        close.reason = info.code == proto::CloseCode::NoStatusReceived ? QByteArray() : info.reason.toUtf8();
        close.answered = info.initiator == proto::CloseInitiator::Local;
    } else {
        if (!info.closeSent)
            return std::nullopt;
        close.code = info.sentCode.value_or(proto::CloseCode::NoStatusReceived);
        close.reason = info.sentCode ? info.sentReason.toUtf8() : QByteArray();
        close.answered = info.initiator == proto::CloseInitiator::Remote;
    }
    if (proto::checkCloseRequest(close.code, close.reason) != proto::CloseRequestProblem::None)
        return std::nullopt;
    return close;
}

} // namespace

bool MockScriptBuilder::wasOpened(const RecordedConnection &connection)
{
    const auto response = parsedResponse(connection.response);
    return response && response->statusCode == 101;
}

const RecordedConnection *MockScriptBuilder::choose(const std::vector<std::unique_ptr<RecordedConnection>> &connections,
                                                    quint32 id, Problem *problem)
{
    auto result = [problem](const RecordedConnection *c, Problem p) {
        if (problem)
            *problem = p;
        return c;
    };
    if (connections.empty())
        return result(nullptr, Problem::NoConnection);
    for (const auto &c : connections) {
        if (id != 0 && c->id == id)
            return wasOpened(*c) ? result(c.get(), Problem::None) : result(nullptr, Problem::NotOpened);
        if (id == 0 && wasOpened(*c))
            return result(c.get(), Problem::None);
    }
    return result(nullptr, id != 0 ? Problem::NoSuchConnection : Problem::NoneOpened);
}

net::MockScript MockScriptBuilder::build(const RecordedConnection &connection)
{
    net::MockScript script;
    if (const auto response = parsedResponse(connection.response); response && response->statusCode == 101)
        script.protocol = response->headers.value("Sec-WebSocket-Protocol").trimmed();

    const proto::Direction fromServer =
        connection.info.side == Side::Client ? proto::Direction::Incoming : proto::Direction::Outgoing;
    // Delays count from the end of the handshake, then from each client message.
    qint64 anchorUs = connection.responseUs >= 0 ? connection.responseUs : connection.startedUs;
    std::optional<net::MockClose> close;
    qint64 closeUs = 0;
    bool clientClosed = false; // the client's close frame came first
    const MessageStore &log = connection.log;
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        const MessageRecord &r = log.at(i);
        if (r.isMessage()) {
            if (r.direction == fromServer) {
                net::MockMessage m{gapUs(r.timestampUs, anchorUs), r.opcode, r.payload};
                if (script.steps.isEmpty())
                    script.opening.append(std::move(m));
                else
                    script.steps.last().responses.append(std::move(m));
            } else {
                script.steps.append({r.opcode, r.payload, {}});
                anchorUs = r.timestampUs;
            }
        } else if (r.opcode == proto::Opcode::Close && r.direction != fromServer) {
            clientClosed = clientClosed || !close;
        } else if (r.opcode == proto::Opcode::Close && !r.payloadReleased && !close) {
            close = closeFromBody(r.payload);
            if (close)
                close->answered = clientClosed;
            closeUs = r.timestampUs;
        }
    }
    if (!close) {
        close = closeFromInfo(connection);
        closeUs = connection.closedUs;
    }
    if (close) {
        close->delayUs = gapUs(closeUs, anchorUs);
        script.close = std::move(close);
    }
    return script;
}

quint64 MockScriptBuilder::missingPayloads(const RecordedConnection &connection)
{
    const MessageStore &log = connection.log;
    quint64 missing = log.trimmedRecords();
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        if (log.at(i).payloadReleased && log.at(i).isMessage())
            ++missing;
    }
    return missing;
}

} // namespace sockscope::session
