#include "hexview.h"

#include "palettecolours.h"

#include "proto/utf8validator.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFontMetricsF>
#include <QInputDialog>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QStyle>
#include <QWheelEvent>
#include <QtMath>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace sockscope::ui {

namespace {

constexpr int kMargin = 4;        // pixels left of the offsets and right of the ASCII column
constexpr int kGroupSize = 8;     // hex bytes per group; groups are separated by an extra space
constexpr int kColumnGap = 2;     // spaces between the offset, hex and ASCII columns
constexpr int kAutoScrollMs = 40; // while a drag is outside the viewport
constexpr char kHexDigits[] = "0123456789abcdef";

// Character columns of one line. Painting and lineText() both place characters here, so what is painted is
// exactly the text a test reads.
struct LineLayout {
    int offsetDigits;
    int bytesPerLine;

    int hexColumn(int i) const { return offsetDigits + kColumnGap + 3 * i + i / kGroupSize; }
    int hexEnd() const { return hexColumn(bytesPerLine - 1) + 2; }
    int asciiBar() const { return hexEnd() + kColumnGap; }
    int asciiColumn(int i) const { return asciiBar() + 1 + i; }
    int columns() const { return asciiColumn(bytesPerLine) + 1; }
};

bool isPrintable(quint8 byte)
{
    return byte >= 0x20 && byte <= 0x7e;
}

// Ready-made cell texts, so painting allocates nothing per byte.
struct CellTexts {
    std::array<QString, 256> hex;
    std::array<QString, 256> ascii;
    CellTexts()
    {
        for (int b = 0; b < 256; ++b) {
            const QChar digits[2] = {QLatin1Char(kHexDigits[b >> 4]), QLatin1Char(kHexDigits[b & 0xf])};
            hex[b] = QString(digits, 2);
            ascii[b] = QString(isPrintable(quint8(b)) ? QLatin1Char(char(b)) : QLatin1Char('.'));
        }
    }
};

const CellTexts &cellTexts()
{
    static const CellTexts texts;
    return texts;
}

void writeOffset(QChar *out, qint64 offset, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = QLatin1Char(kHexDigits[offset & 0xf]);
        offset >>= 4;
    }
}

QColor mix(const QColor &a, const QColor &b, qreal amountOfB)
{
    const qreal keep = 1.0 - amountOfB;
    return QColor::fromRgbF(float(a.redF() * keep + b.redF() * amountOfB),
                            float(a.greenF() * keep + b.greenF() * amountOfB),
                            float(a.blueF() * keep + b.blueF() * amountOfB));
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(false);
    updateMetrics();
    updateScrollBars();
}

void HexView::setData(const QByteArray &data)
{
    m_data = data;
    m_offsetDigits = offsetDigitsFor(m_data.size());
    m_firstLine = 0;
    m_wheelRemainder = 0;
    m_dragging = false;
    m_autoScroll.stop();
    m_activeColumn = Column::Hex;
    setCursorState(0, 0, false);
    updateScrollBars();
    scrollToLine(0);
    horizontalScrollBar()->setValue(0);
    updateGeometry();
    viewport()->update();
}

void HexView::setBytesPerLine(int count)
{
    if (count != 8 && count != 16 && count != 32)
        return;
    if (count == m_bytesPerLine)
        return;
    const qint64 firstByte = m_firstLine * m_bytesPerLine;
    m_bytesPerLine = count;
    updateScrollBars();
    scrollToLine(firstByte / m_bytesPerLine);
    updateGeometry();
    viewport()->update();
}

void HexView::setZeroBytesDimmed(bool dimmed)
{
    if (dimmed == m_dimZeroBytes)
        return;
    m_dimZeroBytes = dimmed;
    viewport()->update();
}

qint64 HexView::lineCount() const
{
    const qint64 size = m_data.size();
    return size / m_bytesPerLine + (size % m_bytesPerLine != 0 ? 1 : 0);
}

