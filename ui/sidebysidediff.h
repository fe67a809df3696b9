#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QPlainTextEdit;
class QLabel;

namespace sockscope::ui {

// Two texts line by line, aligned so that equal lines face each other, with removed, added and changed lines
// marked: the expected response on the left, the actual one on the right. JSON is pretty-printed first (keys in
// their order, numbers as written), so one changed field is one changed line. The two sides scroll together.
class SideBySideDiff : public QWidget
{
    Q_OBJECT
public:
    enum class LineKind : quint8 { Same, Changed, Removed, Added };
    struct Row {
        LineKind kind = LineKind::Same;
        int left = -1; // line number in the left text, -1 for a gap
        int right = -1;
    };

    explicit SideBySideDiff(QWidget *parent = nullptr);

    void setTexts(const QString &left, const QString &right);
    void clear();

    // The aligned rows of two line lists: equal lines paired in order (longest common subsequence); between
    // them, lines of both sides pair up as changed and the rest are removed (left only) or added (right only).
    static QList<Row> align(const QStringList &left, const QStringList &right);
    // JSON pretty-printed with two spaces, anything else as it is.
    static QString displayText(const QByteArray &payload, bool isText);

    const QList<Row> &rows() const { return m_rows; }
    QPlainTextEdit *leftView() const { return m_left; }
    QPlainTextEdit *rightView() const { return m_right; }
    QString summary() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    QLabel *m_summary;
    QStringList m_leftLines;
    QStringList m_rightLines;
    QList<Row> m_rows;
};

} // namespace sockscope::ui
