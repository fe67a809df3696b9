// Echo server benchmark: sockscope's local server (net::Server, ServerMode::Echo) against a QWebSocketServer
// that echoes with the same semantics (text back as text, binary as binary), in the same run. Not a test: it
// prints markdown tables.
//
// How
//   - Each server runs in a child process: this program re-executes itself with `--serve ours` or `--serve qt`.
//     The child listens on 127.0.0.1, port 0, prints its port on stdout and runs until its stdin closes. Both
//     accept frames and messages up to 128 MiB. Being a process of its own, the server has its own core (of
//     two, here) and its memory is read from /proc/<pid>/status (VmRSS, VmHWM).
//   - This process is the load generator, the same for both servers, on plain QTcpSocket in one thread: it
//     does the opening handshake itself, then pipelines pre-encoded masked client frames (proto::FrameWriter),
//     keeping a window of messages in flight per connection (refilled when half of it came back, written in
//     big batches), and counts the echoed messages with a minimal frame header parse that skips payloads
//     (payload lengths, FIN and opcodes are all it looks at; a wrong message type or a close frame is fatal).
//
// What
//   throughput  messages/s and MB/s (10^6 bytes of payload echoed, counted once) for each message size and
//               connection count, for both servers, and ours/Qt. A run lasts the time budget (1 s; 2 s from
//               1 MiB up) or a message count, whichever comes first, from the moment every connection had its
//               first echo (so the pipes are full: 32 x 2 x 16 MiB take a while); messages echoed by then are
//               counted, the rest is drained before the connections close. Each cell is the best of --reps runs (3),
//               the two servers taking turns, because the machine's cores are shared with other work; the ratio of
//               the medians of the runs is printed too.
//   latency     1 connection, one message in flight (ping-pong of 32 B and 1 KiB binary messages): median and
//               p99 of the round trip in microseconds, after a warm-up; the run with the lowest median of
//               --reps is shown.
//   idle        memory per idle connection: a fresh server child, 16 connections opened to warm it, VmRSS read,
//               1,000 more connections opened (handshake done, at most 64 handshakes at a time), VmRSS read
//               again after the server settled; (after - before) / 1,000.
//   peak        a fresh server child per row, 32 connections echoing 16 MiB binary messages with a window of 1
//               (then 2) messages per connection for a few seconds: the server's VmHWM (peak resident set).
//               Target for ours: under 600 MiB with a window of 1.
//
// Arguments (all optional): --sizes 32,1024,65536 --conns 1,32 --types binary,text --reps 3 --budget-ms 1000
// --only throughput,latency,idle,peak --idle-conns 1000 --peak-windows 1,2

#include "net/server.h"
#include "net/serveroptions.h"
#include "proto/framewriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace sockscope;
using Clock = std::chrono::steady_clock;

namespace {

constexpr qint64 MaxMessage = 128ll << 20;

void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The child: one echo server, until stdin closes.

int serve(QCoreApplication &app, const QString &kind)
{
    raiseFileLimit();
    QSocketNotifier stdinWatch(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [&] {
        char buf[256];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0)
            app.quit();
    });