QString HexView::lineText(qint64 line) const
{
    if (line < 0 || line >= lineCount())
        return {};
    const qint64 offset = line * m_bytesPerLine;
    const qint64 count = std::min<qint64>(m_bytesPerLine, m_data.size() - offset);
    return formatLine(QByteArrayView(m_data.constData() + offset, count), offset, m_bytesPerLine, m_offsetDigits);
}

QString HexView::formatLine(QByteArrayView bytes, qint64 offset, int bytesPerLine, int offsetDigits)
{
    const LineLayout layout{offsetDigits, bytesPerLine};
    const int count = int(std::min<qsizetype>(bytes.size(), bytesPerLine));
    QString text(layout.asciiColumn(count) + 1, QLatin1Char(' '));
    QChar *out = text.data();
    writeOffset(out, offset, offsetDigits);
    for (int i = 0; i < count; ++i) {
        const auto byte = quint8(bytes[i]);
        out[layout.hexColumn(i)] = QLatin1Char(kHexDigits[byte >> 4]);
        out[layout.hexColumn(i) + 1] = QLatin1Char(kHexDigits[byte & 0xf]);
        out[layout.asciiColumn(i)] = isPrintable(byte) ? QLatin1Char(char(byte)) : QLatin1Char('.');
    }
    out[layout.asciiBar()] = QLatin1Char('|');
    out[layout.asciiColumn(count)] = QLatin1Char('|');
    return text;
}

int HexView::offsetDigitsFor(qint64 size)
{
    int digits = 1;
    for (quint64 rest = quint64(std::max<qint64>(size, 0)) >> 4; rest != 0; rest >>= 4)
        ++digits;
    return std::max(digits, 8);
}

