#include "ui/hexview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QImage>
#include <QInputDialog>
#include <QMenu>
#include <QMimeData>
#include <QPointer>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <limits>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

using sockscope::ui::HexView;
using Column = HexView::Column;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

QByteArray counting(qint64 size)
{
    QByteArray data(size, Qt::Uninitialized);
    char *out = data.data();
    for (qint64 i = 0; i < size; ++i)
        out[i] = char(i & 0xff);
    return data;
}

bool showView(HexView &view, const QByteArray &data, QSize size = QSize(700, 300))
{
    view.resize(size);
    view.setData(data);
    view.show();
    QApplication::setActiveWindow(&view);
    view.setFocus();
    return QTest::qWaitForWindowExposed(&view);
}

QList<int> keys(std::initializer_list<QKeyCombination> list)
{
    QList<int> out;
    for (const QKeyCombination key : list)
        out.append(key.toCombined());
    return out;
}

QList<int> repeat(QKeyCombination key, int times)
{
    return QList<int>(times, key.toCombined());
}

void press(HexView &view, const QList<int> &combos)
{
    for (const int combo : combos) {
        const QKeyCombination key = QKeyCombination::fromCombined(combo);
        QTest::keyClick(&view, key.key(), key.keyboardModifiers());
    }
}

// Whether anything other than the background was painted in rect.
bool hasInk(const QImage &image, const QRect &rect, const QColor &background)
{
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (image.pixelColor(x, y) != background)
                return true;
        }
    }
    return false;
}

} // namespace

class tst_HexView : public QObject
{
    Q_OBJECT
private slots:
    void formatLine_data();
    void formatLine();
    void lineText();
    void offsetDigits_data();
    void offsetDigits();
    void parseOffset_data();
    void parseOffset();
    void dataIsShared();
    void emptyData();
    void scrollBarCountsLines_data();
    void scrollBarCountsLines();
    void scaledScrollMapping_data();
    void scaledScrollMapping();
    void moreLinesThanAnInt();
    void keyboard_data();
    void keyboard();
    void pageKeys();
    void keyboardScrollsToCursor();
    void mouseSelection();
    void dragStartedInAsciiStaysInAscii();
    void dragBeyondTheViewScrolls();
    void offsetAt();
    void signalsOncePerChange();
    void copyAsHexAndBase64();
    void copyAsText_data();
    void copyAsText();
    void copyWithoutSelection();
    void contextMenu();
    void setCursorOffsetScrollsToLine();
    void goToOffsetDialog();
    void goToOffsetDialogRejectsBadInput_data();
    void goToOffsetDialogRejectsBadInput();
    void replacingDataResets();
    void bytesPerLine();
    void wheelScrollsLines();
    void paintsSelectionInBothColumns();
    void followsPalette();
    void paintsEndOf100MiB();
    void horizontalScrollBarWhenNarrow();
};

void tst_HexView::formatLine_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("bytesPerLine");
    QTest::addColumn<int>("offsetDigits");
    QTest::addColumn<QString>("text");

    QTest::addRow("full line of 16")
        << counting(16) << qint64(0) << 16 << 8
        << QStringLiteral("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|");
    QTest::addRow("printable range edges")
        << QByteArray("\x1f\x20\x21\x7e\x7f\x80\xff\x00.A", 10) << qint64(0x30) << 16 << 8
        << QStringLiteral("00000030  1f 20 21 7e 7f 80 ff 00  2e 41                    |. !~.....A|");
    QTest::addRow("text") << QByteArray("GET /chat HTTP/1") << qint64(0x7fffffe0) << 16 << 8
                          << QStringLiteral(
                                 "7fffffe0  47 45 54 20 2f 63 68 61  74 20 48 54 54 50 2f 31  |GET /chat HTTP/1|");
    QTest::addRow("partial last line, one group")
        << QByteArray("ABC") << qint64(0x40) << 16 << 8
        << QStringLiteral("00000040  41 42 43                                          |ABC|");
    QTest::addRow("partial last line, into the second group")
        << QByteArray("0123456789") << qint64(0x50) << 16 << 8
        << QStringLiteral("00000050  30 31 32 33 34 35 36 37  38 39                    |0123456789|");
    QTest::addRow("single byte") << QByteArray("\xde", 1) << qint64(0xffffffff) << 16 << 8
                                 << QStringLiteral("ffffffff  de                                                |.|");
    QTest::addRow("8 per line") << QByteArray("\xde\xad\xbe\xef\x00\x01WS", 8) << qint64(8) << 8 << 8
                                << QStringLiteral("00000008  de ad be ef 00 01 57 53  |......WS|");
    QTest::addRow("8 per line, partial") << QByteArray("WS") << qint64(16) << 8 << 8
                                         << QStringLiteral("00000010  57 53                    |WS|");
    QTest::addRow("32 per line")
        << counting(32) << qint64(0x20) << 32 << 8
        << QStringLiteral("00000020  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  10 11 12 13 14 15 16 17  "
                          "18 19 1a 1b 1c 1d 1e 1f  |................................|");
    QTest::addRow("32 per line, partial")
        << QByteArray("0123456789abcdefghi") << qint64(0x40) << 32 << 8
        << QStringLiteral("00000040  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  67 68 69                "
                          "                          |0123456789abcdefghi|");
    QTest::addRow("offset past 4 GiB") << QByteArray("x") << qint64(0x123456780) << 16 << 9
                                       << QStringLiteral(
                                              "123456780  78                                                |x|");
}

void tst_HexView::formatLine()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, offset);
    QFETCH(int, bytesPerLine);
    QFETCH(int, offsetDigits);
    QFETCH(QString, text);
    QCOMPARE(HexView::formatLine(bytes, offset, bytesPerLine, offsetDigits), text);
}

