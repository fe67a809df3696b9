#include "sessionconnectionsmodel.h"

#include "proto/closecode.h"
#include "session/sessionloader.h"

#include <QDateTime>

namespace sockscope::ui {

SessionConnectionsModel::SessionConnectionsModel(const session::SessionLoader *loader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_loader(loader)
{}

void SessionConnectionsModel::update()
{
    const int available = int(m_loader->connections().size());
    if (m_shown > 0)
        emit dataChanged(index(0, MessagesColumn), index(m_shown - 1, CloseColumn));
    if (available > m_shown) {
        beginInsertRows({}, m_shown, available - 1);
        m_shown = available;
        endInsertRows();
    }
}

int SessionConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int SessionConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const session::RecordedConnection &c = *m_loader->connections()[size_t(index.row())];
    if (role == Qt::ToolTipRole && index.column() == UrlColumn)
        return c.info.peerAddress.isEmpty() ? c.info.url : tr("%1 (peer %2)").arg(c.info.url, c.info.peerAddress);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NumberColumn: return c.id;
    case SideColumn: return c.info.side == session::Side::Client ? tr("client") : tr("server");
    case UrlColumn: return c.info.url;
    case StartedColumn:
        return QDateTime::fromMSecsSinceEpoch(c.startedUs / 1000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case MessagesColumn: return QVariant::fromValue(c.log.endIndex());
    case CloseColumn: {
        if (!c.close)
            return c.response.isEmpty() && c.request.isEmpty() ? tr("not opened") : tr("no close recorded");
        const proto::CloseCodeEntry *entry = proto::closeCodeEntry(c.close->code);
        return tr("%1%2 · %3")
            .arg(c.close->code)
            .arg(entry ? QStringLiteral(" ") + QLatin1String(entry->name) : QString())
            .arg(c.close->wasClean ? tr("clean") : tr("not clean"));
    }
    }
    return {};
}

QVariant SessionConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn: return tr("#");
    case SideColumn: return tr("Side");
    case UrlColumn: return tr("URL");
    case StartedColumn: return tr("Started");
    case MessagesColumn: return tr("Log entries");
    case CloseColumn: return tr("Closed");
    }
    return {};
}

} // namespace sockscope::ui
