#include "ui/mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sockscope"));
    QApplication::setOrganizationName(QStringLiteral("Sockscope"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    sockscope::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
