#include "sidebysidediff.h"

#include "jsonformat.h"
#include "palettecolours.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

#include <vector>

namespace sockscope::ui {

namespace {

// Lines beyond which the quadratic alignment is not tried: the common start and end are still found, and the
// middle is shown as changed lines.
constexpr qsizetype AlignLimit = 2000;

QColor tint(const QColor &tone, const QColor &base)
{
    QColor c;
    const double a = 0.22;
    c.setRgbF(float(tone.redF() * a + base.redF() * (1 - a)), float(tone.greenF() * a + base.greenF() * (1 - a)),
              float(tone.blueF() * a + base.blueF() * (1 - a)));
    return c;
}

void addGapAndChanges(QList<SideBySideDiff::Row> &rows, int l0, int l1, int r0, int r1)
{
    // Lines of both sides between two equal ones face each other as changed; the longer side's rest stands alone.
    const int paired = std::min(l1 - l0, r1 - r0);
    for (int i = 0; i < paired; ++i)
        rows.append({SideBySideDiff::LineKind::Changed, l0 + i, r0 + i});
    for (int i = l0 + paired; i < l1; ++i)
        rows.append({SideBySideDiff::LineKind::Removed, i, -1});
    for (int i = r0 + paired; i < r1; ++i)
        rows.append({SideBySideDiff::LineKind::Added, -1, i});
}

} // namespace

SideBySideDiff::SideBySideDiff(QWidget *parent)
    : QWidget(parent)
    , m_left(new QPlainTextEdit(this))
    , m_right(new QPlainTextEdit(this))
    , m_summary(new QLabel(this))
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *e : {m_left, m_right}) {
        e->setReadOnly(true);
        e->setFont(fixed);
        e->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_left->setObjectName(QStringLiteral("expected"));
    m_right->setObjectName(QStringLiteral("actual"));
    auto *sides = new QHBoxLayout;
    auto *leftColumn = new QVBoxLayout;
    leftColumn->addWidget(new QLabel(tr("Recorded"), this));
    leftColumn->addWidget(m_left, 1);
    auto *rightColumn = new QVBoxLayout;
    rightColumn->addWidget(new QLabel(tr("Received now"), this));
    rightColumn->addWidget(m_right, 1);
    sides->addLayout(leftColumn);
    sides->addLayout(rightColumn);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(sides, 1);
    layout->addWidget(m_summary);
    // One scroll position for both.
    for (auto [a, b] : {std::pair{m_left, m_right}, std::pair{m_right, m_left}}) {
        connect(a->verticalScrollBar(), &QScrollBar::valueChanged, b->verticalScrollBar(), &QScrollBar::setValue);
        connect(a->horizontalScrollBar(), &QScrollBar::valueChanged, b->horizontalScrollBar(), &QScrollBar::setValue);
    }
}

QString SideBySideDiff::displayText(const QByteArray &payload, bool isText)
{
    if (!isText)
        return QString::fromLatin1(payload.toHex(' '));
    const QString text = QString::fromUtf8(payload);
    if (auto pretty = formatJson(text, 2))
        return *pretty;
    return text;
}

