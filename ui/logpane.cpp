#include "logpane.h"

#include "messagelogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
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
    , m_export(new QToolButton(this))
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
    filterBar->addWidget(m_export);

    using Format = session::LogExporter::Format;
    m_export->setText(tr("Export"));
    m_export->setObjectName(QStringLiteral("export"));
    m_export->setToolTip(tr("Save the log to a file as text, CSV or JSON"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setEnabled(false);
    auto *exportMenu = new QMenu(m_export);
    exportMenu->setToolTipsVisible(true);
    QAction *text = exportMenu->addAction(tr("Text…"), this, [this] { exportWithDialog(Format::Text); });
    text->setToolTip(tr("One line per message, as a terminal shows a log"));
    QAction *csv = exportMenu->addAction(tr("CSV…"), this, [this] { exportWithDialog(Format::Csv); });
    csv->setToolTip(tr("One row per message, for a spreadsheet; every payload also in base64"));
    QAction *json = exportMenu->addAction(tr("JSON…"), this, [this] { exportWithDialog(Format::Json); });
    json->setToolTip(tr("The connection's URL and its messages, for scripts"));
    exportMenu->addSeparator();
    m_onlyShown = exportMenu->addAction(tr("Only the Messages Shown"));
    m_onlyShown->setCheckable(true);
    m_onlyShown->setChecked(true);
    m_onlyShown->setToolTip(tr("Export the messages the filter shows; off, every message in the log"));
    m_export->setMenu(exportMenu);

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
    m_export->setEnabled(model != nullptr);
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
        connect(model, &QObject::destroyed, this, [this] {
            m_model = nullptr;
            m_export->setEnabled(false);
        });
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

bool LogPane::exportsOnlyShown() const
{
    return m_onlyShown->isChecked();
}

bool LogPane::exportLog(const QString &path, session::LogExporter::Format format, bool onlyShown, QString *error) const
{
    if (!m_model) {
        *error = tr("No log is shown.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    const MessageLogModel *model = m_model;
    const session::LogSelection selection =
        onlyShown
            ? session::LogSelection{model->rowCount(), [model](qsizetype row) { return model->recordIndex(int(row)); }}
            : session::LogSelection::all(model->store());
    session::LogExporter exporter(model->store(), format);
    exporter.setConnectionUrl(m_urlSource ? m_urlSource() : QString());
    if (!exporter.write(file, selection)) {
        *error = exporter.errorString();
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LogPane::exportWithDialog(session::LogExporter::Format format)
{
    using Format = session::LogExporter::Format;
    const QString suffix = session::LogExporter::fileSuffix(format);
    const QString filter = format == Format::Text  ? tr("Text files (*.txt)")
                           : format == Format::Csv ? tr("CSV files (*.csv)")
                                                   : tr("JSON files (*.json)");
    const QString name = QStringLiteral("sockscope-log-%1.%2")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), suffix);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Log"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).filePath(name), filter);
    if (path.isEmpty())
        return;
    QString error;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const bool ok = exportLog(path, format, m_onlyShown->isChecked(), &error);
    QGuiApplication::restoreOverrideCursor();
    if (ok)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Export Log"),
                                tr("The log was not exported to %1.").arg(QDir::toNativeSeparators(path)),
                                QMessageBox::Ok, this);
    box->setInformativeText(error);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("exportError"));
    box->open();
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
