#include "servertab.h"

#include "logpane.h"
#include "messagedetails.h"
#include "messagelogmodel.h"
#include "payloadeditor.h"
#include "serverclientsmodel.h"
#include "sessiontab.h"

#include "credentialsdialog.h"
#include "filefield.h"

#include "net/selfsignedcertificate.h"
#include "net/server.h"
#include "net/serverclient.h"
#include "net/tlsidentity.h"
#include "session/loadedsession.h"
#include "session/mockscriptbuilder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace sockscope::ui {

namespace {
// Subprotocols or Origins as the fields show them, "a, b", and back from what was typed (commas or spaces).
QString joinedList(const QList<QByteArray> &items)
{
    return QString::fromUtf8(items.join(", "));
}

QList<QByteArray> splitList(const QString &text)
{
    QList<QByteArray> items;
    for (const QString &item : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        items.append(item.toUtf8());
    return items;
}
} // namespace

ServerTab::ServerTab(net::Server *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_host(new QLineEdit(QStringLiteral("127.0.0.1"), this))
    , m_port(new QSpinBox(this))
    , m_path(new QLineEdit(QStringLiteral("/echo"), this))
    , m_mode(new QComboBox(this))
    , m_upstream(new QLineEdit(this))
    , m_tls(new QCheckBox(tr("wss://"), this))
    , m_tlsCertificate(new QLineEdit(this))
    , m_tlsKey(new QLineEdit(this))
    , m_startStop(new QPushButton(tr("Restart"), this))
    , m_status(new QLabel(this))
    , m_refuse(new QSpinBox(this))
    , m_delay(new QSpinBox(this))
    , m_drop(new QSpinBox(this))
    , m_ignorePings(new QCheckBox(tr("Never answer pings"), this))
    , m_stopReading(new QCheckBox(tr("Stop reading (backpressure)"), this))
    , m_resetAfter(new QSpinBox(this))
    , m_clients(new ServerClientsModel(server, this))
    , m_clientsView(new QTableView(this))
    , m_logPane(new LogPane(this))
    , m_details(new MessageDetails(this))
    , m_handshake(new QPlainTextEdit(this))
    , m_editor(new PayloadEditor(this))
{
    const net::ServerOptions &current = server->options();
    m_host->setText(current.address.toString());
    m_host->setToolTip(tr("127.0.0.1 keeps the server to this machine; 0.0.0.0 opens it to the network"));
    m_port->setRange(0, 65535);
    m_port->setValue(server->isListening() ? server->port() : current.port);
    m_path->setText(QString::fromUtf8(current.path));
    m_mode->addItem(tr("Echo"), int(net::ServerMode::Echo));
    m_mode->addItem(tr("Sink (only log)"), int(net::ServerMode::Sink));
    m_mode->addItem(tr("Broadcast"), int(net::ServerMode::Broadcast));
    m_mode->addItem(tr("Relay to upstream"), int(net::ServerMode::Relay));
    m_mode->addItem(tr("Mock a recorded server"), int(net::ServerMode::Mock));
    m_mode->setObjectName(QStringLiteral("mode"));
    m_upstream->setObjectName(QStringLiteral("modeArgument"));
    m_mockTiming = new QComboBox(this);
    m_mockTiming->addItem(tr("Recorded timing"), int(net::MockTiming::Recorded));
    m_mockTiming->addItem(tr("Answer at once"), int(net::MockTiming::Immediate));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Session to Mock"), QString(),
                                                          tr("Sockscope sessions (*.sksession)"));
        if (!path.isEmpty())
            m_upstream->setText(path);
    });
    auto modeChanged = [this, browse] {
        const bool mock = m_mode->currentData().toInt() == int(net::ServerMode::Mock);
        const bool relay = m_mode->currentData().toInt() == int(net::ServerMode::Relay);
        m_upstream->setVisible(mock || relay);
        m_upstream->setPlaceholderText(mock ? tr("Session file whose server side is played")
                                            : tr("Upstream ws:// or wss:// URL (relay)"));
        browse->setVisible(mock);
        m_mockTiming->setVisible(mock);
    };
    connect(m_mode, &QComboBox::currentIndexChanged, this, modeChanged);
    modeChanged();
    // TLS: the certificate and key files given, or a self-signed certificate made at each start.
    m_tls->setObjectName(QStringLiteral("tls"));
    m_tls->setToolTip(tr("Serve over TLS, with the certificate files given or, without them, a self-signed "
                         "certificate for localhost, 127.0.0.1 and ::1 made at start"));
    m_tlsCertificate->setPlaceholderText(tr("Certificate (none: self-signed)"));
    m_tlsKey->setPlaceholderText(tr("Key, if separate"));
    const auto pickFile = [this](const QString &title, const QString &filter) {
        return [this, title, filter](const QString &inField) {
            return QFileDialog::getOpenFileName(this, title, inField, filter);
        };
    };
    addOpenFileAction(m_tlsCertificate, QStringLiteral("tlsCertificate"),
                      pickFile(tr("Server Certificate"), fileDialogFilter(FileKind::Certificates)));
    addOpenFileAction(m_tlsKey, QStringLiteral("tlsKey"),
                      pickFile(tr("Private Key"), fileDialogFilter(FileKind::PrivateKeys)));
    m_tlsCertificate->setToolTip(tr("The server's certificate: a PEM file (its chain after it) or a PKCS#12 file "
                                    "(.p12, .pfx); empty: a self-signed certificate made at start"));
    m_tlsKey->setToolTip(tr("The private key (PEM, unencrypted), when it is not in the certificate file"));
    const auto tlsChanged = [this] {
        m_tlsCertificate->setVisible(m_tls->isChecked());
        m_tlsKey->setVisible(m_tls->isChecked());
    };
    connect(m_tls, &QCheckBox::toggled, this, tlsChanged);
    tlsChanged();
    auto *form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("Host"), this));
    form->addWidget(m_host);
    form->addWidget(new QLabel(tr("Port"), this));
    form->addWidget(m_port);
    form->addWidget(new QLabel(tr("Path"), this));
    form->addWidget(m_path);
    form->addWidget(m_mode);
    form->addWidget(m_upstream, 1);
    form->addWidget(browse);
    form->addWidget(m_mockTiming);
    form->addWidget(m_tls);
    form->addWidget(m_tlsCertificate, 1);
    form->addWidget(m_tlsKey, 1);
    form->addWidget(m_startStop);
    auto *stop = new QPushButton(tr("Stop"), this);
    form->addWidget(stop);

    // Fault injection, live.
    m_refuse->setRange(0, 599);
    m_refuse->setSpecialValueText(tr("accept"));
    m_refuse->setToolTip(tr("Answer every upgrade with this HTTP status"));
    m_delay->setRange(0, 600000);
    m_delay->setSuffix(tr(" ms"));
    m_drop->setRange(0, 1000000);
    m_drop->setSpecialValueText(tr("never"));
    m_resetAfter->setRange(0, 1000000);
    m_resetAfter->setSpecialValueText(tr("never"));
    auto *faults = new QGroupBox(tr("Fault injection"), this);
    auto *faultLayout = new QHBoxLayout(faults);
    faultLayout->addWidget(new QLabel(tr("Refuse with"), faults));
    faultLayout->addWidget(m_refuse);
    faultLayout->addWidget(new QLabel(tr("Delay answers"), faults));
    faultLayout->addWidget(m_delay);
    faultLayout->addWidget(new QLabel(tr("Drop every"), faults));
    faultLayout->addWidget(m_drop);
    faultLayout->addWidget(m_ignorePings);
    faultLayout->addWidget(m_stopReading);
    faultLayout->addWidget(new QLabel(tr("Reset TCP after"), faults));
    faultLayout->addWidget(m_resetAfter);
    faultLayout->addStretch(1);

    // Handshake rules and the message limit, live for the clients that connect next.
    m_protocols = new QLineEdit(this);
    m_protocols->setObjectName(QStringLiteral("protocols"));
    m_protocols->setPlaceholderText(tr("any: the client's first offer"));
    m_protocols->setToolTip(tr("Subprotocols this server speaks, comma-separated: the first one the client offers "
                               "that is on the list is chosen"));
    m_requireProtocol = new QCheckBox(tr("Required"), this);
    m_requireProtocol->setToolTip(tr("Refuse (400) a client that offers none of these subprotocols"));
    m_origins = new QLineEdit(this);
    m_origins->setObjectName(QStringLiteral("origins"));
    m_origins->setPlaceholderText(tr("any"));
    m_origins->setToolTip(tr("Origins allowed, comma-separated, e.g. https://app.example; others are refused "
                             "with 403"));
    m_maxMessage = new QSpinBox(this);
    m_maxMessage->setRange(1, 4096);
    m_maxMessage->setSuffix(tr(" MiB"));
    m_maxMessage->setToolTip(tr("A client that sends a larger message or frame is closed with 1009"));
    m_protocols->setText(joinedList(current.subprotocols));
    m_requireProtocol->setChecked(current.requireSubprotocol);
    m_origins->setText(joinedList(current.allowedOrigins));
    m_maxMessage->setValue(int(std::clamp<quint64>(current.connection.maxMessageSize >> 20, 1, 4096)));
    auto *rules = new QGroupBox(tr("Handshake and limits, for the clients that connect next"), this);
    auto *rulesLayout = new QHBoxLayout(rules);
    rulesLayout->addWidget(new QLabel(tr("Subprotocols"), rules));
    rulesLayout->addWidget(m_protocols, 1);
    rulesLayout->addWidget(m_requireProtocol);
    rulesLayout->addWidget(new QLabel(tr("Origins"), rules));
    rulesLayout->addWidget(m_origins, 1);
    rulesLayout->addWidget(new QLabel(tr("Largest message"), rules));
    rulesLayout->addWidget(m_maxMessage);

    // Clients and the selected one.
    m_clientsView->setModel(m_clients);
    m_clientsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clientsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clientsView->verticalHeader()->hide();
    m_clientsView->horizontalHeader()->setStretchLastSection(true);
    m_clientsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clientsView->setWordWrap(false);
    auto *clearFinished = new QPushButton(tr("Remove finished clients"), this);
    auto *clientsPage = new QWidget(this);
    auto *clientsLayout = new QVBoxLayout(clientsPage);
    clientsLayout->setContentsMargins(0, 0, 0, 0);
    clientsLayout->addWidget(m_clientsView, 1);
    clientsLayout->addWidget(clearFinished, 0, Qt::AlignLeft);

    m_logPane->setLiveControlsVisible(false);
    // The server's URL with the path the client asked for.
    m_logPane->setConnectionUrlSource([this] {
        const QModelIndex path = m_clients->index(m_clientsView->currentIndex().row(), ServerClientsModel::PathColumn);
        return path.isValid() ? m_server->url().resolved(QUrl(path.data().toString())).toString() : QString();
    });
    connect(m_logPane, &LogPane::currentRecordChanged, this, [this] {
        if (const session::MessageRecord *record = m_logPane->currentRecord())
            m_details->showRecord(m_logPane->model()->store(), *record);
        else
            m_details->clear();
    });
    m_handshake->setReadOnly(true);
    m_handshake->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_handshake->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *clientViews = new QTabWidget(this);
    clientViews->addTab(m_details, tr("Message"));
    clientViews->addTab(m_handshake, tr("Handshake"));

    auto *sendToSelected = new QPushButton(tr("Send to selected client"), this);
    auto *sendToAll = new QPushButton(tr("Send to all"), this);
    auto *sendPage = new QWidget(this);
    auto *sendLayout = new QVBoxLayout(sendPage);
    sendLayout->setContentsMargins(0, 0, 0, 0);
    sendLayout->addWidget(m_editor, 1);
    auto *sendButtons = new QHBoxLayout;
    sendButtons->addStretch(1);
    sendButtons->addWidget(sendToSelected);
    sendButtons->addWidget(sendToAll);
    sendLayout->addLayout(sendButtons);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_logPane);
    right->addWidget(clientViews);
    right->addWidget(sendPage);
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(clientsPage);
    main->addWidget(right);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    main->setSizes({560, 720});

    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(faults);
    layout->addWidget(rules);
    layout->addWidget(main, 1);

    connect(m_startStop, &QPushButton::clicked, this, &ServerTab::start);
    connect(stop, &QPushButton::clicked, this, &ServerTab::stop);
    for (QSpinBox *box : {m_refuse, m_delay, m_drop, m_resetAfter})
        connect(box, &QSpinBox::valueChanged, this, &ServerTab::applyFaults);
    connect(m_protocols, &QLineEdit::editingFinished, this, &ServerTab::applyRules);
    connect(m_origins, &QLineEdit::editingFinished, this, &ServerTab::applyRules);
    connect(m_requireProtocol, &QCheckBox::toggled, this, &ServerTab::applyRules);
    connect(m_maxMessage, &QSpinBox::valueChanged, this, &ServerTab::applyRules);
    for (QCheckBox *box : {m_ignorePings, m_stopReading})
        connect(box, &QCheckBox::toggled, this, &ServerTab::applyFaults);
    connect(m_clientsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ServerTab::showClient);
    // The selected client's handshake appears as it happens.
    connect(m_clients, &QAbstractItemModel::dataChanged, this, [this] {
        const int row = m_clientsView->currentIndex().row();
        const QString text = QString::fromLatin1(m_clients->handshakeRequest(row) + m_clients->handshakeResponse(row));
        if (text != m_handshake->toPlainText())
            m_handshake->setPlainText(text);
    });
    // The first client to arrive is shown without a click.
    connect(m_clients, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (!m_clientsView->currentIndex().isValid())
            m_clientsView->setCurrentIndex(m_clients->index(first, 0));
    });
    connect(clearFinished, &QPushButton::clicked, this, [this] {
        m_clients->clearFinished();
        showClient();
    });
    connect(sendToSelected, &QPushButton::clicked, this, &ServerTab::sendToSelected);
    connect(sendToAll, &QPushButton::clicked, this, &ServerTab::sendToAll);
    connect(m_server, &net::Server::clientAccepted, this, &ServerTab::updateStatus);
    connect(m_server, &net::Server::clientFinished, this, &ServerTab::updateStatus, Qt::QueuedConnection);
    updateStatus();
}

