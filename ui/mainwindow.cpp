#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

namespace sockscope::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Sockscope"));
    resize(1200, 800);

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *quitAction = fileMenu->addAction(tr("&Quit"));
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, qApp, &QApplication::quit);

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    auto *aboutAction = helpMenu->addAction(tr("&About Sockscope"));
    connect(aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Sockscope"),
                           tr("<b>Sockscope %1</b><p>A workbench for WebSocket developers.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *welcome = new QLabel(tr("<h2>Sockscope</h2><p>A workbench for WebSocket developers.</p>"), central);
    welcome->setAlignment(Qt::AlignCenter);
    layout->addWidget(welcome);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Ready"));
}

} // namespace sockscope::ui
