#include "connectcommand.h"

#include "wireformat.h"

#include "net/tlsidentity.h"
#include "proto/bytetext.h"

#include <QFile>
#include <QSocketNotifier>

#include <cstdio>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

namespace sockscope::cli {

namespace {
void printOut(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
}

ExitCode exitCodeFor(net::ClientConnection::Error error)
{
    switch (error) {
    case net::ClientConnection::Error::InvalidUrl: return ExitCode::Usage;
    case net::ClientConnection::Error::HandshakeFailed:
    case net::ClientConnection::Error::HandshakeRefused: return ExitCode::HandshakeFailed;
    case net::ClientConnection::Error::Timeout: return ExitCode::Timeout;
    default: return ExitCode::ConnectFailed;
    }
}
} // namespace

ConnectCommand::ConnectCommand(ConnectArguments arguments, QObject *parent)
    : QObject(parent)
    , m_args(std::move(arguments))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        printError(QStringLiteral("sockscope-cli: timed out after %1 s\n").arg(m_args.timeoutSeconds));
        m_exit = ExitCode::Timeout;
        m_connection.abort();
        end(ExitCode::Timeout);
    });
}

ConnectCommand::~ConnectCommand() = default;

bool ConnectCommand::prepareMessages()
{
    for (const SendItem &item : m_args.sends) {
        switch (item.kind) {
        case SendItem::Kind::Text: m_messages.append({proto::Opcode::Text, item.value.toUtf8()}); break;
        case SendItem::Kind::Hex: {
            proto::ByteTextError error;
            const auto bytes = proto::parseHexText(item.value.toUtf8(), &error);
            if (!bytes) {
                printError(QStringLiteral("sockscope-cli: --send-hex \"%1\": %2\n").arg(item.value, error.detail));
                return false;
            }
            m_messages.append({proto::Opcode::Binary, *bytes});
            break;
        }
        case SendItem::Kind::File: {
            QFile file(item.value);
            if (!file.open(QIODevice::ReadOnly)) {
                printError(QStringLiteral("sockscope-cli: cannot read %1: %2\n").arg(item.value, file.errorString()));
                return false;
            }
            m_messages.append({proto::Opcode::Binary, file.readAll()});
            break;
        }
        }
    }
    return true;
}

bool ConnectCommand::loadTlsFiles(net::ClientOptions &options)
{
    if (!m_args.caFile.isEmpty()) {
        QFile file(m_args.caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            printError(QStringLiteral("sockscope-cli: cannot read %1: %2\n").arg(m_args.caFile, file.errorString()));
            return false;
        }
        options.extraCaCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (options.extraCaCertificates.isEmpty()) {
            printError(QStringLiteral("sockscope-cli: %1 holds no PEM certificate\n").arg(m_args.caFile));
            return false;
        }
    }
    if (!m_args.clientCertFile.isEmpty()) {
        // Not an option: a command line is visible to every user of the machine.
        const QByteArray passphrase = qgetenv("SOCKSCOPE_KEY_PASSPHRASE");
        const net::TlsIdentity::Loaded loaded =
            net::TlsIdentity::fromFiles(m_args.clientCertFile, m_args.clientKeyFile, passphrase);
        if (!loaded.ok()) {
            printError(QStringLiteral("sockscope-cli: %1%2\n")
                           .arg(loaded.error, loaded.needsPassphrase ? QStringLiteral(" (set SOCKSCOPE_KEY_PASSPHRASE)")
                                                                     : QString()));
            return false;
        }
        options.clientIdentity = loaded.identity;
    }
    return true;
}

