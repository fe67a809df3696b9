#include "recorder.h"

#include "net/clientconnection.h"
#include "net/clock.h"
#include "net/server.h"
#include "net/serverclient.h"

#include "proto/protocolerror.h"

#include <QMetaEnum>

namespace sockscope::session {

namespace {

QString address(const QHostAddress &host, quint16 port)
{
    return host.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]:%2").arg(host.toString()).arg(port)
                                                            : QStringLiteral("%1:%2").arg(host.toString()).arg(port);
}

template <typename E> QString enumName(E value)
{
    return QString::fromLatin1(QMetaEnum::fromType<E>().valueToKey(int(value)));
}

} // namespace

Recorder::Recorder(QObject *parent)
    : QObject(parent)
{
    m_flushTimer.setInterval(250);
    connect(&m_flushTimer, &QTimer::timeout, this, &Recorder::flush);
}

Recorder::~Recorder()
{
    finish();
}

bool Recorder::open(const QString &path)
{
    finish();
    m_error.clear();
    m_nextId = 1;
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = m_file.errorString();
        return false;
    }
    m_writer = std::make_unique<SessionWriter>(&m_file);
    if (!m_writer->writeFileHeader() || !m_file.flush()) {
        m_error = m_file.errorString();
        m_writer.reset();
        m_file.close();
        return false;
    }
    m_flushTimer.start();
    return true;
}

bool Recorder::finish()
{
    if (!m_writer)
        return m_error.isEmpty();
    SessionRecord end;
    end.type = RecordType::End;
    end.timestampUs = net::nowMicros();
    end.recordCount = m_writer->recordsWritten();
    write(end);
    m_flushTimer.stop();
    const bool ok = m_writer && m_file.flush();
    if (!ok && m_error.isEmpty())
        m_error = m_file.errorString();
    m_writer.reset();
    m_file.close();
    return ok;
}

void Recorder::flush()
{
    if (!m_writer || !m_dirty)
        return;
    m_dirty = false;
    if (!m_file.flush()) {
        m_error = m_file.errorString();
        m_writer.reset();
        m_file.close();
        m_flushTimer.stop();
        emit failed(m_error);
    }
}

void Recorder::write(const SessionRecord &record)
{
    if (!m_writer)
        return;
    if (!m_writer->write(record)) {
        m_error = m_writer->errorString();
        m_writer.reset();
        m_file.close();
        m_flushTimer.stop();
        emit failed(m_error);
        return;
    }
    m_dirty = true;
}

void Recorder::writeHead(RecordType type, quint32 connection, qint64 timestampUs, const QByteArray &raw)
{
    SessionRecord r;
    r.type = type;
    r.connection = connection;
    r.timestampUs = timestampUs;
    r.raw = raw;
    write(r);
}

void Recorder::writeNote(quint32 connection, qint64 timestampUs, NoteKind kind, const QString &text)
{
    SessionRecord r;
    r.type = RecordType::Note;
    r.connection = connection;
    r.timestampUs = timestampUs;
    r.noteKind = kind;
    r.text = text;
    write(r);
}

quint32 Recorder::startConnection(const ConnectionInfo &info, qint64 timestampUs)
{
    SessionRecord r;
    r.type = RecordType::Connection;
    r.connection = m_nextId++;
    r.timestampUs = timestampUs;
    r.info = info;
    write(r);
    return r.connection;
}

ConnectionInfo Recorder::clientInfo(const QUrl &url, const QList<QByteArray> &subprotocols,
                                    const proto::HttpHeaders &headers, const QByteArray &origin, bool deflate)
{
    ConnectionInfo info;
    info.side = Side::Client;
    info.url = url.toString(QUrl::FullyEncoded);
    info.subprotocols = subprotocols;
    info.headers = headers;
    info.origin = origin;
    info.deflate = deflate;
    return info;
}