QList<SideBySideDiff::Row> SideBySideDiff::align(const QStringList &left, const QStringList &right)
{
    QList<Row> rows;
    const int n = int(left.size());
    const int m = int(right.size());
    int prefix = 0;
    while (prefix < n && prefix < m && left[prefix] == right[prefix])
        ++prefix;
    int suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix && left[n - 1 - suffix] == right[m - 1 - suffix])
        ++suffix;
    for (int i = 0; i < prefix; ++i)
        rows.append({LineKind::Same, i, i});
    const int l0 = prefix, l1 = n - suffix, r0 = prefix, r1 = m - suffix;
    const int ln = l1 - l0, rn = r1 - r0;
    if (ln > 0 && rn > 0 && ln <= AlignLimit && rn <= AlignLimit) {
        // Longest common subsequence of the middle, then walked from the start.
        std::vector<int> table(size_t(ln + 1) * size_t(rn + 1), 0);
        auto at = [&](int i, int j) -> int & { return table[size_t(i) * size_t(rn + 1) + size_t(j)]; };
        for (int i = ln - 1; i >= 0; --i)
            for (int j = rn - 1; j >= 0; --j)
                at(i, j) = left[l0 + i] == right[r0 + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        int i = 0, j = 0, gapL = 0, gapR = 0;
        while (i < ln && j < rn) {
            if (left[l0 + i] == right[r0 + j]) {
                addGapAndChanges(rows, l0 + gapL, l0 + i, r0 + gapR, r0 + j);
                rows.append({LineKind::Same, l0 + i, r0 + j});
                gapL = ++i;
                gapR = ++j;
            } else if (at(i + 1, j) >= at(i, j + 1)) {
                ++i;
            } else {
                ++j;
            }
        }
        addGapAndChanges(rows, l0 + gapL, l1, r0 + gapR, r1);
    } else {
        addGapAndChanges(rows, l0, l1, r0, r1);
    }
    for (int k = 0; k < suffix; ++k)
        rows.append({LineKind::Same, l1 + k, r1 + k});
    return rows;
}

void SideBySideDiff::setTexts(const QString &left, const QString &right)
{
    m_leftLines = left.split(QLatin1Char('\n'));
    m_rightLines = right.split(QLatin1Char('\n'));
    m_rows = align(m_leftLines, m_rightLines);
    render();
}

void SideBySideDiff::clear()
{
    m_leftLines.clear();
    m_rightLines.clear();
    m_rows.clear();
    m_left->clear();
    m_right->clear();
    m_summary->clear();
}

QString SideBySideDiff::summary() const
{
    return m_summary->text();
}

void SideBySideDiff::render()
{
    QStringList leftText, rightText;
    int changed = 0, removed = 0, added = 0;
    for (const Row &row : std::as_const(m_rows)) {
        leftText.append(row.left >= 0 ? m_leftLines[row.left] : QString());
        rightText.append(row.right >= 0 ? m_rightLines[row.right] : QString());
        changed += row.kind == LineKind::Changed;
        removed += row.kind == LineKind::Removed;
        added += row.kind == LineKind::Added;
    }
    m_left->setPlainText(leftText.join(QLatin1Char('\n')));
    m_right->setPlainText(rightText.join(QLatin1Char('\n')));
    const QColor base = palette().color(QPalette::Base);
    const QColor bad = tint(toneColour(Tone::Bad, palette(), QPalette::Base), base);
    const QColor good = tint(toneColour(Tone::Good, palette(), QPalette::Base), base);
    const QColor gap = tint(palette().color(QPalette::Mid), base);
    auto marks = [&](QPlainTextEdit *edit, bool leftSide) {
        QList<QTextEdit::ExtraSelection> selections;
        for (int i = 0; i < m_rows.size(); ++i) {
            const Row &row = m_rows[i];
            if (row.kind == LineKind::Same)
                continue;
            const bool present = leftSide ? row.left >= 0 : row.right >= 0;
            QTextEdit::ExtraSelection s;
            s.cursor = QTextCursor(edit->document()->findBlockByNumber(i));
            s.format.setProperty(QTextFormat::FullWidthSelection, true);
            s.format.setBackground(!present ? gap : row.kind == LineKind::Changed ? bad : leftSide ? bad : good);
            selections.append(s);
        }
        edit->setExtraSelections(selections);
    };
    marks(m_left, true);
    marks(m_right, false);
    // The first difference in sight, with a line of context above it.
    const auto first =
        std::find_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return r.kind != LineKind::Same; });
    if (first != m_rows.cend()) {
        const int line = std::max(0, int(first - m_rows.cbegin()) - 1);
        m_left->verticalScrollBar()->setValue(line);
        m_right->verticalScrollBar()->setValue(line);
    }
    if (changed + removed + added == 0)
        m_summary->setText(m_rows.isEmpty() ? QString() : tr("The same, line for line."));
    else
        m_summary->setText(
            tr("%1 changed, %2 only recorded, %3 only received now (lines)").arg(changed).arg(removed).arg(added));
}

void SideBySideDiff::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

} // namespace sockscope::ui
