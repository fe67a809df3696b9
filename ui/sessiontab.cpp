#include "sessiontab.h"

#include "handshakeinspector.h"
#include "logpane.h"
#include "messagedetails.h"
#include "messagelogmodel.h"
#include "replaypanel.h"
#include "sessionconnectionsmodel.h"
#include "tonelabel.h"

#include "proto/closecode.h"
#include "proto/httpheadparser.h"
#include "proto/protocolerror.h"
#include "session/captureimport.h"
#include "session/harreader.h"
#include "session/harwriter.h"
#include "session/payloadsource.h"
#include "session/pcapngwriter.h"
#include "session/sessionexport.h"
#include "session/sessionhar.h"
#include "session/sessionwriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockscope::ui {

namespace {
QString timeText(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("HH:mm:ss.zzz")) +
           QStringLiteral("%1").arg(us % 1000, 3, 10, QLatin1Char('0'));
}
} // namespace

SessionTab::SessionTab(QWidget *parent)
    : QWidget(parent)
    , m_file(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_status(new ToneLabel(this))
    , m_export(new QToolButton(this))
    , m_connectionsView(new QTableView(this))
    , m_connections(new SessionConnectionsModel(&m_loader, this))
    , m_logPane(new LogPane(this))
    , m_views(new QTabWidget(this))
    , m_details(new MessageDetails(this))
    , m_handshake(new HandshakeInspector(this))
    , m_notes(new QPlainTextEdit(this))
    , m_replay(new ReplayPanel(this))
{
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(240);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("sessionStatus"));
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Save a Copy As…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save Session"), QFileInfo(fileName()).completeBaseName() + QStringLiteral(".sksession"),
            tr("Sockscope sessions (*.sksession)"));
        QString error;
        if (!path.isEmpty() && !saveCopy(path, &error))
            QMessageBox::warning(this, tr("Save Session"), tr("The session was not saved: %1").arg(error));
    });
    exportMenu->addAction(tr("Export as pcapng…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export as pcapng"), QFileInfo(fileName()).completeBaseName() + QStringLiteral(".pcapng"),
            tr("Packet captures (*.pcapng)"));
        QString error;
        if (!path.isEmpty() && !exportPcapng(path, &error))
            QMessageBox::warning(this, tr("Export as pcapng"), tr("Nothing was written: %1").arg(error));
    });
    exportMenu->addAction(tr("Export as HAR…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export as HAR"), QFileInfo(fileName()).completeBaseName() + QStringLiteral(".har"),
            tr("HAR files (*.har)"));
        QString error;
        if (!path.isEmpty() && !exportHar(path, &error))
            QMessageBox::warning(this, tr("Export as HAR"), tr("Nothing was written: %1").arg(error));
    });
    m_export->setMenu(exportMenu);
    auto *mock = new QPushButton(tr("Mock This Server"), this);
    mock->setToolTip(tr("The local server answers like the recorded server of the selected connection"));
    connect(mock, &QPushButton::clicked, this, [this] {
        if (m_selected >= 0)
            emit mockRequested(sessionFileName(), m_loader.connections()[size_t(m_selected)]->id);
    });
    auto *header = new QHBoxLayout;
    header->addWidget(m_file, 1);
    header->addWidget(m_progress);
    header->addWidget(mock);
    header->addWidget(m_export);

    m_connectionsView->setModel(m_connections);
    m_connectionsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_connectionsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_connectionsView->verticalHeader()->hide();
    m_connectionsView->horizontalHeader()->setStretchLastSection(true);
    m_connectionsView->setWordWrap(false);
    m_connectionsView->setColumnWidth(SessionConnectionsModel::NumberColumn, 40);
    m_connectionsView->setColumnWidth(SessionConnectionsModel::SideColumn, 60);
    m_connectionsView->setColumnWidth(SessionConnectionsModel::UrlColumn, 240);
    m_connectionsView->setColumnWidth(SessionConnectionsModel::StartedColumn, 170);
    m_logPane->setLiveControlsVisible(false);

    m_notes->setReadOnly(true);
    m_notes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_views->addTab(m_details, tr("Message"));
    m_views->addTab(m_handshake, tr("Handshake"));
    m_views->addTab(m_notes, tr("Notes and close"));
    m_views->addTab(m_replay, tr("Replay"));

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_logPane);
    right->addWidget(m_views);
    right->setStretchFactor(0, 2);
    right->setStretchFactor(1, 3);
    right->setSizes({300, 500});
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(m_connectionsView);
    main->addWidget(right);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 5);
    main->setSizes({460, 900});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_status);
    layout->addWidget(main, 1);

    connect(&m_loader, &session::SessionLoader::progressed, this, &SessionTab::progressed);
    connect(&m_loader, &session::SessionLoader::finished, this, &SessionTab::finished);
    connect(m_connectionsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectConnection(current.isValid() ? current.row() : -1); });
    connect(m_logPane, &LogPane::currentRecordChanged, this, &SessionTab::showDetails);
    m_logPane->setConnectionUrlSource([this] {
        const auto &connections = m_loader.connections();
        return m_selected >= 0 && size_t(m_selected) < connections.size() ? connections[size_t(m_selected)]->info.url
                                                                          : QString();
    });
}

