// sockscope-screenshots: drives the real main window through a short session against its own local server and
// saves a PNG of each view the README shows. Run it under an X server (docs/screenshots/make.sh uses Xvfb);
// it is not installed. With --dark it runs under a dark Fusion palette, to check colours on dark.
#include "ui/connectiontab.h"
#include "ui/hexview.h"
#include "ui/mainwindow.h"
#include "ui/messagedetails.h"
#include "ui/messagelogmodel.h"
#include "ui/palettecolours.h"
#include "ui/payloadeditor.h"
#include "ui/replaypanel.h"
#include "ui/replayresultsmodel.h"
#include "ui/servertab.h"
#include "ui/sessionconnectionsmodel.h"
#include "ui/sessiontab.h"

#include "net/server.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QScreen>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <functional>

using namespace sockscope;

namespace {
// Runs the event loop until `done` or the time is up.
bool waitFor(const std::function<bool()> &done, int ms = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > ms)
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

void settle(int ms = 300)
{
    waitFor([] { return false; }, ms);
}

bool save(QWidget *window, const QString &path)
{
    settle();
    const QPixmap shot = window->screen()->grabWindow(window->winId());
    const bool ok = shot.save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

// The first row of the log with this type and direction.
int findRow(const ui::MessageLogModel *model, const QString &type, const QString &direction)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, ui::MessageLogModel::TypeColumn).data().toString() == type &&
            model->index(row, ui::MessageLogModel::DirectionColumn).data().toString().endsWith(direction))
            return row;
    }
    return 0;
}

template <typename T> T *findTab(QTabWidget *tabs)
{
    for (int i = 0; i < tabs->count(); ++i) {
        if (auto *w = qobject_cast<T *>(tabs->widget(i)))
            return w;
    }
    return nullptr;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SockscopeScreenshots")); // never the user's settings
    QStringList arguments = QApplication::arguments().mid(1);
    if (arguments.removeAll(QStringLiteral("--dark")) > 0) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(ui::darkPalette());
    }
    const QDir out(arguments.value(0, QStringLiteral(".")));
    QDir().mkpath(out.path());

    net::ServerOptions options;
    options.port = 0;
    ui::MainWindow window(options);
    window.resize(1280, 820);
    window.show();
    if (!waitFor([&] { return window.isVisible(); }))
        return 1;
    auto *tabs = window.findChild<QTabWidget *>();
    ui::ConnectionTab *tab = window.currentConnectionTab();
    tab->setSubprotocols(QStringLiteral("json.v1"));
    tab->connectToServer();
    if (!waitFor([&] { return tab->stateText() == QLatin1String("OPEN"); }))
        return 2;

    // A short session: JSON, text, binary, a ping.
    ui::PayloadEditor *editor = tab->sender()->payloadEditor();
    editor->setMode(ui::PayloadEditor::Mode::Json);
    editor->setText(QStringLiteral(
        "{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbols\":[\"BTC-USD\",\"ETH-USD\"],\"depth\":25}"));
    tab->sender()->send();
    editor->setMode(ui::PayloadEditor::Mode::Text);
    editor->setText(QStringLiteral("hello from Sockscope"));
    tab->sender()->send();
    QByteArray binary;
    for (int i = 0; i < 700; ++i)
        binary.append(char((i * 37) ^ (i >> 3)));
    binary.replace(0, 16, QByteArray("\x89PNG-not-really\x00", 16));
    editor->setMode(ui::PayloadEditor::Mode::Base64);
    editor->setText(QString::fromLatin1(binary.toBase64()));
    tab->sender()->send();
    emit tab->sender()->pingRequested("heartbeat");
    editor->setMode(ui::PayloadEditor::Mode::Json);
    editor->setText(QStringLiteral("{\"op\":\"ping\",\"id\":42}"));
    if (!waitFor([&] { return tab->logModel()->rowCount() >= 8; }))
        return 3;

    // Main window: the JSON echo selected.
    tab->logView()->setCurrentIndex(
        tab->logModel()->index(findRow(tab->logModel(), QStringLiteral("text"), QStringLiteral("received")), 0));
    bool ok = save(&window, out.filePath(QStringLiteral("main-window.png")));

    // Hex view of the binary message.
    const int binaryRow = findRow(tab->logModel(), QStringLiteral("binary"), QStringLiteral("received"));
    tab->logView()->setCurrentIndex(tab->logModel()->index(binaryRow, 0));
    if (auto *details = tab->details()->findChild<QTabWidget *>())
        details->setCurrentWidget(tab->details()->hexView());
    tab->details()->hexView()->setSelection(0, 16);
    ok &= save(&window, out.filePath(QStringLiteral("hex-view.png")));

    // Handshake.
    if (auto *views = tab->details()->parentWidget() ? tab->details()->parentWidget()->parentWidget() : nullptr) {
        if (auto *viewTabs = qobject_cast<QTabWidget *>(views))
            viewTabs->setCurrentIndex(1);
    }
    ok &= save(&window, out.filePath(QStringLiteral("handshake.png")));

    // Server tab with a second client from QtWebSockets.
    QWebSocket browserLike(QStringLiteral("http://localhost:3000"));
    browserLike.open(window.server()->url());
    waitFor([&] { return browserLike.state() == QAbstractSocket::ConnectedState; });
    browserLike.sendTextMessage(QStringLiteral("{\"event\":\"join\",\"room\":\"lobby\"}"));
    settle(500);
    tabs->setCurrentWidget(findTab<ui::ServerTab>(tabs));
    ok &= save(&window, out.filePath(QStringLiteral("server-tab.png")));
    browserLike.close();
    tab->disconnectFromServer();
    settle();

    // The recording opened as a session and replayed against a server that has changed: it answers a subscription
    // with a deeper book and a field of its own.
    QTemporaryDir dir;
    const QString recording = dir.filePath(QStringLiteral("trades.sksession"));
    QString error;
    if (!window.saveSession(recording, &error))
        return 5;
    QWebSocketServer changed(QStringLiteral("changed"), QWebSocketServer::NonSecureMode);
    changed.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&changed, &QWebSocketServer::newConnection, &changed, [&changed] {
        QWebSocket *socket = changed.nextPendingConnection();
        QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [socket](QString text) {
            socket->sendTextMessage(
                text.replace(QStringLiteral("\"depth\":25"), QStringLiteral("\"depth\":50,\"snapshot\":true")));
        });
        QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket,
                         [socket](const QByteArray &data) { socket->sendBinaryMessage(data); });
    });
    ui::SessionTab *session = window.openSession(recording);
    if (!session || !waitFor([&] { return session->isLoaded(); }))
        return 6;
    for (int i = 0; i < session->connectionsModel()->rowCount(); ++i) {
        if (session->connectionsModel()->index(i, 1).data().toString() == QLatin1String("client"))
            session->selectConnection(i);
    }
    ui::ReplayPanel *replay = session->replayPanel();
    if (auto *views = replay->parentWidget() ? replay->parentWidget()->parentWidget() : nullptr) {
        if (auto *viewTabs = qobject_cast<QTabWidget *>(views))
            viewTabs->setCurrentWidget(replay);
    }
    replay->setUrl(QStringLiteral("ws://127.0.0.1:%1/echo").arg(changed.serverPort()));
    replay->setSpeed(0);
    replay->setIgnorePaths(QStringLiteral("$.id"));
    replay->start();
    if (!waitFor([&] { return !replay->isRunning() && replay->results()->rowCount() > 0; }))
        return 7;
    settle();
    ok &= save(&window, out.filePath(QStringLiteral("session-replay.png")));
    return ok ? 0 : 4;
}
