#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QTabWidget;
class QTableView;

namespace sockscope::session {
class MessageStore;
struct MessageRecord;
} // namespace sockscope::session

namespace sockscope::ui {

class FramesModel;
class HexView;
class JsonHighlighter;

// The selected message in full: a summary line (type, sizes, direction, time to the microsecond, frames),
// the payload as text (JSON pretty-printed and coloured when it is JSON), as hex, as an image for PNG, JPEG
// and GIF payloads, and its frames with every header field. Copy as text / hex / base64 and save to a file.
class MessageDetails : public QWidget
{
    Q_OBJECT
public:
    // The text view shows at most this much of a payload; the hex view always shows all of it.
    static constexpr qsizetype TextLimit = 1 << 20;

    explicit MessageDetails(QWidget *parent = nullptr);

    void showRecord(const session::MessageStore &store, const session::MessageRecord &record);
    void clear();

    QString summary() const;
    QString shownText() const;
    bool showsImage() const;
    const QByteArray &payload() const { return m_payload; }
    HexView *hexView() const { return m_hex; }

    void copyAsText();
    void copyAsHex();
    void copyAsBase64();
    // Writes the payload to a file (QSaveFile); false with a message on failure.
    bool savePayload(const QString &path, QString *error = nullptr);

private:
    void updateText();

    QLabel *m_summary;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_text;
    QCheckBox *m_pretty;
    QLabel *m_textNote;
    JsonHighlighter *m_highlighter;
    HexView *m_hex;
    QScrollArea *m_imageArea;
    QLabel *m_image;
    QTableView *m_frames;
    FramesModel *m_framesModel;
    QWidget *m_textPage;
    QWidget *m_imagePage;
    QByteArray m_payload;
    bool m_isText = false;
};

} // namespace sockscope::ui
