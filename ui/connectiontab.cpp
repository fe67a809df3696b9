#include "connectiontab.h"

#include "certificatedialog.h"
#include "credentialsdialog.h"
#include "filefield.h"
#include "handshakeinspector.h"
#include "logpane.h"
#include "messagedetails.h"
#include "messagelogmodel.h"
#include "payloadeditor.h"
#include "statsplot.h"

#include "proto/closecode.h"
#include "proto/registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace sockscope::ui {

namespace {
QString stateName(proto::ReadyState state)
{
    return QString::fromLatin1(proto::readyStateName(state));
}
} // namespace

ConnectionTab::ConnectionTab(QWidget *parent)
    : QWidget(parent)
    , m_url(new QComboBox(this))
    , m_connect(new QPushButton(tr("Connect"), this))
    , m_state(new QLabel(this))
    , m_info(new QLabel(this))
    , m_protocols(new QLineEdit(this))
    , m_deflate(new QCheckBox(tr("permessage-deflate"), this))
    , m_logPane(new LogPane(this))
    , m_model(new MessageLogModel({}, this))
    , m_details(new MessageDetails(this))
    , m_handshake(new HandshakeInspector(this))
    , m_sender(new SenderPanel(this))
    , m_status(new QLabel(this))
{
    // The connection bar.
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::InsertAtTop);
    m_url->setMinimumContentsLength(40);
    m_url->lineEdit()->setPlaceholderText(tr("ws://host:port/path or wss://…"));
    m_url->setObjectName(QStringLiteral("url"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_state->setObjectName(QStringLiteral("state"));
    m_state->setMinimumWidth(m_state->fontMetrics().horizontalAdvance(QStringLiteral("CONNECTING")) + 8);
    m_protocols->setPlaceholderText(tr("subprotocols, comma-separated"));
    QStringList registered;
    for (const proto::RegistryEntry &entry : proto::Registry::subprotocols())
        registered << QString::fromLatin1(entry.identifier);
    auto *completer = new QCompleter(registered, m_protocols);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_protocols->setCompleter(completer);
    m_protocols->setToolTip(tr("Sec-WebSocket-Protocol; IANA-registered names are suggested"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_url, 3);
    bar->addWidget(m_protocols, 1);
    bar->addWidget(m_deflate);
    bar->addWidget(m_connect);
    bar->addWidget(m_state);
    auto *optionsButton = new QToolButton(this);
    optionsButton->setText(tr("Options"));
    optionsButton->setCheckable(true);
    optionsButton->setToolTip(tr("Origin, extra handshake headers, keep-alive and reconnecting"));
    bar->addWidget(optionsButton);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Options: Origin, any header, keep-alive, reconnect.
    m_options = new QWidget(this);
    m_options->setVisible(false);
    m_origin = new QLineEdit(m_options);
    m_origin->setPlaceholderText(tr("Origin (none)"));
    m_headers = new QStandardItemModel(0, 2, this);
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    auto *headersView = new QTableView(m_options);
    headersView->setModel(m_headers);
    headersView->setObjectName(QStringLiteral("headers"));
    headersView->horizontalHeader()->setStretchLastSection(true);
    headersView->verticalHeader()->hide();
    headersView->setMaximumHeight(110);
    auto *addHeader = new QPushButton(tr("Add header"), m_options);
    auto *removeHeader = new QPushButton(tr("Remove"), m_options);
    m_keepAlive = new QSpinBox(m_options);
    m_keepAlive->setRange(0, 3600);
    m_keepAlive->setSpecialValueText(tr("off"));
    m_keepAlive->setSuffix(tr(" s"));
    m_keepAlive->setToolTip(tr("Send a ping this often and show its round trip"));
    m_reconnect = new QCheckBox(tr("Reconnect with backoff"), m_options);
    // Proxy and TLS, for this connection only.
    m_proxyKind = new QComboBox(m_options);
    m_proxyKind->addItem(tr("No proxy"), int(net::ProxySettings::Kind::None));
    m_proxyKind->addItem(tr("System proxy"), int(net::ProxySettings::Kind::System));
    m_proxyKind->addItem(tr("HTTP CONNECT"), int(net::ProxySettings::Kind::HttpConnect));
    m_proxyKind->addItem(tr("SOCKS5"), int(net::ProxySettings::Kind::Socks5));
    m_proxyKind->setObjectName(QStringLiteral("proxyKind"));
    m_proxyAddress = new QLineEdit(m_options);
    m_proxyAddress->setObjectName(QStringLiteral("proxyAddress"));
    m_proxyAddress->setPlaceholderText(tr("host:port"));
    m_proxyUser = new QLineEdit(m_options);
    m_proxyUser->setObjectName(QStringLiteral("proxyUser"));
    m_proxyUser->setPlaceholderText(tr("User (none)"));
    m_proxyPassword = new QLineEdit(m_options);
    m_proxyPassword->setObjectName(QStringLiteral("proxyPassword"));
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    m_proxyPassword->setPlaceholderText(tr("Password (asked for)"));
    m_proxyPassword->setToolTip(tr("Kept for this tab while it is open, never saved"));
    m_caFile = new QLineEdit(m_options);
    m_caFile->setPlaceholderText(tr("Extra CA certificates (PEM file), for this connection"));
    m_clientCertificate = new QLineEdit(m_options);
    m_clientCertificate->setPlaceholderText(tr("Client certificate: PEM or PKCS#12 (.p12, .pfx) file"));
    m_clientKey = new QLineEdit(m_options);
    m_clientKey->setPlaceholderText(tr("Private key (PEM), when not in the certificate file"));
    m_clientPassphrase = new QLineEdit(m_options);
    m_clientPassphrase->setEchoMode(QLineEdit::Password);
    m_clientPassphrase->setPlaceholderText(tr("Passphrase (asked for)"));
    m_clientPassphrase->setToolTip(tr("Kept for this tab while it is open, never saved"));
    // The file fields take a path typed or pasted, or one chosen with their browse button.
    const auto browsable = [this](QLineEdit *field, const QString &name, const QString &title, const QString &filter) {
        addOpenFileAction(field, name, [this, title, filter](const QString &current) {
            return m_filePicker(title, filter, current);
        });
    };
    browsable(m_caFile, QStringLiteral("caFile"), tr("Extra CA Certificates"),
              fileDialogFilter(FileKind::PemCertificates));
    browsable(m_clientCertificate, QStringLiteral("clientCertificate"), tr("Client Certificate"),
              fileDialogFilter(FileKind::Certificates));
    browsable(m_clientKey, QStringLiteral("clientKey"), tr("Private Key"), fileDialogFilter(FileKind::PrivateKeys));
    m_filePicker = [this](const QString &title, const QString &filter, const QString &current) {
        return QFileDialog::getOpenFileName(this, title, current, filter);
    };
    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyKind);
    proxyRow->addWidget(m_proxyAddress, 2);
    proxyRow->addWidget(m_proxyUser, 1);
    proxyRow->addWidget(m_proxyPassword, 1);
    // "user:password@host:port" as typed: the credentials go to their fields.
    connect(m_proxyAddress, &QLineEdit::editingFinished, this,
            [this] { setProxy(net::ProxySettings::Kind(m_proxyKind->currentData().toInt()), m_proxyAddress->text()); });
    auto *identityRow = new QHBoxLayout;
    identityRow->addWidget(m_clientCertificate, 2);
    identityRow->addWidget(m_clientKey, 2);
    identityRow->addWidget(m_clientPassphrase, 1);
    auto *optionsLayout = new QHBoxLayout(m_options);
    optionsLayout->setContentsMargins(0, 0, 0, 0);
    auto *left = new QFormLayout;
    left->addRow(tr("Origin"), m_origin);
    left->addRow(tr("Keep-alive ping"), m_keepAlive);
    left->addRow(QString(), m_reconnect);
    left->addRow(tr("Proxy"), proxyRow);
    left->addRow(tr("Trust"), m_caFile);
    left->addRow(tr("Client identity"), identityRow);
    optionsLayout->addLayout(left, 3);
    optionsLayout->addWidget(headersView, 2);
    auto *headerButtons = new QVBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch(1);
    optionsLayout->addLayout(headerButtons);
    connect(optionsButton, &QToolButton::toggled, m_options, &QWidget::setVisible);
    connect(addHeader, &QPushButton::clicked, this, [this, headersView] {
        m_headers->appendRow({new QStandardItem(), new QStandardItem()});
        headersView->edit(m_headers->index(m_headers->rowCount() - 1, 0));
    });
    connect(removeHeader, &QPushButton::clicked, this, [this, headersView] {
        const QModelIndex current = headersView->currentIndex();
        if (current.isValid())
            m_headers->removeRow(current.row());
    });
    connect(&m_connection, &net::ClientConnection::roundTripMeasured, this, [this](qint64 us) {
        m_lastRoundTripUs = us;
        m_stats->addRoundTrip(us);
        updateState();
    });
    connect(&m_connection, &net::ClientConnection::peerUnresponsive, this, [this](int missed, qint64 silentMs) {
        m_status->setText(tr("The server answered none of the last %1 keep-alive pings in %2 s: the connection was "
                             "dropped as dead.")
                              .arg(missed)
                              .arg(silentMs / 1000.0, 0, 'f', 1));
    });
    connect(&m_connection, &net::ClientConnection::reconnectScheduled, this, [this](int attempt, int delayMs) {
        m_status->setText(tr("Reconnecting in %1 ms (attempt %2)…").arg(delayMs).arg(attempt));
    });

    // The log and its filter.
    m_logPane->setModel(m_model);
    m_logPane->setConnectionUrlSource([this] { return url(); });

    auto *views = new QTabWidget(this);
    views->setObjectName(QStringLiteral("views"));
    views->addTab(m_details, tr("Message"));
    views->addTab(m_handshake, tr("Handshake"));
    m_stats = new StatsPlot(this);
    views->addTab(m_stats, tr("Statistics"));
    m_statsTimer.setInterval(1000);
    connect(&m_statsTimer, &QTimer::timeout, m_stats, &StatsPlot::tick);
    m_statsTimer.start();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_logPane);
    splitter->addWidget(views);
    splitter->addWidget(m_sender);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);

    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_options);
    layout->addWidget(m_info);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    // Behaviour.
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_connection.readyState() == proto::ReadyState::Open ||
            m_connection.readyState() == proto::ReadyState::Connecting)
            disconnectFromServer();
        else
            connectToServer();
    });
    connect(m_url->lineEdit(), &QLineEdit::returnPressed, this, [this] { connectToServer(); });
    connect(m_logPane, &LogPane::cleared, m_details, &MessageDetails::clear);
    connect(m_logPane, &LogPane::currentRecordChanged, this, &ConnectionTab::showSelected);

    connect(&m_connection, &net::ClientConnection::stateChanged, this, &ConnectionTab::updateState);
    connect(&m_connection, &net::ClientConnection::handshakeRequestSent, m_handshake, &HandshakeInspector::showRequest);
    connect(&m_connection, &net::ClientConnection::handshakeResponseReceived, this, [this] {
        m_handshake->showResponse(m_connection.handshakeRequest(), m_connection.handshakeResponse());
        m_handshake->showTimings(m_connection.timings());
    });
    connect(m_handshake, &HandshakeInspector::sendRawRequested, this,
            [this](const QByteArray &raw) { connectToServer(raw); });
    connect(&m_connection, &net::ClientConnection::opened, this, [this] {
        m_handshake->showTimings(m_connection.timings());
        m_handshake->showCertificates(m_connection.peerCertificateChain());
        m_sender->setSender(proto::Role::Client, !m_connection.extensions().isEmpty());
        m_status->clear();
        // A proxy that refuses later (reconnecting) may be answered again.
        m_proxyCredentialsAsked = false;
        // Ready to type the first message. The widget that has the window's focus, not the application's: the
        // window may not be the active one by then (or at all, without a window manager).
        const QWidget *focused = window()->focusWidget();
        if (focused && (focused == m_url || m_url->isAncestorOf(focused) || focused == m_connect))
            m_sender->payloadEditor()->focusEditor();
    });
    connect(&m_connection, &net::ClientConnection::errorOccurred, this,
            [this](net::ClientConnection::Error error, const QString &detail) {
                m_status->setText(tr("Could not connect: %1").arg(detail));
                if (error == net::ClientConnection::Error::TlsFailed && !m_connection.tlsErrors().isEmpty())
                    offerCertificate();
                if (error == net::ClientConnection::Error::ProxyAuthenticationRequired && !m_proxyCredentialsAsked) {
                    m_proxyCredentialsAsked = true;
                    // Asked once the connection has finished failing, not from inside its signal.
                    QTimer::singleShot(0, this, &ConnectionTab::askProxyCredentialsAndRetry);
                }
            });
    connect(&m_connection, &net::ClientConnection::protocolError, this, [this](const proto::ProtocolViolation &v) {
        m_status->setText(
            tr("The server broke the protocol: %1 (%2)").arg(proto::protocolErrorDescription(v.error), v.detail));
        if (!m_lastIncomingDataFrame.header.isEmpty())
            m_model->addFrame(proto::Direction::Incoming, m_lastIncomingDataFrame, 0);
    });
    connect(&m_connection, &net::ClientConnection::messageReceived, this, [this](const proto::Message &m, qint64 t) {
        m_model->addMessage(proto::Direction::Incoming, m, t);
        m_stats->addIncoming(m.payload.size());
    });
    connect(&m_connection, &net::ClientConnection::messageSent, this, [this](const proto::Message &m, qint64 t) {
        m_model->addMessage(proto::Direction::Outgoing, m, t);
        m_stats->addOutgoing(m.payload.size());
    });
    connect(&m_connection, &net::ClientConnection::frameReceived, this, [this](const proto::Frame &f, qint64 t) {
        if (f.isControl())
            m_model->addFrame(proto::Direction::Incoming, f, t);
        else
            m_lastIncomingDataFrame = f;
    });
    connect(&m_connection, &net::ClientConnection::frameSent, this, [this](const proto::Frame &f, qint64 t) {
        // Control frames, and data frames the raw frame editor sent (they belong to no message of ours).
        if (f.isControl() || m_rawFramesPending > 0) {
            if (!f.isControl())
                --m_rawFramesPending;
            m_model->addFrame(proto::Direction::Outgoing, f, t);
        }
    });
    connect(&m_connection, &net::ClientConnection::closed, this, [this](const proto::CloseInfo &) {
        m_repeat.stop();
        m_repeating.reset();
        updateState();
    });

    connect(m_sender, &SenderPanel::sendRequested, this, &ConnectionTab::send);
    connect(m_sender, &SenderPanel::pingRequested, this, [this](const QByteArray &p) { m_connection.ping(p); });
    connect(m_sender, &SenderPanel::pongRequested, this, [this](const QByteArray &p) { m_connection.pong(p); });
    connect(m_sender, &SenderPanel::closeRequested, this,
            [this](quint16 code, const QByteArray &reason) { m_connection.close(code, reason); });
    connect(m_sender, &SenderPanel::rawFrameRequested, this, [this](const proto::Frame &frame) {
        if (!frame.isControl())
            ++m_rawFramesPending;
        if (!m_connection.sendFrame(frame) && !frame.isControl())
            --m_rawFramesPending;
    });
    m_repeat.setTimerType(Qt::PreciseTimer);
    connect(&m_repeat, &QTimer::timeout, this, [this] {
        if (!m_repeating || m_repeatsLeft <= 0) {
            m_repeat.stop();
            return;
        }
        sendOne(*m_repeating);
        if (--m_repeatsLeft <= 0) {
            m_repeat.stop();
            m_repeating.reset();
        }
    });
    m_bufferedTimer.setInterval(250);
    connect(&m_bufferedTimer, &QTimer::timeout, this, &ConnectionTab::updateState);
    m_bufferedTimer.start();
    updateState();
}