void tst_HexView::lineText()
{
    HexView view;
    view.setData(QByteArray("Hello, WebSocket world!\r\n\x00\x01\x02\xff", 29));
    QCOMPARE(view.lineCount(), 2);
    QCOMPARE(view.lineText(0),
             QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74  |Hello, WebSocket|"));
    QCOMPARE(view.lineText(1),
             QStringLiteral("00000010  20 77 6f 72 6c 64 21 0d  0a 00 01 02 ff           | world!......|"));
    QCOMPARE(view.lineText(2), QString());
    QCOMPARE(view.lineText(-1), QString());

    view.setBytesPerLine(8);
    QCOMPARE(view.lineCount(), 4);
    QCOMPARE(view.lineText(3), QStringLiteral("00000018  0a 00 01 02 ff           |.....|"));
}

void tst_HexView::offsetDigits_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("digits");
    QTest::addRow("empty") << qint64(0) << 8;
    QTest::addRow("small") << qint64(100) << 8;
    QTest::addRow("100 MiB") << 100 * kMiB << 8;
    QTest::addRow("4 GiB - 1") << qint64(0xffffffff) << 8;
    QTest::addRow("4 GiB") << qint64(0x100000000) << 9;
    QTest::addRow("64 GiB") << qint64(0x1000000000) << 10;
    QTest::addRow("largest") << std::numeric_limits<qint64>::max() << 16;
}

void tst_HexView::offsetDigits()
{
    QFETCH(qint64, size);
    QFETCH(int, digits);
    QCOMPARE(HexView::offsetDigitsFor(size), digits);
}

void tst_HexView::parseOffset_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("offset"); // -1: rejected
    QTest::addRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::addRow("decimal") << QStringLiteral("4096") << qint64(4096);
    QTest::addRow("hex") << QStringLiteral("0x1000") << qint64(4096);
    QTest::addRow("hex upper") << QStringLiteral("0X1F") << qint64(31);
    QTest::addRow("hex mixed case") << QStringLiteral("0xaBc") << qint64(0xabc);
    QTest::addRow("spaces around") << QStringLiteral("  12 ") << qint64(12);
    QTest::addRow("beyond 32 bits") << QStringLiteral("0x123456789") << qint64(0x123456789);
    QTest::addRow("largest") << QStringLiteral("9223372036854775807") << std::numeric_limits<qint64>::max();
    QTest::addRow("empty") << QString() << qint64(-1);
    QTest::addRow("prefix alone") << QStringLiteral("0x") << qint64(-1);
    QTest::addRow("negative") << QStringLiteral("-1") << qint64(-1);
    QTest::addRow("plus sign") << QStringLiteral("+5") << qint64(-1);
    QTest::addRow("hex digits without prefix") << QStringLiteral("1f") << qint64(-1);
    QTest::addRow("negative hex") << QStringLiteral("0x-1") << qint64(-1);
    QTest::addRow("inner space") << QStringLiteral("1 2") << qint64(-1);
    QTest::addRow("overflow") << QStringLiteral("9223372036854775808") << qint64(-1);
    QTest::addRow("hex overflow") << QStringLiteral("0x10000000000000000") << qint64(-1);
    QTest::addRow("arabic-indic digit") << QStringLiteral("\u0663") << qint64(-1);
}

void tst_HexView::parseOffset()
{
    QFETCH(QString, text);
    QFETCH(qint64, offset);
    const std::optional<qint64> parsed = HexView::parseOffset(text);
    if (offset < 0) {
        QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
    } else {
        QVERIFY(parsed);
        QCOMPARE(*parsed, offset);
    }
}

void tst_HexView::dataIsShared()
{
    const QByteArray payload = counting(64 * 1024);
    HexView view;
    QVERIFY(showView(view, payload));
    view.selectAll();
    view.copyAsHex();
    view.grab();
    QCOMPARE(view.data().constData(), payload.constData());
    QVERIFY(!payload.isDetached()); // still shared with the view
}

void tst_HexView::emptyData()
{
    HexView view;
    QVERIFY(showView(view, QByteArray()));
    QSignalSpy selection(&view, &HexView::selectionChanged);
    QSignalSpy cursor(&view, &HexView::cursorMoved);
    QCOMPARE(view.lineCount(), 0);
    QCOMPARE(view.lineText(0), QString());
    QCOMPARE(view.verticalScrollBar()->maximum(), 0);
    QCOMPARE(view.offsetAt(QPoint(50, 5)), -1);
    QVERIFY(view.byteRect(0, Column::Hex).isEmpty());
    QVERIFY(!view.grab().isNull());

    QGuiApplication::clipboard()->setText(QStringLiteral("unchanged"));
    press(view, keys({Qt::Key_Right, Qt::Key_Down, Qt::Key_PageDown, Qt::SHIFT | Qt::Key_Right, Qt::CTRL | Qt::Key_End,
                      Qt::CTRL | Qt::Key_A, Qt::CTRL | Qt::Key_C}));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(100, 10));
    view.setCursorOffset(10);
    view.setSelection(0, 5);
    QCOMPARE(view.cursorOffset(), 0);
    QCOMPARE(view.selectionLength(), 0);
    QCOMPARE(view.selectedBytes(), QByteArray());
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("unchanged"));
    QCOMPARE(selection.count(), 0);
    QCOMPARE(cursor.count(), 0);
}

void tst_HexView::scrollBarCountsLines_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("bytesPerLine");
    QTest::addColumn<qint64>("lines");
    QTest::addRow("one byte") << qint64(1) << 16 << qint64(1);
    QTest::addRow("100 MiB") << 100 * kMiB << 16 << qint64(6553600);
    QTest::addRow("100 MiB + 1") << 100 * kMiB + 1 << 16 << qint64(6553601);
    QTest::addRow("100 MiB, 8 per line") << 100 * kMiB << 8 << qint64(13107200);
    QTest::addRow("100 MiB - 1, 32 per line") << 100 * kMiB - 1 << 32 << qint64(3276800);
}

void tst_HexView::scrollBarCountsLines()
{
    QFETCH(qint64, size);
    QFETCH(int, bytesPerLine);
    QFETCH(qint64, lines);
    const QByteArray data(size, '\x5a');
    HexView view;
    view.setBytesPerLine(bytesPerLine);
    QVERIFY(showView(view, data));
    QCOMPARE(view.lineCount(), lines);
    const QScrollBar *bar = view.verticalScrollBar();
    QCOMPARE(bar->minimum(), 0);
    QCOMPARE(bar->singleStep(), 1);
    QCOMPARE(bar->pageStep(), view.visibleLineCount());
    // The last line can be scrolled to the bottom of the view, not beyond.
    QCOMPARE(bar->maximum(), std::max<qint64>(0, lines - view.visibleLineCount()));
    QCOMPARE(view.byteRect(size - 1, Column::Hex).isEmpty(), lines > view.visibleLineCount());
}

