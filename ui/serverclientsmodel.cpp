#include "serverclientsmodel.h"

#include "messagelogmodel.h"

#include "net/server.h"
#include "net/serverclient.h"

#include <QTimer>

namespace sockscope::ui {

struct ServerClientsModel::Row {
    QPointer<net::ServerClient> client;
    quint64 id = 0;
    QString address;
    QString path;
    QString origin;
    QString protocol;
    proto::ReadyState state = proto::ReadyState::Connecting;
    QString refused;
    quint64 in = 0;
    quint64 out = 0;
    QByteArray request;
    QByteArray response;
    std::unique_ptr<MessageLogModel> log;
};

ServerClientsModel::ServerClientsModel(net::Server *server, QObject *parent)
    : QAbstractTableModel(parent)
{
    connect(server, &net::Server::clientAccepted, this, &ServerClientsModel::watch);
}

ServerClientsModel::~ServerClientsModel() = default;

void ServerClientsModel::watch(net::ServerClient *client)
{
    auto row = std::make_unique<Row>();
    Row *r = row.get();
    r->client = client;
    r->id = client->id();
    r->address = QStringLiteral("%1 port %2").arg(client->peerAddress().toString()).arg(client->peerPort());
    r->log = std::make_unique<MessageLogModel>();
    MessageLogModel *log = r->log.get();
    connect(client, &net::ServerClient::handshakeRequestReceived, this, [this, r](const QByteArray &raw) {
        r->request = raw;
        scheduleRefresh();
    });
    // The request has been judged by the time the answer goes out.
    connect(client, &net::ServerClient::handshakeResponseSent, this, [this, r, client](const QByteArray &raw) {
        r->response = raw;
        r->path = QString::fromUtf8(client->path());
        r->origin = QString::fromUtf8(client->origin());
        r->protocol = QString::fromUtf8(client->protocol());
        scheduleRefresh();
    });
    connect(client, &net::ServerClient::errorOccurred, this,
            [this, r](net::ServerClient::Error, const QString &detail) {
                r->refused = detail;
                scheduleRefresh();
            });
    connect(client, &net::ServerClient::stateChanged, this, [this, r](proto::ReadyState state) {
        r->state = state;
        scheduleRefresh();
    });
    connect(client, &net::ServerClient::messageReceived, this, [this, r, log](const proto::Message &m, qint64 t) {
        ++r->in;
        log->addMessage(proto::Direction::Incoming, m, t);
        scheduleRefresh();
    });
    connect(client, &net::ServerClient::messageSent, this, [this, r, log](const proto::Message &m, qint64 t) {
        ++r->out;
        log->addMessage(proto::Direction::Outgoing, m, t);
        scheduleRefresh();
    });
    connect(client, &net::ServerClient::frameReceived, this, [log](const proto::Frame &f, qint64 t) {
        if (f.isControl())
            log->addFrame(proto::Direction::Incoming, f, t);
    });
    connect(client, &net::ServerClient::frameSent, this, [log](const proto::Frame &f, qint64 t) {
        if (f.isControl())
            log->addFrame(proto::Direction::Outgoing, f, t);
    });
    connect(client, &net::ServerClient::finished, this, [this, r] {
        r->state = proto::ReadyState::Closed;
        scheduleRefresh();
    });
    m_rows.push_back(std::move(row));
    scheduleRefresh();
}

void ServerClientsModel::scheduleRefresh()
{
    if (m_refreshQueued)
        return;
    m_refreshQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshQueued = false;
        const int total = int(m_rows.size());
        if (m_shown > 0)
            emit dataChanged(index(0, 0), index(m_shown - 1, ColumnCount - 1));
        if (total > m_shown) {
            beginInsertRows({}, m_shown, total - 1);
            m_shown = total;
            endInsertRows();
        }
    });
}

void ServerClientsModel::clearFinished()
{
    beginResetModel();
    std::erase_if(m_rows, [](const std::unique_ptr<Row> &r) { return r->client.isNull(); });
    m_shown = int(m_rows.size());
    endResetModel();
}

net::ServerClient *ServerClientsModel::client(int row) const
{
    return row >= 0 && row < m_shown ? m_rows[size_t(row)]->client.data() : nullptr;
}

MessageLogModel *ServerClientsModel::log(int row) const
{
    return row >= 0 && row < m_shown ? m_rows[size_t(row)]->log.get() : nullptr;
}

QByteArray ServerClientsModel::handshakeRequest(int row) const
{
    return row >= 0 && row < m_shown ? m_rows[size_t(row)]->request : QByteArray();
}

QByteArray ServerClientsModel::handshakeResponse(int row) const
{
    return row >= 0 && row < m_shown ? m_rows[size_t(row)]->response : QByteArray();
}

int ServerClientsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int ServerClientsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServerClientsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = *m_rows[size_t(index.row())];
    if (role == Qt::ToolTipRole && index.column() == StateColumn && !r.refused.isEmpty())
        return r.refused;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn: return QString::number(r.id);
    case AddressColumn: return r.address;
    case PathColumn: return r.path;
    case OriginColumn: return r.origin;
    case ProtocolColumn: return r.protocol;
    case StateColumn:
        if (!r.refused.isEmpty() && r.log->store().size() == 0 && r.state != proto::ReadyState::Open)
            return tr("refused: %1").arg(r.refused);
        return QString::fromLatin1(proto::readyStateName(r.state));
    case MessagesColumn: return tr("%1 in / %2 out").arg(r.in).arg(r.out);
    }
    return {};
}

QVariant ServerClientsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("#");
    case AddressColumn: return tr("Address");
    case PathColumn: return tr("Path");
    case OriginColumn: return tr("Origin");
    case ProtocolColumn: return tr("Subprotocol");
    case StateColumn: return tr("State");
    case MessagesColumn: return tr("Messages");
    }
    return {};
}

} // namespace sockscope::ui