ConnectionTab::~ConnectionTab()
{
    m_connection.disconnect(this);
}

QString ConnectionTab::url() const
{
    return m_url->currentText().trimmed();
}

void ConnectionTab::setUrl(const QString &url)
{
    m_url->setEditText(url);
}

void ConnectionTab::setSubprotocols(const QString &commaSeparated)
{
    m_protocols->setText(commaSeparated);
}

void ConnectionTab::setDeflate(bool on)
{
    m_deflate->setChecked(on);
}

void ConnectionTab::setOrigin(const QString &origin)
{
    m_origin->setText(origin);
}

void ConnectionTab::setHeaders(const QList<std::pair<QString, QString>> &headers)
{
    m_headers->removeRows(0, m_headers->rowCount());
    for (const auto &[name, value] : headers)
        m_headers->appendRow({new QStandardItem(name), new QStandardItem(value)});
}

QList<std::pair<QString, QString>> ConnectionTab::headers() const
{
    QList<std::pair<QString, QString>> list;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QString name = m_headers->item(row, 0)->text().trimmed();
        if (!name.isEmpty())
            list.append({name, m_headers->item(row, 1) ? m_headers->item(row, 1)->text() : QString()});
    }
    return list;
}

QString ConnectionTab::subprotocols() const
{
    return m_protocols->text();
}

