#include "hextextedit.h"

#include "proto/bytetext.h"

#include <QPainter>
#include <QTextBlock>

namespace sockscope::ui {

class HexOffsetMargin : public QWidget
{
public:
    explicit HexOffsetMargin(HexTextEdit *editor)
        : QWidget(editor)
        , m_editor(editor)
    {}
    QSize sizeHint() const override { return QSize(m_editor->marginWidth(), 0); }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintMargin(event); }

private:
    HexTextEdit *m_editor;
};

HexTextEdit::HexTextEdit(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_margin(new HexOffsetMargin(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setViewportMargins(marginWidth(), 0, 0, 0);
    connect(this, &QPlainTextEdit::updateRequest, this, &HexTextEdit::updateMargin);
    connect(this, &QPlainTextEdit::textChanged, m_margin, qOverload<>(&QWidget::update));
}

int HexTextEdit::marginWidth() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("00000000")) + 12;
}

void HexTextEdit::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_margin->setGeometry(QRect(r.left(), r.top(), marginWidth(), r.height()));
}

void HexTextEdit::updateMargin(const QRect &rect, int dy)
{
    if (dy != 0)
        m_margin->scroll(0, dy);
    else
        m_margin->update(0, rect.y(), m_margin->width(), rect.height());
}

QList<qint64> HexTextEdit::lineOffsets() const
{
    QList<qint64> offsets;
    qint64 offset = 0;
    bool ok = true;
    for (QTextBlock block = document()->firstBlock(); block.isValid(); block = block.next()) {
        offsets.append(ok ? offset : -1);
        if (!ok)
            continue;
        const auto bytes = proto::parseHexText(block.text().toLatin1());
        if (bytes)
            offset += bytes->size();
        else
            ok = false;
    }
    return offsets;
}

void HexTextEdit::paintMargin(QPaintEvent *event)
{
    QPainter painter(m_margin);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.setFont(font());
    const QList<qint64> offsets = lineOffsets();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        const qint64 offset = offsets.value(block.blockNumber(), -1);
        if (block.isVisible() && offset >= 0 && !block.text().trimmed().isEmpty()) {
            painter.drawText(0, top, m_margin->width() - 6, height, Qt::AlignRight | Qt::AlignVCenter,
                             QStringLiteral("%1").arg(offset, 8, 16, QLatin1Char('0')));
        }
        top += height;
        block = block.next();
    }
}

} // namespace sockscope::ui