std::optional<qint64> HexView::parseOffset(QStringView text)
{
    text = text.trimmed();
    int base = 10;
    if (text.startsWith(u"0x", Qt::CaseInsensitive)) {
        base = 16;
        text = text.mid(2);
    }
    if (text.isEmpty())
        return std::nullopt;
    for (const QChar c : text) {
        const bool digit = c.isDigit() && c.unicode() < 0x80;
        const bool hexLetter =
            (c >= QLatin1Char('a') && c <= QLatin1Char('f')) || (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
        if (!digit && !(base == 16 && hexLetter))
            return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok, base);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}

void HexView::setCursorOffset(qint64 offset)
{
    offset = std::clamp<qint64>(offset, 0, lastOffset());
    setCursorState(offset, offset, false);
    ensureCursorVisible(true);
}

qint64 HexView::selectionStart() const
{
    return m_selecting ? std::min(m_anchor, m_cursor) : m_cursor;
}

qint64 HexView::selectionLength() const
{
    return m_selecting ? std::max(m_anchor, m_cursor) - std::min(m_anchor, m_cursor) + 1 : 0;
}

void HexView::setSelection(qint64 start, qint64 length)
{
    if (m_data.isEmpty())
        return;
    start = std::clamp<qint64>(start, 0, lastOffset());
    length = std::clamp<qint64>(length, 0, m_data.size() - start);
    if (length == 0)
        setCursorState(start, start, false);
    else
        setCursorState(start + length - 1, start, true);
    ensureCursorVisible(false);
}

QByteArray HexView::selectedBytes() const
{
    if (selectionLength() == 0)
        return {};
    return m_data.mid(selectionStart(), selectionLength());
}

int HexView::visibleLineCount() const
{
    return std::max(1, viewport()->height() / m_lineHeight);
}

QRect HexView::byteRect(qint64 offset, Column column) const
{
    if (offset < 0 || offset >= m_data.size())
        return {};
    const qint64 line = offset / m_bytesPerLine;
    const qint64 row = line - m_firstLine;
    const qint64 rows = (viewport()->height() + m_lineHeight - 1) / m_lineHeight;
    if (row < 0 || row >= rows)
        return {};
    const LineLayout layout{m_offsetDigits, m_bytesPerLine};
    const int i = int(offset % m_bytesPerLine);
    const int first = column == Column::Hex ? layout.hexColumn(i) : layout.asciiColumn(i);
    const int width = column == Column::Hex ? 2 : 1;
    const QRectF cell(columnX(first), qreal(row * m_lineHeight), width * m_cellWidth, m_lineHeight);
    return cell.toAlignedRect();
}

qint64 HexView::offsetAt(QPoint position, Column *column) const
{
    return hitTest(position, column, false);
}

qint64 HexView::hitTest(QPoint position, Column *column, bool columnGiven) const
{
    if (m_data.isEmpty())
        return -1;
    const qint64 lastLine = lineCount() - 1;
    const qint64 line = std::clamp<qint64>(m_firstLine + floorDiv(position.y(), m_lineHeight), 0, lastLine);
    const LineLayout layout{m_offsetDigits, m_bytesPerLine};
    const qreal x = (position.x() - columnX(0)) / m_cellWidth; // in character columns
    Column hit = x < layout.hexEnd() + kColumnGap / 2.0 + 0.5 ? Column::Hex : Column::Ascii;
    if (columnGiven && column)
        hit = *column;
    int index = 0;
    if (hit == Column::Hex) {
        // A byte owns its two digits and the space after it, half of a group gap on either side.
        for (int i = 1; i < m_bytesPerLine; ++i) {
            if (x >= layout.hexColumn(i) - 0.5)
                index = i;
        }
    } else {
        index = std::clamp(int(std::floor(x)) - layout.asciiColumn(0), 0, m_bytesPerLine - 1);
    }
    if (column)
        *column = hit;
    return std::min(line * m_bytesPerLine + index, lastOffset());
}

int HexView::scrollValueForLine(qint64 line, qint64 maxFirstLine)
{
    line = std::clamp<qint64>(line, 0, std::max<qint64>(maxFirstLine, 0));
    if (maxFirstLine <= std::numeric_limits<int>::max())
        return int(line);
    const long double scaled = static_cast<long double>(line) * kScaledScrollRange / maxFirstLine;
    return int(std::clamp<long double>(std::round(scaled), 0, kScaledScrollRange));
}

qint64 HexView::lineForScrollValue(int value, qint64 maxFirstLine)
{
    if (maxFirstLine <= 0)
        return 0;
    if (maxFirstLine <= std::numeric_limits<int>::max())
        return std::clamp<qint64>(value, 0, maxFirstLine);
    // value * maxFirstLine / range without overflowing: split maxFirstLine into quotient and remainder.
    const qint64 v = std::clamp(value, 0, kScaledScrollRange);
    const qint64 quotient = maxFirstLine / kScaledScrollRange;
    const qint64 remainder = maxFirstLine % kScaledScrollRange;
    return v * quotient + v * remainder / kScaledScrollRange;
}

QSize HexView::sizeHint() const
{
    const int frame = 2 * frameWidth();
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    return {contentWidth() + frame + scrollBar, 20 * m_lineHeight + frame};
}

QSize HexView::minimumSizeHint() const
{
    const int frame = 2 * frameWidth();
    return {qCeil(20 * m_cellWidth) + frame, 3 * m_lineHeight + frame};
}

void HexView::selectAll()
{
    if (m_data.isEmpty())
        return;
    setCursorState(lastOffset(), 0, true);
    viewport()->update();
}

void HexView::copyAsHex()
{
    const QByteArray bytes = selectedBytes();
    if (bytes.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(QString::fromLatin1(bytes.toHex(' ')));
}

void HexView::copyAsText()
{
    const QByteArray bytes = selectedBytes();
    if (bytes.isEmpty())
        return;
    // Valid UTF-8 is copied as the text it encodes. Anything else is copied as Latin-1, one character per byte,
    // which loses nothing (encoding the text as Latin-1 gives the bytes back). The raw bytes go along too.
    auto *mime = new QMimeData;
    mime->setText(proto::Utf8Validator::isValid(bytes) ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes));
    mime->setData(QStringLiteral("application/octet-stream"), bytes);
    QGuiApplication::clipboard()->setMimeData(mime);
}

void HexView::copyAsBase64()
{
    const QByteArray bytes = selectedBytes();
    if (bytes.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(QString::fromLatin1(bytes.toBase64()));
}

void HexView::goToOffset()
{
    if (m_data.isEmpty())
        return;
    askForOffset(QString(), QStringLiteral("0x%1").arg(m_cursor, 0, 16));
}

void HexView::askForOffset(const QString &problem, const QString &text)
{
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Go to Offset"));
    QString label =
        tr("Offset from 0 to %1 (0x%2), decimal or hex with 0x:").arg(lastOffset()).arg(lastOffset(), 0, 16);
    if (!problem.isEmpty())
        label = problem + QLatin1Char('\n') + label;
    dialog->setLabelText(label);
    dialog->setTextValue(text);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &value) {
        const std::optional<qint64> offset = parseOffset(value);
        if (!offset)
            askForOffset(tr("\u201c%1\u201d is not an offset.").arg(value), value);
        else if (*offset > lastOffset())
            askForOffset(tr("Offset %1 is past the end of the data.").arg(value), value);
        else
            setCursorOffset(*offset);
    });
    dialog->open();
}