void ConnectCommand::start()
{
    if (!prepareMessages()) {
        end(ExitCode::InputError);
        return;
    }
    net::ClientOptions options;
    options.url = m_args.url;
    options.origin = m_args.origin;
    options.subprotocols = m_args.protocols;
    for (const auto &[name, value] : m_args.headers)
        options.extraHeaders.append(name, value);
    options.deflate = m_args.deflate;
    options.skipCertificateVerification = m_args.insecure;
    if (!loadTlsFiles(options)) {
        end(ExitCode::InputError);
        return;
    }
    if (m_args.timeoutSeconds > 0) {
        // The overall limit speaks first; the handshake limit only backs it up.
        options.handshakeTimeoutMs = int(std::min(m_args.timeoutSeconds * 1000 + 1000, 30000.0));
        m_timeout.start(int(m_args.timeoutSeconds * 1000));
    }

    if (!startRecording(options)) {
        end(ExitCode::InputError);
        return;
    }
    if (m_args.verbose) {
        connect(&m_connection, &net::ClientConnection::handshakeRequestSent, this,
                [](const QByteArray &raw) { printError(prefixedLines(raw, QStringLiteral("> "))); });
        connect(&m_connection, &net::ClientConnection::handshakeResponseReceived, this,
                [](const QByteArray &raw) { printError(prefixedLines(raw, QStringLiteral("< "))); });
        connect(&m_connection, &net::ClientConnection::frameSent, this,
                [](const proto::Frame &f) { printError(QStringLiteral("> ") + describeFrame(f) + QLatin1Char('\n')); });
        connect(&m_connection, &net::ClientConnection::frameReceived, this,
                [](const proto::Frame &f) { printError(QStringLiteral("< ") + describeFrame(f) + QLatin1Char('\n')); });
    }
    connect(&m_connection, &net::ClientConnection::errorOccurred, this,
            [this](net::ClientConnection::Error error, const QString &detail) {
                printError(QStringLiteral("sockscope-cli: %1\n").arg(detail));
                if (!m_exit)
                    m_exit = exitCodeFor(error);
            });
    connect(&m_connection, &net::ClientConnection::protocolError, this,
            [this](const proto::ProtocolViolation &violation) {
                m_protocolError = true;
                printError(QStringLiteral("sockscope-cli: the server broke the protocol: %1 (%2)\n")
                               .arg(proto::protocolErrorDescription(violation.error), violation.detail));
            });
    connect(&m_connection, &net::ClientConnection::opened, this, &ConnectCommand::onOpened);
    connect(&m_connection, &net::ClientConnection::messageReceived, this, [this](const proto::Message &message) {
        printOut(printableMessage(message));
        if (m_args.echo && m_connection.transport())
            m_connection.transport()->sendMessage(message.type, message.payload);
    });
    connect(&m_connection, &net::ClientConnection::closed, this, [this](const proto::CloseInfo &info) {
        // A connection that never opened has already said why.
        if (m_args.verbose || (m_opened && !info.wasClean))
            printError(QStringLiteral("sockscope-cli: closed %1\n").arg(describeClose(info)));
        if (m_exit)
            end(*m_exit);
        else if (m_protocolError)
            end(ExitCode::ProtocolError);
        else
            end(info.wasClean ? ExitCode::Ok : ExitCode::NotClean);
    });
    m_connection.open(options);
}

bool ConnectCommand::startRecording(const net::ClientOptions &options)
{
    if (m_args.recordFile.isEmpty())
        return true;
    if (!m_recorder.open(m_args.recordFile)) {
        printError(
            QStringLiteral("sockscope-cli: cannot write %1: %2\n").arg(m_args.recordFile, m_recorder.errorString()));
        return false;
    }
    connect(&m_recorder, &session::Recorder::failed, this, [this](const QString &error) {
        printError(QStringLiteral("sockscope-cli: recording to %1 stopped: %2\n").arg(m_args.recordFile, error));
    });
    m_recorder.addClient(&m_connection,
                         session::Recorder::clientInfo(options.url, options.subprotocols, options.extraHeaders,
                                                       options.origin, options.deflate));
    return true;
}

void ConnectCommand::onOpened()
{
    m_opened = true;
    if (m_args.insecure && !m_connection.tlsErrors().isEmpty()) {
        QStringList errors;
        for (const QSslError &e : m_connection.tlsErrors())
            errors << e.errorString();
        printError(
            QStringLiteral("sockscope-cli: warning: --insecure ignored: %1\n").arg(errors.join(QLatin1String("; "))));
    }
    if (m_args.verbose && !m_connection.protocol().isEmpty())
        printError(QStringLiteral("sockscope-cli: subprotocol %1\n").arg(QString::fromUtf8(m_connection.protocol())));
    for (const auto &[type, payload] : std::as_const(m_messages)) {
        if (m_connection.transport())
            m_connection.transport()->sendMessage(type, payload);
    }
    if (m_args.echo)
        return;
    if (m_args.closeCode) {
        m_connection.close(*m_args.closeCode, m_args.closeReason);
        return;
    }
#if defined(Q_OS_UNIX)
    m_stdin = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
    connect(m_stdin.get(), &QSocketNotifier::activated, this, &ConnectCommand::readStdin);
#else
    m_connection.close(1000);
#endif
}

void ConnectCommand::readStdin()
{
#if defined(Q_OS_UNIX)
    char buffer[65536];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0) {
        m_stdinBuffer.append(buffer, qsizetype(n));
        qsizetype newline;
        while ((newline = m_stdinBuffer.indexOf('\n')) >= 0) {
            QByteArray line = m_stdinBuffer.left(newline);
            m_stdinBuffer.remove(0, newline + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            m_connection.sendText(line);
        }
        return;
    }
    // End of input (or an error reading it): what is left is the last line, then a normal close.
    m_stdin.reset();
    if (!m_stdinBuffer.isEmpty())
        m_connection.sendText(m_stdinBuffer);
    m_stdinBuffer.clear();
    m_connection.close(1000);
#endif
}

void ConnectCommand::end(ExitCode code)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_stdin.reset();
    if (m_recorder.isOpen() && !m_recorder.finish())
        printError(
            QStringLiteral("sockscope-cli: cannot finish %1: %2\n").arg(m_args.recordFile, m_recorder.errorString()));
    std::fflush(stdout);
    emit finished(int(code));
}

} // namespace sockscope::cli