void tst_HexView::scaledScrollMapping_data()
{
    QTest::addColumn<qint64>("maxFirstLine");
    QTest::addRow("fits an int") << qint64(std::numeric_limits<int>::max());
    QTest::addRow("one more than an int") << qint64(std::numeric_limits<int>::max()) + 1;
    QTest::addRow("40 GiB at 16 per line") << qint64(40) * 1024 * kMiB / 16;
    QTest::addRow("2^60 lines") << (qint64(1) << 60);
    QTest::addRow("largest") << std::numeric_limits<qint64>::max() / 8;
}

void tst_HexView::scaledScrollMapping()
{
    QFETCH(qint64, maxFirstLine);
    const bool scaled = maxFirstLine > std::numeric_limits<int>::max();
    const int top = scaled ? HexView::kScaledScrollRange : int(maxFirstLine);
    QCOMPARE(HexView::scrollValueForLine(0, maxFirstLine), 0);
    QCOMPARE(HexView::scrollValueForLine(maxFirstLine, maxFirstLine), top);
    QCOMPARE(HexView::scrollValueForLine(-5, maxFirstLine), 0);
    QCOMPARE(HexView::lineForScrollValue(0, maxFirstLine), 0);
    QCOMPARE(HexView::lineForScrollValue(top, maxFirstLine), maxFirstLine);
    QCOMPARE(HexView::lineForScrollValue(std::numeric_limits<int>::max(), maxFirstLine), maxFirstLine);
    QCOMPARE(HexView::lineForScrollValue(-1, maxFirstLine), 0);

    // Monotonic, and a value maps back to (about) the line it came from.
    qint64 previous = -1;
    const qint64 linesPerValue = scaled ? maxFirstLine / HexView::kScaledScrollRange + 1 : 1;
    for (int step = 0; step <= 64; ++step) {
        const int value = int(qint64(top) * step / 64);
        const qint64 line = HexView::lineForScrollValue(value, maxFirstLine);
        QVERIFY(line >= 0 && line <= maxFirstLine);
        QVERIFY2(line >= previous, qPrintable(QStringLiteral("value %1").arg(value)));
        previous = line;
        QVERIFY(qAbs(HexView::scrollValueForLine(line, maxFirstLine) - value) <= 1);
        const qint64 back = HexView::lineForScrollValue(HexView::scrollValueForLine(line, maxFirstLine), maxFirstLine);
        QVERIFY(qAbs(back - line) <= linesPerValue);
    }
}