void HexView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    const QRect area = event->rect();
    painter.fillRect(area, palette().base());
    if (m_data.isEmpty())
        return;
    painter.setFont(font());
    const qint64 lines = lineCount();
    const int firstRow = std::max(0, area.top() / m_lineHeight);
    const int lastRow = area.bottom() / m_lineHeight;
    for (int row = firstRow; row <= lastRow; ++row) {
        const qint64 line = m_firstLine + row;
        if (line >= lines)
            break;
        paintLine(painter, line, row * m_lineHeight);
    }
}

void HexView::paintLine(QPainter &painter, qint64 line, int y) const
{
    const Colours c = colours();
    const QColor &base = c.base;
    const QColor &text = c.text;
    const QColor &subdued = c.dimmed;
    const QColor &offsetColour = c.offset;
    const QColor &highlight = c.highlight;
    const QColor &highlightedText = c.highlightedText;
    const QColor &highlightedSubdued = c.highlightedDimmed;

    const LineLayout layout{m_offsetDigits, m_bytesPerLine};
    const qint64 lineStart = line * m_bytesPerLine;
    const int count = int(std::min<qint64>(m_bytesPerLine, m_data.size() - lineStart));
    const auto *bytes = reinterpret_cast<const quint8 *>(m_data.constData() + lineStart);
    const qreal baseline = y + m_ascent;
    const qreal height = m_lineHeight;

    // Selection within this line, in both columns; the spaces between selected bytes are highlighted too.
    int selFirst = -1;
    int selLast = -2;
    if (selectionLength() > 0) {
        const qint64 start = selectionStart();
        const qint64 end = start + selectionLength() - 1;
        if (start < lineStart + count && end >= lineStart) {
            selFirst = int(std::max(start, lineStart) - lineStart);
            selLast = int(std::min(end, lineStart + count - 1) - lineStart);
            const qreal hexLeft = columnX(layout.hexColumn(selFirst));
            const qreal hexRight = columnX(layout.hexColumn(selLast) + 2);
            painter.fillRect(QRectF(hexLeft, y, hexRight - hexLeft, height), highlight);
            const qreal asciiLeft = columnX(layout.asciiColumn(selFirst));
            const qreal asciiRight = columnX(layout.asciiColumn(selLast) + 1);
            painter.fillRect(QRectF(asciiLeft, y, asciiRight - asciiLeft, height), highlight);
        }
    }

    // The cursor byte: filled in the column the user works in, outlined in the other one.
    const int cursorIndex = m_cursor >= lineStart && m_cursor < lineStart + count ? int(m_cursor - lineStart) : -1;
    if (cursorIndex >= 0) {
        const bool selected = cursorIndex >= selFirst && cursorIndex <= selLast;
        const QRectF hexCell(columnX(layout.hexColumn(cursorIndex)), y, 2 * m_cellWidth, height);
        const QRectF asciiCell(columnX(layout.asciiColumn(cursorIndex)), y, m_cellWidth, height);
        const QRectF &active = m_activeColumn == Column::Hex ? hexCell : asciiCell;
        const QRectF &other = m_activeColumn == Column::Hex ? asciiCell : hexCell;
        if (hasFocus() && !selected)
            painter.fillRect(active, mix(base, highlight, 0.35));
        painter.save();
        painter.setPen(QPen(selected ? highlightedText : text, 1));
        painter.setBrush(Qt::NoBrush);
        if (!hasFocus() || selected)
            painter.drawRect(active.adjusted(0.5, 0.5, -0.5, -0.5));
        painter.setPen(QPen(selected ? highlightedSubdued : subdued, 1, Qt::DotLine));
        painter.drawRect(other.adjusted(0.5, 0.5, -0.5, -0.5));
        painter.restore();
    }

    QChar offsetText[16];
    writeOffset(offsetText, lineStart, m_offsetDigits);
    painter.setPen(offsetColour);
    painter.drawText(QPointF(columnX(0), baseline), QString(offsetText, m_offsetDigits));

    const CellTexts &cells = cellTexts();
    for (int i = 0; i < count; ++i) {
        const quint8 byte = bytes[i];
        const bool selected = i >= selFirst && i <= selLast;
        const bool dimHex = m_dimZeroBytes && byte == 0;
        painter.setPen(selected ? (dimHex ? highlightedSubdued : highlightedText) : (dimHex ? subdued : text));
        painter.drawText(QPointF(columnX(layout.hexColumn(i)), baseline), cells.hex[byte]);
        const bool dimAscii = !isPrintable(byte);
        painter.setPen(selected ? (dimAscii ? highlightedSubdued : highlightedText) : (dimAscii ? subdued : text));
        painter.drawText(QPointF(columnX(layout.asciiColumn(i)), baseline), cells.ascii[byte]);
    }
    painter.setPen(subdued);
    painter.drawText(QPointF(columnX(layout.asciiBar()), baseline), QStringLiteral("|"));
    painter.drawText(QPointF(columnX(layout.asciiColumn(count)), baseline), QStringLiteral("|"));
}

