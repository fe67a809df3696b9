#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {
// Loads Sockscope's and Qt's own translations for the locale: the system's, or the one given with --lang.
void installTranslations(QApplication &app, const QLocale &locale)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("sockscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sockscope"));
    QApplication::setOrganizationName(QStringLiteral("Sockscope"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("sockscope"));
    QIcon icon;
    icon.addFile(QStringLiteral(":/icons/sockscope-48.png"));
    icon.addFile(QStringLiteral(":/icons/sockscope-256.png"));
    QApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "A workbench for WebSocket developers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        QApplication::translate("main", "Use the language LANG (e.g. zh_CN, en)."),
                                        QStringLiteral("LANG"));
    parser.addOption(langOption);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QApplication::translate("main", "Session files (.sksession) to open."),
                                 QStringLiteral("[files...]"));
    parser.process(app);
    if (parser.isSet(langOption))
        QLocale::setDefault(QLocale(parser.value(langOption))); // numbers and sizes in that language too
    installTranslations(app, parser.isSet(langOption) ? QLocale(parser.value(langOption)) : QLocale::system());

    sockscope::ui::MainWindow window;
    window.show();
    for (const QString &file : parser.positionalArguments())
        window.openSession(file);
    return QApplication::exec();
}
