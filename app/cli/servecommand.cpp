#include "servecommand.h"

#include "readerror.h"
#include "wireformat.h"

#include "net/selfsignedcertificate.h"
#include "net/serverclient.h"
#include "net/tlsidentity.h"
#include "session/loadedsession.h"
#include "session/mockscriptbuilder.h"

#include <cstdio>
#include <limits>

namespace sockscope::cli {

namespace {
QString clientErrorName(net::ServerClient::Error error)
{
    switch (error) {
    case net::ServerClient::Error::HandshakeTimeout: return QStringLiteral("handshake timeout");
    case net::ServerClient::Error::BadRequest: return QStringLiteral("bad request");
    case net::ServerClient::Error::Refused: return QStringLiteral("refused");
    case net::ServerClient::Error::TlsFailed: return QStringLiteral("TLS failed");
    case net::ServerClient::Error::UpstreamFailed: return QStringLiteral("upstream failed");
    case net::ServerClient::Error::ConnectionReset: return QStringLiteral("reset");
    }
    return QStringLiteral("error");
}
} // namespace

ServeCommand::ServeCommand(ServeArguments arguments, QObject *parent)
    : QObject(parent)
    , m_args(std::move(arguments))
{
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, [this] { end(ExitCode::Ok); });
}

bool ServeCommand::loadIdentity()
{
    if (m_args.selfSigned) {
        // For the address served on and the usual loopback names, so a client that trusts it can verify it.
        QStringList hosts{QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
        const QHostAddress address = m_args.options.address;
        if (address != QHostAddress::Any && address != QHostAddress::AnyIPv4 && address != QHostAddress::AnyIPv6 &&
            !hosts.contains(address.toString()))
            hosts.append(address.toString());
        QString error;
        const auto identity = net::generateSelfSigned(hosts, 30, &error);
        if (!identity) {
            printError(QStringLiteral("sockscope-cli: cannot generate a self-signed certificate: %1\n").arg(error));
            return false;
        }
        m_args.options.certificate = identity->certificate;
        m_args.options.privateKey = identity->privateKey;
        printError(QStringLiteral("sockscope-cli: self-signed certificate, SHA-256 fingerprint %1\n")
                       .arg(QString::fromLatin1(identity->certificate.digest(QCryptographicHash::Sha256).toHex(':'))));
        return true;
    }
    if (m_args.certFile.isEmpty())
        return true;
    // The same loading as a client identity: PEM or DER certificate with its chain, an RSA, EC or DSA key, and
    // a key that belongs to another certificate said at once rather than at each client's handshake.
    const net::TlsIdentity::Loaded loaded = net::TlsIdentity::fromPemFiles(m_args.certFile, m_args.keyFile);
    if (!loaded.ok()) {
        printError(QStringLiteral("sockscope-cli: %1\n").arg(loaded.error));
        return false;
    }
    m_args.options.certificate = loaded.identity.certificate;
    m_args.options.certificateChain = loaded.identity.chain;
    m_args.options.privateKey = loaded.identity.privateKey;
    return true;
}

bool ServeCommand::loadMockScript()
{
    const QString &path = m_args.sessionFile;
    // The script needs every payload, however large the file.
    session::StoreLimits limits;
    limits.maxRecords = std::numeric_limits<quint64>::max();
    limits.payloadBudget = std::numeric_limits<qint64>::max();
    const session::LoadedSession loaded = session::loadSessionFile(path, limits);
    if (!loaded.openError.isEmpty()) {
        printError(QStringLiteral("sockscope-cli: cannot read %1: %2\n").arg(path, loaded.openError));
        return false;
    }
    if (loaded.error) {
        // A recording cut short is still a recording; a damaged one would answer with what is not there.
        if (loaded.error.kind != session::SessionReadError::Kind::Truncated) {
            printError(QStringLiteral("sockscope-cli: %1\n").arg(describeReadError(path, loaded.error)));
            return false;
        }
        printError(QStringLiteral("sockscope-cli: warning: %1; serving what came before\n")
                       .arg(describeReadError(path, loaded.error)));
    }
    using Problem = session::MockScriptBuilder::Problem;
    Problem problem = Problem::None;
    const session::RecordedConnection *c =
        session::MockScriptBuilder::choose(loaded.connections, m_args.connection, &problem);
    if (!c) {
        QString why;
        switch (problem) {
        case Problem::NoConnection: why = QStringLiteral("%1 holds no connection").arg(path); break;
        case Problem::NoneOpened: why = QStringLiteral("%1 holds no connection that was opened").arg(path); break;
        case Problem::NoSuchConnection:
            why = QStringLiteral("%1 has no connection %2").arg(path).arg(m_args.connection);
            break;
        case Problem::NotOpened:
        case Problem::None:
            why = QStringLiteral("connection %2 of %1 was not opened (its upgrade was not answered with 101)")
                      .arg(path)
                      .arg(m_args.connection);
            break;
        }
        printError(QStringLiteral("sockscope-cli: %1\n").arg(why));
        return false;
    }
    auto script = std::make_shared<net::MockScript>(session::MockScriptBuilder::build(*c));
    qsizetype responses = 0;
    for (const net::MockStep &step : script->steps)
        responses += step.responses.size();
    m_mockSummary =
        QStringLiteral("mocking connection %1 of %2 (%3 side): %4 opening messages, %5 client messages "
                       "answered with %6 messages, ")
            .arg(c->id)
            .arg(path, c->info.side == session::Side::Client ? QStringLiteral("client") : QStringLiteral("server"))
            .arg(script->opening.size())
            .arg(script->steps.size())
            .arg(responses) +
        (!script->close            ? QStringLiteral("no close recorded")
         : script->close->answered ? QStringLiteral("then the client closed")
                                   : QStringLiteral("then close %1").arg(script->close->code));
    m_args.options.mockScript = std::move(script);
    return true;
}

void ServeCommand::start()
{
    if (!loadIdentity()) {
        end(ExitCode::InputError);
        return;
    }
    if (m_args.options.mode == net::ServerMode::Mock && !loadMockScript()) {
        end(ExitCode::InputError);
        return;
    }
    if (!m_args.recordFile.isEmpty()) {
        if (!m_recorder.open(m_args.recordFile)) {
            printError(QStringLiteral("sockscope-cli: cannot write %1: %2\n")
                           .arg(m_args.recordFile, m_recorder.errorString()));
            end(ExitCode::InputError);
            return;
        }
        connect(&m_recorder, &session::Recorder::failed, this, [this](const QString &error) {
            printError(QStringLiteral("sockscope-cli: recording to %1 stopped: %2\n").arg(m_args.recordFile, error));
        });
        m_recorder.addServer(&m_server);
    }
    connect(&m_server, &net::Server::clientAccepted, this, &ServeCommand::watch);
    if (!m_server.listen(m_args.options)) {
        printError(QStringLiteral("sockscope-cli: %1\n").arg(m_server.errorString()));
        end(ExitCode::ConnectFailed);
        return;
    }
    printLine(QStringLiteral("listening on %1").arg(m_server.url().toString()));
    if (m_args.options.mode == net::ServerMode::Relay)
        printLine(QStringLiteral("relaying to %1").arg(m_args.options.upstream.url.toString()));
    if (!m_mockSummary.isEmpty())
        printLine(m_mockSummary);
}

void ServeCommand::watch(net::ServerClient *client)
{
    const QString tag = QStringLiteral("[%1]").arg(client->id());
    const bool verbose = m_args.verbose;
    printLine(QStringLiteral("%1 connected from %2 port %3")
                  .arg(tag, client->peerAddress().toString())
                  .arg(client->peerPort()));
    if (verbose) {
        connect(client, &net::ServerClient::handshakeRequestReceived, this,
                [tag](const QByteArray &raw) { printLine(prefixedLines(raw, tag + QStringLiteral(" < ")).trimmed()); });
        connect(client, &net::ServerClient::handshakeResponseSent, this,
                [tag](const QByteArray &raw) { printLine(prefixedLines(raw, tag + QStringLiteral(" > ")).trimmed()); });
        connect(client, &net::ServerClient::frameReceived, this,
                [tag](const proto::Frame &f) { printLine(tag + QStringLiteral(" < ") + describeFrame(f)); });
        connect(client, &net::ServerClient::frameSent, this,
                [tag](const proto::Frame &f) { printLine(tag + QStringLiteral(" > ") + describeFrame(f)); });
    }
    connect(client, &net::ServerClient::opened, this, [tag, client] {
        QString line = QStringLiteral("%1 open %2").arg(tag, QString::fromUtf8(client->path()));
        if (!client->protocol().isEmpty())
            line += QStringLiteral(" protocol %1").arg(QString::fromUtf8(client->protocol()));
        if (!client->extensions().isEmpty())
            line += QStringLiteral(" extensions %1").arg(QString::fromUtf8(client->extensions()));
        printLine(line);
    });
    connect(client, &net::ServerClient::messageReceived, this,
            [tag](const proto::Message &m) { printLine(tag + QStringLiteral(" < ") + previewMessage(m)); });
    connect(client, &net::ServerClient::errorOccurred, this,
            [tag](net::ServerClient::Error error, const QString &detail) {
                printLine(QStringLiteral("%1 %2: %3").arg(tag, clientErrorName(error), detail));
            });
    connect(client, &net::ServerClient::protocolError, this, [tag](const proto::ProtocolViolation &v) {
        printLine(
            QStringLiteral("%1 protocol error: %2 (%3)").arg(tag, proto::protocolErrorDescription(v.error), v.detail));
    });
    connect(client, &net::ServerClient::closed, this,
            [tag](const proto::CloseInfo &info) { printLine(tag + QStringLiteral(" closed ") + describeClose(info)); });
    connect(client, &net::ServerClient::finished, this, [this] {
        if (m_stopTimer.isActive() && m_server.clients().size() <= 1)
            QTimer::singleShot(0, this, [this] { end(ExitCode::Ok); });
    });
}

void ServeCommand::stop()
{
    if (m_done || m_stopTimer.isActive())
        return;
    printLine(QStringLiteral("stopping"));
    m_server.close();
    if (m_server.clients().isEmpty()) {
        end(ExitCode::Ok);
        return;
    }
    // Open clients get 1001 Going Away; those that do not answer in time are dropped.
    m_stopTimer.start(2000);
}

void ServeCommand::end(ExitCode code)
{
    if (m_done)
        return;
    m_done = true;
    m_stopTimer.stop();
    if (m_recorder.isOpen() && !m_recorder.finish())
        printError(
            QStringLiteral("sockscope-cli: cannot finish %1: %2\n").arg(m_args.recordFile, m_recorder.errorString()));
    emit finished(int(code));
}

} // namespace sockscope::cli