SessionTab::~SessionTab()
{
    // The logs' models go before the loader that owns their stores.
    m_logPane->setModel(nullptr);
    for (MessageLogModel *m : m_logs)
        delete m;
    m_logs.clear();
}

bool SessionTab::convert(const QString &path, const QString &suffix)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        m_conversion = in.errorString();
        return false;
    }
    m_converted = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/sockscope-XXXXXX.sksession"));
    if (!m_converted->open()) {
        m_conversion = m_converted->errorString();
        return false;
    }
    if (suffix == QLatin1String("har")) {
        const session::HarReadResult har = session::readHar(in.readAll());
        if (har.error && har.entries.isEmpty()) {
            m_conversion = tr("This is not a HAR file that can be read: %1").arg(har.error.message());
            return false;
        }
        session::SessionWriter writer(m_converted.get());
        bool ok = writer.writeFileHeader();
        const QList<session::SessionRecord> records = session::sessionhar::toSessionRecords(har);
        for (const session::SessionRecord &r : records)
            ok = ok && writer.write(r);
        if (!ok || !m_converted->flush()) {
            m_conversion = m_converted->errorString();
            return false;
        }
        m_conversion = tr("Converted from a HAR file: %1 WebSocket entries (%2 other entries skipped). HAR lists "
                          "messages, not frames: the frames shown are made from the messages.")
                           .arg(har.entries.size())
                           .arg(har.skippedEntries);
        if (har.error) {
            m_conversionFailed = true;
            m_conversion +=
                QLatin1Char(' ') + tr("The file has an error, so it was read up to there: %1").arg(har.error.message());
        }
        return true;
    }
    const session::CaptureImportResult capture = session::importCapture(in, *m_converted);
    if (capture.readError && capture.stats.sessionConnections() == 0) {
        m_conversion = tr("This is not a packet capture that can be read: %1").arg(capture.readError.message());
        return false;
    }
    if (!capture.writeError.isEmpty() || !m_converted->flush()) {
        m_conversion = capture.writeError.isEmpty() ? m_converted->errorString() : capture.writeError;
        return false;
    }
    const session::CaptureImportStats &st = capture.stats;
    m_conversion = tr("Imported from a packet capture: %1 packets, %2 TCP streams, %3 WebSocket connections, %4 "
                      "failed upgrades; %5 TLS and %6 other streams skipped; %7 warnings.")
                       .arg(st.packets)
                       .arg(st.tcpStreams)
                       .arg(st.webSocketConnections)
                       .arg(st.failedUpgrades)
                       .arg(st.tlsStreams)
                       .arg(st.otherStreams)
                       .arg(capture.warnings.size());
    if (capture.readError) {
        m_conversionFailed = true;
        m_conversion +=
            QLatin1Char(' ') +
            tr("The capture is damaged or cut short, so it was read up to there: %1").arg(capture.readError.message());
    }
    return true;
}