HexView::Colours HexView::colours() const
{
    const QPalette &pal = palette();
    const QPalette::ColorGroup group =
        !isEnabled() ? QPalette::Disabled : (hasFocus() ? QPalette::Active : QPalette::Inactive);
    Colours c;
    c.base = pal.color(QPalette::Base);
    c.text = pal.color(QPalette::Text);
    c.dimmed = ui::dimmed(c.text, c.base, 0.55, 3.0);
    c.offset = ui::dimmed(c.text, c.base, 0.35, 4.5);
    c.highlight = pal.color(group, QPalette::Highlight);
    c.highlightedText = pal.color(group, QPalette::HighlightedText);
    c.highlightedDimmed = ui::dimmed(c.highlightedText, c.highlight, 0.45, 3.0);
    return c;
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx);
    if (dy != 0 && !m_syncingScrollBar)
        m_firstLine = lineForScrollValue(verticalScrollBar()->value(), maxFirstLine());
    viewport()->update();
}

bool HexView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Keep the window's Copy / Select All shortcuts from taking keys meant for the view.
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Copy) || key->matches(QKeySequence::SelectAll) ||
            (key->key() == Qt::Key_G && key->modifiers() == Qt::ControlModifier)) {
            event->accept();
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

void HexView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copyAsHex();
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    if (event->key() == Qt::Key_G && event->modifiers() == Qt::ControlModifier) {
        goToOffset();
        return;
    }
    if (event->key() == Qt::Key_Escape && m_selecting) {
        setCursorState(m_cursor, m_cursor, false);
        return;
    }
    if (m_data.isEmpty()) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }

    const qint64 bpl = m_bytesPerLine;
    const qint64 line = m_cursor / bpl;
    const qint64 column = m_cursor % bpl;
    const qint64 lastLine = lineCount() - 1;
    const qint64 page = visibleLineCount();
    // The same column in another line, or the last byte when that line is shorter.
    const auto lineMove = [&](qint64 delta) {
        const qint64 target = std::clamp<qint64>(line + delta, 0, lastLine);
        if (target == line)
            return m_cursor;
        return std::min(target * bpl + column, lastOffset());
    };

    struct Move {
        QKeySequence::StandardKey move;
        QKeySequence::StandardKey select;
    };
    static constexpr Move kMoves[] = {
        {QKeySequence::MoveToNextChar, QKeySequence::SelectNextChar},
        {QKeySequence::MoveToPreviousChar, QKeySequence::SelectPreviousChar},
        {QKeySequence::MoveToNextLine, QKeySequence::SelectNextLine},
        {QKeySequence::MoveToPreviousLine, QKeySequence::SelectPreviousLine},
        {QKeySequence::MoveToNextPage, QKeySequence::SelectNextPage},
        {QKeySequence::MoveToPreviousPage, QKeySequence::SelectPreviousPage},
        {QKeySequence::MoveToStartOfLine, QKeySequence::SelectStartOfLine},
        {QKeySequence::MoveToEndOfLine, QKeySequence::SelectEndOfLine},
        {QKeySequence::MoveToStartOfDocument, QKeySequence::SelectStartOfDocument},
        {QKeySequence::MoveToEndOfDocument, QKeySequence::SelectEndOfDocument},
    };
    for (const Move &move : kMoves) {
        const bool extend = event->matches(move.select);
        if (!extend && !event->matches(move.move))
            continue;
        qint64 target = m_cursor;
        switch (move.move) {
        case QKeySequence::MoveToNextChar: target = std::min(m_cursor + 1, lastOffset()); break;
        case QKeySequence::MoveToPreviousChar: target = std::max<qint64>(m_cursor - 1, 0); break;
        case QKeySequence::MoveToNextLine: target = lineMove(1); break;
        case QKeySequence::MoveToPreviousLine: target = lineMove(-1); break;
        case QKeySequence::MoveToNextPage:
            target = lineMove(page);
            scrollToLine(m_firstLine + page);
            break;
        case QKeySequence::MoveToPreviousPage:
            target = lineMove(-page);
            scrollToLine(m_firstLine - page);
            break;
        case QKeySequence::MoveToStartOfLine: target = line * bpl; break;
        case QKeySequence::MoveToEndOfLine: target = std::min(line * bpl + bpl - 1, lastOffset()); break;
        case QKeySequence::MoveToStartOfDocument: target = 0; break;
        case QKeySequence::MoveToEndOfDocument: target = lastOffset(); break;
        default: break;
        }
        moveCursor(target, extend);
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_data.isEmpty()) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    Column column = Column::Hex;
    const qint64 offset = offsetAt(event->position().toPoint(), &column);
    m_activeColumn = column;
    m_dragColumn = column;
    m_dragging = true;
    m_dragPosition = event->position().toPoint();
    if (event->modifiers() & Qt::ShiftModifier)
        setCursorState(offset, m_selecting ? m_anchor : m_cursor, true);
    else
        setCursorState(offset, offset, false);
    viewport()->update();
}

