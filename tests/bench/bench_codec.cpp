// Receive-side codec throughput: parse + unmask + UTF-8 validate + assemble, for client-to-server messages
// of 32 B to 16 MiB. Prints, side by side:
//   memory    sockscope's Connection fed from a buffer in 64 KiB reads (the codec alone)
//   loopback  sockscope's Connection fed by a QTcpSocket over 127.0.0.1
//   Qt        QWebSocket (QWebSocketServer) receiving the same bytes over 127.0.0.1
// The loopback sender is a separate thread writing pre-encoded frames as fast as the socket takes them; each
// loopback figure is the best of three runs, for both implementations.
// Not a test: it prints figures.

#include "proto/connection.h"
#include "proto/framewriter.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <atomic>
#include <chrono>
#include <cstdio>

using namespace sockscope::proto;
using Clock = std::chrono::steady_clock;

namespace {

struct Workload {
    Opcode type;
    qsizetype size;
    int count;
    QByteArray wire; // masked client frames, back to back
    qint64 payloadBytes() const { return qint64(size) * count; }
};

QByteArray textPayload(qsizetype size)
{
    static const char words[] = "the quick brown fox jumps over the lazy dog {\"id\":12345,\"ok\":true} ";
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = words[i % (sizeof(words) - 1)];
    return out;
}

Workload makeWorkload(Opcode type, qsizetype size)
{
    Workload w{type, size, int(std::clamp<qint64>((64ll << 20) / size, 4, 400000)), {}};
    const QByteArray payload = textPayload(size);
    w.wire.reserve((size + 14) * w.count);
    quint32 key = 0x9e3779b9u;
    for (int i = 0; i < w.count; ++i) {
        Frame f;
        f.opcode = type;
        f.payload = payload;
        f.masked = true;
        key = key * 1664525u + 1013904223u;
        f.maskKey = {quint8(key), quint8(key >> 8), quint8(key >> 16), quint8(key >> 24)};
        FrameWriter::encode(f, w.wire);
    }
    return w;
}

// How a transport drives a Connection: 64 KiB slices, events taken after each into a reused vector.
int feed(Connection &c, QByteArrayView bytes, std::vector<ConnectionEvent> &events)
{
    int messages = 0;
    for (qsizetype pos = 0; pos < bytes.size(); pos += 65536) {
        c.receive(bytes.sliced(pos, std::min<qsizetype>(65536, bytes.size() - pos)));
        c.takeEvents(events);
        for (const ConnectionEvent &e : events)
            messages += std::holds_alternative<MessageEvent>(e);
    }
    return messages;
}

double mbps(qint64 bytes, double seconds)
{
    return seconds > 0 ? bytes / seconds / 1e6 : 0;
}

// The codec alone, best of a few runs.
double measureMemory(const Workload &w)
{
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
        Connection c(Role::Server);
        c.open();
        std::vector<ConnectionEvent> events;
        int messages = 0;
        const auto start = Clock::now();
        messages += feed(c, w.wire, events);
        const double s = std::chrono::duration<double>(Clock::now() - start).count();
        if (messages != w.count)
            qFatal("memory run: %d of %d messages", messages, w.count);
        best = std::min(best, s);
    }
    return mbps(w.payloadBytes(), best);
}

// Writes the handshake, waits for 101, then all frames, from its own thread.
class Sender : public QThread
{
public:
    Sender(quint16 port, const QByteArray &wire)
        : m_port(port)
        , m_wire(wire)
    {}
    std::atomic<qint64> startNs{0};

protected:
    void run() override
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(5000))
            qFatal("sender: cannot connect");
        socket.write("GET /bench HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QByteArray response;
        while (!response.contains("\r\n\r\n")) {
            if (!socket.waitForReadyRead(5000))
                qFatal("sender: no handshake response");
            response += socket.readAll();
        }
        if (!response.startsWith("HTTP/1.1 101"))
            qFatal("sender: handshake refused: %s", response.constData());
        startNs = Clock::now().time_since_epoch().count();
        for (qsizetype pos = 0; pos < m_wire.size(); pos += 1 << 20) {
            socket.write(m_wire.constData() + pos, std::min<qsizetype>(1 << 20, m_wire.size() - pos));
            while (socket.bytesToWrite() > (4 << 20))
                socket.waitForBytesWritten(5000);
        }
        while (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(5000);
        // Keep the connection until the receiver, done, closes it.
        if (socket.state() == QAbstractSocket::ConnectedState)
            socket.waitForDisconnected(60000);
    }

private:
    quint16 m_port;
    QByteArray m_wire;
};

double elapsedSince(const Sender &sender)
{
    const auto end = Clock::now().time_since_epoch().count();
    return double(end - sender.startNs.load()) / 1e9;
}