// Frames, messages, protocol violations and the close come from a ClientConnection or a ServerClient under the
// same signal names; `id` is the recorded connection they belong to at the moment (0: none yet).
void Recorder::connectTransportSignals(QObject *source, const std::shared_ptr<quint32> &id)
{
    auto frame = [this, id](proto::Direction d) {
        return [this, id, d](const proto::Frame &f, qint64 t) {
            if (*id == 0)
                return;
            SessionRecord r;
            r.type = RecordType::Frame;
            r.connection = *id;
            r.timestampUs = t;
            r.direction = d;
            r.frame = f;
            write(r);
        };
    };
    auto message = [this, id](proto::Direction d) {
        return [this, id, d](const proto::Message &m, qint64 t) {
            if (*id == 0)
                return;
            SessionRecord r;
            r.type = RecordType::Message;
            r.connection = *id;
            r.timestampUs = t;
            r.direction = d;
            r.messageType = m.type;
            r.compressed = m.compressed;
            r.frameCount = quint32(m.frames.size());
            if (m.compressed)
                r.inflatedPayload = m.payload;
            write(r);
        };
    };
    auto violation = [this, id](const proto::ProtocolViolation &v) {
        if (*id == 0)
            return;
        writeNote(*id, net::nowMicros(), NoteKind::ProtocolViolation,
                  QStringLiteral("%1: %2").arg(QLatin1String(proto::protocolErrorName(v.error)), v.detail));
    };
    auto closed = [this, id](const proto::CloseInfo &info) {
        if (*id == 0)
            return;
        SessionRecord r;
        r.type = RecordType::Close;
        r.connection = *id;
        r.timestampUs = net::nowMicros();
        r.close = info;
        write(r);
    };
    if (auto *c = qobject_cast<net::ClientConnection *>(source)) {
        connect(c, &net::ClientConnection::frameReceived, this, frame(proto::Direction::Incoming));
        connect(c, &net::ClientConnection::frameSent, this, frame(proto::Direction::Outgoing));
        connect(c, &net::ClientConnection::messageReceived, this, message(proto::Direction::Incoming));
        connect(c, &net::ClientConnection::messageSent, this, message(proto::Direction::Outgoing));
        connect(c, &net::ClientConnection::protocolError, this, violation);
        connect(c, &net::ClientConnection::closed, this, closed);
    } else if (auto *s = qobject_cast<net::ServerClient *>(source)) {
        connect(s, &net::ServerClient::frameReceived, this, frame(proto::Direction::Incoming));
        connect(s, &net::ServerClient::frameSent, this, frame(proto::Direction::Outgoing));
        connect(s, &net::ServerClient::messageReceived, this, message(proto::Direction::Incoming));
        connect(s, &net::ServerClient::messageSent, this, message(proto::Direction::Outgoing));
        connect(s, &net::ServerClient::protocolError, this, violation);
        connect(s, &net::ServerClient::closed, this, closed);
    }
}

void Recorder::addClient(net::ClientConnection *connection, const ConnectionInfo &info)
{
    addClient(connection, std::function<ConnectionInfo()>([info] { return info; }));
}

void Recorder::addClient(net::ClientConnection *connection)
{
    const QPointer<net::ClientConnection> guard(connection);
    addClient(connection, std::function<ConnectionInfo()>([guard] {
                  if (!guard)
                      return ConnectionInfo();
                  const net::ClientOptions &o = guard->options();
                  return clientInfo(o.url, o.subprotocols, o.extraHeaders, o.origin, o.deflate);
              }));
}

