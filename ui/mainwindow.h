#pragma once

#include <QMainWindow>

namespace sockscope::ui {

// The workbench's top-level window: menus, the connection tabs and the server tab. It owns the widgets, not
// the connections.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace sockscope::ui