// 40 GiB of zeros that cost no memory: a read-only anonymous mapping, only the pages painted are touched. That is
// 2.7 G lines, more than the scroll bar's int can count.
void tst_HexView::moreLinesThanAnInt()
{
#ifdef Q_OS_LINUX
    const qint64 size = qint64(40) * 1024 * kMiB;
    void *mapped = mmap(nullptr, size_t(size), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapped == MAP_FAILED)
        QSKIP("cannot reserve 40 GiB of address space");
    const auto unmap = qScopeGuard([&] { munmap(mapped, size_t(size)); });
    const QByteArray data = QByteArray::fromRawData(static_cast<const char *>(mapped), size);
    {
        HexView view;
        QVERIFY(showView(view, data));
        QCOMPARE(view.lineCount(), size / 16);
        QVERIFY(view.lineCount() > std::numeric_limits<int>::max());
        QCOMPARE(view.offsetDigits(), 9);
        const QScrollBar *bar = view.verticalScrollBar();
        QCOMPARE(bar->maximum(), HexView::kScaledScrollRange);

        QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(view.cursorOffset(), size - 1);
        QCOMPARE(view.firstVisibleLine(), view.lineCount() - view.visibleLineCount());
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(!view.byteRect(size - 1, Column::Hex).isEmpty());
        QCOMPARE(view.lineText(view.lineCount() - 1),
                 QStringLiteral("9fffffff0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|"));
        QVERIFY(!view.grab().isNull());

        // Up by one line from the end is exact, although one scroll bar step is several lines here.
        const qint64 first = view.firstVisibleLine();
        QTest::keyClick(&view, Qt::Key_PageUp);
        QCOMPARE(view.firstVisibleLine(), first - view.visibleLineCount());

        view.verticalScrollBar()->setValue(HexView::kScaledScrollRange / 2);
        QVERIFY(qAbs(view.firstVisibleLine() - (view.lineCount() - view.visibleLineCount()) / 2) <= 2);
        view.setCursorOffset(size / 2 + 5);
        QVERIFY(!view.byteRect(size / 2 + 5, Column::Ascii).isEmpty());

        QTest::keyClick(&view, Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(view.firstVisibleLine(), 0);
        QCOMPARE(bar->value(), 0);
    }
#else
    QSKIP("needs mmap");
#endif
}

void tst_HexView::keyboard_data()
{
    QTest::addColumn<QList<int>>("keys");
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("length");

    // 100 bytes at 16 a line: lines 0..6, the last one holds 96..99. The cursor starts at 0.
    const auto right = Qt::Key_Right;
    const QKeyCombination shiftRight = Qt::SHIFT | Qt::Key_Right;
    QTest::addRow("shift+right x3 selects 4 bytes") << repeat(shiftRight, 3) << qint64(3) << qint64(0) << qint64(4);
    QTest::addRow("right moves without selecting") << keys({right}) << qint64(1) << qint64(1) << qint64(0);
    QTest::addRow("moving clears the selection")
        << keys({shiftRight, shiftRight, right}) << qint64(3) << qint64(3) << qint64(0);
    QTest::addRow("escape clears the selection")
        << keys({shiftRight, shiftRight, Qt::Key_Escape}) << qint64(2) << qint64(2) << qint64(0);
    QTest::addRow("back over the anchor") << keys({right, right, Qt::SHIFT | Qt::Key_Left, Qt::SHIFT | Qt::Key_Left})
                                          << qint64(0) << qint64(0) << qint64(3);
    QTest::addRow("back to the anchor keeps its byte")
        << keys({right, shiftRight, Qt::SHIFT | Qt::Key_Left}) << qint64(1) << qint64(1) << qint64(1);
    QTest::addRow("shift+down") << keys({Qt::SHIFT | Qt::Key_Down}) << qint64(16) << qint64(0) << qint64(17);
    QTest::addRow("shift+up from line 2")
        << keys({Qt::Key_Down, Qt::Key_Down, right, Qt::SHIFT | Qt::Key_Up}) << qint64(17) << qint64(17) << qint64(17);
    QTest::addRow("left at the start stays") << keys({Qt::Key_Left}) << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("up on the first line stays") << keys({right, Qt::Key_Up}) << qint64(1) << qint64(1) << qint64(0);
    QTest::addRow("right at the end stays")
        << keys({Qt::CTRL | Qt::Key_End, right}) << qint64(99) << qint64(99) << qint64(0);
    QTest::addRow("down on the last line stays")
        << keys({Qt::CTRL | Qt::Key_End, Qt::Key_Down}) << qint64(99) << qint64(99) << qint64(0);
    QList<int> toNinety = repeat(Qt::Key_Down, 5) + repeat(right, 10);
    QTest::addRow("down into a shorter last line")
        << toNinety + keys({Qt::Key_Down}) << qint64(99) << qint64(99) << qint64(0);
    QTest::addRow("down keeps the column")
        << keys({right, right, Qt::Key_Down, Qt::Key_Down}) << qint64(34) << qint64(34) << qint64(0);
    QTest::addRow("end of line") << keys({right, right, right, Qt::Key_End}) << qint64(15) << qint64(15) << qint64(0);
    QTest::addRow("home of line") << keys({Qt::Key_Down, right, right, Qt::Key_Home}) << qint64(16) << qint64(16)
                                  << qint64(0);
    QTest::addRow("end of the short last line")
        << keys({Qt::CTRL | Qt::Key_End, Qt::Key_Home, Qt::Key_End}) << qint64(99) << qint64(99) << qint64(0);
    QTest::addRow("shift+end") << keys({right, right, right, Qt::SHIFT | Qt::Key_End}) << qint64(15) << qint64(3)
                               << qint64(13);
    QTest::addRow("shift+home") << keys({Qt::Key_Down, right, right, Qt::SHIFT | Qt::Key_Home}) << qint64(16)
                                << qint64(16) << qint64(3);
    QTest::addRow("ctrl+end") << keys({Qt::CTRL | Qt::Key_End}) << qint64(99) << qint64(99) << qint64(0);
    QTest::addRow("ctrl+home") << keys({Qt::CTRL | Qt::Key_End, Qt::CTRL | Qt::Key_Home}) << qint64(0) << qint64(0)
                               << qint64(0);
    QTest::addRow("ctrl+shift+end") << repeat(right, 10) + keys({Qt::CTRL | Qt::SHIFT | Qt::Key_End}) << qint64(99)
                                    << qint64(10) << qint64(90);
    QTest::addRow("ctrl+shift+home") << keys({Qt::CTRL | Qt::Key_End, Qt::CTRL | Qt::SHIFT | Qt::Key_Home}) << qint64(0)
                                     << qint64(0) << qint64(100);
    QTest::addRow("ctrl+a") << keys({right, Qt::CTRL | Qt::Key_A}) << qint64(99) << qint64(0) << qint64(100);
    QTest::addRow("shift extends ctrl+a")
        << keys({Qt::CTRL | Qt::Key_A, Qt::SHIFT | Qt::Key_Left}) << qint64(98) << qint64(0) << qint64(99);
}

void tst_HexView::keyboard()
{
    QFETCH(QList<int>, keys);
    QFETCH(qint64, cursor);
    QFETCH(qint64, start);
    QFETCH(qint64, length);
    HexView view;
    QVERIFY(showView(view, counting(100)));
    press(view, keys);
    QCOMPARE(view.cursorOffset(), cursor);
    QCOMPARE(view.selectionStart(), start);
    QCOMPARE(view.selectionLength(), length);
    QCOMPARE(view.selectedBytes(), counting(100).mid(start, length));
}

void tst_HexView::pageKeys()
{
    HexView view;
    QVERIFY(showView(view, counting(64 * 1024)));
    const qint64 page = view.visibleLineCount();
    QVERIFY(page > 3);

    QTest::keyClick(&view, Qt::Key_Right);
    QTest::keyClick(&view, Qt::Key_PageDown);
    QCOMPARE(view.cursorOffset(), page * 16 + 1);
    QCOMPARE(view.firstVisibleLine(), page); // the cursor keeps its row on screen
    QTest::keyClick(&view, Qt::Key_PageDown, Qt::ShiftModifier);
    QCOMPARE(view.cursorOffset(), 2 * page * 16 + 1);
    QCOMPARE(view.selectionStart(), page * 16 + 1);
    QCOMPARE(view.selectionLength(), page * 16 + 1);
    QTest::keyClick(&view, Qt::Key_PageUp);
    QCOMPARE(view.cursorOffset(), page * 16 + 1);
    QCOMPARE(view.selectionLength(), 0);
    QCOMPARE(view.firstVisibleLine(), page);
    QTest::keyClick(&view, Qt::Key_PageUp);
    QTest::keyClick(&view, Qt::Key_PageUp);
    QCOMPARE(view.cursorOffset(), 1); // the first line, same column
    QCOMPARE(view.firstVisibleLine(), 0);

    QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClick(&view, Qt::Key_Home);
    QTest::keyClick(&view, Qt::Key_PageDown);
    QCOMPARE(view.cursorOffset(), 64 * 1024 - 16);
    QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
}

void tst_HexView::keyboardScrollsToCursor()
{
    HexView view;
    QVERIFY(showView(view, counting(64 * 1024)));
    const int page = view.visibleLineCount();
    for (int i = 0; i < page; ++i)
        QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.firstVisibleLine(), 1); // scrolled by one line, not a page
    QCOMPARE(view.verticalScrollBar()->value(), 1);
    QVERIFY(!view.byteRect(view.cursorOffset(), Column::Hex).isEmpty());

    QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(view.firstVisibleLine(), view.lineCount() - page);
    QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
    QVERIFY(!view.byteRect(64 * 1024 - 1, Column::Hex).isEmpty());
    for (int i = 0; i < page; ++i)
        QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(view.firstVisibleLine(), view.lineCount() - page - 1);
}

