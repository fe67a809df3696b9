#pragma once

#include "proto/frame.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace sockscope::ui {

class HexTextEdit;
class ToneLabel;

// What a payload editor produced: bytes and the message type they go out as.
struct EditedPayload {
    proto::Opcode type = proto::Opcode::Text;
    QByteArray bytes;
};

// Where the user writes a payload: text, JSON (checked, with a Format button), binary as hex (spaces, 0x and
// \x prefixes, commas and line breaks allowed; byte offsets in the margin), base64, or a file sent whole as
// binary (like a browser Blob). Mistakes are marked where they are, with a sentence saying what is wrong;
// the text the user typed is never changed by a failed conversion.
class PayloadEditor : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Text, Json, Hex, Base64, File };
    Q_ENUM(Mode)

    explicit PayloadEditor(QWidget *parent = nullptr);

    Mode mode() const;
    void setMode(Mode mode);
    QString text() const;
    void setText(const QString &text);
    QString filePath() const;
    void setFilePath(const QString &path);

    // The payload, or nullopt with the problem shown in place (and returned in *error).
    std::optional<EditedPayload> payload(QString *error = nullptr);
    // Checks without reading a file; updates the status line. True when the content can be sent.
    bool validate();
    QString statusText() const;

    // Puts the keyboard focus where the payload is typed.
    void focusEditor();

signals:
    void modeChanged(sockscope::ui::PayloadEditor::Mode mode);
    void contentChanged();

private:
    void showProblem(qsizetype position, const QString &message);
    void showOk(const QString &message);
    void formatJson();

    QComboBox *m_mode;
    QPushButton *m_format;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_text;
    HexTextEdit *m_hex;
    QWidget *m_filePage;
    QLineEdit *m_file;
    ToneLabel *m_status;
};

} // namespace sockscope::ui
