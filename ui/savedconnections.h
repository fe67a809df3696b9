#pragma once

#include "connectionsettings.h"

#include <QAbstractListModel>
#include <QList>
#include <QString>

namespace sockscope::ui {

// A connection the user keeps: a name and what a tab needs to open it again (ConnectionTab::settings(), which
// holds no password or passphrase).
struct SavedConnection {
    QString name;
    ConnectionSettings settings;

    friend bool operator==(const SavedConnection &, const SavedConnection &) = default;
};

// The saved-connections list, kept in QSettings: add, edit, duplicate, delete. One row per connection,
// shown by its name and URL.
class SavedConnectionsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { UrlRole = Qt::UserRole + 1 };

    explicit SavedConnectionsModel(QObject *parent = nullptr);

    const QList<SavedConnection> &connections() const { return m_connections; }
    const SavedConnection &at(int row) const { return m_connections.at(row); }
    int add(const SavedConnection &connection);
    void update(int row, const SavedConnection &connection);
    // A copy right below, named "<name> (copy)"; returns its row.
    int duplicate(int row);
    void remove(int row);

    void load();
    void save() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<SavedConnection> m_connections;
};

} // namespace sockscope::ui
