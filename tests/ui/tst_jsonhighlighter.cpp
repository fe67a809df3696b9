#include "ui/jsonhighlighter.h"

#include <QPalette>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace sockscope::ui;

namespace {
// The foreground colour at a character position of the first block.
QColor colourAt(const QTextDocument &document, int position)
{
    const QTextBlock block = document.firstBlock();
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (position >= range.start && position < range.start + range.length)
            return range.format.foreground().color();
    }
    return {};
}
} // namespace

class tst_JsonHighlighter : public QObject
{
    Q_OBJECT
private slots:
    void coloursTokens();
};

void tst_JsonHighlighter::coloursTokens()
{
    QTextDocument document;
    document.setPlainText(QStringLiteral("{\"key\": \"value\", \"n\": -1.5e3, \"ok\": true, \"x\": null}"));
    JsonHighlighter highlighter(&document);
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    highlighter.setPalette(light);

    const QColor key = colourAt(document, 2);          // "key"
    const QColor value = colourAt(document, 10);       // "value"
    const QColor number = colourAt(document, 23);      // -1.5e3
    const QColor literal = colourAt(document, 37);     // true
    const QColor nullLiteral = colourAt(document, 49); // null
    QVERIFY(key.isValid() && value.isValid() && number.isValid() && literal.isValid());
    // Names, string values, numbers and literals are told apart.
    QVERIFY(key != value);
    QVERIFY(value != number);
    QVERIFY(number != literal);
    QCOMPARE(nullLiteral, literal);
    QCOMPARE(colourAt(document, 26), number); // the exponent belongs to the number

    // A dark palette gives other colours.
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    highlighter.setPalette(dark);
    QVERIFY(colourAt(document, 2) != key);
}

QTEST_MAIN(tst_JsonHighlighter)
#include "tst_jsonhighlighter.moc"