void Recorder::addClient(net::ClientConnection *connection, std::function<ConnectionInfo()> info)
{
    auto id = std::make_shared<quint32>(0);
    // A new attempt starts a new recorded connection; it is written once the attempt does something.
    auto ensure = [this, id, info = std::move(info)](qint64 t) {
        if (*id == 0)
            *id = startConnection(info(), t);
        return *id;
    };
    connect(connection, &net::ClientConnection::stateChanged, this, [id](proto::ReadyState state) {
        if (state == proto::ReadyState::Connecting)
            *id = 0;
    });
    connect(connection, &net::ClientConnection::handshakeRequestSent, this,
            [this, ensure](const QByteArray &raw, qint64 t) {
                writeHead(RecordType::HandshakeRequest, ensure(t), t, raw);
            });
    connect(connection, &net::ClientConnection::handshakeResponseReceived, this,
            [this, ensure](const QByteArray &raw, qint64 t) {
                writeHead(RecordType::HandshakeResponse, ensure(t), t, raw);
            });
    connect(connection, &net::ClientConnection::errorOccurred, this,
            [this, ensure](net::ClientConnection::Error error, const QString &detail) {
                const qint64 t = net::nowMicros();
                writeNote(ensure(t), t, NoteKind::Error, QStringLiteral("%1: %2").arg(enumName(error), detail));
            });
    connect(connection, &net::ClientConnection::peerUnresponsive, this, [this, id](int missed, qint64 silentMs) {
        if (*id != 0)
            writeNote(*id, net::nowMicros(), NoteKind::Error,
                      QStringLiteral("PeerUnresponsive: no pong to %1 keep-alive pings in %2 ms; connection dropped")
                          .arg(missed)
                          .arg(silentMs));
    });
    connectTransportSignals(connection, id);
}

void Recorder::addServer(net::Server *server)
{
    connect(server, &net::Server::clientAccepted, this, &Recorder::addServerClient);
}

void Recorder::addServerClient(net::ServerClient *client)
{
    auto id = std::make_shared<quint32>(0);
    const QPointer<net::ServerClient> guard(client);
    auto *server = qobject_cast<net::Server *>(client->parent());
    const QUrl base = server ? server->url() : QUrl();
    // The URL the client asked for: the server's, with the path of the request line when there is one.
    auto ensure = [this, id, guard, base](qint64 t, const QByteArray &requestHead = {}) {
        if (*id == 0 && guard) {
            ConnectionInfo info;
            info.side = Side::Server;
            QUrl url = base;
            const QList<QByteArray> requestLine = requestHead.left(requestHead.indexOf('\r')).split(' ');
            if (requestLine.size() == 3 && requestLine[1].startsWith('/')) {
                const QByteArray &target = requestLine[1];
                const qsizetype query = target.indexOf('?');
                url.setPath(QString::fromLatin1(query < 0 ? target : target.left(query)), QUrl::TolerantMode);
                url.setQuery(query < 0 ? QString() : QString::fromLatin1(target.mid(query + 1)));
            }
            info.url = url.toString(QUrl::FullyEncoded);
            info.peerAddress = address(guard->peerAddress(), guard->peerPort());
            info.origin = guard->origin();
            *id = startConnection(info, t);
        }
        return *id;
    };
    connect(client, &net::ServerClient::handshakeRequestReceived, this,
            [this, ensure](const QByteArray &raw, qint64 t) {
                writeHead(RecordType::HandshakeRequest, ensure(t, raw), t, raw);
            });
    connect(client, &net::ServerClient::handshakeResponseSent, this, [this, ensure](const QByteArray &raw, qint64 t) {
        writeHead(RecordType::HandshakeResponse, ensure(t), t, raw);
    });
    connect(client, &net::ServerClient::errorOccurred, this,
            [this, ensure](net::ServerClient::Error error, const QString &detail) {
                const qint64 t = net::nowMicros();
                writeNote(ensure(t), t, NoteKind::Error, QStringLiteral("%1: %2").arg(enumName(error), detail));
            });
    // Relay: the upstream half is a client connection of its own in the file, named after the client it serves.
    const QPointer<net::Server> serverGuard(server);
    connect(
        client, &net::ServerClient::upstreamCreated, this, [this, guard, serverGuard](net::ClientConnection *upstream) {
            if (!guard || !serverGuard)
                return;
            const net::ClientOptions &options = serverGuard->options().upstream;
            ConnectionInfo info = clientInfo(options.url, guard->request().headers.tokens("Sec-WebSocket-Protocol"),
                                             options.extraHeaders, guard->origin(), options.deflate);
            info.name = QStringLiteral("relay upstream for %1").arg(address(guard->peerAddress(), guard->peerPort()));
            addClient(upstream, info);
        });
    connectTransportSignals(client, id);
}

} // namespace sockscope::session
