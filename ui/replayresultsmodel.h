#pragma once

#include "session/replayer.h"

#include <QAbstractTableModel>

namespace sockscope::ui {

// The responses of a replay as a table, one row per recorded response (then the extra ones): whether it matched,
// what was recorded and what came back, and how many differences. Rows are added as the replay compares them.
class ReplayResultsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { IndexColumn, VerdictColumn, ExpectedColumn, ActualColumn, DifferencesColumn, ColumnCount };

    explicit ReplayResultsModel(QObject *parent = nullptr);

    void add(const session::ReplayComparison &comparison);
    void clear();
    const session::ReplayComparison &comparison(int row) const { return m_rows.at(row); }
    int matchedCount() const { return m_matched; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "matched", "differs", "missing", "extra".
    static QString verdict(const session::ReplayComparison &comparison);

private:
    QList<session::ReplayComparison> m_rows;
    int m_matched = 0;
};

} // namespace sockscope::ui
