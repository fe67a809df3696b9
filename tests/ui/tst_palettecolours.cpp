#include "ui/handshakeinspector.h"
#include "ui/hexview.h"
#include "ui/jsonhighlighter.h"
#include "ui/palettecolours.h"
#include "ui/payloadeditor.h"
#include "ui/rawframeeditor.h"
#include "ui/statsplot.h"
#include "ui/tonelabel.h"

#include "proto/httpheadparser.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <memory>

using namespace sockscope;
using ui::contrastRatio;

namespace {
// WCAG 2.1: 4.5:1 for text, 3:1 for lines and for dimmed text that is not essential.
constexpr double TextContrast = 4.5;
constexpr double LineContrast = 3.0;

QPalette fusionLight()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion->standardPalette();
}

// A palette like KDE's Breeze Dark: another dark base and text than ours.
QPalette breezeDark()
{
    QPalette p = ui::darkPalette();
    p.setColor(QPalette::Window, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    p.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    p.setColor(QPalette::WindowText, QColor(0xfc, 0xfc, 0xfc));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, QColor(0xfc, 0xfc, 0xfc));
    return p;
}

// Black text on white, as Windows shows it, with its dark blue selection.
QPalette plainLight()
{
    QPalette p = fusionLight();
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Window, QColor(0xf0, 0xf0, 0xf0));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x00, 0x78, 0xd7));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

QString describe(const QColor &colour, const QColor &background)
{
    return QStringLiteral("%1 on %2: %3:1")
        .arg(colour.name(), background.name())
        .arg(contrastRatio(colour, background), 0, 'f', 2);
}

proto::HttpRequestHead request()
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Request);
    parser.feed("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: chat\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n");
    return parser.request();
}

// RFC 6455 1.3's accept value, and a subprotocol that was not offered: marks of both kinds.
proto::HttpResponseHead response()
{
    proto::HttpHeadParser parser(proto::HttpHeadParser::Kind::Response);
    parser.feed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n");
    return parser.response();
}

// The colours of the check marks in the inspector's rich text, by mark.
QList<std::pair<QString, QColor>> markColours(const QString &html)
{
    QList<std::pair<QString, QColor>> marks;
    static const QRegularExpression span(QStringLiteral("<span style='color:(#[0-9a-f]{6})'>(.)</span>"));
    for (const QRegularExpressionMatch &m : span.globalMatch(html))
        marks.append({m.captured(2), QColor(m.captured(1))});
    return marks;
}

// Every coloured range the highlighter put on the document, with the text it covers.
QList<std::pair<QString, QColor>> highlighted(const QTextDocument &document)
{
    QList<std::pair<QString, QColor>> ranges;
    for (QTextBlock block = document.firstBlock(); block.isValid(); block = block.next()) {
        for (const QTextLayout::FormatRange &range : block.layout()->formats())
            ranges.append({block.text().mid(range.start, range.length), range.format.foreground().color()});
    }
    return ranges;
}

const QString Json = QStringLiteral("{\n  \"name\": \"sockscope\",\n  \"n\": -1.5e3,\n  \"ok\": true,\n"
                                    "  \"list\": [null, false]\n}");
} // namespace

class tst_PaletteColours : public QObject
{
    Q_OBJECT
private slots:
    void contrast_data();
    void contrast();
    void readableOn_data();
    void readableOn();
    void dimmedStopsAtTheMinimum();
    void readableOnEachPalette_data();
    void readableOnEachPalette();
    void followsTheApplicationPalette();
};

void tst_PaletteColours::contrast_data()
{
    QTest::addColumn<QColor>("a");
    QTest::addColumn<QColor>("b");
    QTest::addColumn<double>("ratio");
    QTest::addRow("black on white") << QColor(Qt::black) << QColor(Qt::white) << 21.0;
    QTest::addRow("same colour") << QColor(0x80, 0x40, 0x20) << QColor(0x80, 0x40, 0x20) << 1.0;
    // The grey WCAG's own examples name as just passing AA on white.
    QTest::addRow("#767676 on white") << QColor(0x76, 0x76, 0x76) << QColor(Qt::white) << 4.54;
    QTest::addRow("order does not matter") << QColor(Qt::white) << QColor(0x76, 0x76, 0x76) << 4.54;
    QTest::addRow("pure blue on black") << QColor(Qt::blue) << QColor(Qt::black) << 2.44;
}

void tst_PaletteColours::contrast()
{
    QFETCH(QColor, a);
    QFETCH(QColor, b);
    QFETCH(double, ratio);
    QVERIFY2(qAbs(contrastRatio(a, b) - ratio) < 0.01, qPrintable(describe(a, b)));
}

