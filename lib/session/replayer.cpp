#include "replayer.h"

#include "proto/httpheadparser.h"

namespace sockscope::session {

int ReplayResult::matchedCount() const
{
    return int(
        std::count_if(comparisons.begin(), comparisons.end(), [](const ReplayComparison &c) { return c.matched(); }));
}

namespace {

// Subprotocols the recorded request offered, for a connection recorded at the server side.
QList<QByteArray> offeredProtocols(const QByteArray &request)
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Request);
    if (parser.feed(request) != proto::HttpHeadParser::Status::Complete)
        return {};
    return parser.request().headers.tokens("Sec-WebSocket-Protocol");
}

} // namespace

Replayer::Replayer(const RecordedConnection &connection, ReplayOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_comparison(m_options.ignorePaths, m_options.jsonAware)
{
    // What the client sent goes out again; what the server sent is what to expect. At the server side of a
    // recording, that is the other way round.
    const bool clientSide = connection.info.side == Side::Client;
    const proto::Direction sent = clientSide ? proto::Direction::Outgoing : proto::Direction::Incoming;
    const qint64 base = connection.responseUs >= 0 ? connection.responseUs : connection.startedUs;
    const MessageStore &log = connection.log;
    for (quint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        const MessageRecord &r = log.at(i);
        if (!r.isMessage())
            continue;
        if (r.direction == sent)
            m_outgoing.append({qMax<qint64>(0, r.timestampUs - base), r.opcode, r.payload});
        else
            m_expected.append({r.opcode, r.payload});
    }

    m_clientOptions.url = m_options.url.isEmpty() ? QUrl(connection.info.url) : m_options.url;
    m_clientOptions.subprotocols = clientSide ? connection.info.subprotocols : offeredProtocols(connection.request);
    m_clientOptions.extraHeaders = connection.info.headers;
    m_clientOptions.origin = connection.info.origin;
    m_clientOptions.deflate = connection.info.deflate;
    m_clientOptions.handshakeTimeoutMs = m_options.handshakeTimeoutMs;
    m_clientOptions.skipCertificateVerification = m_options.skipCertificateVerification;
    m_result.url = m_clientOptions.url;
    m_result.messagesToSend = int(m_outgoing.size());

    m_sendTimer.setSingleShot(true);
    m_sendTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_sendTimer, &QTimer::timeout, this, &Replayer::sendNext);
    m_settleTimer.setSingleShot(true);
    m_settleTimer.setInterval(m_options.settleMs);
    connect(&m_settleTimer, &QTimer::timeout, this, [this] { finish(); });

    connect(&m_connection, &net::ClientConnection::opened, this, [this] {
        m_result.connected = true;
        m_clock.start();
        if (!m_options.stepwise)
            scheduleNext();
        checkDone();
    });
    connect(&m_connection, &net::ClientConnection::errorOccurred, this,
            [this](net::ClientConnection::Error, const QString &detail) { finish(detail); });
    connect(&m_connection, &net::ClientConnection::messageReceived, this,
            [this](const proto::Message &m) { received(m); });
    connect(&m_connection, &net::ClientConnection::closed, this, [this](const proto::CloseInfo &info) {
        m_result.close = info;
        finish();
    });
}

void Replayer::start()
{
    m_connection.open(m_clientOptions);
}

void Replayer::scheduleNext()
{
    if (m_next >= m_outgoing.size()) {
        checkDone();
        return;
    }
    if (m_options.speed <= 0) {
        m_sendTimer.start(0);
        return;
    }
    const qint64 dueUs = qint64(double(m_outgoing[m_next].offsetUs) / m_options.speed);
    const qint64 waitMs = qMax<qint64>(0, (dueUs - m_clock.nsecsElapsed() / 1000) / 1000);
    m_sendTimer.start(int(qMin<qint64>(waitMs, std::numeric_limits<int>::max())));
}

void Replayer::sendNext()
{
    if (m_finished || m_next >= m_outgoing.size())
        return;
    const Outgoing &o = m_outgoing[m_next];
    if (!m_connection.sendMessage(o.type, o.payload))
        return;
    ++m_result.messagesSent;
    emit messageSent(m_next);
    ++m_next;
    if (!m_options.stepwise)
        scheduleNext();
    else
        checkDone();
}

bool Replayer::step()
{
    if (m_finished || !m_result.connected || m_next >= m_outgoing.size())
        return false;
    sendNext();
    return true;
}

void Replayer::received(const proto::Message &message)
{
    ReplayComparison c;
    c.index = m_received++;
    c.actualPresent = true;
    c.actualType = message.type;
    c.actual = message.payload;
    if (c.index < m_expected.size()) {
        c.expectedPresent = true;
        c.expectedType = m_expected[c.index].first;
        c.expected = m_expected[c.index].second;
        c.differences = m_comparison.compare(c.expectedType, c.expected, c.actualType, c.actual);
    } else {
        c.differences.append(
            {QStringLiteral("$"), QStringLiteral("(no message)"),
             QStringLiteral("%1 %2 B").arg(QLatin1String(proto::opcodeName(c.actualType))).arg(c.actual.size())});
    }
    m_result.comparisons.append(c);
    emit responseCompared(c);
    checkDone();
}

void Replayer::checkDone()
{
    if (m_finished || m_next < m_outgoing.size())
        return;
    if (m_received >= m_expected.size()) {
        // Everything answered; a short grace for an extra message would only make the replay slower, so end.
        finish();
        return;
    }
    m_settleTimer.start();
}

void Replayer::stop()
{
    finish(QStringLiteral("stopped"));
}

void Replayer::finish(const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_sendTimer.stop();
    m_settleTimer.stop();
    if (!error.isEmpty() && m_result.error.isEmpty())
        m_result.error = error;
    // Recorded responses that never came.
    for (qsizetype i = m_received; i < m_expected.size(); ++i) {
        ReplayComparison c;
        c.index = i;
        c.expectedPresent = true;
        c.expectedType = m_expected[i].first;
        c.expected = m_expected[i].second;
        c.differences.append(
            {QStringLiteral("$"),
             QStringLiteral("%1 %2 B").arg(QLatin1String(proto::opcodeName(c.expectedType))).arg(c.expected.size()),
             QStringLiteral("(no message)")});
        m_result.comparisons.append(c);
        emit responseCompared(c);
    }
    if (m_connection.readyState() == proto::ReadyState::Open)
        m_connection.close(1000);
    else if (m_connection.readyState() == proto::ReadyState::Connecting)
        m_connection.abort();
    emit finished(m_result);
}

} // namespace sockscope::session