double measureLoopbackSockscope(const Workload &w)
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    Sender sender(server.serverPort(), w.wire);
    QEventLoop loop;
    QTcpSocket *socket = nullptr;
    Connection connection(Role::Server);
    std::vector<ConnectionEvent> events;
    QByteArray head;
    int messages = 0;
    double seconds = 0;
    QObject::connect(&server, &QTcpServer::newConnection, &loop, [&] {
        socket = server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, &loop, [&] {
            if (connection.readyState() == ReadyState::Connecting) {
                head += socket->readAll();
                const qsizetype end = head.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QByteArray accept =
                    QCryptographicHash::hash("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                             QCryptographicHash::Sha1)
                        .toBase64();
                socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: " +
                              accept + "\r\n\r\n");
                connection.open();
                messages += feed(connection, QByteArrayView(head).sliced(end + 4), events);
            } else {
                messages += feed(connection, socket->readAll(), events);
            }
            if (messages == w.count) {
                seconds = elapsedSince(sender);
                socket->abort();
                loop.quit();
            }
        });
    });
    QTimer::singleShot(120000, &loop, [&] { qFatal("loopback sockscope: timed out at %d messages", messages); });
    sender.start();
    loop.exec();
    sender.wait();
    return mbps(w.payloadBytes(), seconds);
}

double measureLoopbackQt(const Workload &w)
{
    QWebSocketServer server(QStringLiteral("bench"), QWebSocketServer::NonSecureMode);
    server.listen(QHostAddress::LocalHost, 0);
    Sender sender(server.serverPort(), w.wire);
    QEventLoop loop;
    int messages = 0;
    double seconds = 0;
    QWebSocket *socket = nullptr;
    auto done = [&] {
        if (++messages == w.count) {
            seconds = elapsedSince(sender);
            socket->abort();
            loop.quit();
        }
    };
    QObject::connect(&server, &QWebSocketServer::newConnection, &loop, [&] {
        socket = server.nextPendingConnection();
        socket->setMaxAllowedIncomingMessageSize(64 << 20);
        socket->setMaxAllowedIncomingFrameSize(64 << 20);
        if (w.type == Opcode::Text)
            QObject::connect(socket, &QWebSocket::textMessageReceived, &loop, done);
        else
            QObject::connect(socket, &QWebSocket::binaryMessageReceived, &loop, done);
    });
    QTimer::singleShot(120000, &loop, [&] { qFatal("loopback Qt: timed out at %d messages", messages); });
    sender.start();
    loop.exec();
    sender.wait();
    return mbps(w.payloadBytes(), seconds);
}

QByteArray sizeName(qsizetype size)
{
    if (size >= (1 << 20))
        return QByteArray::number(size >> 20) + " MiB";
    if (size >= 1024)
        return QByteArray::number(size >> 10) + " KiB";
    return QByteArray::number(size) + " B";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Optional arguments pick rows: message sizes in bytes, "text" or "binary", "noqt".
    const QStringList args = app.arguments().mid(1);
    QList<qsizetype> sizes;
    for (const QString &a : args) {
        bool ok = false;
        const qsizetype n = a.toLongLong(&ok);
        if (ok)
            sizes.append(n);
    }
    if (sizes.isEmpty())
        sizes = {32, 1024, 64 << 10, 1 << 20, 16 << 20};
    QList<Opcode> types;
    if (args.contains(QStringLiteral("text")))
        types.append(Opcode::Text);
    if (args.contains(QStringLiteral("binary")))
        types.append(Opcode::Binary);
    if (types.isEmpty())
        types = {Opcode::Text, Opcode::Binary};
    const bool withQt = !args.contains(QStringLiteral("noqt"));
    std::printf("Receive path, client-to-server (masked) messages; MB/s of payload.\n");
    std::printf("%-7s %-8s %9s | %12s %12s %12s %8s\n", "type", "size", "messages", "memory", "loopback", "Qt loopback",
                "ratio");
    for (Opcode type : types) {
        for (qsizetype size : sizes) {
            const Workload w = makeWorkload(type, size);
            const double memory = measureMemory(w);
            // Loopback runs are short and share two cores with the sender thread: best of three, for both.
            double ours = 0;
            double qt = 0;
            for (int rep = 0; rep < 3; ++rep) {
                ours = std::max(ours, measureLoopbackSockscope(w));
                if (withQt)
                    qt = std::max(qt, measureLoopbackQt(w));
            }
            std::printf("%-7s %-8s %9d | %12.0f %12.0f %12.0f %7.2fx\n", opcodeName(type), sizeName(size).constData(),
                        w.count, memory, ours, qt, qt > 0 ? ours / qt : 0.0);
            std::fflush(stdout);
        }
    }
    return 0;
}