    std::unique_ptr<net::Server> ours;
    std::unique_ptr<QWebSocketServer> qt;
    quint16 port = 0;
    if (kind == QLatin1String("ours")) {
        ours = std::make_unique<net::Server>();
        net::ServerOptions options;
        options.address = QHostAddress(QHostAddress::LocalHost);
        options.port = 0;
        options.path = "/echo";
        options.mode = net::ServerMode::Echo;
        options.maxClients = 100000;
        options.connection.maxFramePayload = MaxMessage;
        options.connection.maxMessageSize = MaxMessage;
        if (!ours->listen(options))
            qFatal("ours: %s", qPrintable(ours->errorString()));
        port = ours->port();
    } else if (kind == QLatin1String("qt")) {
        qt = std::make_unique<QWebSocketServer>(QStringLiteral("bench"), QWebSocketServer::NonSecureMode);
        qt->setMaxPendingConnections(100000);
        QWebSocketServer *server = qt.get();
        QObject::connect(server, &QWebSocketServer::newConnection, server, [server] {
            while (QWebSocket *socket = server->nextPendingConnection()) {
                socket->setMaxAllowedIncomingMessageSize(MaxMessage);
                socket->setMaxAllowedIncomingFrameSize(MaxMessage);
                QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                                 [socket](const QString &text) { socket->sendTextMessage(text); });
                QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                                 [socket](const QByteArray &data) { socket->sendBinaryMessage(data); });
                QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        if (!qt->listen(QHostAddress::LocalHost, 0))
            qFatal("qt: %s", qPrintable(qt->errorString()));
        port = qt->serverPort();
    } else {
        qFatal("--serve takes ours or qt");
    }
    std::printf("%u\n", unsigned(port));
    std::fflush(stdout);
    return app.exec();
}

// ---------------------------------------------------------------------------------------------------------------
// The parent's view of a child.

struct ProcMemory {
    qint64 rss = 0; // bytes
    qint64 hwm = 0;
};

class ServerProcess
{
public:
    explicit ServerProcess(const QString &kind)
        : m_kind(kind)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--serve"), kind});
        if (!m_process.waitForStarted(10000))
            qFatal("cannot start the %s server child", qPrintable(kind));
        QByteArray line;
        while (!line.contains('\n')) {
            if (!m_process.waitForReadyRead(10000))
                qFatal("the %s server child printed no port", qPrintable(kind));
            line += m_process.readAllStandardOutput();
        }
        m_port = quint16(line.trimmed().toUInt());
    }
    ~ServerProcess()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    quint16 port() const { return m_port; }
    const QString &kind() const { return m_kind; }

    // CPU time the server's threads have run, in nanoseconds (/proc/<pid>/task/*/schedstat).
    qint64 cpuNs() const
    {
        qint64 total = 0;
        const QString dir = QStringLiteral("/proc/%1/task").arg(m_process.processId());
        for (const QString &task : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile stat(dir + QLatin1Char('/') + task + QLatin1String("/schedstat"));
            if (stat.open(QIODevice::ReadOnly))
                total += stat.readAll().split(' ').value(0).toLongLong();
        }
        return total;
    }

    ProcMemory memory() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        ProcMemory m;
        if (!status.open(QIODevice::ReadOnly))
            return m;
        for (const QByteArray &line : status.readAll().split('\n')) {
            const auto kib = [&] { return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024; };
            if (line.startsWith("VmRSS:"))
                m.rss = kib();
            else if (line.startsWith("VmHWM:"))
                m.hwm = kib();
        }
        return m;
    }

private:
    QString m_kind;
    QProcess m_process;
    quint16 m_port = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// The load generator.

QByteArray textPayload(qsizetype size)
{
    static const char words[] = "the quick brown fox jumps over the lazy dog {\"id\":12345,\"ok\":true} ";
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = words[i % (sizeof(words) - 1)];
    return out;
}

// Masked client frames of one message, several back to back so that a window is written in few calls.
struct Workload {
    proto::Opcode type = proto::Opcode::Binary;
    qsizetype size = 0;
    qsizetype frameSize = 0; // on the wire
    int framesPerBatch = 1;
    QByteArray batch;

    Workload(proto::Opcode t, qsizetype s, int window)
        : type(t)
        , size(s)
    {
        proto::Frame f;
        f.opcode = type;
        f.payload = textPayload(size);
        f.masked = true;
        f.maskKey = {0x37, 0xfa, 0x21, 0x3d};
        QByteArray one;
        proto::FrameWriter::encode(f, one);
        frameSize = one.size();
        framesPerBatch = int(std::clamp<qint64>((1 << 20) / frameSize, 1, std::max(window, 1)));
        batch.reserve(frameSize * framesPerBatch);
        for (int i = 0; i < framesPerBatch; ++i)
            batch.append(one);
    }
};

struct Throughput {
    qint64 messages = 0;
    qint64 bytes = 0;
    double seconds = 0;
    double perSecond() const { return seconds > 0 ? messages / seconds : 0; }
    double mbPerSecond() const { return seconds > 0 ? bytes / seconds / 1e6 : 0; }
    qint64 serverCpuNs = 0; // CPU the server spent in the measured interval
    double cpuPerMessageNs() const { return messages > 0 ? double(serverCpuNs) / messages : 0; }
};

struct Latency {
    double medianUs = 0;
    double p99Us = 0;
    int samples = 0;
};

class LoadGenerator
{
    static constexpr qint64 ReadBufferSize = 256 * 1024;

public:
    explicit LoadGenerator(quint16 port)
        : m_port(port)
    {}
    ~LoadGenerator() { closeAll(); }
    LoadGenerator(const LoadGenerator &) = delete;
    LoadGenerator &operator=(const LoadGenerator &) = delete;