bool ConnectionTab::deflate() const
{
    return m_deflate->isChecked();
}

QString ConnectionTab::origin() const
{
    return m_origin->text();
}

void ConnectionTab::setProxy(net::ProxySettings::Kind kind, const QString &address, const QString &user)
{
    m_proxyKind->setCurrentIndex(std::max(m_proxyKind->findData(int(kind)), 0));
    const ProxyAddress parsed = ProxyAddress::parse(address);
    if (parsed.user.isEmpty() && parsed.password.isEmpty()) {
        m_proxyAddress->setText(address.trimmed());
    } else {
        m_proxyAddress->setText(ProxyAddress::format(parsed.host, parsed.port));
        m_proxyUser->setText(parsed.user);
        m_proxyPassword->setText(parsed.password);
    }
    if (!user.isEmpty())
        m_proxyUser->setText(user);
}

void ConnectionTab::setProxyPassword(const QString &password)
{
    m_proxyPassword->setText(password);
}

QString ConnectionTab::proxyPassword() const
{
    return m_proxyPassword->text();
}

void ConnectionTab::setCaFile(const QString &path)
{
    m_caFile->setText(path);
}

void ConnectionTab::setClientIdentity(const QString &certificatePath, const QString &keyPath, const QString &passphrase)
{
    m_clientCertificate->setText(certificatePath);
    m_clientKey->setText(keyPath);
    m_clientPassphrase->setText(passphrase);
}

