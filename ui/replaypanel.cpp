#include "replaypanel.h"

#include "replayresultsmodel.h"
#include "sidebysidediff.h"
#include "tonelabel.h"

#include "session/recordedconnection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace sockscope::ui {

ReplayPanel::ReplayPanel(QWidget *parent)
    : QWidget(parent)
    , m_url(new QLineEdit(this))
    , m_speed(new QComboBox(this))
    , m_stepwise(new QCheckBox(tr("Step by step"), this))
    , m_json(new QCheckBox(tr("Compare as JSON"), this))
    , m_ignore(new QLineEdit(this))
    , m_insecure(new QCheckBox(tr("Skip certificate verification for this replay"), this))
    , m_start(new QPushButton(tr("Replay"), this))
    , m_next(new QPushButton(tr("Send next"), this))
    , m_status(new ToneLabel(this))
    , m_results(new ReplayResultsModel(this))
    , m_resultsView(new QTableView(this))
    , m_differences(new QPlainTextEdit(this))
    , m_diff(new SideBySideDiff(this))
{
    m_url->setObjectName(QStringLiteral("replayUrl"));
    m_url->setClearButtonEnabled(true);
    for (double s : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0})
        m_speed->addItem(tr("%1×").arg(s), s);
    m_speed->addItem(tr("As fast as possible"), 0.0);
    m_speed->setCurrentIndex(3);
    m_json->setChecked(true);
    m_ignore->setPlaceholderText(tr("JSON paths to leave out, e.g. $.id, $..timestamp, $.items[*].ts"));
    m_ignore->setObjectName(QStringLiteral("ignorePaths"));
    m_start->setObjectName(QStringLiteral("replayButton"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    auto *where = new QHBoxLayout;
    where->addWidget(m_url, 1);
    where->addWidget(m_speed);
    where->addWidget(m_stepwise);
    form->addRow(tr("Server"), where);
    auto *compare = new QHBoxLayout;
    compare->addWidget(m_json);
    compare->addWidget(m_ignore, 1);
    compare->addWidget(m_insecure);
    form->addRow(tr("Compare"), compare);
    m_insecure->setText(tr("Skip certificate checks"));
    m_insecure->setToolTip(tr("For this replay only: certificate errors of the server are ignored"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_next);
    buttons->addWidget(m_status, 1);

    m_resultsView->setModel(m_results);
    m_resultsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_resultsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_resultsView->verticalHeader()->hide();
    m_resultsView->horizontalHeader()->setStretchLastSection(true);
    m_resultsView->setWordWrap(false);
    m_resultsView->setColumnWidth(ReplayResultsModel::IndexColumn, 48);
    m_resultsView->setColumnWidth(ReplayResultsModel::VerdictColumn, 110);
    m_resultsView->setColumnWidth(ReplayResultsModel::ExpectedColumn, 260);
    m_resultsView->setColumnWidth(ReplayResultsModel::ActualColumn, 260);
    m_differences->setReadOnly(true);
    m_differences->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_differences->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_differences->setPlaceholderText(tr("The differences of the selected response, by JSON path"));
    m_differences->setMaximumHeight(m_differences->fontMetrics().height() * 3 + 10);

    auto *below = new QWidget(this);
    auto *belowLayout = new QVBoxLayout(below);
    belowLayout->setContentsMargins(0, 0, 0, 0);
    belowLayout->addWidget(m_differences);
    belowLayout->addWidget(m_diff, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_resultsView);
    splitter->addWidget(below);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    connect(m_start, &QPushButton::clicked, this, [this] { isRunning() ? stop() : start(); });
    connect(m_next, &QPushButton::clicked, this, &ReplayPanel::step);
    connect(m_stepwise, &QCheckBox::toggled, this, &ReplayPanel::updateButtons);
    connect(m_json, &QCheckBox::toggled, m_ignore, &QWidget::setEnabled);
    connect(m_resultsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReplayPanel::showSelected);
    setConnection(nullptr);
}

ReplayPanel::~ReplayPanel() = default;

void ReplayPanel::setConnection(const session::RecordedConnection *connection)
{
    if (connection != m_connection)
        stop();
    m_connection = connection;
    m_url->setPlaceholderText(connection ? connection->info.url : QString());
    if (!isRunning()) {
        m_results->clear();
        m_differences->clear();
        m_diff->clear();
        m_status->setTone(Tone::Normal);
        m_status->setText(connection ? QString() : tr("Select a connection to replay."));
    }
    setEnabled(connection != nullptr);
    updateButtons();
}

session::ReplayOptions ReplayPanel::options() const
{
    session::ReplayOptions o;
    const QString url = m_url->text().trimmed();
    if (!url.isEmpty())
        o.url = QUrl(url);
    o.speed = m_speed->currentData().toDouble();
    o.stepwise = m_stepwise->isChecked();
    o.jsonAware = m_json->isChecked();
    for (const QString &path : m_ignore->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!path.trimmed().isEmpty())
            o.ignorePaths.append(path.trimmed());
    o.skipCertificateVerification = m_insecure->isChecked();
    return o;
}

void ReplayPanel::setUrl(const QString &url)
{
    m_url->setText(url);
}

void ReplayPanel::setSpeed(double speed)
{
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - speed) < std::abs(m_speed->itemData(best).toDouble() - speed))
            best = i;
    m_speed->setCurrentIndex(best);
}