    // Opens `count` more connections, at most `concurrency` handshakes at a time; returns when all are open.
    void open(int count, int concurrency = 64)
    {
        QEventLoop loop;
        int started = 0;
        int done = 0;
        std::function<void()> startOne = [&] {
            auto peer = std::make_unique<Peer>();
            Peer *p = peer.get();
            p->socket = new QTcpSocket;
            // A bounded read buffer keeps its blocks in reused heap memory; readAvailable() takes them whole.
            p->socket->setReadBufferSize(ReadBufferSize);
            m_peers.push_back(std::move(peer));
            ++started;
            QObject::connect(p->socket, &QTcpSocket::connected, p->socket, [this, p] {
                p->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                p->socket->write("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port) +
                                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            });
            QObject::connect(p->socket, &QTcpSocket::readyRead, p->socket, [&, p] {
                if (p->open) {
                    readAvailable(*p);
                    return;
                }
                p->head += p->socket->readAll();
                const qsizetype end = p->head.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                if (!p->head.startsWith("HTTP/1.1 101"))
                    qFatal("handshake refused: %s", p->head.constData());
                p->open = true;
                const QByteArray rest = p->head.mid(end + 4);
                p->head.clear();
                if (!rest.isEmpty())
                    consume(*p, rest.constData(), rest.size());
                // From now on, readyRead goes to readAvailable() alone.
                p->socket->disconnect(p->socket);
                QObject::connect(p->socket, &QTcpSocket::readyRead, p->socket, [this, p] { readAvailable(*p); });
                QObject::connect(p->socket, &QTcpSocket::disconnected, p->socket,
                                 [] { qFatal("the server closed a connection"); });
                ++done;
                if (started < count)
                    startOne();
                else if (done == count)
                    loop.quit();
            });
            QObject::connect(p->socket, &QTcpSocket::errorOccurred, p->socket, [p](QAbstractSocket::SocketError) {
                if (!p->open)
                    qFatal("connect: %s", qPrintable(p->socket->errorString()));
            });
            p->socket->connectToHost(QHostAddress::LocalHost, m_port);
        };
        if (count <= 0)
            return;
        for (int i = 0; i < std::min(count, concurrency); ++i)
            startOne();
        QTimer::singleShot(60000, &loop, [&] { qFatal("only %d of %d connections opened", done, count); });
        loop.exec();
    }

    void closeAll()
    {
        for (auto &p : m_peers) {
            p->socket->disconnect();
            p->socket->abort();
            delete p->socket;
        }
        m_peers.clear();
    }

    qsizetype connections() const { return qsizetype(m_peers.size()); }
    // Read at the start and the end of a throughput measurement: the server's CPU time.
    void setCpuClock(std::function<qint64()> clock) { m_cpuClock = std::move(clock); }

    // Pipelined echo on every open connection. The clock starts once every connection had a message echoed
    // (the pipes are full), and runs for the budget or `maxMessages`; then the rest is drained.
    Throughput throughput(const Workload &w, int window, int budgetMs, qint64 maxMessages)
    {
        QEventLoop loop;
        prepare(w, window);
        m_received = 0;
        m_bytes = 0;
        m_sending = true;
        const qint64 minMessages = std::min<qint64>(maxMessages, 8);
        Throughput result;
        qsizetype warming = qsizetype(m_peers.size()); // connections still waiting for their first echo
        bool stopped = false;
        bool budgetOver = false;
        Clock::time_point start;
        qint64 receivedAtStart = 0;
        qint64 bytesAtStart = 0;
        qint64 cpuAtStart = 0;
        QTimer budget;
        budget.setSingleShot(true);
        const auto stop = [&] {
            if (stopped)
                return;
            stopped = true;
            m_sending = false;
            result.messages = m_received - receivedAtStart;
            result.bytes = m_bytes - bytesAtStart;
            result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            if (m_cpuClock)
                result.serverCpuNs = m_cpuClock() - cpuAtStart;
            if (m_inFlight == 0)
                loop.quit();
        };
        m_onMessage = [&](Peer &p) {
            if (warming > 0) {
                if (++p.echoed == 1 && --warming == 0) {
                    start = Clock::now();
                    receivedAtStart = m_received;
                    bytesAtStart = m_bytes;
                    if (m_cpuClock)
                        cpuAtStart = m_cpuClock();
                    budget.start(budgetMs);
                }
            } else if (!stopped && (m_received - receivedAtStart >= maxMessages ||
                                    (budgetOver && m_received - receivedAtStart >= minMessages))) {
                stop();
            }
            if (m_sending)
                fill(p);
            else if (m_inFlight == 0)
                loop.quit();
        };
        QObject::connect(&budget, &QTimer::timeout, &loop, [&] {
            budgetOver = true;
            if (m_received - receivedAtStart >= minMessages)
                stop();
        });
        QTimer watchdog;
        watchdog.setSingleShot(true);
        QObject::connect(&watchdog, &QTimer::timeout, &loop,
                         [&] { qFatal("throughput run stuck: %lld in flight", qlonglong(m_inFlight)); });
        watchdog.start(budgetMs + 120000);
        for (auto &p : m_peers) {
            p->echoed = 0;
            fill(*p);
        }
        loop.exec();
        m_onMessage = nullptr;
        return result;
    }

    // One connection, one message in flight.
    Latency latency(const Workload &w, int warmup, int budgetMs, int maxSamples)
    {
        if (m_peers.size() != 1)
            qFatal("latency needs exactly one connection");
        QEventLoop loop;
        prepare(w, 1);
        std::vector<qint64> samples;
        samples.reserve(size_t(maxSamples));
        Peer &peer = *m_peers.front();
        Clock::time_point sentAt;
        bool over = false;
        const auto send = [&] {
            sentAt = Clock::now();
            peer.socket->write(w.batch.constData(), w.frameSize);
            peer.socket->flush();
            ++peer.inFlight;
            ++m_inFlight;
        };
        m_onMessage = [&](Peer &) {
            const auto now = Clock::now();
            if (warmup > 0)
                --warmup;
            else
                samples.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(now - sentAt).count());
            if (over || int(samples.size()) >= maxSamples)
                loop.quit();
            else
                send();
        };
        QTimer budget;
        budget.setSingleShot(true);
        QObject::connect(&budget, &QTimer::timeout, &loop, [&] { over = warmup == 0; });
        budget.start(budgetMs);
        send();
        loop.exec();
        m_onMessage = nullptr;
        std::sort(samples.begin(), samples.end());
        Latency l;
        l.samples = int(samples.size());
        if (!samples.empty()) {
            l.medianUs = samples[samples.size() / 2] / 1e3;
            l.p99Us = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)] / 1e3;
        }
        return l;
    }

