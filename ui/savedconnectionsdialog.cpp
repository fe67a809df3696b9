#include "savedconnectionsdialog.h"

#include "savedconnections.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

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
{
    setWindowTitle(tr("Saved Connections"));
    m_list->setModel(model);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_protocols->setPlaceholderText(tr("subprotocols, comma-separated"));
    m_origin->setPlaceholderText(tr("Origin (none)"));
    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Subprotocols"), m_protocols);
    form->addRow(tr("Origin"), m_origin);
    form->addRow(QString(), m_deflate);
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
    resize(720, 360);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SavedConnectionsDialog::showSelected);
    for (QLineEdit *edit : {m_name, m_url, m_protocols, m_origin})
        connect(edit, &QLineEdit::textEdited, this, &SavedConnectionsDialog::storeEdits);
    connect(m_deflate, &QCheckBox::toggled, this, &SavedConnectionsDialog::storeEdits);
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
    for (QWidget *w :
         {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_url), static_cast<QWidget *>(m_protocols),
          static_cast<QWidget *>(m_origin), static_cast<QWidget *>(m_deflate)})
        w->setEnabled(any);
    const SavedConnection c = any ? m_model->at(row) : SavedConnection();
    m_name->setText(c.name);
    m_url->setText(c.url);
    m_protocols->setText(c.subprotocols);
    m_origin->setText(c.origin);
    m_deflate->setChecked(c.deflate);
    m_loading = false;
}

void SavedConnectionsDialog::storeEdits()
{
    const int row = selectedRow();
    if (m_loading || row < 0)
        return;
    SavedConnection c = m_model->at(row);
    c.name = m_name->text();
    c.url = m_url->text().trimmed();
    c.subprotocols = m_protocols->text();
    c.origin = m_origin->text();
    c.deflate = m_deflate->isChecked();
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
