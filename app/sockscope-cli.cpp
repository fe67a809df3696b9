// sockscope-cli: the Sockscope library without a window, for scripts and CI. See docs/cli.md.
#include "cli/cliarguments.h"
#include "cli/connectcommand.h"
#include "cli/convertcommand.h"
#include "cli/exitcode.h"
#include "cli/replaycommand.h"
#include "cli/servecommand.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif

using namespace sockscope;

namespace {
#if defined(Q_OS_UNIX)
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// SIGINT and SIGTERM become a notifier on the event loop, where stopping is safe.
template <typename Stop> void onTermination(QObject *context, Stop stop)
{
    if (::pipe(signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [stop] {
        char byte;
        [[maybe_unused]] const auto n = ::read(signalPipe[0], &byte, 1);
        stop();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}
#else
template <typename Stop> void onTermination(QObject *, Stop) {}
#endif
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sockscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    // Line by line, so a script reading our output sees each message when it arrives.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
#if defined(Q_OS_UNIX)
    // A peer or a reader that goes away must not kill the process with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
#endif

    const QStringList arguments = app.arguments().mid(1);
    if (arguments.value(0) == QLatin1String("--version")) {
        std::printf("sockscope-cli %s\n", PROJECT_VERSION_STRING);
        return int(cli::ExitCode::Ok);
    }
    const auto parsed = cli::parseArguments(arguments);
    if (const auto *error = std::get_if<cli::UsageError>(&parsed)) {
        std::fprintf(stderr, "sockscope-cli: %s\nTry sockscope-cli --help.\n", qPrintable(error->message));
        return int(cli::ExitCode::Usage);
    }
    const auto &command = std::get<cli::ParsedCommand>(parsed);
    if (const auto *help = std::get_if<cli::HelpRequest>(&command)) {
        std::fputs(qPrintable(help->text), stdout);
        return int(cli::ExitCode::Ok);
    }

    int exitCode = int(cli::ExitCode::Ok);
    auto quitWith = [&exitCode](int code) {
        exitCode = code;
        QCoreApplication::exit(code);
    };
    if (const auto *connectArgs = std::get_if<cli::ConnectArguments>(&command)) {
        cli::ConnectCommand run(*connectArgs);
        QObject::connect(&run, &cli::ConnectCommand::finished, &app, quitWith, Qt::QueuedConnection);
        onTermination(&app, [] { QCoreApplication::exit(int(cli::ExitCode::NotClean)); });
        run.start();
        QCoreApplication::exec();
        return exitCode;
    }
    if (const auto *convertArgs = std::get_if<cli::ConvertArguments>(&command))
        return int(cli::runConvert(*convertArgs));
    if (const auto *replayArgs = std::get_if<cli::ReplayArguments>(&command)) {
        cli::ReplayCommand run(*replayArgs);
        QObject::connect(&run, &cli::ReplayCommand::finished, &app, quitWith, Qt::QueuedConnection);
        onTermination(&app, [] { QCoreApplication::exit(int(cli::ExitCode::NotClean)); });
        run.start();
        QCoreApplication::exec();
        return exitCode;
    }
    cli::ServeCommand run(std::get<cli::ServeArguments>(command));
    QObject::connect(&run, &cli::ServeCommand::finished, &app, quitWith, Qt::QueuedConnection);
    onTermination(&app, [&run] { run.stop(); });
    run.start();
    QCoreApplication::exec();
    return exitCode;
}