void tst_PaletteColours::readableOn_data()
{
    QTest::addColumn<QColor>("colour");
    QTest::addColumn<QColor>("background");
    QTest::addColumn<bool>("unchanged");
    QTest::addRow("dark green on white") << QColor(0x2e, 0x7d, 0x32) << QColor(Qt::white) << true;
    QTest::addRow("dark green on dark grey") << QColor(0x2e, 0x7d, 0x32) << QColor(0x35, 0x35, 0x35) << false;
    QTest::addRow("orange on white") << QColor(0xfb, 0x8c, 0x00) << QColor(Qt::white) << false;
    QTest::addRow("dark blue on black") << QColor(0x00, 0x00, 0x8b) << QColor(Qt::black) << false;
    QTest::addRow("grey on mid grey") << QColor(0x70, 0x70, 0x70) << QColor(0x80, 0x80, 0x80) << false;
}

void tst_PaletteColours::readableOn()
{
    QFETCH(QColor, colour);
    QFETCH(QColor, background);
    QFETCH(bool, unchanged);
    const QColor readable = ui::readableOn(colour, background, TextContrast);
    QVERIFY2(contrastRatio(readable, background) >= TextContrast, qPrintable(describe(readable, background)));
    QCOMPARE(readable == colour, unchanged);
    // Only as far as needed: the same hue, and barely over the line when it had to move.
    if (!unchanged && colour.hslSaturation() > 0) {
        QVERIFY(qAbs(readable.hslHue() - colour.hslHue()) <= 2);
        QVERIFY2(contrastRatio(readable, background) < TextContrast + 0.1, qPrintable(describe(readable, background)));
    }
}

void tst_PaletteColours::dimmedStopsAtTheMinimum()
{
    const QColor text(Qt::black);
    const QColor base(Qt::white);
    // A quarter of the way stays well readable: kept as asked.
    const QColor light = ui::dimmed(text, base, 0.25, LineContrast);
    QCOMPARE(light.name(), QStringLiteral("#404040"));
    // Nine tenths would be almost invisible: it stops at 3:1.
    const QColor far = ui::dimmed(text, base, 0.9, LineContrast);
    QVERIFY2(contrastRatio(far, base) >= LineContrast && contrastRatio(far, base) < LineContrast + 0.05,
             qPrintable(describe(far, base)));
}

void tst_PaletteColours::readableOnEachPalette_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<bool>("dark");
    QTest::addRow("Fusion light") << fusionLight() << false;
    QTest::addRow("black on white") << plainLight() << false;
    QTest::addRow("dark (Fusion style)") << ui::darkPalette() << true;
    QTest::addRow("Breeze Dark") << breezeDark() << true;
}

void tst_PaletteColours::readableOnEachPalette()
{
    QFETCH(QPalette, palette);
    QFETCH(bool, dark);
    QCOMPARE(ui::isDark(palette), dark);
    const QColor base = palette.color(QPalette::Base);
    const QColor window = palette.color(QPalette::Window);

    // JSON: names, strings, numbers and literals as text, punctuation as quieter text.
    QPlainTextEdit edit;
    edit.setPalette(palette);
    ui::JsonHighlighter highlighter(edit.document(), &edit);
    edit.setPlainText(Json);
    const QList<std::pair<QString, QColor>> ranges = highlighted(*edit.document());
    QVERIFY(ranges.size() > 15);
    QSet<QRgb> distinct;
    for (const auto &[text, colour] : ranges) {
        const bool punctuation = QStringView(u"{}[],:").contains(text.at(0));
        const double minimum = punctuation ? LineContrast : TextContrast;
        QVERIFY2(contrastRatio(colour, base) >= minimum,
                 qPrintable(text + QStringLiteral(": ") + describe(colour, base)));
        distinct.insert(colour.rgb());
    }
    QCOMPARE(distinct.size(), 5); // names, strings, numbers, literals, punctuation told apart

    // The hex view: text and offsets readable, dimmed bytes still visible, on the base and over the selection.
    ui::HexView hex;
    hex.setPalette(palette);
    const ui::HexView::Colours c = hex.colours();
    QCOMPARE(c.base, base);
    QVERIFY2(contrastRatio(c.text, c.base) >= TextContrast, qPrintable(describe(c.text, c.base)));
    QVERIFY2(contrastRatio(c.offset, c.base) >= TextContrast, qPrintable(describe(c.offset, c.base)));
    QVERIFY2(contrastRatio(c.dimmed, c.base) >= LineContrast, qPrintable(describe(c.dimmed, c.base)));
    QVERIFY2(contrastRatio(c.highlightedDimmed, c.highlight) >=
                 std::min(LineContrast, contrastRatio(c.highlightedText, c.highlight)),
             qPrintable(describe(c.highlightedDimmed, c.highlight)));
    // Dimmed is dimmer than the text, or it would say nothing.
    QVERIFY(contrastRatio(c.dimmed, c.base) < contrastRatio(c.text, c.base));

    // The handshake's check marks, on the window colour.
    ui::HandshakeInspector inspector;
    inspector.setPalette(palette);
    inspector.showResponse(request(), response());
    const QList<std::pair<QString, QColor>> marks = markColours(inspector.checksText());
    QVERIFY(marks.size() >= 6);
    QSet<QString> kinds;
    for (const auto &[mark, colour] : marks) {
        QVERIFY2(contrastRatio(colour, window) >= TextContrast,
                 qPrintable(mark + QLatin1Char(' ') + describe(colour, window)));
        kinds.insert(mark);
    }
    QCOMPARE(kinds, (QSet<QString>{QStringLiteral("✔"), QStringLiteral("✘")}));

    // The statistics lines, on the base.
    ui::StatsPlot plot;
    plot.setPalette(palette);
    for (auto series :
         {ui::StatsPlot::Series::MessagesIn, ui::StatsPlot::Series::MessagesOut, ui::StatsPlot::Series::RoundTrip}) {
        const QColor colour = plot.seriesColour(series);
        QVERIFY2(contrastRatio(colour, base) >= LineContrast, qPrintable(describe(colour, base)));
    }

    // Problems and verdicts in words: the payload editor's, the raw frame editor's.
    ui::PayloadEditor editor;
    editor.setPalette(palette);
    editor.setMode(ui::PayloadEditor::Mode::Json);
    editor.setText(QStringLiteral("{\"a\": }"));
    QVERIFY(!editor.validate());
    auto *status = editor.findChild<ui::ToneLabel *>(QStringLiteral("status"));
    QVERIFY(status);
    QCOMPARE(status->tone(), ui::Tone::Bad);
    QVERIFY2(contrastRatio(status->textColour(), window) >= TextContrast,
             qPrintable(describe(status->textColour(), window)));
    ui::RawFrameEditor raw;
    raw.setPalette(palette);
    auto *verdict = raw.findChild<ui::ToneLabel *>(QStringLiteral("verdict"));
    QVERIFY(verdict);
    QCOMPARE(verdict->tone(), ui::Tone::Good); // an empty text frame is valid
    QVERIFY2(contrastRatio(verdict->textColour(), window) >= TextContrast,
             qPrintable(describe(verdict->textColour(), window)));
}

