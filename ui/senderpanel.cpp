#include "senderpanel.h"

#include "payloadeditor.h"
#include "rawframeeditor.h"
#include "tonelabel.h"

#include "proto/closecode.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sockscope::ui {

QList<qint64> SendRequest::fragmentSizes() const
{
    QList<qint64> sizes;
    if (fragmentSize <= 0 || fragmentSize >= payload.size())
        return sizes;
    for (qint64 done = 0; done < payload.size(); done += fragmentSize)
        sizes.append(std::min(fragmentSize, payload.size() - done));
    return sizes;
}

SenderPanel::SenderPanel(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_editor(new PayloadEditor(this))
    , m_fragmentSize(new QSpinBox(this))
    , m_fragmentDelay(new QSpinBox(this))
    , m_pingBetween(new QCheckBox(tr("Ping between fragments"), this))
    , m_repeatCount(new QSpinBox(this))
    , m_repeatInterval(new QSpinBox(this))
    , m_pingPayload(new QLineEdit(this))
    , m_closeCode(new QComboBox(this))
    , m_closeReason(new QLineEdit(this))
    , m_closeProblem(new ToneLabel(this))
    , m_raw(new RawFrameEditor(this))
{
    // Message
    m_fragmentSize->setRange(0, 1 << 30);
    m_fragmentSize->setSpecialValueText(tr("no fragments"));
    m_fragmentSize->setSuffix(tr(" bytes"));
    m_fragmentSize->setToolTip(tr("Split the message into frames of this many payload bytes"));
    m_fragmentDelay->setRange(0, 600000);
    m_fragmentDelay->setSuffix(tr(" ms"));
    m_fragmentDelay->setToolTip(tr("Wait this long between fragments"));
    m_repeatCount->setRange(1, 1000000);
    m_repeatCount->setPrefix(tr("× "));
    m_repeatInterval->setRange(0, 3600000);
    m_repeatInterval->setPrefix(tr("every "));
    m_repeatInterval->setSuffix(tr(" ms"));
    auto *send = new QPushButton(tr("Send"), this);
    send->setObjectName(QStringLiteral("sendButton"));
    send->setToolTip(tr("Send the message (Ctrl+Enter)"));
    send->setDefault(true);
    auto *options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Fragments of"), this));
    options->addWidget(m_fragmentSize);
    options->addWidget(new QLabel(tr("delay"), this));
    options->addWidget(m_fragmentDelay);
    options->addWidget(m_pingBetween);
    options->addSpacing(12);
    options->addWidget(new QLabel(tr("Repeat"), this));
    options->addWidget(m_repeatCount);
    options->addWidget(m_repeatInterval);
    options->addStretch(1);
    options->addWidget(send);
    auto *messagePage = new QWidget(this);
    m_recall = new QComboBox(this);
    m_recall->setObjectName(QStringLiteral("recall"));
    m_recall->setMinimumContentsLength(24);
    m_recall->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recall->setToolTip(tr("Templates saved for this connection, then what was sent, newest first"));
    auto *saveTemplate = new QPushButton(tr("Save as template…"), this);
    auto *recallRow = new QHBoxLayout;
    recallRow->addWidget(m_recall, 1);
    recallRow->addWidget(saveTemplate);
    auto *messageLayout = new QVBoxLayout(messagePage);
    messageLayout->addLayout(recallRow);
    messageLayout->addWidget(m_editor, 1);
    messageLayout->addLayout(options);

    // Control frames
    m_pingPayload->setPlaceholderText(tr("Payload (text, at most 125 bytes)"));
    m_pingPayload->setMaxLength(125);
    auto *ping = new QPushButton(tr("Ping"), this);
    auto *pong = new QPushButton(tr("Pong"), this);
    m_closeCode->setEditable(true);
    m_closeCode->addItem(tr("1005 — no status code (empty close frame)"), 1005);
    for (const proto::CloseCodeEntry &entry : proto::closeCodeRegistry()) {
        if (entry.sendable)
            m_closeCode->addItem(QStringLiteral("%1 — %2").arg(entry.code).arg(QLatin1String(entry.name)), entry.code);
    }
    m_closeCode->setCurrentIndex(m_closeCode->findData(1000));
    m_closeCode->setToolTip(tr("A registered code, or type any code from 3000 to 4999"));
    m_closeReason->setPlaceholderText(tr("Reason (UTF-8, at most 123 bytes)"));
    auto *close = new QPushButton(tr("Close"), this);
    m_closeProblem->setTone(Tone::Bad);
    auto *controlPage = new QWidget(this);
    auto *controlLayout = new QFormLayout(controlPage);
    auto *pingRow = new QHBoxLayout;
    pingRow->addWidget(m_pingPayload, 1);
    pingRow->addWidget(ping);
    pingRow->addWidget(pong);
    controlLayout->addRow(tr("Ping / pong"), pingRow);
    auto *closeRow = new QHBoxLayout;
    closeRow->addWidget(m_closeCode, 1);
    closeRow->addWidget(m_closeReason, 1);
    closeRow->addWidget(close);
    controlLayout->addRow(tr("Close"), closeRow);
    controlLayout->addRow(QString(), m_closeProblem);

    m_tabs->addTab(messagePage, tr("Message"));
    m_tabs->addTab(controlPage, tr("Ping / Close"));
    m_tabs->addTab(m_raw, tr("Raw frame"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    m_sendButtons = {send, ping, pong, close};

    connect(send, &QPushButton::clicked, this, &SenderPanel::send);
    connect(saveTemplate, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save as template"), tr("Name:"), QLineEdit::Normal, QString(), &ok);
        if (ok && !name.trimmed().isEmpty())
            this->saveTemplate(name.trimmed());
    });
    connect(m_recall, &QComboBox::activated, this, [this](int index) {
        const int t = index - 1; // the first item is the prompt
        if (t >= 0 && t < m_templates.size())
            recall(m_templates[t]);
        else if (t >= m_templates.size() && t - m_templates.size() < m_history.size())
            recall(m_history[t - m_templates.size()]);
        m_recall->setCurrentIndex(0);
    });
    updateRecall();
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, [this, send] {
        if (send->isEnabled() && m_tabs->currentIndex() == 0)
            this->send();
    });
    connect(ping, &QPushButton::clicked, this,
            [this] { emit pingRequested(m_pingPayload->text().toUtf8().left(125)); });
    connect(pong, &QPushButton::clicked, this,
            [this] { emit pongRequested(m_pingPayload->text().toUtf8().left(125)); });
    connect(close, &QPushButton::clicked, this, &SenderPanel::requestClose);
    connect(m_raw, &RawFrameEditor::sendRequested, this, &SenderPanel::rawFrameRequested);
}

void SenderPanel::setSender(proto::Role role, bool deflateNegotiated)
{
    m_raw->setSender(role, deflateNegotiated);
}

void SenderPanel::setSendingEnabled(bool enabled)
{
    for (QWidget *button : std::as_const(m_sendButtons))
        button->setEnabled(enabled);
}

void SenderPanel::setFragmentation(qint64 size, int delayMs, bool pingBetween)
{
    m_fragmentSize->setValue(int(size));
    m_fragmentDelay->setValue(delayMs);
    m_pingBetween->setChecked(pingBetween);
}

void SenderPanel::setRepeat(int count, int intervalMs)
{
    m_repeatCount->setValue(count);
    m_repeatInterval->setValue(intervalMs);
}

bool SenderPanel::send()
{
    const auto payload = m_editor->payload();
    if (!payload)
        return false;
    SendRequest request;
    request.type = payload->type;
    request.payload = payload->bytes;
    request.fragmentSize = m_fragmentSize->value();
    request.fragmentDelayMs = m_fragmentDelay->value();
    request.pingBetweenFragments = m_pingBetween->isChecked();
    request.repeatCount = m_repeatCount->value();
    request.repeatIntervalMs = m_repeatInterval->value();
    const SavedMessage sent = current();
    m_history.removeAll(sent);
    m_history.prepend(sent);
    while (m_history.size() > HistoryLimit)
        m_history.removeLast();
    updateRecall();
    emit sendRequested(request);
    return true;
}

SavedMessage SenderPanel::current() const
{
    SavedMessage m;
    m.mode = int(m_editor->mode());
    if (m_editor->mode() == PayloadEditor::Mode::File)
        m.filePath = m_editor->filePath();
    else
        m.text = m_editor->text();
    return m;
}

void SenderPanel::saveTemplate(const QString &name)
{
    SavedMessage m = current();
    m.name = name;
    for (SavedMessage &existing : m_templates) {
        if (existing.name == name) {
            existing = m;
            updateRecall();
            return;
        }
    }
    m_templates.append(m);
    updateRecall();
}

void SenderPanel::setTemplates(const QList<SavedMessage> &templates)
{
    m_templates = templates;
    updateRecall();
}

void SenderPanel::recall(const SavedMessage &message)
{
    m_editor->setMode(PayloadEditor::Mode(message.mode));
    if (PayloadEditor::Mode(message.mode) == PayloadEditor::Mode::File)
        m_editor->setFilePath(message.filePath);
    else
        m_editor->setText(message.text);
    m_editor->focusEditor();
}

void SenderPanel::updateRecall()
{
    const auto label = [](const SavedMessage &m) {
        QString text = m.filePath.isEmpty() ? m.text : m.filePath;
        text.replace(QLatin1Char('\n'), QChar(0x23CE));
        if (text.size() > 80)
            text = text.left(80) + QStringLiteral("…");
        return text;
    };
    m_recall->clear();
    m_recall->addItem(tr("Templates and history (%1 + %2)").arg(m_templates.size()).arg(m_history.size()));
    for (const SavedMessage &m : std::as_const(m_templates))
        m_recall->addItem(QStringLiteral("★ %1 — %2").arg(m.name, label(m)));
    for (const SavedMessage &m : std::as_const(m_history))
        m_recall->addItem(label(m));
}

void SenderPanel::setCloseCode(quint16 code, const QString &reason)
{
    const int index = m_closeCode->findData(code);
    if (index >= 0)
        m_closeCode->setCurrentIndex(index);
    else
        m_closeCode->setEditText(QString::number(code));
    m_closeReason->setText(reason);
}

QString SenderPanel::closeProblem() const
{
    return m_closeProblem->text();
}

bool SenderPanel::requestClose()
{
    // The typed text wins over the list: "4001" or "4001 — my app's code".
    const QString text = m_closeCode->currentText().section(QLatin1Char(' '), 0, 0);
    bool ok = false;
    const uint code = text.toUInt(&ok);
    const QByteArray reason = m_closeReason->text().toUtf8();
    const auto problem = ok && code <= 65535 ? proto::checkCloseRequest(quint16(code), reason)
                                             : proto::CloseRequestProblem::CodeNotSendable;
    switch (problem) {
    case proto::CloseRequestProblem::None: break;
    case proto::CloseRequestProblem::CodeNotSendable:
        m_closeProblem->setText(tr("%1 cannot be sent: use a registered code or one from 3000 to 4999 "
                                   "(RFC 6455 7.4).")
                                    .arg(text));
        return false;
    case proto::CloseRequestProblem::ReasonNotUtf8:
        m_closeProblem->setText(tr("The reason is not valid UTF-8."));
        return false;
    case proto::CloseRequestProblem::ReasonTooLong:
        m_closeProblem->setText(
            tr("The reason is %1 bytes of UTF-8; a close frame has room for 123.").arg(reason.size()));
        return false;
    case proto::CloseRequestProblem::ReasonWithoutCode:
        m_closeProblem->setText(tr("A close frame without a status code cannot carry a reason."));
        return false;
    }
    m_closeProblem->clear();
    emit closeRequested(quint16(code), reason);
    return true;
}

} // namespace sockscope::ui