private:
    struct Peer {
        QTcpSocket *socket = nullptr;
        QByteArray head;
        bool open = false;
        quint8 header[14] = {};
        int headerSize = 0;
        quint64 payloadLeft = 0;
        bool inPayload = false;
        bool inMessage = false;
        quint64 messageBytes = 0;
        qint64 inFlight = 0;
        qint64 echoed = 0;
    };

    void prepare(const Workload &w, int window)
    {
        m_workload = &w;
        m_window = std::max(window, 1);
        // Refill once half of the window came back (for a window of 1 or 2: as soon as one did).
        m_refillSlots = std::max(1, m_window / 2);
        m_inFlight = 0;
        for (auto &p : m_peers)
            p->inFlight = 0;
    }

    void fill(Peer &p)
    {
        if (m_window - p.inFlight < m_refillSlots)
            return;
        const Workload &w = *m_workload;
        while (p.inFlight < m_window) {
            const int n = int(std::min<qint64>(m_window - p.inFlight, w.framesPerBatch));
            if (n == w.framesPerBatch)
                p.socket->write(w.batch); // shares the buffer
            else
                p.socket->write(w.batch.constData(), w.frameSize * n);
            p.inFlight += n;
            m_inFlight += n;
        }
        p.socket->flush();
    }

    void readAvailable(Peer &p)
    {
        // Reading what the socket holds hands over its buffered block without a copy: the generator should
        // spend as little of the machine as it can, for the server under test to have the rest.
        while (p.socket->bytesAvailable() > 0) {
            const QByteArray block = p.socket->read(p.socket->bytesAvailable());
            if (block.isEmpty())
                return;
            consume(p, block.constData(), block.size());
        }
    }

    // Server frames: unmasked, lengths in 7, 16 or 64 bits (RFC 6455 5.2). Payloads are skipped.
    void consume(Peer &p, const char *data, qsizetype size)
    {
        qsizetype pos = 0;
        while (pos < size) {
            if (p.inPayload) {
                const qsizetype n = qsizetype(std::min<quint64>(p.payloadLeft, quint64(size - pos)));
                p.payloadLeft -= quint64(n);
                pos += n;
                if (p.payloadLeft == 0)
                    frameDone(p);
                continue;
            }
            p.header[p.headerSize++] = quint8(data[pos++]);
            if (p.headerSize < 2)
                continue;
            const quint8 len7 = p.header[1] & 0x7F;
            const int needed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
            if (p.header[1] & 0x80)
                qFatal("the server sent a masked frame");
            if (p.headerSize < needed)
                continue;
            quint64 length = len7;
            if (len7 == 126)
                length = (quint64(p.header[2]) << 8) | p.header[3];
            else if (len7 == 127) {
                length = 0;
                for (int i = 2; i < 10; ++i)
                    length = (length << 8) | p.header[i];
            }
            p.payloadLeft = length;
            p.inPayload = true;
            const quint8 opcode = p.header[0] & 0x0F;
            if (opcode == 0x8)
                qFatal("the server closed the connection");
            if (opcode != 0x0 && opcode < 0x8) {
                if (opcode != quint8(m_workload->type))
                    qFatal("echo of type %d, expected %d", opcode, int(m_workload->type));
                p.inMessage = true;
                p.messageBytes = 0;
            }
            if (opcode < 0x8)
                p.messageBytes += length;
            if (length == 0)
                frameDone(p);
        }
    }

    void frameDone(Peer &p)
    {
        p.inPayload = false;
        const quint8 b0 = p.header[0];
        p.headerSize = 0;
        if ((b0 & 0x0F) >= 0x8 || !(b0 & 0x80))
            return; // a control frame, or a fragment that is not the last
        if (!p.inMessage)
            qFatal("continuation without a message");
        p.inMessage = false;
        ++m_received;
        m_bytes += qint64(p.messageBytes);
        --p.inFlight;
        --m_inFlight;
        if (m_onMessage)
            m_onMessage(p);
    }

    quint16 m_port;
    std::vector<std::unique_ptr<Peer>> m_peers;
    const Workload *m_workload = nullptr;
    int m_window = 1;
    int m_refillSlots = 1;
    qint64 m_inFlight = 0;
    qint64 m_received = 0;
    qint64 m_bytes = 0;
    bool m_sending = false;
    std::function<void(Peer &)> m_onMessage;
    std::function<qint64()> m_cpuClock;
};