void HexView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        QAbstractScrollArea::mouseMoveEvent(event);
        return;
    }
    dragTo(event->position().toPoint());
}

void HexView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    dragTo(event->position().toPoint());
    m_dragging = false;
    m_autoScroll.stop();
}

void HexView::dragTo(QPoint position)
{
    m_dragPosition = position;
    const bool outside = position.y() < 0 || position.y() >= viewport()->height();
    if (outside && !m_autoScroll.isActive())
        m_autoScroll.start(kAutoScrollMs, this);
    else if (!outside)
        m_autoScroll.stop();
    Column column = m_dragColumn;
    const qint64 offset = hitTest(position, &column, true);
    setCursorState(offset, m_anchor, m_selecting || offset != m_anchor);
}

void HexView::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_autoScroll.timerId()) {
        QAbstractScrollArea::timerEvent(event);
        return;
    }
    if (!m_dragging) {
        m_autoScroll.stop();
        return;
    }
    const int y = m_dragPosition.y();
    const int height = viewport()->height();
    if (y < 0)
        scrollToLine(m_firstLine - 1 - (-y) / m_lineHeight);
    else if (y >= height)
        scrollToLine(m_firstLine + 1 + (y - height) / m_lineHeight);
    dragTo(m_dragPosition);
}

void HexView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (delta.y() == 0 || (event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier))) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    // 120 units are one notch; high-resolution wheels send less, so keep the remainder.
    m_wheelRemainder += delta.y() * QApplication::wheelScrollLines();
    const int lines = m_wheelRemainder / 120;
    m_wheelRemainder -= lines * 120;
    if (lines != 0)
        scrollToLine(m_firstLine - lines);
    event->accept();
}