void tst_PaletteColours::followsTheApplicationPalette()
{
    // Made under a light palette, then the desktop turns dark.
    const QPalette before = QApplication::palette();
    QApplication::setPalette(plainLight());
    QPlainTextEdit edit;
    ui::JsonHighlighter highlighter(edit.document(), &edit);
    edit.setPlainText(Json);
    ui::HandshakeInspector inspector;
    inspector.showResponse(request(), response());
    ui::ToneLabel label;
    label.setText(QStringLiteral("a problem"));
    label.setTone(ui::Tone::Bad);
    const QColor lightProblem = label.textColour();
    const QList<std::pair<QString, QColor>> lightMarks = markColours(inspector.checksText());
    const QList<std::pair<QString, QColor>> lightRanges = highlighted(*edit.document());

    QApplication::setPalette(ui::darkPalette());
    const QPalette dark = ui::darkPalette();
    const QColor base = dark.color(QPalette::Base);
    const QColor window = dark.color(QPalette::Window);
    // Widgets hear of it through posted events.
    QTRY_COMPARE(edit.palette().color(QPalette::Base), base);
    QTRY_COMPARE(label.palette().color(QPalette::Window), window);
    const QList<std::pair<QString, QColor>> darkRanges = highlighted(*edit.document());
    QCOMPARE(darkRanges.size(), lightRanges.size());
    for (const auto &[text, colour] : darkRanges) {
        const bool punctuation = QStringView(u"{}[],:").contains(text.at(0));
        QVERIFY2(contrastRatio(colour, base) >= (punctuation ? LineContrast : TextContrast),
                 qPrintable(text + QStringLiteral(": ") + describe(colour, base)));
    }
    const QList<std::pair<QString, QColor>> darkMarks = markColours(inspector.checksText());
    QCOMPARE(darkMarks.size(), lightMarks.size());
    for (const auto &[mark, colour] : darkMarks)
        QVERIFY2(contrastRatio(colour, window) >= TextContrast,
                 qPrintable(mark + QLatin1Char(' ') + describe(colour, window)));
    QVERIFY(darkMarks != lightMarks);
    QCOMPARE(label.tone(), ui::Tone::Bad);
    QVERIFY(label.textColour() != lightProblem);
    QVERIFY2(contrastRatio(label.textColour(), window) >= TextContrast,
             qPrintable(describe(label.textColour(), window)));
    // Back to normal, it is the palette's own text colour again.
    label.setTone(ui::Tone::Normal);
    QCOMPARE(label.textColour(), dark.color(QPalette::WindowText));
    QApplication::setPalette(before);
}

QTEST_MAIN(tst_PaletteColours)
#include "tst_palettecolours.moc"