// ---------------------------------------------------------------------------------------------------------------
// Report helpers.

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

QByteArray sizeName(qsizetype size)
{
    if (size >= (1 << 20))
        return QByteArray::number(size >> 20) + " MiB";
    if (size >= 1024)
        return QByteArray::number(size >> 10) + " KiB";
    return QByteArray::number(size) + " B";
}

QByteArray duration(double ns)
{
    if (ns < 1e4)
        return QByteArray::number(ns, 'f', 0) + " ns";
    if (ns < 1e7)
        return QByteArray::number(ns / 1e3, 'f', 1) + " us";
    return QByteArray::number(ns / 1e6, 'f', 1) + " ms";
}

QByteArray mib(qint64 bytes)
{
    return QByteArray::number(bytes / 1048576.0, 'f', 1) + " MiB";
}

int defaultWindow(qsizetype size)
{
    // About 1 MiB in flight per connection (at least 2 messages), so that a server is never left waiting for
    // the load generator to answer, even with small messages.
    return int(std::clamp<qint64>((1 << 20) / size, 2, 32768));
}

struct SummaryRow {
    QByteArray what;
    QByteArray ours;
    QByteArray qt;
    double ratio;
    const char *better;
};

QList<qsizetype> parseSizes(const QString &text)
{
    QList<qsizetype> out;
    for (const QString &s : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString t = s.trimmed().toLower();
        qint64 factor = 1;
        if (t.endsWith(QLatin1String("k")))
            factor = 1024;
        else if (t.endsWith(QLatin1String("m")))
            factor = 1 << 20;
        if (factor != 1)
            t.chop(1);
        bool ok = false;
        const qint64 n = t.toLongLong(&ok);
        if (!ok || n <= 0)
            qFatal("bad size %s", qPrintable(s));
        out.append(n * factor);
    }
    return out;
}

