#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sockscope::session {
struct MessageRecord;
}

namespace sockscope::ui {

class MessageLogModel;

// A message log as the user works with it: the filter bar (text or regular expression, direction), the table
// of messages, and for a live log autoscroll, pause and clear. It shows one MessageLogModel at a time and can be
// switched to another (a server's clients, a session's connections) keeping its filter. It owns no model.
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

signals:
    // Another record was selected, or none (currentRecord()).
    void currentRecordChanged();
    // The user asked for the log to be emptied; the pane has cleared the model.
    void cleared();

private:
    void applyFilter();

    MessageLogModel *m_model = nullptr;
    QLineEdit *m_filter;
    QCheckBox *m_regex;
    QComboBox *m_direction;
    QCheckBox *m_autoscroll;
    QPushButton *m_pause;
    QPushButton *m_clear;
    QTableView *m_view;
};

} // namespace sockscope::ui