bool SessionTab::open(const QString &path)
{
    m_source = path;
    m_file->setText(QDir::toNativeSeparators(path));
    const QString suffix = QFileInfo(path).suffix().toLower();
    QString sessionPath = path;
    if (suffix == QLatin1String("har") || suffix == QLatin1String("pcapng") || suffix == QLatin1String("pcap")) {
        if (!convert(path, suffix)) {
            m_status->setTone(Tone::Bad);
            m_status->setText(tr("%1 cannot be opened: %2").arg(QDir::toNativeSeparators(path), m_conversion));
            m_progress->hide();
            return false;
        }
        sessionPath = m_converted->fileName();
    }
    if (!m_loader.open(sessionPath)) {
        m_status->setTone(Tone::Bad);
        m_status->setText(tr("%1 cannot be opened: %2").arg(QDir::toNativeSeparators(path), m_loader.openError()));
        m_progress->hide();
        return false;
    }
    m_status->setTone(Tone::Normal);
    m_status->setText(tr("Loading…"));
    return true;
}

void SessionTab::progressed()
{
    m_connections->update();
    if (m_loader.totalBytes() > 0)
        m_progress->setValue(int(m_loader.bytesRead() * 1000 / m_loader.totalBytes()));
    if (m_selected < 0 && m_connections->rowCount() > 0)
        m_connectionsView->setCurrentIndex(m_connections->index(0, 0));
    if (m_selected >= 0 && m_logs[size_t(m_selected)])
        m_logs[size_t(m_selected)]->refresh();
    if (m_selected >= 0)
        showConnectionInfo();
    if (!m_loader.isFinished())
        m_status->setText(tr("Loading… %1 records, %2 of %3")
                              .arg(QLocale().toString(m_loader.recordsRead()))
                              .arg(QLocale().formattedDataSize(m_loader.bytesRead()),
                                   QLocale().formattedDataSize(m_loader.totalBytes())));
}

void SessionTab::finished()
{
    m_progress->hide();
    const session::SessionReadError &error = m_loader.error();
    const int count = int(m_loader.connections().size());
    if (error && count == 0 &&
        (error.kind == session::SessionReadError::Kind::NotASession ||
         error.kind == session::SessionReadError::Kind::UnsupportedVersion)) {
        m_status->setTone(Tone::Bad);
        m_status->setText(readErrorText(error));
        emit unusable(readErrorText(error));
        return;
    }
    QString summary = tr("Connections: %1 · records: %2").arg(count).arg(QLocale().toString(m_loader.recordsRead()));
    if (!m_conversion.isEmpty())
        summary = m_conversion + QLatin1Char(' ') + summary;
    if (error) {
        m_status->setTone(Tone::Bad);
        m_status->setText(readErrorText(error) + QLatin1Char(' ') +
                          tr("Everything before that point is shown: %1").arg(summary));
    } else if (m_conversionFailed) {
        m_status->setTone(Tone::Bad);
        m_status->setText(summary);
    } else if (!m_loader.complete() && !m_converted) {
        m_status->setTone(Tone::Normal);
        m_status->setText(tr("The recording was not finished (a journal or a file still being written); it ends "
                             "after its last whole record. %1")
                              .arg(summary));
    } else {
        m_status->setTone(Tone::Good);
        m_status->setText(summary);
    }
    emit loaded();
}

