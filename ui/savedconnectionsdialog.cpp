#include "savedconnectionsdialog.h"

#include "savedconnections.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace sockscope::ui {

SavedConnectionsDialog::SavedConnectionsDialog(SavedConnectionsModel *model, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_list(new QListView(this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_protocols(new QLineEdit(this))
    , m_origin(new QLineEdit(this))
    , m_deflate(new QCheckBox(tr("permessage-deflate"), this))
    , m_proxyKind(new QComboBox(this))
    , m_proxyAddress(new QLineEdit(this))
    , m_proxyUser(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_clientCertificate(new QLineEdit(this))
    , m_clientKey(new QLineEdit(this))
    , m_keepAlive(new QSpinBox(this))
    , m_reconnect(new QCheckBox(tr("Reconnect with backoff"), this))
{
    setWindowTitle(tr("Saved Connections"));
    m_list->setModel(model);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_protocols->setPlaceholderText(tr("subprotocols, comma-separated"));
    m_origin->setPlaceholderText(tr("Origin (none)"));
    m_proxyKind->setObjectName(QStringLiteral("proxyKind"));
    m_proxyKind->addItem(tr("No proxy"), int(net::ProxySettings::Kind::None));
    m_proxyKind->addItem(tr("System proxy"), int(net::ProxySettings::Kind::System));
    m_proxyKind->addItem(tr("HTTP CONNECT"), int(net::ProxySettings::Kind::HttpConnect));
    m_proxyKind->addItem(tr("SOCKS5"), int(net::ProxySettings::Kind::Socks5));
    m_proxyAddress->setObjectName(QStringLiteral("proxyAddress"));
    m_proxyAddress->setPlaceholderText(tr("host:port"));
    m_proxyUser->setObjectName(QStringLiteral("proxyUser"));
    m_proxyUser->setPlaceholderText(tr("User (none); the password is asked for"));
    m_caFile->setObjectName(QStringLiteral("caFile"));
    m_caFile->setPlaceholderText(tr("Extra CA certificates (PEM file), for this connection"));
    m_clientCertificate->setObjectName(QStringLiteral("clientCertificate"));
    m_clientCertificate->setPlaceholderText(tr("Client certificate: PEM or PKCS#12 (.p12, .pfx) file"));
    m_clientKey->setObjectName(QStringLiteral("clientKey"));
    m_clientKey->setPlaceholderText(tr("Private key (PEM), when not in the certificate file"));
    m_keepAlive->setObjectName(QStringLiteral("keepAlive"));
    m_keepAlive->setRange(0, 3600);
    m_keepAlive->setSpecialValueText(tr("off"));
    m_keepAlive->setSuffix(tr(" s"));
    m_reconnect->setObjectName(QStringLiteral("reconnect"));
    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyKind);
    proxyRow->addWidget(m_proxyAddress, 2);
    proxyRow->addWidget(m_proxyUser, 1);
    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Subprotocols"), m_protocols);
    form->addRow(tr("Origin"), m_origin);
    form->addRow(QString(), m_deflate);
    form->addRow(tr("Proxy"), proxyRow);
    form->addRow(tr("Trust"), m_caFile);
    form->addRow(tr("Client certificate"), m_clientCertificate);
    form->addRow(tr("Private key"), m_clientKey);
    form->addRow(tr("Keep-alive ping"), m_keepAlive);
    form->addRow(QString(), m_reconnect);
    auto *open = new QPushButton(tr("Open in a new tab"), this);
    auto *duplicate = new QPushButton(tr("Duplicate"), this);
    auto *remove = new QPushButton(tr("Delete"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(duplicate);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(open);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addStretch(1);
    right->addLayout(buttons);
    auto *body = new QHBoxLayout;
    body->addWidget(m_list, 1);
    body->addLayout(right, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(close);
    resize(860, 480);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SavedConnectionsDialog::showSelected);
    for (QLineEdit *edit : {m_name, m_url, m_protocols, m_origin, m_proxyAddress, m_proxyUser, m_caFile,
                            m_clientCertificate, m_clientKey})
        connect(edit, &QLineEdit::textEdited, this, &SavedConnectionsDialog::storeEdits);
    connect(m_deflate, &QCheckBox::toggled, this, &SavedConnectionsDialog::storeEdits);
    connect(m_reconnect, &QCheckBox::toggled, this, &SavedConnectionsDialog::storeEdits);
    connect(m_proxyKind, &QComboBox::currentIndexChanged, this, &SavedConnectionsDialog::storeEdits);
    connect(m_keepAlive, &QSpinBox::valueChanged, this, &SavedConnectionsDialog::storeEdits);
    connect(duplicate, &QPushButton::clicked, this, &SavedConnectionsDialog::duplicateSelected);
    connect(remove, &QPushButton::clicked, this, &SavedConnectionsDialog::deleteSelected);
    connect(open, &QPushButton::clicked, this, [this] {
        const int row = selectedRow();
        if (row >= 0)
            emit openRequested(m_model->at(row));
    });
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (model->rowCount() > 0)
        select(0);
    else
        showSelected();
}

int SavedConnectionsDialog::selectedRow() const
{
    return m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
}

void SavedConnectionsDialog::select(int row)
{
    m_list->setCurrentIndex(m_model->index(row));
    showSelected();
}

void SavedConnectionsDialog::setName(const QString &name)
{
    m_name->setText(name);
    storeEdits();
}

void SavedConnectionsDialog::setUrl(const QString &url)
{
    m_url->setText(url);
    storeEdits();
}

void SavedConnectionsDialog::showSelected()
{
    const int row = selectedRow();
    m_loading = true;
    const bool any = row >= 0;
    for (QWidget *w : std::initializer_list<QWidget *>{m_name, m_url, m_protocols, m_origin, m_deflate, m_proxyKind,
                                                       m_proxyAddress, m_proxyUser, m_caFile, m_clientCertificate,
                                                       m_clientKey, m_keepAlive, m_reconnect})
        w->setEnabled(any);
    const SavedConnection c = any ? m_model->at(row) : SavedConnection();
    const ConnectionSettings &s = c.settings;
    m_name->setText(c.name);
    m_url->setText(s.url);
    m_protocols->setText(s.subprotocols);
    m_origin->setText(s.origin);
    m_deflate->setChecked(s.deflate);
    m_proxyKind->setCurrentIndex(std::max(m_proxyKind->findData(int(s.proxyKind)), 0));
    m_proxyAddress->setText(s.proxyAddress());
    m_proxyUser->setText(s.proxyUser);
    m_caFile->setText(s.caFile);
    m_clientCertificate->setText(s.clientCertificate);
    m_clientKey->setText(s.clientKey);
    m_keepAlive->setValue(s.keepAliveSeconds);
    m_reconnect->setChecked(s.reconnect);
    m_loading = false;
}

void SavedConnectionsDialog::storeEdits()
{
    const int row = selectedRow();
    if (m_loading || row < 0)
        return;
    SavedConnection c = m_model->at(row);
    c.name = m_name->text();
    ConnectionSettings &s = c.settings;
    s.url = m_url->text().trimmed();
    s.subprotocols = m_protocols->text();
    s.origin = m_origin->text();
    s.deflate = m_deflate->isChecked();
    s.proxyKind = net::ProxySettings::Kind(m_proxyKind->currentData().toInt());
    // Host and port only: a password typed into the address is not kept.
    const ProxyAddress address = ProxyAddress::parse(m_proxyAddress->text());
    s.proxyHost = address.host;
    s.proxyPort = address.port > 0 && address.port <= 65535 ? quint16(address.port) : 0;
    s.proxyUser = m_proxyUser->text().trimmed().isEmpty() ? address.user : m_proxyUser->text().trimmed();
    s.caFile = m_caFile->text().trimmed();
    s.clientCertificate = m_clientCertificate->text().trimmed();
    s.clientKey = m_clientKey->text().trimmed();
    s.keepAliveSeconds = m_keepAlive->value();
    s.reconnect = m_reconnect->isChecked();
    m_model->update(row, c);
}

void SavedConnectionsDialog::duplicateSelected()
{
    const int row = m_model->duplicate(selectedRow());
    if (row >= 0)
        select(row);
}

void SavedConnectionsDialog::deleteSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    m_model->remove(row);
    if (m_model->rowCount() > 0)
        select(std::min(row, m_model->rowCount() - 1));
    else
        showSelected();
}

} // namespace sockscope::ui
