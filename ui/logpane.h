#pragma once

#include "session/logexporter.h"

#include <QWidget>

#include <functional>

class QAction;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace sockscope::session {
struct MessageRecord;
}

namespace sockscope::ui {

class MessageLogModel;

// A message log as the user works with it: the filter bar (text or regular expression, direction), the table
// of messages, and for a live log autoscroll, pause and clear. It shows one MessageLogModel at a time and can be
// switched to another (a server's clients, a session's connections) keeping its filter, and exported to a file as
// text, CSV or JSON (session::LogExporter). It owns no model.
class LogPane : public QWidget
{
    Q_OBJECT
public:
    explicit LogPane(QWidget *parent = nullptr);

    // Null shows nothing. The pane's filter is applied to the model.
    void setModel(MessageLogModel *model);
    MessageLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    // Autoscroll, Pause and Clear: for a log that grows while it is watched.
    void setLiveControlsVisible(bool visible);
    void focusFilter();
    // The selected record, or null.
    const session::MessageRecord *currentRecord() const;

    // The URL of the connection the log belongs to, asked for when exporting (a JSON export names it).
    void setConnectionUrlSource(std::function<QString()> source) { m_urlSource = std::move(source); }
    // Writes the log to `path` through a QSaveFile, so the file is replaced whole or not at all: every record, or
    // only the rows the filter shows. False, with the reason in `error`, when nothing was written.
    bool exportLog(const QString &path, session::LogExporter::Format format, bool onlyShown, QString *error) const;
    // The Export button's "Only the Messages Shown" choice (on at first).
    bool exportsOnlyShown() const;
    QToolButton *exportButton() const { return m_export; }

signals:
    // Another record was selected, or none (currentRecord()).
    void currentRecordChanged();
    // The user asked for the log to be emptied; the pane has cleared the model.
    void cleared();

private:
    void applyFilter();
    void exportWithDialog(session::LogExporter::Format format);

    MessageLogModel *m_model = nullptr;
    QLineEdit *m_filter;
    QCheckBox *m_regex;
    QComboBox *m_direction;
    QCheckBox *m_autoscroll;
    QPushButton *m_pause;
    QPushButton *m_clear;
    QTableView *m_view;
    QToolButton *m_export;
    QAction *m_onlyShown;
    std::function<QString()> m_urlSource;
};

} // namespace sockscope::ui
