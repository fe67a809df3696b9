#pragma once

#include "proto/connection.h"

#include <QAbstractTableModel>
#include <QHostAddress>
#include <QPointer>

#include <memory>
#include <vector>

namespace sockscope::net {
class Server;
class ServerClient;
} // namespace sockscope::net

namespace sockscope::ui {

class MessageLogModel;

// The clients of the local server, one row each, kept after they leave so their logs stay readable: number,
// address, path, Origin, subprotocol, state, messages in and out. Each row owns the log of that client.
// Rows are appended once per event-loop turn; state and counters are refreshed in one dataChanged per turn.
class ServerClientsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        AddressColumn,
        PathColumn,
        OriginColumn,
        ProtocolColumn,
        StateColumn,
        MessagesColumn,
        ColumnCount
    };

    explicit ServerClientsModel(net::Server *server, QObject *parent = nullptr);
    ~ServerClientsModel() override;

    // The live client of a row, or null once it is gone.
    net::ServerClient *client(int row) const;
    MessageLogModel *log(int row) const;
    QByteArray handshakeRequest(int row) const;
    QByteArray handshakeResponse(int row) const;
    // Removes the rows of clients that are gone.
    void clearFinished();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row;
    void watch(net::ServerClient *client);
    void scheduleRefresh();

    std::vector<std::unique_ptr<Row>> m_rows;
    int m_shown = 0;
    bool m_refreshQueued = false;
};

} // namespace sockscope::ui