void tst_HexView::mouseSelection()
{
    HexView view;
    QVERIFY(showView(view, counting(100)));
    QSignalSpy cursor(&view, &HexView::cursorMoved);
    QSignalSpy selection(&view, &HexView::selectionChanged);
    QWidget *viewport = view.viewport();

    QTest::mouseClick(viewport, Qt::LeftButton, {}, view.byteRect(5, Column::Hex).center());
    QCOMPARE(view.cursorOffset(), 5);
    QCOMPARE(view.selectionLength(), 0);
    QCOMPARE(cursor.count(), 1);
    QCOMPARE(cursor.last().at(0).toLongLong(), 5);

    // Drag from byte 5 to byte 20 on the next line.
    QTest::mousePress(viewport, Qt::LeftButton, {}, view.byteRect(5, Column::Hex).center());
    QTest::mouseMove(viewport, view.byteRect(12, Column::Hex).center());
    QTest::mouseMove(viewport, view.byteRect(20, Column::Hex).center());
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, view.byteRect(20, Column::Hex).center());
    QCOMPARE(view.cursorOffset(), 20);
    QCOMPARE(view.selectionStart(), 5);
    QCOMPARE(view.selectionLength(), 16);
    QCOMPARE(selection.last().at(0).toLongLong(), 5);
    QCOMPARE(selection.last().at(1).toLongLong(), 16);

    // Shift+click in the ASCII column extends from the same anchor.
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, view.byteRect(40, Column::Ascii).center());
    QCOMPARE(view.selectionStart(), 5);
    QCOMPARE(view.selectionLength(), 36);
    QCOMPARE(view.selectedBytes(), counting(100).mid(5, 36));
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, view.byteRect(2, Column::Hex).center());
    QCOMPARE(view.selectionStart(), 2);
    QCOMPARE(view.selectionLength(), 4);

    // Dragging backwards in the ASCII column.
    QTest::mousePress(viewport, Qt::LeftButton, {}, view.byteRect(30, Column::Ascii).center());
    QCOMPARE(view.selectionLength(), 0);
    QTest::mouseMove(viewport, view.byteRect(25, Column::Ascii).center());
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, view.byteRect(25, Column::Ascii).center());
    QCOMPARE(view.cursorOffset(), 25);
    QCOMPARE(view.selectionStart(), 25);
    QCOMPARE(view.selectionLength(), 6);

    // A click without a drag leaves one byte under the cursor and nothing selected.
    QTest::mouseClick(viewport, Qt::LeftButton, {}, view.byteRect(99, Column::Ascii).center());
    QCOMPARE(view.cursorOffset(), 99);
    QCOMPARE(view.selectionLength(), 0);
    QCOMPARE(view.selectionStart(), 99);
}

void tst_HexView::dragStartedInAsciiStaysInAscii()
{
    HexView view;
    QVERIFY(showView(view, counting(100)));
    QWidget *viewport = view.viewport();
    // From the ASCII column leftwards over the hex column: the selection runs to the start of the line.
    QTest::mousePress(viewport, Qt::LeftButton, {}, view.byteRect(50, Column::Ascii).center());
    QTest::mouseMove(viewport, view.byteRect(60, Column::Hex).center());
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, view.byteRect(60, Column::Hex).center());
    QCOMPARE(view.cursorOffset(), 48);
    QCOMPARE(view.selectionStart(), 48);
    QCOMPARE(view.selectionLength(), 3);
}

void tst_HexView::dragBeyondTheViewScrolls()
{
    HexView view;
    QVERIFY(showView(view, counting(64 * 1024)));
    QWidget *viewport = view.viewport();
    const QPoint start = view.byteRect(3, Column::Hex).center();
    QTest::mousePress(viewport, Qt::LeftButton, {}, start);
    QTest::mouseMove(viewport, QPoint(start.x(), viewport->height() + 40));
    // The view keeps scrolling while the pointer stays below it, and the selection follows.
    QTRY_VERIFY(view.firstVisibleLine() > 10);
    const qint64 lastVisibleLine = view.firstVisibleLine() + view.visibleLineCount() - 1;
    QVERIFY(view.cursorOffset() / 16 >= lastVisibleLine);
    QCOMPARE(view.selectionStart(), 3);
    QCOMPARE(view.selectionLength(), view.cursorOffset() - 3 + 1);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(start.x(), viewport->height() + 40));
    const qint64 first = view.firstVisibleLine();
    QTest::qWait(150);
    QCOMPARE(view.firstVisibleLine(), first); // stopped with the button released
}

void tst_HexView::offsetAt()
{
    HexView view;
    QVERIFY(showView(view, counting(100), QSize(700, 400)));
    QVERIFY(view.visibleLineCount() > 8);
    Column column = Column::Ascii;
    for (const qint64 offset : {qint64(0), qint64(7), qint64(8), qint64(15), qint64(16), qint64(99)}) {
        QCOMPARE(view.offsetAt(view.byteRect(offset, Column::Hex).center(), &column), offset);
        QCOMPARE(column, Column::Hex);
        QCOMPARE(view.offsetAt(view.byteRect(offset, Column::Ascii).center(), &column), offset);
        QCOMPARE(column, Column::Ascii);
    }
    // The gap between the two groups of 8 is shared by bytes 7 and 8.
    const QRect seven = view.byteRect(7, Column::Hex);
    const QRect eight = view.byteRect(8, Column::Hex);
    QCOMPARE(view.offsetAt(QPoint(seven.right() + 2, seven.center().y())), 7);
    QCOMPARE(view.offsetAt(QPoint(eight.left() - 2, eight.center().y())), 8);
    // The offset column belongs to the line's first byte, beyond the ASCII column to its last.
    QCOMPARE(view.offsetAt(QPoint(2, view.byteRect(20, Column::Hex).center().y()), &column), 16);
    QCOMPARE(column, Column::Hex);
    QCOMPARE(view.offsetAt(QPoint(view.viewport()->width() - 1, view.byteRect(20, Column::Hex).center().y()), &column),
             31);
    QCOMPARE(column, Column::Ascii);
    // Past the end of the short last line, and below it.
    QCOMPARE(view.offsetAt(QPoint(view.byteRect(15, Column::Hex).center().x(), view.byteRect(99, Column::Hex).y() + 1)),
             99);
    QCOMPARE(view.offsetAt(QPoint(view.byteRect(3, Column::Hex).center().x(), view.viewport()->height() - 1)), 99);
}