QString ConnectionTab::passphrase() const
{
    return m_clientPassphrase->text();
}

void ConnectionTab::setKeepAliveSeconds(int seconds)
{
    m_keepAlive->setValue(seconds);
}

void ConnectionTab::setReconnect(bool on)
{
    m_reconnect->setChecked(on);
}

ConnectionSettings ConnectionTab::settings() const
{
    ConnectionSettings c;
    c.url = url();
    c.subprotocols = subprotocols();
    c.deflate = deflate();
    c.origin = origin();
    c.headers = headers();
    c.proxyKind = net::ProxySettings::Kind(m_proxyKind->currentData().toInt());
    // Never a password typed into the address.
    const ProxyAddress address = ProxyAddress::parse(m_proxyAddress->text());
    c.proxyHost = address.host;
    c.proxyPort = address.port > 0 && address.port <= 65535 ? quint16(address.port) : 0;
    c.proxyUser = m_proxyUser->text().trimmed().isEmpty() ? address.user : m_proxyUser->text().trimmed();
    c.caFile = m_caFile->text().trimmed();
    c.clientCertificate = m_clientCertificate->text().trimmed();
    c.clientKey = m_clientKey->text().trimmed();
    c.keepAliveSeconds = m_keepAlive->value();
    c.reconnect = m_reconnect->isChecked();
    return c;
}

