#pragma once

#include <QAbstractScrollArea>
#include <QBasicTimer>
#include <QByteArray>
#include <QByteArrayView>
#include <QColor>
#include <QString>
#include <QStringView>

#include <optional>

namespace sockscope::ui {

// Shows a payload as hex dump lines, "offset  hex bytes  |ASCII|", with a byte cursor, a selection made with the
// mouse or the keyboard in either column, and copying (hex, text, base64). It shares the QByteArray it is given and
// builds text only for the lines on screen, so a payload of any size opens at once. It does not edit bytes.
//
// Cursor and selection: the cursor is always on a byte (offset 0 when the data is empty). A selection, when there is
// one, runs from an anchor byte to the cursor byte, both included: Shift+Right pressed three times from offset 0
// selects bytes 0..3 (4 bytes). Moving without Shift or clicking clears it (length 0, start = cursor).
//
// Scrolling is by line: the vertical scroll bar's value is the first visible line while the lines fit into an int;
// beyond that the bar is scaled, and the view keeps the exact line itself.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    enum class Column { Hex, Ascii };
    Q_ENUM(Column)

    explicit HexView(QWidget *parent = nullptr);

    // Shares data (no copy); resets the cursor, selection and scrolling.
    void setData(const QByteArray &data);
    QByteArray data() const { return m_data; }

    int bytesPerLine() const { return m_bytesPerLine; }
    // 8, 16 or 32; other values are ignored. Keeps the cursor, the selection and the first visible byte.
    void setBytesPerLine(int count);

    bool zeroBytesDimmed() const { return m_dimZeroBytes; }
    void setZeroBytesDimmed(bool dimmed);

    qint64 lineCount() const;
    // The digits of the offset column: 8, more when the data is 4 GiB or larger.
    int offsetDigits() const { return m_offsetDigits; }
    // The text of one line exactly as painted; empty outside 0..lineCount()-1.
    QString lineText(qint64 line) const;
    // One hex dump line of bytes (at most bytesPerLine of them) starting at offset. Hex bytes are lower case in
    // groups of 8; the hex column is padded so the ASCII column always starts at the same place.
    static QString formatLine(QByteArrayView bytes, qint64 offset, int bytesPerLine, int offsetDigits);
    static int offsetDigitsFor(qint64 size);
    // Decimal ("4096") or hex with a 0x prefix ("0x1000"); nullopt for anything else or a negative value.
    static std::optional<qint64> parseOffset(QStringView text);

    qint64 cursorOffset() const { return m_cursor; }
    // Clears the selection, moves the cursor (clamped to the data) and scrolls its line into view.
    void setCursorOffset(qint64 offset);
    qint64 selectionStart() const;
    qint64 selectionLength() const;
    // Selects length bytes from start (clamped to the data); the cursor goes to the last selected byte.
    void setSelection(qint64 start, qint64 length);
    QByteArray selectedBytes() const;

    qint64 firstVisibleLine() const { return m_firstLine; }
    // Lines that fit entirely in the viewport (at least 1).
    int visibleLineCount() const;
    // The cell of the byte at offset in viewport coordinates; an empty rect when its line is not on screen.
    QRect byteRect(qint64 offset, Column column) const;
    // The byte under a viewport position (the nearest byte of the nearest line), or -1 when there is no data.
    qint64 offsetAt(QPoint position, Column *column = nullptr) const;

    // The scaled vertical scroll bar, for more lines than an int holds. maxFirstLine is the last line that can be
    // at the top of the view.
    static constexpr int kScaledScrollRange = 1 << 30;
    static int scrollValueForLine(qint64 line, qint64 maxFirstLine);
    static qint64 lineForScrollValue(int value, qint64 maxFirstLine);

    // The colours lines are painted with, from the palette: the text, dimmed text (zero bytes, the dots of bytes
    // that do not print, the bars) and the offsets, on the base and over the selection. Text and offsets keep
    // 4.5:1 contrast against what they are painted on, dimmed text 3:1, on light and dark palettes alike.
    struct Colours {
        QColor base;
        QColor text;
        QColor dimmed;
        QColor offset;
        QColor highlight;
        QColor highlightedText;
        QColor highlightedDimmed;
    };
    Colours colours() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    void selectAll();
    void copyAsHex();
    void copyAsText();
    void copyAsBase64();
    // Asks for an offset (decimal or 0x hex) and moves the cursor there.
    void goToOffset();

signals:
    void selectionChanged(qint64 start, qint64 length);
    void cursorMoved(qint64 offset);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void timerEvent(QTimerEvent *event) override;
    bool event(QEvent *event) override;

private:
    void updateMetrics();
    void updateScrollBars();
    qint64 maxFirstLine() const;
    void scrollToLine(qint64 line);
    void ensureCursorVisible(bool center);
    void moveCursor(qint64 offset, bool extend);
    void setCursorState(qint64 cursor, qint64 anchor, bool selecting);
    qint64 lastOffset() const;
    int contentWidth() const;
    qreal columnX(int column) const;
    void paintLine(QPainter &painter, qint64 line, int y) const;
    void dragTo(QPoint position);
    void askForOffset(const QString &problem, const QString &text);
    qint64 hitTest(QPoint position, Column *column, bool columnGiven) const;

    QByteArray m_data;
    int m_bytesPerLine = 16;
    int m_offsetDigits = 8;
    bool m_dimZeroBytes = true;

    qint64 m_cursor = 0;
    qint64 m_anchor = 0;
    bool m_selecting = false;
    Column m_activeColumn = Column::Hex;

    qint64 m_firstLine = 0;
    bool m_syncingScrollBar = false;
    int m_wheelRemainder = 0;

    bool m_dragging = false;
    Column m_dragColumn = Column::Hex;
    QPoint m_dragPosition;
    QBasicTimer m_autoScroll;

    qreal m_cellWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
};

} // namespace sockscope::ui