void tst_HexView::signalsOncePerChange()
{
    HexView view;
    QVERIFY(showView(view, counting(100)));
    QSignalSpy cursor(&view, &HexView::cursorMoved);
    QSignalSpy selection(&view, &HexView::selectionChanged);

    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(cursor.count(), 1);
    QCOMPARE(selection.count(), 1); // the empty selection moved along: (1, 0)
    QCOMPARE(selection.last(), (QVariantList{qint64(1), qint64(0)}));
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(cursor.count(), 3);
    QCOMPARE(selection.count(), 3);
    QCOMPARE(selection.last(), (QVariantList{qint64(1), qint64(3)}));
    QTest::keyClick(&view, Qt::Key_Left); // to 2, selection cleared
    QCOMPARE(cursor.last(), (QVariantList{qint64(2)}));
    QCOMPARE(selection.last(), (QVariantList{qint64(2), qint64(0)}));
    QCOMPARE(selection.count(), 4);
    QTest::keyClick(&view, Qt::Key_Up); // on the first line: nothing changes
    QCOMPARE(cursor.count(), 4);
    QCOMPARE(selection.count(), 4);
    view.selectAll();
    QCOMPARE(selection.last(), (QVariantList{qint64(0), qint64(100)}));
    QCOMPARE(cursor.last(), (QVariantList{qint64(99)}));
}

void tst_HexView::copyAsHexAndBase64()
{
    HexView view;
    QVERIFY(showView(view, QByteArray("\xde\xad\xbe\xef\x00\x7f WS", 9)));
    QClipboard *clipboard = QGuiApplication::clipboard();

    QTest::keyClick(&view, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text(), QStringLiteral("de ad be ef 00 7f 20 57 53"));
    view.copyAsBase64();
    QCOMPARE(clipboard->text(), QStringLiteral("3q2+7wB/IFdT"));

    view.setSelection(1, 3);
    QCOMPARE(view.selectedBytes(), QByteArray("\xad\xbe\xef"));
    view.copyAsHex();
    QCOMPARE(clipboard->text(), QStringLiteral("ad be ef"));
    view.copyAsBase64();
    QCOMPARE(clipboard->text(), QStringLiteral("rb7v"));
    QCOMPARE(QByteArray::fromBase64(clipboard->text().toLatin1()), view.selectedBytes());
}

void tst_HexView::copyAsText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addRow("ascii") << QByteArray("{\"op\":\"ping\"}") << QStringLiteral("{\"op\":\"ping\"}");
    QTest::addRow("utf-8") << QByteArray("h\xc3\xa9llo \xe2\x82\xac") << QStringLiteral("h\u00e9llo \u20ac");
    QTest::addRow("not utf-8: latin-1, a character per byte")
        << QByteArray("caf\xe9\xff\x00!", 7) << QStringLiteral("caf\u00e9\u00ff") + QChar(0) + QStringLiteral("!");
    QTest::addRow("truncated utf-8") << QByteArray("\xe2\x82") << QStringLiteral("\u00e2\u0082");
}

void tst_HexView::copyAsText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    HexView view;
    QVERIFY(showView(view, bytes));
    view.selectAll();
    view.copyAsText();
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    QVERIFY(mime);
    QCOMPARE(mime->text(), text);
    QCOMPARE(mime->data(QStringLiteral("application/octet-stream")), bytes);
}

void tst_HexView::copyWithoutSelection()
{
    HexView view;
    QVERIFY(showView(view, counting(32)));
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("unchanged"));
    QTest::keyClick(&view, Qt::Key_Right);
    QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
    view.copyAsText();
    view.copyAsBase64();
    QCOMPARE(clipboard->text(), QStringLiteral("unchanged"));
}

void tst_HexView::contextMenu()
{
    HexView view;
    QVERIFY(showView(view, QByteArray("\x01\x02\x03\x04", 4)));
    const auto openMenu = [&] {
        QContextMenuEvent event(QContextMenuEvent::Mouse, QPoint(10, 10), view.viewport()->mapToGlobal(QPoint(10, 10)));
        QApplication::sendEvent(view.viewport(), &event);
        return view.findChild<QMenu *>();
    };
    const auto action = [](QMenu *menu, const QString &text) -> QAction * {
        for (QAction *a : menu->actions()) {
            if (a->text() == text)
                return a;
        }
        return nullptr;
    };

    QMenu *menu = openMenu();
    QVERIFY(menu);
    QStringList texts;
    for (const QAction *a : menu->actions()) {
        if (!a->isSeparator())
            texts << a->text();
    }
    QCOMPARE(texts, QStringList({QStringLiteral("Copy as &Hex"), QStringLiteral("Copy as &Text"),
                                 QStringLiteral("Copy as &Base64"), QStringLiteral("Select &All"),
                                 QStringLiteral("&Go to Offset\u2026")}));
    QVERIFY(!action(menu, QStringLiteral("Copy as &Hex"))->isEnabled()); // nothing selected yet
    action(menu, QStringLiteral("Select &All"))->trigger();
    menu->close();
    QTRY_VERIFY(!view.findChild<QMenu *>());
    QCOMPARE(view.selectionLength(), 4);

    menu = openMenu();
    QVERIFY(menu);
    QAction *base64 = action(menu, QStringLiteral("Copy as &Base64"));
    QVERIFY(base64->isEnabled());
    base64->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("AQIDBA=="));
    action(menu, QStringLiteral("Copy as &Hex"))->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("01 02 03 04"));
    menu->close();
}

void tst_HexView::setCursorOffsetScrollsToLine()
{
    HexView view;
    QVERIFY(showView(view, counting(kMiB)));
    QSignalSpy cursor(&view, &HexView::cursorMoved);
    view.setSelection(0, 10);
    view.setCursorOffset(0x5003);
    QCOMPARE(view.cursorOffset(), 0x5003);
    QCOMPARE(view.selectionLength(), 0);
    QCOMPARE(cursor.last(), (QVariantList{qint64(0x5003)}));
    const qint64 line = 0x5003 / 16;
    QVERIFY(view.firstVisibleLine() <= line && line < view.firstVisibleLine() + view.visibleLineCount());
    QCOMPARE(view.verticalScrollBar()->value(), view.firstVisibleLine());
    QVERIFY(!view.byteRect(0x5003, Column::Hex).isEmpty());

    // Already on screen: no scrolling.
    const qint64 first = view.firstVisibleLine();
    view.setCursorOffset(first * 16 + 16);
    QCOMPARE(view.firstVisibleLine(), first);

    view.setCursorOffset(kMiB + 100); // clamped to the last byte
    QCOMPARE(view.cursorOffset(), kMiB - 1);
    QVERIFY(!view.byteRect(kMiB - 1, Column::Hex).isEmpty());
    view.setCursorOffset(-4);
    QCOMPARE(view.cursorOffset(), 0);
    QCOMPARE(view.firstVisibleLine(), 0);
}