void HexView::contextMenuEvent(QContextMenuEvent *event)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool hasSelection = selectionLength() > 0;

    QAction *copyHex = menu->addAction(tr("Copy as &Hex"));
    copyHex->setShortcut(QKeySequence::Copy);
    copyHex->setEnabled(hasSelection);
    connect(copyHex, &QAction::triggered, this, &HexView::copyAsHex);
    QAction *copyText = menu->addAction(tr("Copy as &Text"));
    copyText->setEnabled(hasSelection);
    connect(copyText, &QAction::triggered, this, &HexView::copyAsText);
    QAction *copyBase64 = menu->addAction(tr("Copy as &Base64"));
    copyBase64->setEnabled(hasSelection);
    connect(copyBase64, &QAction::triggered, this, &HexView::copyAsBase64);
    menu->addSeparator();
    QAction *all = menu->addAction(tr("Select &All"));
    all->setShortcut(QKeySequence::SelectAll);
    all->setEnabled(!m_data.isEmpty());
    connect(all, &QAction::triggered, this, &HexView::selectAll);
    menu->addSeparator();
    QAction *goTo = menu->addAction(tr("&Go to Offset\u2026"));
    goTo->setShortcut(QKeySequence(Qt::ControlModifier | Qt::Key_G));
    goTo->setEnabled(!m_data.isEmpty());
    connect(goTo, &QAction::triggered, this, qOverload<>(&HexView::goToOffset));

    menu->popup(event->globalPos());
}

void HexView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        updateScrollBars();
        updateGeometry();
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::EnabledChange || event->type() == QEvent::ActivationChange)
        viewport()->update();
}

void HexView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void HexView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void HexView::updateMetrics()
{
    // A cell as wide as the widest character that can appear, so columns stay aligned even in a font that is not
    // monospaced.
    const QFontMetricsF metrics(font());
    qreal widest = 0;
    for (char c = 0x20; c <= 0x7e; ++c)
        widest = std::max(widest, metrics.horizontalAdvance(QLatin1Char(c)));
    m_cellWidth = std::max<qreal>(1, std::ceil(widest));
    const QFontMetrics intMetrics(font());
    m_lineHeight = std::max(1, intMetrics.height() + 2);
    m_ascent = intMetrics.ascent() + 1;
}

