#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace sockscope::ui {

// Colours JSON in a text document: member names, string values, numbers, true / false / null, punctuation.
// Works line by line on any text (a string never spans lines in formatted JSON), so invalid JSON is
// coloured as far as it looks like JSON. Colours come from the palette given, for light and dark themes.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
    QTextCharFormat m_punctuation;
};

} // namespace sockscope::ui