void tst_HexView::goToOffsetDialog()
{
    HexView view;
    QVERIFY(showView(view, counting(kMiB)));
    view.goToOffset();
    auto *dialog = view.findChild<QInputDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->textValue(), QStringLiteral("0x0"));
    dialog->setTextValue(QStringLiteral("0x8000a"));
    dialog->accept();
    QCOMPARE(view.cursorOffset(), 0x8000a);
    QVERIFY(!view.byteRect(0x8000a, Column::Hex).isEmpty());

    QTest::keyClick(&view, Qt::Key_G, Qt::ControlModifier);
    QTRY_VERIFY(view.findChild<QInputDialog *>() && view.findChild<QInputDialog *>()->isVisible());
    dialog = view.findChild<QInputDialog *>();
    QCOMPARE(dialog->textValue(), QStringLiteral("0x8000a"));
    dialog->setTextValue(QStringLiteral("1000"));
    dialog->accept();
    QCOMPARE(view.cursorOffset(), 1000);
}

void tst_HexView::goToOffsetDialogRejectsBadInput_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("complaint");
    QTest::addRow("not a number") << QStringLiteral("zz") << QStringLiteral("not an offset");
    QTest::addRow("hex without prefix") << QStringLiteral("ff") << QStringLiteral("not an offset");
    QTest::addRow("past the end") << QStringLiteral("0x100000") << QStringLiteral("past the end");
}

void tst_HexView::goToOffsetDialogRejectsBadInput()
{
    QFETCH(QString, text);
    QFETCH(QString, complaint);
    HexView view;
    QVERIFY(showView(view, counting(kMiB)));
    view.setCursorOffset(77);
    view.goToOffset();
    QPointer<QInputDialog> first = view.findChild<QInputDialog *>();
    QVERIFY(first);
    first->setTextValue(text);
    first->accept();
    QCOMPARE(view.cursorOffset(), 77);
    // Asked again, saying what was wrong, with the text kept for correcting.
    const auto second = [&]() -> QInputDialog * {
        for (QInputDialog *dialog : view.findChildren<QInputDialog *>()) {
            if (dialog != first && dialog->isVisible())
                return dialog;
        }
        return nullptr;
    };
    QTRY_VERIFY(second());
    QInputDialog *again = second();
    QVERIFY2(again->labelText().contains(complaint), qPrintable(again->labelText()));
    QCOMPARE(again->textValue(), text);
    again->reject();
    QCOMPARE(view.cursorOffset(), 77);
}

void tst_HexView::replacingDataResets()
{
    HexView view;
    QVERIFY(showView(view, counting(kMiB)));
    view.setCursorOffset(500000);
    view.setSelection(500000, 20);
    QVERIFY(view.firstVisibleLine() > 0);
    QSignalSpy cursor(&view, &HexView::cursorMoved);
    QSignalSpy selection(&view, &HexView::selectionChanged);

    const QByteArray other("second message");
    view.setData(other);
    QCOMPARE(view.data(), other);
    QCOMPARE(view.cursorOffset(), 0);
    QCOMPARE(view.selectionStart(), 0);
    QCOMPARE(view.selectionLength(), 0);
    QCOMPARE(view.firstVisibleLine(), 0);
    QCOMPARE(view.verticalScrollBar()->value(), 0);
    QCOMPARE(view.verticalScrollBar()->maximum(), 0);
    QCOMPARE(view.horizontalScrollBar()->value(), 0);
    QCOMPARE(cursor.count(), 1);
    QCOMPARE(cursor.last(), (QVariantList{qint64(0)}));
    QCOMPARE(selection.count(), 1);
    QCOMPARE(selection.last(), (QVariantList{qint64(0), qint64(0)}));
    QCOMPARE(view.lineText(0),
             QStringLiteral("00000000  73 65 63 6f 6e 64 20 6d  65 73 73 61 67 65        |second message|"));

    view.setData(QByteArray());
    QCOMPARE(view.lineCount(), 0);
    QVERIFY(!view.grab().isNull());
}

void tst_HexView::bytesPerLine()
{
    HexView view;
    QVERIFY(showView(view, counting(1000)));
    QCOMPARE(view.bytesPerLine(), 16);
    view.setCursorOffset(700);
    view.setSelection(650, 51);
    for (const int count : {8, 32, 16}) {
        view.setBytesPerLine(count);
        QCOMPARE(view.bytesPerLine(), count);
        QCOMPARE(view.lineCount(), (1000 + count - 1) / count);
        QCOMPARE(view.lineText(1).left(10), QStringLiteral("%1  ").arg(count, 8, 16, QLatin1Char('0')));
        QCOMPARE(view.selectionStart(), 650);
        QCOMPARE(view.selectionLength(), 51);
        QCOMPARE(view.cursorOffset(), 700);
    }
    view.setBytesPerLine(32);
    QCOMPARE(view.lineText(0).count(QStringLiteral("  ")), 5); // offset | 4 groups | ASCII
    for (const int invalid : {0, -16, 12, 64}) {
        view.setBytesPerLine(invalid);
        QCOMPARE(view.bytesPerLine(), 32);
    }
    // Navigation follows the line length.
    view.setCursorOffset(0);
    QTest::keyClick(&view, Qt::Key_Down);
    QCOMPARE(view.cursorOffset(), 32);
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.cursorOffset(), 63);
}

