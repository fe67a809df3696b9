#include "convertcommand.h"

#include "readerror.h"
#include "wireformat.h"

#include "session/captureimport.h"
#include "session/harreader.h"
#include "session/harwriter.h"
#include "session/pcapngwriter.h"
#include "session/sessionassembler.h"
#include "session/sessionexport.h"
#include "session/sessionhar.h"
#include "session/sessionwriter.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <functional>
#include <optional>

namespace sockscope::cli {

namespace {

QString extension(const QString &path)
{
    return QFileInfo(path).suffix().toLower();
}

// Writes OUT through `write` into a QSaveFile, so OUT is replaced whole or not at all.
bool save(const QString &path, const std::function<bool(QIODevice &, QString *)> &write)
{
    QSaveFile out(path);
    QString error;
    if (!out.open(QIODevice::WriteOnly) || !write(out, &error) || !out.commit()) {
        printError(QStringLiteral("sockscope-cli: cannot write %1: %2\n")
                       .arg(path, error.isEmpty() ? out.errorString() : error));
        return false;
    }
    return true;
}

bool saveSession(const QString &path, const QList<session::SessionRecord> &records)
{
    return save(path, [&records](QIODevice &device, QString *) {
        session::SessionWriter writer(&device);
        if (!writer.writeFileHeader())
            return false;
        for (const session::SessionRecord &r : records) {
            if (!writer.write(r))
                return false;
        }
        return true;
    });
}

bool savePcapng(const QString &path, const QList<session::TcpConversation> &conversations)
{
    return save(path, [&conversations](QIODevice &device, QString *error) {
        return session::PcapngWriter::write(device, conversations, error);
    });
}

bool saveHar(const QString &path, const QList<session::HarWebSocketEntry> &entries)
{
    const QByteArray json =
        session::writeHar(entries, QStringLiteral("Sockscope"), QCoreApplication::applicationVersion());
    return save(path, [&json](QIODevice &device, QString *) { return device.write(json) == json.size(); });
}

bool openInput(const QString &path, QFile &file)
{
    file.setFileName(path);
    if (file.open(QIODevice::ReadOnly))
        return true;
    printError(QStringLiteral("sockscope-cli: cannot read %1: %2\n").arg(path, file.errorString()));
    return false;
}

// A session file cut short (a journal after a crash) is converted up to where it ends, with a warning; a damaged
// one is not converted.
bool acceptSessionError(const QString &path, const session::SessionReadError &error)
{
    if (error && error.kind != session::SessionReadError::Kind::Truncated) {
        printError(QStringLiteral("sockscope-cli: %1\n").arg(describeReadError(path, error)));
        return false;
    }
    if (error)
        printError(QStringLiteral("sockscope-cli: warning: %1; converting what came before\n")
                       .arg(describeReadError(path, error)));
    return true;
}

// A HAR file read up to its first error. nullopt (after saying why) when it cannot be read or nothing came before
// the error; otherwise what was read, and `status` is InputError when an error stopped the reading.
std::optional<session::HarReadResult> readHarFile(const QString &path, ExitCode &status)
{
    status = ExitCode::InputError;
    QFile file;
    if (!openInput(path, file))
        return std::nullopt;
    session::HarReadResult har = session::readHar(file.readAll());
    if (!har.error) {
        status = ExitCode::Ok;
        return har;
    }
    if (har.entries.isEmpty()) {
        printError(QStringLiteral("sockscope-cli: %1\n").arg(describeHarError(path, har.error)));
        return std::nullopt;
    }
    printError(QStringLiteral("sockscope-cli: %1; converting what was read before it\n")
                   .arg(describeHarError(path, har.error)));
    return har;
}

void reportWritten(qsizetype connections, const QString &output)
{
    printLine(QStringLiteral("%1 connections written to %2").arg(connections).arg(output));
}

ExitCode sessionToPcapng(const ConvertArguments &arguments)
{
    QFile in;
    if (!openInput(arguments.input, in))
        return ExitCode::InputError;
    session::SessionReadError error;
    const QList<session::TcpConversation> conversations = session::sessionexport::toTcpConversations(in, error);
    if (!acceptSessionError(arguments.input, error))
        return ExitCode::InputError;
    if (!savePcapng(arguments.output, conversations))
        return ExitCode::InputError;
    reportWritten(conversations.size(), arguments.output);
    return ExitCode::Ok;
}

ExitCode sessionToHar(const ConvertArguments &arguments)
{
    QFile in;
    if (!openInput(arguments.input, in))
        return ExitCode::InputError;
    const session::sessionhar::SessionHar har = session::sessionhar::toHar(in);
    if (!acceptSessionError(arguments.input, har.error))
        return ExitCode::InputError;
    if (!saveHar(arguments.output, har.entries))
        return ExitCode::InputError;
    reportWritten(har.entries.size(), arguments.output);
    return ExitCode::Ok;
}

ExitCode harToSession(const ConvertArguments &arguments)
{
    ExitCode status;
    const std::optional<session::HarReadResult> har = readHarFile(arguments.input, status);
    if (!har)
        return status;
    if (!saveSession(arguments.output, session::sessionhar::toSessionRecords(*har)))
        return ExitCode::InputError;
    reportWritten(har->entries.size(), arguments.output);
    return status;
}

ExitCode harToPcapng(const ConvertArguments &arguments)
{
    ExitCode status;
    const std::optional<session::HarReadResult> har = readHarFile(arguments.input, status);
    if (!har)
        return status;
    const QList<session::TcpConversation> conversations =
        session::sessionexport::toTcpConversations(session::sessionhar::toSessionRecords(*har));
    if (!savePcapng(arguments.output, conversations))
        return ExitCode::InputError;
    reportWritten(conversations.size(), arguments.output);
    return status;
}

// What the import found beside the connections: streams it skipped and why, and its warnings (the first ten).
void reportCapture(const QString &path, const session::CaptureImportResult &result)
{
    const session::CaptureImportStats &s = result.stats;
    printLine(QStringLiteral("%1: %2 packets, %3 TCP streams, %4 WebSocket connections, %5 failed upgrades; "
                             "skipped %6 TLS and %7 other streams")
                  .arg(path)
                  .arg(s.packets)
                  .arg(s.tcpStreams)
                  .arg(s.webSocketConnections)
                  .arg(s.failedUpgrades)
                  .arg(s.tlsStreams)
                  .arg(s.otherStreams));
    const qsizetype shown = std::min<qsizetype>(result.warnings.size(), 10);
    for (qsizetype i = 0; i < shown; ++i) {
        const session::CaptureWarning &w = result.warnings[i];
        printError(QStringLiteral("sockscope-cli: warning: packet %1 (byte %2), TCP stream %3: %4: %5\n")
                       .arg(w.packet)
                       .arg(w.offset)
                       .arg(w.tcpStream)
                       .arg(QLatin1String(session::captureWarningName(w.kind)), w.detail));
    }
    if (result.warnings.size() > shown)
        printError(QStringLiteral("sockscope-cli: %1 more warnings\n").arg(result.warnings.size() - shown));
}

// A capture read up to its first damage. nullopt (after saying why) when it cannot be read at all or holds no
// WebSocket connection before the damage; `status` is InputError when damage stopped the reading.
std::optional<session::CaptureImportResult> readCaptureFile(const QString &path, ExitCode &status)
{
    status = ExitCode::InputError;
    QFile file;
    if (!openInput(path, file))
        return std::nullopt;
    session::CaptureImportResult result = session::importCapture(file);
    reportCapture(path, result);
    if (result.readError && result.records.isEmpty()) {
        printError(QStringLiteral("sockscope-cli: %1: %2\n").arg(path, result.readError.message()));
        return std::nullopt;
    }
    if (result.readError) {
        printError(QStringLiteral("sockscope-cli: %1: %2; converting what came before\n")
                       .arg(path, result.readError.message()));
        return result;
    }
    status = ExitCode::Ok;
    return result;
}

ExitCode captureToSession(const ConvertArguments &arguments)
{
    ExitCode status;
    const std::optional<session::CaptureImportResult> capture = readCaptureFile(arguments.input, status);
    if (!capture)
        return status;
    QList<session::SessionRecord> records = capture->records;
    if (!capture->readError) {
        session::SessionRecord end;
        end.type = session::RecordType::End;
        end.timestampUs = records.isEmpty() ? 0 : records.last().timestampUs;
        end.recordCount = quint64(records.size());
        records.append(end);
    }
    if (!saveSession(arguments.output, records))
        return ExitCode::InputError;
    reportWritten(capture->stats.sessionConnections(), arguments.output);
    return status;
}

ExitCode captureToHar(const ConvertArguments &arguments)
{
    ExitCode status;
    const std::optional<session::CaptureImportResult> capture = readCaptureFile(arguments.input, status);
    if (!capture)
        return status;
    session::SessionAssembler assembler;
    for (const session::SessionRecord &r : capture->records)
        assembler.add(r);
    assembler.finish();
    QList<session::HarWebSocketEntry> entries;
    for (const auto &c : assembler.connections())
        entries.append(session::sessionhar::toHarEntry(*c));
    if (!saveHar(arguments.output, entries))
        return ExitCode::InputError;
    reportWritten(entries.size(), arguments.output);
    return status;
}

struct Conversion {
    QLatin1StringView from;
    QLatin1StringView to;
    ExitCode (*run)(const ConvertArguments &);
};

// Every pair convert handles, by extension.
const Conversion conversions[] = {
    {QLatin1StringView("pcapng"), QLatin1StringView("sksession"), captureToSession},
    {QLatin1StringView("pcap"), QLatin1StringView("sksession"), captureToSession},
    {QLatin1StringView("pcapng"), QLatin1StringView("har"), captureToHar},
    {QLatin1StringView("pcap"), QLatin1StringView("har"), captureToHar},
    {QLatin1StringView("sksession"), QLatin1StringView("pcapng"), sessionToPcapng},
    {QLatin1StringView("sksession"), QLatin1StringView("har"), sessionToHar},
    {QLatin1StringView("har"), QLatin1StringView("sksession"), harToSession},
    {QLatin1StringView("har"), QLatin1StringView("pcapng"), harToPcapng},
};

QString supportedPairs()
{
    QStringList pairs;
    for (const Conversion &c : conversions)
        pairs.append(QStringLiteral(".%1 to .%2").arg(c.from, c.to));
    return pairs.join(QStringLiteral(", "));
}

} // namespace

ExitCode runConvert(const ConvertArguments &arguments)
{
    const QString from = extension(arguments.input);
    const QString to = extension(arguments.output);
    for (const Conversion &c : conversions) {
        if (c.from == from && c.to == to)
            return c.run(arguments);
    }
    printError(QStringLiteral("sockscope-cli: convert: cannot convert .%1 to .%2; supported: %3\n")
                   .arg(from, to, supportedPairs()));
    return ExitCode::Usage;
}

} // namespace sockscope::cli
