#pragma once

#include "proto/frame.h"
#include "proto/role.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QCheckBox;
class QTabWidget;

namespace sockscope::ui {

class PayloadEditor;
class RawFrameEditor;
class ToneLabel;

// A message to send, with how: split into fragments of a size with a delay (and pings) between them, and
// repeated a number of times at an interval.
struct SendRequest {
    proto::Opcode type = proto::Opcode::Text;
    QByteArray payload;
    qint64 fragmentSize = 0; // 0: one frame
    int fragmentDelayMs = 0;
    bool pingBetweenFragments = false;
    int repeatCount = 1;
    int repeatIntervalMs = 0;

    // The fragment sizes for Transport::sendFragmented (empty: one frame).
    QList<qint64> fragmentSizes() const;
};

// A message the user can send again: as a named template or from the history of what was sent.
struct SavedMessage {
    QString name; // empty for a history entry
    int mode = 0; // PayloadEditor::Mode
    QString text;
    QString filePath;

    friend bool operator==(const SavedMessage &, const SavedMessage &) = default;
};

// Everything a user sends on a connection: messages written in a PayloadEditor (with fragmentation and
// repeats), pings and pongs with a payload, a close with a code (the IANA list with meanings) and a reason,
// and hand-made raw frames. It only asks; the connection tab sends.
class SenderPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SenderPanel(QWidget *parent = nullptr);

    PayloadEditor *payloadEditor() const { return m_editor; }
    RawFrameEditor *rawFrameEditor() const { return m_raw; }
    void setSender(proto::Role role, bool deflateNegotiated);
    void setSendingEnabled(bool enabled);

    // Builds the request from the editor and the options and emits sendRequested; false (with the problem
    // shown in the editor) when the payload is not valid.
    bool send();
    void setFragmentation(qint64 size, int delayMs, bool pingBetween);
    void setRepeat(int count, int intervalMs);
    void setCloseCode(quint16 code, const QString &reason);
    // Validates and emits closeRequested.
    bool requestClose();
    QString closeProblem() const;

    // Saved messages of this connection and what was sent on it, newest first (at most HistoryLimit).
    static constexpr int HistoryLimit = 50;
    QList<SavedMessage> templates() const { return m_templates; }
    void setTemplates(const QList<SavedMessage> &templates);
    QList<SavedMessage> history() const { return m_history; }
    // Saves what the editor holds under a name (replacing a template of the same name).
    void saveTemplate(const QString &name);
    // Puts a saved message back into the editor.
    void recall(const SavedMessage &message);

signals:
    void sendRequested(const sockscope::ui::SendRequest &request);
    void pingRequested(const QByteArray &payload);
    void pongRequested(const QByteArray &payload);
    // code 1005 sends a close frame without a body.
    void closeRequested(quint16 code, const QByteArray &reason);
    void rawFrameRequested(const sockscope::proto::Frame &frame);

private:
    QTabWidget *m_tabs;
    PayloadEditor *m_editor;
    QSpinBox *m_fragmentSize;
    QSpinBox *m_fragmentDelay;
    QCheckBox *m_pingBetween;
    QSpinBox *m_repeatCount;
    QSpinBox *m_repeatInterval;
    QLineEdit *m_pingPayload;
    QComboBox *m_closeCode;
    QLineEdit *m_closeReason;
    ToneLabel *m_closeProblem;
    RawFrameEditor *m_raw;
    QList<QWidget *> m_sendButtons;
    QComboBox *m_recall;
    QList<SavedMessage> m_templates;
    QList<SavedMessage> m_history;

    SavedMessage current() const;
    void updateRecall();
};

} // namespace sockscope::ui
