#include "handshakeinspector.h"

#include "certificatedialog.h"
#include "palettecolours.h"

#include "proto/handshakekey.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace sockscope::ui {

namespace {
// Green or red, readable on the label's background.
QString checkMark(bool ok, const QPalette &palette)
{
    const QString colour = toneColour(ok ? Tone::Good : Tone::Bad, palette).name();
    return ok ? QStringLiteral("<span style='color:%1'>✔</span>").arg(colour)
              : QStringLiteral("<span style='color:%1'>✘</span>").arg(colour);
}

void fillHeaders(QStandardItemModel *model, const proto::HttpHeaders &headers)
{
    model->removeRows(0, model->rowCount());
    for (const auto &[name, value] : headers)
        model->appendRow({new QStandardItem(QString::fromLatin1(name)), new QStandardItem(QString::fromLatin1(value))});
}

QTableView *headersView(QStandardItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    return view;
}

QString milliseconds(qint64 us)
{
    return us < 0 ? QStringLiteral("–") : QString::number(us / 1000.0, 'f', 2);
}
} // namespace

HandshakeInspector::HandshakeInspector(QWidget *parent)
    : QWidget(parent)
    , m_request(new QPlainTextEdit(this))
    , m_response(new QPlainTextEdit(this))
    , m_showLineEnds(new QCheckBox(tr("Show CR LF"), this))
    , m_requestHeaders(new QStandardItemModel(0, 2, this))
    , m_responseHeaders(new QStandardItemModel(0, 2, this))
    , m_checks(new QLabel(this))
    , m_certificates(new QPlainTextEdit(this))
    , m_timing(new TimingBar(this))
    , m_editor(new QPlainTextEdit(this))
{
    for (QPlainTextEdit *edit : {m_request, m_response, m_certificates, m_editor}) {
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setReadOnly(edit != m_editor);
    }
    m_request->setPlaceholderText(tr("The upgrade request, as sent"));
    m_response->setPlaceholderText(tr("The server's response, as received"));
    m_editor->setPlaceholderText(tr("Edit an upgrade request here and send it as written"));
    for (QStandardItemModel *model : {m_requestHeaders, m_responseHeaders})
        model->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    m_checks->setTextFormat(Qt::RichText);
    m_checks->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_checks->setWordWrap(true);

    auto *raw = new QSplitter(Qt::Horizontal, this);
    raw->addWidget(m_request);
    raw->addWidget(m_response);
    auto *parsed = new QSplitter(Qt::Horizontal, this);
    parsed->addWidget(headersView(m_requestHeaders, this));
    parsed->addWidget(headersView(m_responseHeaders, this));
    auto *overview = new QWidget(this);
    auto *overviewLayout = new QVBoxLayout(overview);
    overviewLayout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_timing, 1);
    top->addWidget(m_showLineEnds);
    overviewLayout->addLayout(top);
    auto *split = new QSplitter(Qt::Vertical, overview);
    split->addWidget(raw);
    split->addWidget(parsed);
    overviewLayout->addWidget(m_checks);
    overviewLayout->addWidget(split, 1);

    auto *editorPage = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorPage);
    auto *send = new QPushButton(tr("Send this request on a new connection"), editorPage);
    send->setObjectName(QStringLiteral("sendRawRequest"));
    auto *copy = new QPushButton(tr("Start from the last request"), editorPage);
    auto *editorButtons = new QHBoxLayout;
    editorButtons->addWidget(copy);
    editorButtons->addStretch(1);
    editorButtons->addWidget(send);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addLayout(editorButtons);

    auto *tabs = new QTabWidget(this);
    tabs->addTab(overview, tr("Request and response"));
    tabs->addTab(m_certificates, tr("TLS certificates"));
    tabs->addTab(editorPage, tr("Edit and send"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);

    connect(m_showLineEnds, &QCheckBox::toggled, this, &HandshakeInspector::render);
    connect(copy, &QPushButton::clicked, this, [this] { setEditedRequest(m_rawRequest); });
    connect(send, &QPushButton::clicked, this, [this] {
        const QByteArray edited = editedRequest();
        if (!edited.isEmpty())
            emit sendRawRequested(edited);
    });
    clear();
}

