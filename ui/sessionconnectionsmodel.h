#pragma once

#include <QAbstractTableModel>

namespace sockscope::session {
class SessionLoader;
}

namespace sockscope::ui {

// The connections of an opened session as a table (number, side, URL, start, messages, how it ended), rows added
// as the loader reads them, counts refreshed once per slice. It reads the loader's connections; it owns none.
class SessionConnectionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NumberColumn, SideColumn, UrlColumn, StartedColumn, MessagesColumn, CloseColumn, ColumnCount };

    explicit SessionConnectionsModel(const session::SessionLoader *loader, QObject *parent = nullptr);

    // Shows the connections read so far and refreshes the counts of those already shown.
    void update();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const session::SessionLoader *m_loader;
    int m_shown = 0;
};

} // namespace sockscope::ui