QString ServerTab::statusText() const
{
    return m_status->text();
}

QString ServerTab::selectedHandshake() const
{
    return m_handshake->toPlainText();
}

void ServerTab::setPort(int port)
{
    m_port->setValue(port);
}

void ServerTab::setMode(int index)
{
    m_mode->setCurrentIndex(index);
}

void ServerTab::setEchoDelay(int ms)
{
    m_delay->setValue(ms);
}

void ServerTab::setTls(bool on, const QString &certificatePath, const QString &keyPath)
{
    m_tls->setChecked(on);
    m_tlsCertificate->setText(certificatePath);
    m_tlsKey->setText(keyPath);
}

void ServerTab::setCredentialProvider(CredentialProvider provider)
{
    m_credentialProvider = std::move(provider);
}

bool ServerTab::start()
{
    net::ServerOptions options = m_server->options();
    QHostAddress address;
    if (!address.setAddress(m_host->text().trimmed())) {
        m_status->setText(tr("%1 is not an IP address.").arg(m_host->text()));
        return false;
    }
    options.address = address;
    options.port = quint16(m_port->value());
    options.path = m_path->text().trimmed().toUtf8();
    options.mode = net::ServerMode(m_mode->currentData().toInt());
    options.upstream.url = QUrl(m_upstream->text().trimmed());
    options.mockScript.reset();
    if (options.mode == net::ServerMode::Mock) {
        QString why;
        const auto script = mockScriptFrom(m_upstream->text().trimmed(), m_mockConnection, &why);
        if (!script) {
            m_status->setText(why);
            return false;
        }
        options.mockScript = script;
        options.mock.timing = net::MockTiming(m_mockTiming->currentData().toInt());
        options.mock.speed = 1.0;
    }
    options.certificate = QSslCertificate();
    options.certificateChain.clear();
    options.privateKey = QSslKey();
    const QString certificatePath = m_tlsCertificate->text().trimmed();
    if (m_tls->isChecked() && certificatePath.isEmpty()) {
        QString error;
        const auto identity = net::generateSelfSigned({}, 30, &error);
        if (!identity) {
            m_status->setText(tr("No certificate: %1").arg(error));
            return false;
        }
        options.certificate = identity->certificate;
        options.privateKey = identity->privateKey;
    } else if (m_tls->isChecked()) {
        // The passphrase of an encrypted key is asked once and kept for the restarts while the tab is open.
        const IdentityFilesLoad load = loadIdentityFiles(
            certificatePath, m_tlsKey->text().trimmed(), &m_tlsPassphrase, [this](const CredentialRequest &request) {
                return m_credentialProvider ? m_credentialProvider(request) : CredentialsDialog::ask(this, request);
            });
        if (load.declined) {
            m_status->setText(
                tr("The server did not start: the passphrase of %1 was not given.").arg(load.encryptedFile));
            return false;
        }
        const net::TlsIdentity::Loaded &loaded = load.loaded;
        if (!loaded.ok()) {
            m_status->setText(tr("The server did not start: %1").arg(loaded.error));
            return false;
        }
        options.certificate = loaded.identity.certificate;
        options.certificateChain = loaded.identity.chain;
        options.privateKey = loaded.identity.privateKey;
    }
    if (!m_server->listen(options)) {
        m_status->setText(tr("The server did not start: %1").arg(m_server->errorString()));
        return false;
    }
    applyFaults();
    updateStatus();
    return true;
}