void HandshakeInspector::clear()
{
    m_rawRequest.clear();
    m_rawResponse.clear();
    m_requestHeaders->removeRows(0, m_requestHeaders->rowCount());
    m_responseHeaders->removeRows(0, m_responseHeaders->rowCount());
    m_checked.reset();
    m_checks->setText(tr("No handshake yet."));
    m_certificates->setPlainText(tr("No TLS: the connection is ws://, or not made yet."));
    m_timing->setTimings({});
    render();
}

void HandshakeInspector::showRequest(const QByteArray &raw)
{
    m_rawRequest = raw;
    render();
}

void HandshakeInspector::showResponse(const proto::HttpRequestHead &request, const proto::HttpResponseHead &response)
{
    m_rawRequest = request.raw.isEmpty() ? request.serialize() : request.raw;
    m_rawResponse = response.raw;
    fillHeaders(m_requestHeaders, request.headers);
    fillHeaders(m_responseHeaders, response.headers);

    m_checked.emplace(request, response);
    renderChecks();
    render();
}

void HandshakeInspector::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_checked)
        renderChecks();
}

void HandshakeInspector::renderChecks()
{
    const proto::HttpRequestHead &request = m_checked->first;
    const proto::HttpResponseHead &response = m_checked->second;
    // The label shows them on the window colour it inherits from here.
    const QPalette palette = this->palette();
    const auto mark = [&palette](bool ok) { return checkMark(ok, palette); };
    // Each rule of RFC 6455 4.1 the response must follow, checked here again from the bytes on screen.
    QStringList lines;
    const bool switching = response.statusCode == 101;
    lines << tr("%1 Status %2 %3 (101 Switching Protocols expected)")
                 .arg(mark(switching))
                 .arg(response.statusCode)
                 .arg(QString::fromLatin1(response.reasonPhrase).toHtmlEscaped());
    if (switching) {
        lines << tr("%1 Upgrade: %2")
                     .arg(mark(response.headers.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0),
                          QString::fromLatin1(response.headers.value("Upgrade")).toHtmlEscaped());
        lines << tr("%1 Connection: %2")
                     .arg(mark(response.headers.containsToken("Connection", "Upgrade")),
                          QString::fromLatin1(response.headers.combinedValue("Connection")).toHtmlEscaped());
        const QByteArray key = request.headers.value("Sec-WebSocket-Key");
        const QByteArray expected = proto::computeAcceptKey(key);
        const QByteArray got = response.headers.value("Sec-WebSocket-Accept");
        if (got == expected) {
            lines << tr("%1 Sec-WebSocket-Accept %2 = base64(SHA-1(key + 258EAFA5-E914-47DA-95CA-C5AB0DC85B11))")
                         .arg(mark(true), QString::fromLatin1(got));
        } else {
            lines << tr("%1 Sec-WebSocket-Accept is “%2”, expected %3")
                         .arg(mark(false), QString::fromLatin1(got).toHtmlEscaped(), QString::fromLatin1(expected));
        }
        const QList<QByteArray> offered = request.headers.tokens("Sec-WebSocket-Protocol");
        const QByteArray chosen = response.headers.value("Sec-WebSocket-Protocol");
        QStringList offeredText;
        for (const QByteArray &p : offered)
            offeredText << QString::fromLatin1(p).toHtmlEscaped();
        if (chosen.isNull()) {
            lines << tr("%1 Subprotocol: none chosen (offered: %2)")
                         .arg(mark(true), offered.isEmpty() ? tr("none") : offeredText.join(QStringLiteral(", ")));
        } else {
            lines << tr("%1 Subprotocol: %2 (offered: %3)")
                         .arg(mark(offered.contains(chosen)), QString::fromLatin1(chosen).toHtmlEscaped(),
                              offered.isEmpty() ? tr("none") : offeredText.join(QStringLiteral(", ")));
        }
        const QByteArray extensions = response.headers.combinedValue("Sec-WebSocket-Extensions");
        lines << tr("%1 Extensions: %2 (offered: %3)")
                     .arg(mark(true),
                          extensions.isEmpty() ? tr("none") : QString::fromLatin1(extensions).toHtmlEscaped(),
                          request.headers.contains("Sec-WebSocket-Extensions")
                              ? QString::fromLatin1(request.headers.combinedValue("Sec-WebSocket-Extensions"))
                                    .toHtmlEscaped()
                              : tr("none"));
    }
    m_checks->setText(lines.join(QStringLiteral("<br>")));
}