QString SessionTab::readErrorText(const session::SessionReadError &error)
{
    using Kind = session::SessionReadError::Kind;
    const QString where =
        tr("at byte %1 (record %2)").arg(QLocale().toString(error.offset), QLocale().toString(error.recordIndex + 1));
    switch (error.kind) {
    case Kind::None: return QString();
    case Kind::NotASession: return tr("This is not a Sockscope session file: %1.").arg(error.detail);
    case Kind::UnsupportedVersion:
        return tr("This session file was written by a later Sockscope (%1); update to open it.").arg(error.detail);
    case Kind::Truncated: return tr("The file ends in the middle of a record %1: %2.").arg(where, error.detail);
    case Kind::Checksum: return tr("The file is damaged %1: the checksum does not match.").arg(where);
    case Kind::Malformed: return tr("The file is damaged %1: %2.").arg(where, error.detail);
    case Kind::ReadFailed: return tr("Reading stopped %1: %2.").arg(where, error.detail);
    }
    return error.detail;
}

void SessionTab::selectConnection(int index)
{
    if (index >= int(m_loader.connections().size()))
        index = -1;
    if (m_connectionsView->currentIndex().row() != index)
        m_connectionsView->setCurrentIndex(index >= 0 ? m_connections->index(index, 0) : QModelIndex());
    if (index == m_selected)
        return;
    m_selected = index;
    if (m_logs.size() < m_loader.connections().size())
        m_logs.resize(m_loader.connections().size(), nullptr);
    MessageLogModel *model = nullptr;
    if (index >= 0) {
        model = m_logs[size_t(index)];
        if (!model) {
            model = new MessageLogModel(m_loader.connections()[size_t(index)]->log, this);
            m_logs[size_t(index)] = model;
        }
        model->refresh();
    }
    m_logPane->setModel(model);
    m_details->clear();
    showConnectionInfo();
    m_replay->setConnection(index >= 0 ? m_loader.connections()[size_t(index)].get() : nullptr);
}

void SessionTab::showDetails()
{
    const session::MessageRecord *record = m_logPane->currentRecord();
    if (!record) {
        m_details->clear();
        return;
    }
    if (record->payloadReleased && record->sourceOffset >= 0 && m_selected >= 0) {
        // Released to keep the log within its memory budget: read again from the file, for this view only.
        if (!m_payloads)
            m_payloads = std::make_unique<session::PayloadSource>(sessionFileName());
        session::MessageRecord copy = *record;
        QString error;
        if (auto payload = m_payloads->payload(m_loader.connections()[size_t(m_selected)]->id, copy, &error)) {
            copy.payload = *payload;
            copy.payloadReleased = false;
            m_details->showRecord(m_logPane->model()->store(), copy);
            return;
        }
        m_status->setTone(Tone::Bad);
        m_status->setText(tr("The payload could not be read again from the file: %1").arg(error));
    }
    m_details->showRecord(m_logPane->model()->store(), *record);
}