void ReplayPanel::setStepwise(bool on)
{
    m_stepwise->setChecked(on);
}

void ReplayPanel::setIgnorePaths(const QString &commaSeparated)
{
    m_ignore->setText(commaSeparated);
}

void ReplayPanel::setJsonAware(bool on)
{
    m_json->setChecked(on);
}

bool ReplayPanel::isRunning() const
{
    return m_replayer && !m_replayer->isFinished();
}

void ReplayPanel::start()
{
    if (!m_connection || isRunning())
        return;
    const session::ReplayOptions o = options();
    if (!o.url.isEmpty() &&
        (!o.url.isValid() || (o.url.scheme() != QLatin1String("ws") && o.url.scheme() != QLatin1String("wss")))) {
        m_status->setTone(Tone::Bad);
        m_status->setText(tr("“%1” is not a ws:// or wss:// URL.").arg(m_url->text()));
        return;
    }
    const session::MessageComparison check(o.ignorePaths, o.jsonAware);
    if (!check.invalidPatterns().isEmpty()) {
        m_status->setTone(Tone::Bad);
        m_status->setText(tr("These paths cannot be used: %1").arg(check.invalidPatterns().join(QStringLiteral(", "))));
        return;
    }
    m_results->clear();
    m_differences->clear();
    m_diff->clear();
    m_sent = 0;
    m_replayer = std::make_unique<session::Replayer>(*m_connection, o);
    connect(m_replayer.get(), &session::Replayer::messageSent, this, [this](int index) {
        m_sent = index + 1;
        showProgress();
    });
    connect(m_replayer.get(), &session::Replayer::responseCompared, this, [this](const session::ReplayComparison &c) {
        m_results->add(c);
        // The first difference is shown without a click.
        if (!c.matched() && !m_resultsView->currentIndex().isValid())
            m_resultsView->setCurrentIndex(m_results->index(m_results->rowCount() - 1, 0));
        showProgress();
    });
    connect(m_replayer.get(), &session::Replayer::finished, this, [this](const session::ReplayResult &r) {
        updateButtons();
        const bool ok = r.matched();
        m_status->setTone(ok ? Tone::Good : Tone::Bad);
        QString text;
        if (!r.connected)
            text = tr("Could not connect to %1: %2").arg(r.url.toString(), r.error);
        else if (ok)
            text = tr("All %1 responses matched (%2 messages sent to %3).")
                       .arg(r.comparisons.size())
                       .arg(r.messagesSent)
                       .arg(r.url.toString());
        else
            text = tr("%1 of %2 responses matched; %3 messages sent to %4.")
                       .arg(r.matchedCount())
                       .arg(r.comparisons.size())
                       .arg(r.messagesSent)
                       .arg(r.url.toString()) +
                   (r.error.isEmpty() ? QString() : QLatin1Char(' ') + r.error);
        m_status->setText(text);
        emit finished(r);
    });
    m_status->setTone(Tone::Normal);
    m_status->setText(tr("Connecting…"));
    m_replayer->start();
    updateButtons();
}

bool ReplayPanel::step()
{
    return m_replayer && !m_replayer->isFinished() && m_replayer->step();
}

void ReplayPanel::stop()
{
    if (isRunning())
        m_replayer->stop();
    updateButtons();
}

void ReplayPanel::showProgress()
{
    if (!m_replayer || m_replayer->isFinished())
        return;
    const session::ReplayResult &r = m_replayer->result();
    m_status->setTone(Tone::Normal);
    m_status->setText(tr("Sent %1 of %2 · %3 of %4 responses matched so far")
                          .arg(m_sent)
                          .arg(r.messagesToSend)
                          .arg(m_results->matchedCount())
                          .arg(m_results->rowCount()));
}

void ReplayPanel::updateButtons()
{
    const bool running = isRunning();
    m_start->setText(running ? tr("Stop") : tr("Replay"));
    m_next->setVisible(m_stepwise->isChecked());
    m_next->setEnabled(running && m_stepwise->isChecked());
    for (QWidget *w :
         {static_cast<QWidget *>(m_url), static_cast<QWidget *>(m_speed), static_cast<QWidget *>(m_stepwise),
          static_cast<QWidget *>(m_json), static_cast<QWidget *>(m_insecure)})
        w->setEnabled(!running);
    m_ignore->setEnabled(!running && m_json->isChecked());
}

void ReplayPanel::showSelected()
{
    const QModelIndex index = m_resultsView->currentIndex();
    if (!index.isValid()) {
        m_differences->clear();
        m_diff->clear();
        return;
    }
    const session::ReplayComparison &c = m_results->comparison(index.row());
    QStringList lines;
    for (const auto &d : c.differences)
        lines.append(tr("%1: recorded %2, received %3").arg(d.path, d.expected, d.actual));
    m_differences->setPlainText(lines.isEmpty() ? tr("No differences.") : lines.join(QLatin1Char('\n')));
    m_diff->setTexts(
        c.expectedPresent ? SideBySideDiff::displayText(c.expected, c.expectedType == proto::Opcode::Text) : QString(),
        c.actualPresent ? SideBySideDiff::displayText(c.actual, c.actualType == proto::Opcode::Text) : QString());
}

QString ReplayPanel::statusText() const
{
    return m_status->text();
}

QString ReplayPanel::differencesText() const
{
    return m_differences->toPlainText();
}

} // namespace sockscope::ui
