#pragma once

#include <QPlainTextEdit>

namespace sockscope::ui {

// A plain text editor for hex with a margin showing, for each line, the offset of its first byte in the
// bytes typed so far (lines that do not parse show nothing), so long hand-written payloads stay readable.
class HexTextEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit HexTextEdit(QWidget *parent = nullptr);

    // The byte offset each line starts at, -1 where the text before it does not parse.
    QList<qint64> lineOffsets() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class HexOffsetMargin;
    void paintMargin(QPaintEvent *event);
    int marginWidth() const;
    void updateMargin(const QRect &rect, int dy);

    QWidget *m_margin;
};

} // namespace sockscope::ui
