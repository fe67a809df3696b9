#include "convertcommand.h"

#include "readerror.h"
#include "wireformat.h"

#include "session/pcapngwriter.h"
#include "session/sessionexport.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace sockscope::cli {

namespace {

QString extension(const QString &path)
{
    return QFileInfo(path).suffix().toLower();
}

} // namespace

ExitCode runConvert(const ConvertArguments &arguments)
{
    const QString from = extension(arguments.input);
    const QString to = extension(arguments.output);
    if (from != QLatin1String("sksession") || to != QLatin1String("pcapng")) {
        printError(
            QStringLiteral("sockscope-cli: convert: cannot convert .%1 to .%2; supported: .sksession to .pcapng\n")
                .arg(from, to));
        return ExitCode::Usage;
    }
    QFile in(arguments.input);
    if (!in.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("sockscope-cli: cannot read %1: %2\n").arg(arguments.input, in.errorString()));
        return ExitCode::InputError;
    }
    session::SessionReadError error;
    const QList<session::TcpConversation> conversations = session::sessionexport::toTcpConversations(in, error);
    if (error && error.kind != session::SessionReadError::Kind::Truncated) {
        printError(QStringLiteral("sockscope-cli: %1\n").arg(describeReadError(arguments.input, error)));
        return ExitCode::InputError;
    }
    if (error)
        printError(QStringLiteral("sockscope-cli: warning: %1; converting what came before\n")
                       .arg(describeReadError(arguments.input, error)));
    QSaveFile out(arguments.output);
    QString writeError;
    if (!out.open(QIODevice::WriteOnly) || !session::PcapngWriter::write(out, conversations, &writeError) ||
        !out.commit()) {
        printError(QStringLiteral("sockscope-cli: cannot write %1: %2\n")
                       .arg(arguments.output, writeError.isEmpty() ? out.errorString() : writeError));
        return ExitCode::InputError;
    }
    printLine(QStringLiteral("%1 connections written to %2").arg(conversations.size()).arg(arguments.output));
    return ExitCode::Ok;
}

} // namespace sockscope::cli