void ConnectionTab::applySettings(const ConnectionSettings &settings)
{
    setUrl(settings.url);
    setSubprotocols(settings.subprotocols);
    setDeflate(settings.deflate);
    setOrigin(settings.origin);
    setHeaders(settings.headers);
    m_proxyKind->setCurrentIndex(std::max(m_proxyKind->findData(int(settings.proxyKind)), 0));
    m_proxyAddress->setText(settings.proxyAddress());
    // A password typed for another user is not this one's.
    if (m_proxyUser->text() != settings.proxyUser)
        m_proxyPassword->clear();
    m_proxyUser->setText(settings.proxyUser);
    if (m_clientCertificate->text() != settings.clientCertificate || m_clientKey->text() != settings.clientKey)
        m_clientPassphrase->clear();
    m_caFile->setText(settings.caFile);
    m_clientCertificate->setText(settings.clientCertificate);
    m_clientKey->setText(settings.clientKey);
    m_keepAlive->setValue(settings.keepAliveSeconds);
    m_reconnect->setChecked(settings.reconnect);
}

void ConnectionTab::setCredentialProvider(CredentialProvider provider)
{
    m_credentialProvider = std::move(provider);
}

void ConnectionTab::setFilePicker(FilePicker picker)
{
    m_filePicker = std::move(picker);
}