std::shared_ptr<const net::MockScript> ServerTab::mockScriptFrom(const QString &path, quint32 connection, QString *why)
{
    if (path.isEmpty()) {
        *why = tr("Choose the session file whose server side the mock plays.");
        return nullptr;
    }
    const session::LoadedSession loaded = session::loadSessionFile(path);
    if (!loaded.openError.isEmpty()) {
        *why = tr("%1 cannot be opened: %2").arg(QDir::toNativeSeparators(path), loaded.openError);
        return nullptr;
    }
    if (loaded.error && loaded.error.kind != session::SessionReadError::Kind::Truncated) {
        *why = SessionTab::readErrorText(loaded.error);
        return nullptr;
    }
    session::MockScriptBuilder::Problem problem = session::MockScriptBuilder::Problem::None;
    const session::RecordedConnection *chosen =
        session::MockScriptBuilder::choose(loaded.connections, connection, &problem);
    if (!chosen) {
        switch (problem) {
        case session::MockScriptBuilder::Problem::NoSuchConnection:
            *why = tr("The session has no connection %1.").arg(connection);
            break;
        case session::MockScriptBuilder::Problem::NotOpened:
            *why =
                tr("Connection %1 of the session was never opened: there is no server side to play.").arg(connection);
            break;
        default: *why = tr("The session holds no connection that was opened: there is no server side to play.");
        }
        return nullptr;
    }
    m_mockDescription =
        tr("playing connection %1 of %2 (%3)").arg(chosen->id).arg(QFileInfo(path).fileName(), chosen->info.url);
    return std::make_shared<const net::MockScript>(session::MockScriptBuilder::build(*chosen));
}