void HexView::updateScrollBars()
{
    const QScopedValueRollback guard(m_syncingScrollBar, true);
    const qint64 maxFirst = maxFirstLine();
    m_firstLine = std::clamp<qint64>(m_firstLine, 0, maxFirst);
    QScrollBar *vertical = verticalScrollBar();
    const int visible = visibleLineCount();
    if (maxFirst <= std::numeric_limits<int>::max()) {
        vertical->setRange(0, int(maxFirst));
        vertical->setPageStep(visible);
    } else {
        vertical->setRange(0, kScaledScrollRange);
        vertical->setPageStep(std::max(1, scrollValueForLine(visible, maxFirst)));
    }
    vertical->setSingleStep(1);
    vertical->setValue(scrollValueForLine(m_firstLine, maxFirst));

    QScrollBar *horizontal = horizontalScrollBar();
    const int width = viewport()->width();
    horizontal->setRange(0, std::max(0, contentWidth() - width));
    horizontal->setPageStep(width);
    horizontal->setSingleStep(std::max(1, qRound(m_cellWidth)));
}

qint64 HexView::maxFirstLine() const
{
    return std::max<qint64>(0, lineCount() - visibleLineCount());
}

void HexView::scrollToLine(qint64 line)
{
    const qint64 maxFirst = maxFirstLine();
    m_firstLine = std::clamp<qint64>(line, 0, maxFirst);
    {
        const QScopedValueRollback guard(m_syncingScrollBar, true);
        verticalScrollBar()->setValue(scrollValueForLine(m_firstLine, maxFirst));
    }
    viewport()->update();
}

void HexView::ensureCursorVisible(bool center)
{
    if (m_data.isEmpty())
        return;
    const qint64 line = m_cursor / m_bytesPerLine;
    const qint64 visible = visibleLineCount();
    if (line < m_firstLine || line >= m_firstLine + visible) {
        if (center)
            scrollToLine(line - visible / 2);
        else if (line < m_firstLine)
            scrollToLine(line);
        else
            scrollToLine(line - visible + 1);
    }
    // Horizontally, bring the cursor's cell in the active column into view.
    const LineLayout layout{m_offsetDigits, m_bytesPerLine};
    const int index = int(m_cursor % m_bytesPerLine);
    const int first = m_activeColumn == Column::Hex ? layout.hexColumn(index) : layout.asciiColumn(index);
    const int width = m_activeColumn == Column::Hex ? 2 : 1;
    QScrollBar *horizontal = horizontalScrollBar();
    const int left = kMargin + qFloor(first * m_cellWidth);
    const int right = kMargin + qCeil((first + width) * m_cellWidth);
    if (left < horizontal->value())
        horizontal->setValue(left - kMargin);
    else if (right > horizontal->value() + viewport()->width())
        horizontal->setValue(right + kMargin - viewport()->width());
}

void HexView::moveCursor(qint64 offset, bool extend)
{
    if (extend)
        setCursorState(offset, m_selecting ? m_anchor : m_cursor, true);
    else
        setCursorState(offset, offset, false);
    ensureCursorVisible(false);
}

void HexView::setCursorState(qint64 cursor, qint64 anchor, bool selecting)
{
    const qint64 oldCursor = m_cursor;
    const qint64 oldStart = selectionStart();
    const qint64 oldLength = selectionLength();
    m_cursor = cursor;
    m_anchor = anchor;
    m_selecting = selecting;
    if (m_cursor != oldCursor)
        emit cursorMoved(m_cursor);
    if (selectionStart() != oldStart || selectionLength() != oldLength)
        emit selectionChanged(selectionStart(), selectionLength());
    viewport()->update();
}

qint64 HexView::lastOffset() const
{
    return std::max<qint64>(0, m_data.size() - 1);
}

int HexView::contentWidth() const
{
    const LineLayout layout{m_offsetDigits, m_bytesPerLine};
    return 2 * kMargin + qCeil(layout.columns() * m_cellWidth);
}

qreal HexView::columnX(int column) const
{
    return kMargin - horizontalScrollBar()->value() + column * m_cellWidth;
}

} // namespace sockscope::ui