QList<int> parseInts(const QString &text)
{
    QList<int> out;
    for (const QString &s : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.append(s.trimmed().toInt());
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Echo server benchmark: sockscope's Server against QtWebSockets"));
    parser.addHelpOption();
    const QCommandLineOption serveOption(QStringLiteral("serve"), QStringLiteral("Run a server child: ours or qt."),
                                         QStringLiteral("kind"));
    const QCommandLineOption sizesOption(QStringLiteral("sizes"), QStringLiteral("Message sizes (32,1k,64k,1m,16m)."),
                                         QStringLiteral("list"), QStringLiteral("32,1k,64k,1m,16m"));
    const QCommandLineOption connsOption(QStringLiteral("conns"), QStringLiteral("Connection counts."),
                                         QStringLiteral("list"), QStringLiteral("1,32"));
    const QCommandLineOption typesOption(QStringLiteral("types"),
                                         QStringLiteral("binary,text (text only for sizes up to 1 KiB)."),
                                         QStringLiteral("list"), QStringLiteral("binary,text"));
    const QCommandLineOption repsOption(QStringLiteral("reps"), QStringLiteral("Runs per cell (best is shown)."),
                                        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption budgetOption(QStringLiteral("budget-ms"),
                                          QStringLiteral("Time budget per run below 1 MiB (doubled from 1 MiB)."),
                                          QStringLiteral("ms"), QStringLiteral("1000"));
    const QCommandLineOption windowOption(QStringLiteral("window"),
                                          QStringLiteral("Messages in flight per connection (default: ~1 MiB)."),
                                          QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption onlyOption(QStringLiteral("only"), QStringLiteral("throughput,latency,idle,peak"),
                                        QStringLiteral("list"), QStringLiteral("throughput,latency,idle,peak"));
    const QCommandLineOption idleOption(QStringLiteral("idle-conns"), QStringLiteral("Idle connections."),
                                        QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption peakOption(QStringLiteral("peak-windows"),
                                        QStringLiteral("Windows for the 16 MiB peak memory rows."),
                                        QStringLiteral("list"), QStringLiteral("1,2"));
    const QCommandLineOption serversOption(QStringLiteral("servers"), QStringLiteral("ours,qt"), QStringLiteral("list"),
                                           QStringLiteral("ours,qt"));
    parser.addOptions({serveOption, sizesOption, connsOption, typesOption, repsOption, budgetOption, windowOption,
                       onlyOption, idleOption, peakOption, serversOption});
    parser.process(app);
    if (parser.isSet(serveOption))
        return serve(app, parser.value(serveOption));

    raiseFileLimit();
    const QList<qsizetype> sizes = parseSizes(parser.value(sizesOption));
    const QList<int> connCounts = parseInts(parser.value(connsOption));
    const QStringList types = parser.value(typesOption).split(QLatin1Char(','));
    const int reps = std::max(1, parser.value(repsOption).toInt());
    const int budgetMs = std::max(100, parser.value(budgetOption).toInt());
    const int fixedWindow = parser.value(windowOption).toInt();
    const QStringList only = parser.value(onlyOption).split(QLatin1Char(','));
    const int idleConns = parser.value(idleOption).toInt();
    const QList<int> peakWindows = parseInts(parser.value(peakOption));
    const QStringList servers = parser.value(serversOption).split(QLatin1Char(','));
    const bool withOurs = servers.contains(QLatin1String("ours"));
    const bool withQt = servers.contains(QLatin1String("qt"));
    QList<SummaryRow> summary;
    const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };

    std::printf("# Echo server: sockscope net::Server (ours) vs QWebSocketServer (Qt %s)\n\n", qVersion());
    std::printf("Servers run in child processes on 127.0.0.1; one load generator process on QTcpSocket.\n\n");

    if (only.contains(QLatin1String("throughput")) || only.contains(QLatin1String("latency"))) {
        std::unique_ptr<ServerProcess> oursChild;
        std::unique_ptr<ServerProcess> qtChild;
        if (withOurs)
            oursChild = std::make_unique<ServerProcess>(QStringLiteral("ours"));
        if (withQt)
            qtChild = std::make_unique<ServerProcess>(QStringLiteral("qt"));

        if (only.contains(QLatin1String("throughput"))) {
            std::printf("## Throughput (payload echoed; best of %d runs of %d ms, %d ms from 1 MiB up)\n\n", reps,
                        budgetMs, budgetMs * 2);
            std::printf("Server CPU per message: the server process's CPU time over the measured interval divided by "
                        "the messages echoed (lowest of the runs; it varies less than msg/s on a shared machine).\n\n");
            std::printf("ours/Qt compares the best runs; median ours/Qt the medians of the runs, which a single lucky "
                        "run of either server does not move.\n\n");
            std::printf("| type | size | conns | window | ours msg/s | ours MB/s | Qt msg/s | Qt MB/s | ours/Qt | "
                        "median ours/Qt | ours CPU/msg | Qt CPU/msg | CPU ours/Qt |\n");
            std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            std::fflush(stdout);
            for (const QString &typeName : types) {
                const bool text = typeName.trimmed() == QLatin1String("text");
                for (qsizetype size : sizes) {
                    if (text && size > 1024)
                        continue;
                    for (int conns : connCounts) {
                        const int window = fixedWindow > 0 ? fixedWindow : defaultWindow(size);
                        const Workload w(text ? proto::Opcode::Text : proto::Opcode::Binary, size, window);
                        const int budget = size >= (1 << 20) ? budgetMs * 2 : budgetMs;
                        const qint64 maxMessages = 20'000'000;
                        Throughput best[2];
                        std::vector<double> rates[2]; // msg/s of every run, for the medians
                        double cpu[2] = {0, 0};       // server CPU ns per message, lowest of the runs
                        for (int rep = 0; rep < reps; ++rep) {
                            for (int s = 0; s < 2; ++s) {
                                ServerProcess *child = s == 0 ? oursChild.get() : qtChild.get();
                                if (!child)
                                    continue;
                                LoadGenerator gen(child->port());
                                gen.setCpuClock([child] { return child->cpuNs(); });
                                gen.open(conns);
                                const Throughput t = gen.throughput(w, window, budget, maxMessages);
                                if (t.perSecond() > best[s].perSecond())
                                    best[s] = t;
                                rates[s].push_back(t.perSecond());
                                if (cpu[s] == 0 || (t.messages > 0 && t.cpuPerMessageNs() < cpu[s]))
                                    cpu[s] = t.cpuPerMessageNs();
                            }
                        }
                        const double r = ratio(best[0].perSecond(), best[1].perSecond());
                        std::printf(
                            "| %s | %s | %d | %d | %.0f | %.1f | %.0f | %.1f | %.2f | %.2f | %s | %s | %.2f |\n",
                            text ? "text" : "binary", sizeName(size).constData(), conns, window, best[0].perSecond(),
                            best[0].mbPerSecond(), best[1].perSecond(), best[1].mbPerSecond(), r,
                            ratio(median(rates[0]), median(rates[1])), duration(cpu[0]).constData(),
                            duration(cpu[1]).constData(), ratio(cpu[0], cpu[1]));
                        std::fflush(stdout);
                        summary.append({"throughput " + QByteArray(text ? "text " : "binary ") + sizeName(size) + " x" +
                                            QByteArray::number(conns) + " (msg/s)",
                                        QByteArray::number(best[0].perSecond(), 'f', 0),
                                        QByteArray::number(best[1].perSecond(), 'f', 0), r, "higher"});
                    }
                }
            }
            std::printf("\n");
        }

        if (only.contains(QLatin1String("latency"))) {
            std::printf("## Round trip, 1 connection, 1 message in flight (us; run with the lowest median of %d)\n\n",
                        reps);
            std::printf("| size | ours median | ours p99 | Qt median | Qt p99 | median ours/Qt | p99 ours/Qt |\n");
            std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (qsizetype size : {qsizetype(32), qsizetype(1024)}) {
                const Workload w(proto::Opcode::Binary, size, 1);
                Latency best[2];
                for (int rep = 0; rep < reps; ++rep) {
                    for (int s = 0; s < 2; ++s) {
                        ServerProcess *child = s == 0 ? oursChild.get() : qtChild.get();
                        if (!child)
                            continue;
                        LoadGenerator gen(child->port());
                        gen.open(1);
                        const Latency l = gen.latency(w, 500, budgetMs, 200000);
                        if (best[s].samples == 0 || l.medianUs < best[s].medianUs)
                            best[s] = l;
                    }
                }
                std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |\n", sizeName(size).constData(),
                            best[0].medianUs, best[0].p99Us, best[1].medianUs, best[1].p99Us,
                            ratio(best[0].medianUs, best[1].medianUs), ratio(best[0].p99Us, best[1].p99Us));
                std::fflush(stdout);
                summary.append(
                    {"latency " + sizeName(size) + " median (us)", QByteArray::number(best[0].medianUs, 'f', 1),
                     QByteArray::number(best[1].medianUs, 'f', 1), ratio(best[0].medianUs, best[1].medianUs), "lower"});
                summary.append({"latency " + sizeName(size) + " p99 (us)", QByteArray::number(best[0].p99Us, 'f', 1),
                                QByteArray::number(best[1].p99Us, 'f', 1), ratio(best[0].p99Us, best[1].p99Us),
                                "lower"});
            }
            std::printf("\n");
        }
    }

    if (only.contains(QLatin1String("idle")) && idleConns > 0) {
        std::printf("## Memory per idle connection (%d connections, handshake done; server VmRSS)\n\n", idleConns);
        std::printf("| server | RSS before | RSS after | bytes per connection |\n|---|---:|---:|---:|\n");
        double perConn[2] = {0, 0};
        for (int s = 0; s < 2; ++s) {
            if ((s == 0 && !withOurs) || (s == 1 && !withQt))
                continue;
            ServerProcess child(s == 0 ? QStringLiteral("ours") : QStringLiteral("qt"));
            LoadGenerator warm(child.port());
            warm.open(16);
            QThread::msleep(200);
            const ProcMemory before = child.memory();
            LoadGenerator gen(child.port());
            gen.open(idleConns);
            QThread::msleep(500); // the server has answered every handshake; let it finish its turn
            const ProcMemory after = child.memory();
            perConn[s] = double(after.rss - before.rss) / idleConns;
            std::printf("| %s | %s | %s | %.0f |\n", s == 0 ? "ours" : "Qt", mib(before.rss).constData(),
                        mib(after.rss).constData(), perConn[s]);
            std::fflush(stdout);
        }
        std::printf("\n");
        summary.append({"idle connection (bytes)", QByteArray::number(perConn[0], 'f', 0),
                        QByteArray::number(perConn[1], 'f', 0), ratio(perConn[0], perConn[1]), "lower"});
    }

    if (only.contains(QLatin1String("peak"))) {
        const qsizetype size = 16 << 20;
        const int conns = 32;
        std::printf("## Peak memory, %d connections echoing 16 MiB binary messages (server VmHWM)\n\n", conns);
        std::printf("| window | ours messages | ours VmHWM | Qt messages | Qt VmHWM | ours/Qt |\n");
        std::printf("|---:|---:|---:|---:|---:|---:|\n");
        for (int window : peakWindows) {
            const Workload w(proto::Opcode::Binary, size, window);
            ProcMemory peak[2];
            qint64 messages[2] = {0, 0};
            for (int s = 0; s < 2; ++s) {
                if ((s == 0 && !withOurs) || (s == 1 && !withQt))
                    continue;
                ServerProcess child(s == 0 ? QStringLiteral("ours") : QStringLiteral("qt"));
                LoadGenerator gen(child.port());
                gen.open(conns);
                // Every connection gets several messages through, whatever the budget says.
                messages[s] = gen.throughput(w, window, 3000, conns * 4).messages;
                peak[s] = child.memory();
            }
            std::printf("| %d | %lld | %s | %lld | %s | %.2f |\n", window, qlonglong(messages[0]),
                        mib(peak[0].hwm).constData(), qlonglong(messages[1]), mib(peak[1].hwm).constData(),
                        ratio(double(peak[0].hwm), double(peak[1].hwm)));
            std::fflush(stdout);
            summary.append({"peak VmHWM 32 x 16 MiB, window " + QByteArray::number(window) + " (MiB)",
                            QByteArray::number(peak[0].hwm / 1048576.0, 'f', 0),
                            QByteArray::number(peak[1].hwm / 1048576.0, 'f', 0),
                            ratio(double(peak[0].hwm), double(peak[1].hwm)), "lower"});
        }
        std::printf("\nTarget for ours: under 600 MiB (window 1).\n\n");
    }

    std::printf("## Summary: ours / Qt\n\n| measurement | ours | Qt | ours/Qt | better |\n|---|---:|---:|---:|---|\n");
    for (const SummaryRow &row : summary)
        std::printf("| %s | %s | %s | %.2f | %s |\n", row.what.constData(), row.ours.constData(), row.qt.constData(),
                    row.ratio, row.better);
    return 0;
}