bool ServerTab::playSession(const QString &path, quint32 connection)
{
    m_mode->setCurrentIndex(m_mode->findData(int(net::ServerMode::Mock)));
    m_upstream->setText(path);
    m_mockConnection = connection;
    const bool ok = start();
    m_mockConnection = 0;
    return ok;
}

void ServerTab::stop()
{
    m_server->close();
    updateStatus();
}

void ServerTab::setHandshakeRules(const QString &subprotocols, bool required, const QString &origins)
{
    m_protocols->setText(subprotocols);
    m_requireProtocol->setChecked(required);
    m_origins->setText(origins);
    applyRules();
}

void ServerTab::setMaxMessageMiB(int mib)
{
    m_maxMessage->setValue(mib);
}

void ServerTab::applyRules()
{
    m_server->setHandshakeRules(splitList(m_protocols->text()), m_requireProtocol->isChecked(),
                                splitList(m_origins->text()));
    m_server->setMaxMessageSize(quint64(m_maxMessage->value()) << 20);
}

void ServerTab::applyFaults()
{
    net::FaultInjection faults;
    faults.refuseStatus = m_refuse->value() >= 200 ? m_refuse->value() : 0;
    faults.echoDelayMs = m_delay->value();
    faults.dropEveryNth = m_drop->value();
    faults.ignorePings = m_ignorePings->isChecked();
    faults.stopReading = m_stopReading->isChecked();
    faults.resetAfterMessages = m_resetAfter->value();
    m_server->setFaults(faults);
}

