#pragma once

#include <QPointer>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QPalette;
class QWidget;

namespace sockscope::ui {

// Colours JSON in a text document: member names, string values, numbers, true / false / null, punctuation.
// Works line by line on any text (a string never spans lines in formatted JSON), so invalid JSON is
// coloured as far as it looks like JSON. Colours come from the palette: darker on a light base, lighter on a
// dark one, each with at least 4.5:1 contrast against the base (3:1 for punctuation). Given the view that shows
// the document, it follows that view's palette when it changes.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document, QWidget *view = nullptr);

    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QWidget> m_view;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
    QTextCharFormat m_punctuation;
};

} // namespace sockscope::ui