void HandshakeInspector::showTimings(const net::ConnectTimings &timings)
{
    m_timing->setTimings(timings);
}

void HandshakeInspector::showCertificates(const QList<QSslCertificate> &chain)
{
    if (chain.isEmpty())
        return;
    QString text;
    for (int i = 0; i < chain.size(); ++i)
        text +=
            tr("Certificate %1 of %2\n%3\n").arg(i + 1).arg(chain.size()).arg(CertificateDialog::describe(chain[i]));
    m_certificates->setPlainText(text);
}

QString HandshakeInspector::checksText() const
{
    return m_checks->text();
}

QString HandshakeInspector::requestText() const
{
    return m_request->toPlainText();
}

QString HandshakeInspector::responseText() const
{
    return m_response->toPlainText();
}

QByteArray HandshakeInspector::editedRequest() const
{
    // Whatever line ends the editor has, HTTP wants CR LF, and a head ends with an empty line.
    QByteArray raw = m_editor->toPlainText().toUtf8();
    raw.replace("\r\n", "\n").replace('\n', "\r\n");
    if (!raw.isEmpty() && !raw.endsWith("\r\n\r\n"))
        raw += raw.endsWith("\r\n") ? "\r\n" : "\r\n\r\n";
    return raw;
}

void HandshakeInspector::setEditedRequest(const QByteArray &raw)
{
    QByteArray text = raw;
    text.replace("\r\n", "\n");
    m_editor->setPlainText(QString::fromLatin1(text));
}

void HandshakeInspector::render()
{
    const auto show = [this](const QByteArray &raw) {
        QString text = QString::fromLatin1(raw);
        if (m_showLineEnds->isChecked())
            text.replace(QStringLiteral("\r\n"), QStringLiteral("␍␊\n"));
        return text;
    };
    m_request->setPlainText(show(m_rawRequest));
    m_response->setPlainText(show(m_rawResponse));
}

TimingBar::TimingBar(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(fontMetrics().height() + 10);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimingBar::setTimings(const net::ConnectTimings &timings)
{
    m_timings = timings;
    setToolTip(summary());
    update();
}

QString TimingBar::summary() const
{
    return tr("DNS %1 ms · TCP %2 ms · TLS %3 ms · HTTP upgrade %4 ms")
        .arg(milliseconds(m_timings.dns), milliseconds(m_timings.tcp), milliseconds(m_timings.tls),
             milliseconds(m_timings.upgrade));
}

QSize TimingBar::sizeHint() const
{
    return QSize(400, fontMetrics().height() + 10);
}

void TimingBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect area = rect().adjusted(0, 2, -1, -3);
    const qint64 phases[] = {m_timings.dns, m_timings.tcp, m_timings.tls, m_timings.upgrade};
    const QString names[] = {tr("DNS"), tr("TCP"), tr("TLS"), tr("HTTP")};
    const QColor colours[] = {QColor(0x8e, 0x24, 0xaa), QColor(0x1e, 0x88, 0xe5), QColor(0x43, 0xa0, 0x47),
                              QColor(0xfb, 0x8c, 0x00)};
    qint64 total = 0;
    for (qint64 p : phases)
        total += std::max<qint64>(p, 0);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    if (total <= 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter, tr("no timings yet"));
        return;
    }
    // Every phase that happened gets at least a sliver, so a 10 µs DNS lookup is still visible.
    const int minimum = 3;
    double x = area.left() + 1;
    const double width = area.width() - 1;
    for (int i = 0; i < 4; ++i) {
        if (phases[i] < 0)
            continue;
        const double w = std::max<double>(minimum, width * double(phases[i]) / double(total));
        const QRectF segment(x, area.top() + 1, std::min(w, area.right() - x), area.height() - 1);
        painter.fillRect(segment, colours[i]);
        const QString label = QStringLiteral("%1 %2 ms").arg(names[i], milliseconds(phases[i]));
        if (painter.fontMetrics().horizontalAdvance(label) + 6 < segment.width()) {
            // Black or white, whichever reads better on the segment.
            painter.setPen(contrastRatio(Qt::white, colours[i]) >= contrastRatio(Qt::black, colours[i]) ? Qt::white
                                                                                                        : Qt::black);
            painter.drawText(segment, Qt::AlignCenter, label);
        }
        x += w;
    }
}

} // namespace sockscope::ui