void ServerTab::showClient()
{
    const int row = m_clientsView->currentIndex().row();
    m_logPane->setModel(m_clients->log(row));
    m_details->clear();
    m_handshake->setPlainText(
        QString::fromLatin1(m_clients->handshakeRequest(row) + m_clients->handshakeResponse(row)));
}

QTableView *ServerTab::logView() const
{
    return m_logPane->view();
}

bool ServerTab::sendToSelected()
{
    net::ServerClient *client = m_clients->client(m_clientsView->currentIndex().row());
    const auto payload = m_editor->payload();
    if (!client || !payload)
        return false;
    return client->sendMessage(payload->type, payload->bytes);
}

int ServerTab::sendToAll()
{
    const auto payload = m_editor->payload();
    return payload ? m_server->sendToAll(payload->type, payload->bytes) : 0;
}

void ServerTab::updateStatus()
{
    m_startStop->setText(m_server->isListening() ? tr("Restart") : tr("Start"));
    if (!m_server->isListening()) {
        if (m_status->text().isEmpty() || !m_status->text().startsWith(tr("The server did not start")))
            m_status->setText(tr("Stopped."));
        return;
    }
    QUrl page = m_server->url();
    page.setScheme(m_server->options().tls() ? QStringLiteral("https") : QStringLiteral("http"));
    page.setPath(QStringLiteral("/"));
    QString text = tr("Listening on %1 — %2 connected. A browser can open %3 for a test page.")
                       .arg(m_server->url().toString(), clientCountText(m_server->clients().size()), page.toString());
    if (m_server->options().mode == net::ServerMode::Mock)
        text += QLatin1Char(' ') + tr("Mock: %1.").arg(m_mockDescription);
    m_status->setText(text);
    // To compare with what a browser or client shows before trusting it.
    const QSslCertificate &certificate = m_server->options().certificate;
    m_status->setToolTip(
        certificate.isNull()
            ? QString()
            : tr("Certificate: %1\nSHA-256 fingerprint: %2")
                  .arg(certificate.subjectDisplayName(),
                       QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':'))));
}

QString ServerTab::clientCountText(qsizetype count)
{
    return count == 1 ? tr("1 client") : tr("%1 clients").arg(count);
}

} // namespace sockscope::ui
