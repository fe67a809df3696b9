#pragma once

#include "connectioninfo.h"
#include "sessionwriter.h"

#include <QFile>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace sockscope::net {
class ClientConnection;
class Server;
class ServerClient;
} // namespace sockscope::net

namespace sockscope::session {

// Records live connections into a session file as they happen: each connection's options, its raw handshake,
// every frame in wire order and every message, errors and the close. The file is written continuously and
// flushed at least every flushIntervalMs (250 ms by default), so a crash or a kill loses less than a second and
// what was written reads back as a session cut short. finish() writes the End record that marks it complete.
// It records; it does not keep a log in memory or show anything.
class Recorder : public QObject
{
    Q_OBJECT
public:
    explicit Recorder(QObject *parent = nullptr);
    // Finishes the file.
    ~Recorder() override;

    // Creates (or replaces) the file and writes its header. False with errorString() when it cannot.
    bool open(const QString &path);
    bool isOpen() const { return m_file.isOpen(); }
    QString fileName() const { return m_file.fileName(); }
    QString errorString() const { return m_error; }
    // Writes the End record and closes the file, which is then a complete session. Recording stops.
    bool finish();
    void flush();
    void setFlushInterval(int ms) { m_flushTimer.setInterval(ms); }

    // Records a client connection from its next opening on. Every attempt (a reconnect, a new open()) becomes a
    // connection of its own in the file, with the same info.
    void addClient(net::ClientConnection *connection, const ConnectionInfo &info);
    // The same, with each attempt's info taken from the options the connection was opened with at that time, for
    // a connection that is opened again with other options (a workbench tab).
    void addClient(net::ClientConnection *connection);
    // Records each client the server accepts from now on, and in relay mode each client's upstream connection.
    void addServer(net::Server *server);
    void addServerClient(net::ServerClient *client);

    quint32 connectionCount() const { return m_nextId - 1; }
    quint64 recordCount() const { return m_writer ? m_writer->recordsWritten() : 0; }

    // The options of a client connection as a session file keeps them.
    static ConnectionInfo clientInfo(const QUrl &url, const QList<QByteArray> &subprotocols,
                                     const proto::HttpHeaders &headers, const QByteArray &origin, bool deflate);

signals:
    // Writing failed (a full disk, a removed drive): recording stopped and the file holds what came before.
    void failed(const QString &error);

private:
    quint32 startConnection(const ConnectionInfo &info, qint64 timestampUs);
    void write(const SessionRecord &record);
    void writeHead(RecordType type, quint32 connection, qint64 timestampUs, const QByteArray &raw);
    void writeNote(quint32 connection, qint64 timestampUs, NoteKind kind, const QString &text);
    void connectTransportSignals(QObject *source, const std::shared_ptr<quint32> &id);
    void addClient(net::ClientConnection *connection, std::function<ConnectionInfo()> info);

    QFile m_file;
    std::unique_ptr<SessionWriter> m_writer;
    QTimer m_flushTimer;
    QString m_error;
    quint32 m_nextId = 1;
    bool m_dirty = false;
};

} // namespace sockscope::session
