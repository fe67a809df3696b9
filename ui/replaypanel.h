#pragma once

#include "session/replayer.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace sockscope::session {
struct RecordedConnection;
}

namespace sockscope::ui {

class ReplayResultsModel;
class SideBySideDiff;
class ToneLabel;

// Plays a recorded connection again and shows how the server answers now: where to (the recorded URL or
// another), how fast (the recorded timing scaled from 0.1x to 10x, as fast as possible, or one message per
// step), how to compare (exactly, or as JSON leaving out given paths), then each response with its verdict,
// its differences by path and the recorded and actual payloads side by side. Uses session::Replayer.
class ReplayPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReplayPanel(QWidget *parent = nullptr);
    ~ReplayPanel() override;

    // The connection to replay; null disables the panel. It must stay while the panel shows it.
    void setConnection(const session::RecordedConnection *connection);

    // What the form says, as options for the Replayer. Speeds: 0.1 to 10, 0 for as fast as possible.
    session::ReplayOptions options() const;
    void setUrl(const QString &url);
    void setSpeed(double speed);
    void setStepwise(bool on);
    void setIgnorePaths(const QString &commaSeparated);
    void setJsonAware(bool on);

    void start();
    // Stepwise: sends the next message.
    bool step();
    void stop();
    bool isRunning() const;

    ReplayResultsModel *results() const { return m_results; }
    QTableView *resultsView() const { return m_resultsView; }
    SideBySideDiff *diff() const { return m_diff; }
    QString statusText() const;
    QString differencesText() const;

signals:
    void finished(const sockscope::session::ReplayResult &result);

private:
    void showSelected();
    void updateButtons();
    void showProgress();

    const session::RecordedConnection *m_connection = nullptr;
    std::unique_ptr<session::Replayer> m_replayer;
    QLineEdit *m_url;
    QComboBox *m_speed;
    QCheckBox *m_stepwise;
    QCheckBox *m_json;
    QLineEdit *m_ignore;
    QCheckBox *m_insecure;
    QPushButton *m_start;
    QPushButton *m_next;
    ToneLabel *m_status;
    ReplayResultsModel *m_results;
    QTableView *m_resultsView;
    QPlainTextEdit *m_differences;
    SideBySideDiff *m_diff;
    int m_sent = 0;
};

} // namespace sockscope::ui