void tst_HexView::wheelScrollsLines()
{
    HexView view;
    QVERIFY(showView(view, counting(kMiB)));
    const int perNotch = QApplication::wheelScrollLines();
    const QPointF at(50, 50);
    QWheelEvent down(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                     Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &down);
    QCOMPARE(view.firstVisibleLine(), perNotch);
    QCOMPARE(view.verticalScrollBar()->value(), perNotch);
    // A high-resolution wheel: a quarter notch at a time.
    for (int i = 0; i < 4; ++i) {
        QWheelEvent quarter(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -30), Qt::NoButton,
                            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.viewport(), &quarter);
    }
    QCOMPARE(view.firstVisibleLine(), 2 * perNotch);
    QWheelEvent up(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, 10 * 120), Qt::NoButton, Qt::NoModifier,
                   Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &up);
    QCOMPARE(view.firstVisibleLine(), 0);
}

void tst_HexView::paintsSelectionInBothColumns()
{
    HexView view;
    QPalette palette = view.palette();
    const QColor base(255, 255, 255);
    const QColor highlight(200, 0, 200);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::Highlight, highlight);
    view.setPalette(palette);
    QVERIFY(showView(view, counting(64)));
    view.setSelection(2, 12); // bytes 2..13, cursor on 13
    const QImage image = view.viewport()->grab().toImage();

    // Top row of a cell: above the glyphs.
    const auto top = [](const QRect &r, int x) { return QPoint(x, r.top() + 1); };
    const QRect hex3 = view.byteRect(3, Column::Hex);
    const QRect hex4 = view.byteRect(4, Column::Hex);
    QCOMPARE(image.pixelColor(top(hex3, hex3.center().x())), highlight);
    QCOMPARE(image.pixelColor(top(hex3, (hex3.right() + hex4.left()) / 2)), highlight); // the space between
    const QRect hex7 = view.byteRect(7, Column::Hex);
    const QRect hex8 = view.byteRect(8, Column::Hex);
    QCOMPARE(image.pixelColor(top(hex7, (hex7.right() + hex8.left()) / 2)), highlight); // the group gap
    QCOMPARE(image.pixelColor(top(view.byteRect(3, Column::Ascii), view.byteRect(3, Column::Ascii).center().x())),
             highlight);
    const QRect hex1 = view.byteRect(1, Column::Hex);
    QCOMPARE(image.pixelColor(top(hex1, hex1.center().x())), base);
    QCOMPARE(image.pixelColor(top(view.byteRect(1, Column::Ascii), view.byteRect(1, Column::Ascii).center().x())),
             base);
    const QRect hex14 = view.byteRect(14, Column::Hex);
    QCOMPARE(image.pixelColor(top(hex14, hex14.center().x())), base);
    QCOMPARE(image.pixelColor(top(view.byteRect(18, Column::Hex), view.byteRect(18, Column::Hex).center().x())),
             base); // the next line
    // And every byte of the first line has its digits painted.
    for (qint64 offset = 0; offset < 16; ++offset)
        QVERIFY(hasInk(image, view.byteRect(offset, Column::Hex).adjusted(0, 2, 0, -2), base));
}

void tst_HexView::followsPalette()
{
    HexView view;
    QPalette dark = view.palette();
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    view.setPalette(dark);
    QVERIFY(showView(view, QByteArray("\x41\x00", 2)));
    const QImage image = view.viewport()->grab().toImage();
    QCOMPARE(image.pixelColor(view.viewport()->width() - 2, view.viewport()->height() - 2), QColor(30, 30, 30));
    // Digits in the text colour (or close to it, anti-aliased) on the dark background.
    const QRect a = view.byteRect(0, Column::Hex);
    bool bright = false;
    for (int y = a.top(); y <= a.bottom(); ++y) {
        for (int x = a.left(); x <= a.right(); ++x)
            bright = bright || image.pixelColor(x, y).lightness() > 200;
    }
    QVERIFY(bright);
    // A zero byte is dimmed unless asked not to be.
    const QRect zero = view.byteRect(1, Column::Hex);
    const auto brightest = [&](const QImage &img) {
        int best = 0;
        for (int y = zero.top() + 2; y <= zero.bottom() - 2; ++y) {
            for (int x = zero.left() + 2; x <= zero.right() - 2; ++x)
                best = std::max(best, img.pixelColor(x, y).lightness());
        }
        return best;
    };
    view.setCursorOffset(0);
    const int dimmed = brightest(view.viewport()->grab().toImage());
    view.setZeroBytesDimmed(false);
    const int plain = brightest(view.viewport()->grab().toImage());
    QVERIFY2(dimmed < plain, qPrintable(QStringLiteral("%1 < %2").arg(dimmed).arg(plain)));
}

void tst_HexView::paintsEndOf100MiB()
{
    const qint64 size = 100 * kMiB;
    const QByteArray data = counting(size);
    HexView view;
    QVERIFY(showView(view, data));
    QVERIFY(!view.grab().isNull());
    QCOMPARE(view.lineText(view.lineCount() - 1),
             QStringLiteral("063ffff0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  |................|"));

    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    QCOMPARE(view.firstVisibleLine(), view.lineCount() - view.visibleLineCount());
    const QRect last = view.byteRect(size - 1, Column::Hex);
    QVERIFY(!last.isEmpty());
    const QImage image = view.grab().toImage();
    QVERIFY(!image.isNull());
    const QPoint inImage = view.viewport()->mapTo(&view, last.topLeft());
    QVERIFY(hasInk(image, QRect(inImage, last.size()).adjusted(0, 2, 0, -2), view.palette().color(QPalette::Base)));
}

void tst_HexView::horizontalScrollBarWhenNarrow()
{
    HexView view;
    QVERIFY(showView(view, counting(4096), view.sizeHint()));
    QCOMPARE(view.horizontalScrollBar()->maximum(), 0);
    QVERIFY(view.sizeHint().height() > 5 * view.fontMetrics().height());

    view.resize(view.sizeHint().width() / 2, view.height());
    QTRY_VERIFY(view.horizontalScrollBar()->isVisible());
    QVERIFY(view.horizontalScrollBar()->maximum() > 0);
    // The cursor's cell is scrolled into view when the keyboard takes it to the ASCII column's end.
    view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->maximum());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.byteRect(0, Column::Ascii).center());
    view.horizontalScrollBar()->setValue(0);
    QVERIFY(!view.viewport()->rect().contains(view.byteRect(15, Column::Ascii)));
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.cursorOffset(), 15);
    const QRect cell = view.byteRect(15, Column::Ascii);
    QVERIFY(view.viewport()->rect().contains(cell));
}

QTEST_MAIN(tst_HexView)
#include "tst_hexview.moc"
