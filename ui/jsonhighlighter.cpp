#include "jsonhighlighter.h"

#include "palettecolours.h"

#include <QEvent>
#include <QGuiApplication>
#include <QPalette>
#include <QWidget>

namespace sockscope::ui {

JsonHighlighter::JsonHighlighter(QTextDocument *document, QWidget *view)
    : QSyntaxHighlighter(document)
    , m_view(view)
{
    if (view)
        view->installEventFilter(this);
    setPalette(view ? view->palette() : QGuiApplication::palette());
}

void JsonHighlighter::setPalette(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const bool dark = isDark(palette);
    m_key.setForeground(readableOn(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x45, 0x8b), base));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(readableOn(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15), base));
    m_number.setForeground(readableOn(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58), base));
    m_literal.setForeground(readableOn(dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff), base));
    // Quieter than the text, never too faint to see.
    m_punctuation.setForeground(dimmed(palette.color(QPalette::Text), base, 0.4, 3.0));
    rehighlight();
}

bool JsonHighlighter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::PaletteChange)
        setPalette(m_view->palette());
    return QSyntaxHighlighter::eventFilter(watched, event);
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text[i];
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < n && text[end] != u'"')
                end += text[end] == u'\\' ? 2 : 1;
            end = std::min(end + 1, n);
            // A string followed by ':' is a member name.
            qsizetype next = end;
            while (next < n && text[next].isSpace())
                ++next;
            setFormat(int(i), int(end - i), next < n && text[next] == u':' ? m_key : m_string);
            i = end;
        } else if (c == u'-' || c.isDigit()) {
            qsizetype end = i + 1;
            while (end < n && (text[end].isDigit() || QStringView(u".eE+-").contains(text[end])))
                ++end;
            setFormat(int(i), int(end - i), m_number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < n && text[end].isLetter())
                ++end;
            const QStringView word = QStringView(text).mid(i, end - i);
            if (word == u"true" || word == u"false" || word == u"null")
                setFormat(int(i), int(end - i), m_literal);
            i = end;
        } else {
            if (QStringView(u"{}[],:").contains(c))
                setFormat(int(i), 1, m_punctuation);
            ++i;
        }
    }
}

} // namespace sockscope::ui
