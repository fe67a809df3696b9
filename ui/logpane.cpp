#include "logpane.h"

#include "messagelogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace sockscope::ui {

LogPane::LogPane(QWidget *parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regex"), this))
    , m_direction(new QComboBox(this))
    , m_autoscroll(new QCheckBox(tr("Autoscroll"), this))
    , m_pause(new QPushButton(tr("Pause"), this))
    , m_clear(new QPushButton(tr("Clear"), this))
    , m_view(new QTableView(this))
{
    m_filter->setPlaceholderText(tr("Filter messages (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_regex->setObjectName(QStringLiteral("regex"));
    m_direction->addItem(tr("Both directions"));
    m_direction->addItem(tr("Sent"));
    m_direction->addItem(tr("Received"));
    m_autoscroll->setChecked(true);
    m_pause->setCheckable(true);
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_regex);
    filterBar->addWidget(m_direction);
    filterBar->addWidget(m_autoscroll);
    filterBar->addWidget(m_pause);
    filterBar->addWidget(m_clear);

    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterBar);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &LogPane::applyFilter);
    connect(m_regex, &QCheckBox::toggled, this, &LogPane::applyFilter);
    connect(m_direction, &QComboBox::currentIndexChanged, this, &LogPane::applyFilter);
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        if (m_model)
            m_model->setPaused(paused);
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        if (m_model)
            m_model->clear();
        emit cleared();
    });
}

void LogPane::setModel(MessageLogModel *model)
{
    if (model == m_model)
        return;
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_view->setModel(model);
    if (model) {
        m_view->setColumnWidth(MessageLogModel::TimeColumn, 100);
        m_view->setColumnWidth(MessageLogModel::DirectionColumn, 90);
        m_view->setColumnWidth(MessageLogModel::TypeColumn, 90);
        m_view->setColumnWidth(MessageLogModel::SizeColumn, 150);
        applyFilter();
        model->setPaused(m_pause->isChecked());
        connect(model, &MessageLogModel::rowsAppended, this, [this] {
            if (!m_autoscroll->isHidden() && m_autoscroll->isChecked())
                m_view->scrollToBottom();
        });
        connect(model, &QObject::destroyed, this, [this] { m_model = nullptr; });
        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                &LogPane::currentRecordChanged);
    }
    emit currentRecordChanged();
}

void LogPane::setLiveControlsVisible(bool visible)
{
    m_autoscroll->setVisible(visible);
    m_pause->setVisible(visible);
    m_clear->setVisible(visible);
}

void LogPane::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

const session::MessageRecord *LogPane::currentRecord() const
{
    const QModelIndex index = m_view->currentIndex();
    if (!m_model || !index.isValid())
        return nullptr;
    const quint64 record = m_model->recordIndex(index.row());
    return m_model->store().contains(record) ? &m_model->store().at(record) : nullptr;
}

void LogPane::applyFilter()
{
    if (!m_model)
        return;
    LogFilter filter;
    filter.text = m_filter->text();
    filter.regularExpression = m_regex->isChecked();
    filter.incoming = m_direction->currentIndex() != 1;
    filter.outgoing = m_direction->currentIndex() != 2;
    const bool ok = m_model->setFilter(filter);
    m_filter->setStyleSheet(ok ? QString() : QStringLiteral("background: rgba(255, 0, 0, 40);"));
    m_filter->setToolTip(ok ? QString() : m_model->filterError());
}

} // namespace sockscope::ui
