#include "savedconnections.h"

#include <QSettings>

namespace sockscope::ui {

SavedConnectionsModel::SavedConnectionsModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int SavedConnectionsModel::add(const SavedConnection &connection)
{
    const int row = int(m_connections.size());
    beginInsertRows({}, row, row);
    m_connections.append(connection);
    endInsertRows();
    save();
    return row;
}

void SavedConnectionsModel::update(int row, const SavedConnection &connection)
{
    if (row < 0 || row >= m_connections.size() || m_connections[row] == connection)
        return;
    m_connections[row] = connection;
    emit dataChanged(index(row), index(row));
    save();
}

int SavedConnectionsModel::duplicate(int row)
{
    if (row < 0 || row >= m_connections.size())
        return -1;
    SavedConnection copy = m_connections[row];
    copy.name = tr("%1 (copy)").arg(copy.name);
    beginInsertRows({}, row + 1, row + 1);
    m_connections.insert(row + 1, copy);
    endInsertRows();
    save();
    return row + 1;
}

void SavedConnectionsModel::remove(int row)
{
    if (row < 0 || row >= m_connections.size())
        return;
    beginRemoveRows({}, row, row);
    m_connections.removeAt(row);
    endRemoveRows();
    save();
}

void SavedConnectionsModel::load()
{
    QSettings settings;
    QList<SavedConnection> loaded;
    const int count = settings.beginReadArray(QStringLiteral("savedConnections"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        SavedConnection c;
        c.name = settings.value(QStringLiteral("name")).toString();
        c.settings = ConnectionSettings::load(settings);
        loaded.append(c);
    }
    settings.endArray();
    beginResetModel();
    m_connections = loaded;
    endResetModel();
}

void SavedConnectionsModel::save() const
{
    QSettings settings;
    settings.remove(QStringLiteral("savedConnections"));
    settings.beginWriteArray(QStringLiteral("savedConnections"), int(m_connections.size()));
    for (int i = 0; i < m_connections.size(); ++i) {
        const SavedConnection &c = m_connections[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), c.name);
        c.settings.save(settings);
    }
    settings.endArray();
}

int SavedConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_connections.size());
}

QVariant SavedConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SavedConnection &c = m_connections[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return c.name.isEmpty() ? c.settings.url : QStringLiteral("%1 — %2").arg(c.name, c.settings.url);
    case Qt::ToolTipRole: return c.settings.url;
    case UrlRole: return c.settings.url;
    }
    return {};
}

} // namespace sockscope::ui