std::optional<Credentials> ConnectionTab::askFor(CredentialRequest::Kind kind, const QString &text, const QString &user)
{
    CredentialRequest request;
    request.kind = kind;
    request.text = text;
    request.user = user;
    return m_credentialProvider ? m_credentialProvider(request) : CredentialsDialog::ask(this, request);
}

void ConnectionTab::focusUrl()
{
    m_url->setFocus();
    m_url->lineEdit()->selectAll();
}

void ConnectionTab::focusFilter()
{
    m_logPane->focusFilter();
}

void ConnectionTab::connectToServer(const QByteArray &rawRequest)
{
    m_proxyCredentialsAsked = false;
    open(rawRequest);
}

void ConnectionTab::open(const QByteArray &rawRequest)
{
    m_rawRequest = rawRequest;
    net::ClientOptions options;
    options.rawRequest = rawRequest;
    options.url = QUrl(url(), QUrl::StrictMode);
    if (!options.url.isValid()) {
        // Qt's explanation up to where it repeats the whole URL.
        m_status->setText(
            tr("Not a valid URL: %1").arg(options.url.errorString().section(QStringLiteral("; source was"), 0, 0)));
        return;
    }
    for (const QString &p : m_protocols->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.subprotocols << p.trimmed().toUtf8();
    options.deflate = m_deflate->isChecked();
    options.origin = m_origin->text().trimmed().toUtf8();
    for (const auto &[name, value] : headers())
        options.extraHeaders.append(name.toUtf8(), value.toUtf8());
    options.keepAliveIntervalMs = m_keepAlive->value() * 1000;
    options.proxy.kind = net::ProxySettings::Kind(m_proxyKind->currentData().toInt());
    if (options.proxy.kind == net::ProxySettings::Kind::HttpConnect ||
        options.proxy.kind == net::ProxySettings::Kind::Socks5) {
        // Credentials typed into the address go to their own fields first.
        setProxy(options.proxy.kind, m_proxyAddress->text());
        const ProxyAddress proxy = ProxyAddress::parse(m_proxyAddress->text());
        if (proxy.host.isEmpty() || proxy.port <= 0 || proxy.port > 65535) {
            m_status->setText(tr("The proxy needs host:port."));
            return;
        }
        options.proxy.host = proxy.host;
        options.proxy.port = quint16(proxy.port);
        options.proxy.user = m_proxyUser->text().trimmed();
        if (!options.proxy.user.isEmpty() && m_proxyPassword->text().isEmpty()) {
            const auto answer = askFor(
                CredentialRequest::Kind::ProxyPassword,
                tr("The proxy %1 needs the password of %2.").arg(m_proxyAddress->text().trimmed(), options.proxy.user));
            if (!answer) {
                m_status->setText(tr("Not connected: the proxy password was not given."));
                return;
            }
            m_proxyPassword->setText(answer->secret);
        }
        options.proxy.password = m_proxyPassword->text();
    }
    if (!m_caFile->text().trimmed().isEmpty()) {
        options.extraCaCertificates = QSslCertificate::fromPath(m_caFile->text().trimmed());
        if (options.extraCaCertificates.isEmpty()) {
            m_status->setText(tr("No certificate could be read from %1.").arg(m_caFile->text().trimmed()));
            return;
        }
    }
    if (const QString path = m_clientCertificate->text().trimmed(); !path.isEmpty()) {
        QString passphrase = m_clientPassphrase->text();
        const IdentityFilesLoad load =
            loadIdentityFiles(path, m_clientKey->text().trimmed(), &passphrase,
                              [this](const CredentialRequest &r) { return askFor(r.kind, r.text); });
        m_clientPassphrase->setText(passphrase);
        if (load.declined) {
            m_status->setText(tr("Not connected: the passphrase of %1 was not given.").arg(load.encryptedFile));
            return;
        }
        const net::TlsIdentity::Loaded &loaded = load.loaded;
        if (!loaded.ok()) {
            m_status->setText(tr("The client certificate cannot be used: %1").arg(loaded.error));
            return;
        }
        options.clientIdentity = loaded.identity;
    }
    options.reconnect.enabled = m_reconnect->isChecked();
    options.handshakeTimeoutMs = 15000;
    // Accepted by the user for this tab only, after seeing them.
    options.acceptedCertificates = m_acceptedCertificates;
    if (m_url->findText(url()) < 0)
        m_url->insertItem(0, url());
    m_handshake->clear();
    m_status->clear();
    m_connection.open(options);
    updateState();
}

void ConnectionTab::askProxyCredentialsAndRetry()
{
    // Unless something else started meanwhile.
    if (m_connection.readyState() != proto::ReadyState::Closed)
        return;
    const QString realm = m_connection.proxyAuthenticationRealm();
    const QString proxy = m_proxyAddress->text().trimmed();
    const QString text = realm.isEmpty()
                             ? tr("The proxy %1 asks for a user name and password.").arg(proxy)
                             : tr("The proxy %1 asks for a user name and password for “%2”.").arg(proxy, realm);
    const auto answer = askFor(CredentialRequest::Kind::ProxyCredentials, text, m_proxyUser->text().trimmed());
    if (!answer)
        return;
    m_proxyUser->setText(answer->user);
    m_proxyPassword->setText(answer->secret);
    open(m_rawRequest);
}

void ConnectionTab::offerCertificate()
{
    auto *dialog =
        new CertificateDialog(QUrl(url()).host(), m_connection.peerCertificateChain(), m_connection.tlsErrors(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        for (const QSslCertificate &c : dialog->certificatesToAccept()) {
            if (!m_acceptedCertificates.contains(c))
                m_acceptedCertificates.append(c);
        }
        connectToServer();
    });
    m_certificateDialog = dialog;
    dialog->open();
}

void ConnectionTab::disconnectFromServer()
{
    if (m_connection.readyState() == proto::ReadyState::Open)
        m_connection.close(1000);
    else
        m_connection.abort();
}

void ConnectionTab::send(const SendRequest &request)
{
    m_repeat.stop();
    m_repeating.reset();
    sendOne(request);
    if (request.repeatCount > 1) {
        m_repeating = request;
        m_repeatsLeft = request.repeatCount - 1;
        m_repeat.start(std::max(request.repeatIntervalMs, 0));
    }
}

void ConnectionTab::sendOne(const SendRequest &request)
{
    const QList<qint64> sizes = request.fragmentSizes();
    const bool ok = request.fragmentDelayMs > 0 || request.pingBetweenFragments
                        ? m_connection.sendFragmented(request.type, request.payload, sizes, request.fragmentDelayMs,
                                                      request.pingBetweenFragments)
                        : m_connection.sendMessage(request.type, request.payload, sizes);
    if (!ok)
        m_status->setText(tr("Not sent: the connection is %1.").arg(stateName(m_connection.readyState())));
}

void ConnectionTab::showSelected()
{
    if (const session::MessageRecord *record = m_logPane->currentRecord())
        m_details->showRecord(m_model->store(), *record);
    else
        m_details->clear();
}

QTableView *ConnectionTab::logView() const
{
    return m_logPane->view();
}

QString ConnectionTab::stateText() const
{
    return m_state->text();
}

QString ConnectionTab::statusText() const
{
    return m_status->text();
}

QString ConnectionTab::handshakeRequestText() const
{
    return m_handshake->requestText();
}

QString ConnectionTab::handshakeResponseText() const
{
    return m_handshake->responseText();
}

void ConnectionTab::updateState()
{
    const proto::ReadyState state = m_connection.readyState();
    m_state->setText(stateName(state));
    const bool active = state == proto::ReadyState::Open || state == proto::ReadyState::Connecting;
    m_connect->setText(active ? tr("Disconnect") : tr("Connect"));
    m_sender->setSendingEnabled(state == proto::ReadyState::Open);
    QStringList info;
    if (state == proto::ReadyState::Open || state == proto::ReadyState::Closing) {
        info << tr("protocol: %1")
                    .arg(m_connection.protocol().isEmpty() ? tr("none") : QString::fromUtf8(m_connection.protocol()));
        info << tr("extensions: %1")
                    .arg(m_connection.extensions().isEmpty() ? tr("none")
                                                             : QString::fromUtf8(m_connection.extensions()));
        info << tr("bufferedAmount: %1").arg(QLocale().toString(m_connection.bufferedAmount()));
        if (m_lastRoundTripUs >= 0)
            info << tr("ping RTT: %1 ms").arg(m_lastRoundTripUs / 1000.0, 0, 'f', 2);
    }
    if (state == proto::ReadyState::Closed) {
        if (const auto close = m_connection.closeInfo()) {
            const proto::CloseCodeEntry *entry = proto::closeCodeEntry(close->code);
            info << tr("closed: %1%2")
                        .arg(close->code)
                        .arg(entry ? QStringLiteral(" ") + QLatin1String(entry->name) : QString());
            if (!close->reason.isEmpty())
                info << tr("reason: “%1”").arg(close->reason);
            info << (close->wasClean ? tr("wasClean: true") : tr("wasClean: false"));
        }
    }
    m_info->setText(info.join(QStringLiteral("   ·   ")));
    const QUrl u(url());
    emit titleChanged(u.host().isEmpty()
                          ? tr("New connection")
                          : u.host() + (u.port() > 0 ? QStringLiteral(":%1").arg(u.port()) : QString()) + u.path());
}

} // namespace sockscope::ui