void SessionTab::showConnectionInfo()
{
    if (m_selected < 0) {
        m_handshake->clear();
        m_notes->clear();
        return;
    }
    const session::RecordedConnection &c = *m_loader.connections()[size_t(m_selected)];
    if (m_handshake->requestText().isEmpty() && !c.request.isEmpty()) {
        m_handshake->showRequest(c.request);
        if (!c.response.isEmpty()) {
            proto::HttpHeadParser request(proto::HttpHeadParser::Kind::Request);
            proto::HttpHeadParser response(proto::HttpHeadParser::Kind::Response);
            request.feed(c.request);
            response.feed(c.response);
            m_handshake->showResponse(request.request(), response.response());
        }
    } else if (c.request.isEmpty()) {
        m_handshake->clear();
    }
    QStringList lines;
    lines << tr("Connection %1, recorded at the %2 side")
                 .arg(c.id)
                 .arg(c.info.side == session::Side::Client ? tr("client") : tr("server"));
    lines << tr("URL: %1").arg(c.info.url);
    if (!c.info.localAddress.isEmpty() || !c.info.peerAddress.isEmpty())
        lines << tr("Local %1, peer %2").arg(c.info.localAddress, c.info.peerAddress);
    if (!c.info.subprotocols.isEmpty()) {
        QStringList p;
        for (const QByteArray &s : c.info.subprotocols)
            p << QString::fromUtf8(s);
        lines << tr("Subprotocols offered: %1").arg(p.join(QStringLiteral(", ")));
    }
    if (c.info.deflate)
        lines << tr("permessage-deflate offered");
    lines << QString();
    for (const session::SessionRecord &note : c.notes) {
        const QString kind = note.noteKind == session::NoteKind::Error               ? tr("error")
                             : note.noteKind == session::NoteKind::ProtocolViolation ? tr("protocol violation")
                                                                                     : tr("note");
        lines << QStringLiteral("%1  %2: %3").arg(timeText(note.timestampUs), kind, note.text);
    }
    if (c.close) {
        const proto::CloseInfo &close = *c.close;
        const proto::CloseCodeEntry *entry = proto::closeCodeEntry(close.code);
        lines << tr("%1  closed: code %2%3, reason “%4”, wasClean %5, closed by %6")
                     .arg(timeText(c.closedUs))
                     .arg(close.code)
                     .arg(entry ? QStringLiteral(" ") + QLatin1String(entry->name) : QString())
                     .arg(close.reason)
                     .arg(close.wasClean ? QStringLiteral("true") : QStringLiteral("false"))
                     .arg(close.initiator == proto::CloseInitiator::Local    ? tr("this side")
                          : close.initiator == proto::CloseInitiator::Remote ? tr("the peer")
                                                                             : tr("neither (the connection dropped)"));
        if (close.sentCode)
            lines << tr("    sent close: code %1, reason “%2”").arg(*close.sentCode).arg(close.sentReason);
        if (close.error.error != proto::ProtocolError::None)
            lines << tr("    the peer broke a rule: %1 (%2)")
                         .arg(proto::protocolErrorDescription(close.error.error), close.error.detail);
    } else if (m_loader.isFinished()) {
        lines << tr("No close was recorded: the recording ended while the connection was open.");
    }
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_notes->toPlainText() != text)
        m_notes->setPlainText(text);
}

QString SessionTab::statusText() const
{
    return m_status->text();
}

QString SessionTab::notesText() const
{
    return m_notes->toPlainText();
}

bool SessionTab::saveCopy(const QString &path, QString *error) const
{
    QFile in(sessionFileName());
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = out.errorString();
        return false;
    }
    QByteArray chunk;
    while (!(chunk = in.read(1 << 20)).isEmpty()) {
        if (out.write(chunk) != chunk.size()) {
            *error = out.errorString();
            return false;
        }
    }
    if (in.error() != QFile::NoError || !out.commit()) {
        *error = in.error() != QFile::NoError ? in.errorString() : out.errorString();
        return false;
    }
    return true;
}

bool SessionTab::exportHar(const QString &path, QString *error) const
{
    QFile in(sessionFileName());
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    const session::sessionhar::SessionHar har = session::sessionhar::toHar(in);
    if (har.error && har.error.kind != session::SessionReadError::Kind::Truncated) {
        *error = readErrorText(har.error);
        return false;
    }
    const QByteArray json =
        session::writeHar(har.entries, QStringLiteral("Sockscope"), QCoreApplication::applicationVersion());
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit()) {
        *error = out.errorString();
        return false;
    }
    return true;
}

bool SessionTab::exportPcapng(const QString &path, QString *error) const
{
    QFile in(sessionFileName());
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    session::SessionReadError readError;
    const QList<session::TcpConversation> conversations = session::sessionexport::toTcpConversations(in, readError);
    if (readError && readError.kind != session::SessionReadError::Kind::Truncated) {
        *error = readErrorText(readError);
        return false;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || !session::PcapngWriter::write(out, conversations, error) || !out.commit()) {
        if (error->isEmpty())
            *error = out.errorString();
        return false;
    }
    return true;
}

} // namespace sockscope::ui
