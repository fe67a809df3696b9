#include "messagedetails.h"

#include "framesmodel.h"
#include "hexview.h"
#include "jsonformat.h"
#include "jsonhighlighter.h"
#include "messagelogmodel.h"

#include "session/messagestore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockscope::ui {

namespace {
// The image formats a browser shows, recognised by their signatures (not by guessing).
const char *imageFormat(const QByteArray &payload)
{
    if (payload.startsWith("\x89PNG\r\n\x1a\n"))
        return "PNG";
    if (payload.startsWith("\xff\xd8\xff"))
        return "JPEG";
    if (payload.startsWith("GIF87a") || payload.startsWith("GIF89a"))
        return "GIF";
    return nullptr;
}
} // namespace

MessageDetails::MessageDetails(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_text(new QPlainTextEdit(this))
    , m_pretty(new QCheckBox(tr("Format JSON"), this))
    , m_textNote(new QLabel(this))
    , m_highlighter(new JsonHighlighter(m_text->document(), m_text))
    , m_hex(new HexView(this))
    , m_imageArea(new QScrollArea(this))
    , m_image(new QLabel(this))
    , m_frames(new QTableView(this))
    , m_framesModel(new FramesModel(this))
    , m_textPage(new QWidget(this))
    , m_imagePage(m_imageArea)
{
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_text->setReadOnly(true);
    m_text->setObjectName(QStringLiteral("detailsText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pretty->setChecked(true);
    m_pretty->setToolTip(tr("Indent JSON payloads; member order and numbers stay as received"));
    m_textNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    auto *textLayout = new QVBoxLayout(m_textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    auto *textBar = new QHBoxLayout;
    textBar->addWidget(m_pretty);
    textBar->addWidget(m_textNote, 1);
    textLayout->addLayout(textBar);
    textLayout->addWidget(m_text, 1);

    m_image->setAlignment(Qt::AlignCenter);
    m_imageArea->setWidget(m_image);
    m_imageArea->setWidgetResizable(true);

    m_frames->setModel(m_framesModel);
    m_frames->verticalHeader()->hide();
    m_frames->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_frames->horizontalHeader()->setStretchLastSection(true);
    m_frames->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_tabs->addTab(m_textPage, tr("Text"));
    m_tabs->addTab(m_hex, tr("Hex"));
    m_tabs->addTab(m_imagePage, tr("Image"));
    m_tabs->addTab(m_frames, tr("Frames"));

    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy"));
    copy->setPopupMode(QToolButton::InstantPopup);
    auto *copyMenu = new QMenu(copy);
    copyMenu->addAction(tr("Copy as text"), this, &MessageDetails::copyAsText);
    copyMenu->addAction(tr("Copy as hex"), this, &MessageDetails::copyAsHex);
    copyMenu->addAction(tr("Copy as base64"), this, &MessageDetails::copyAsBase64);
    copy->setMenu(copyMenu);
    auto *save = new QPushButton(tr("Save payload…"), this);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save payload"));
        QString error;
        if (!path.isEmpty() && !savePayload(path, &error))
            QMessageBox::warning(this, tr("Save payload"), error);
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(copy);
    top->addWidget(save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    connect(m_pretty, &QCheckBox::toggled, this, &MessageDetails::updateText);
    clear();
}

void MessageDetails::clear()
{
    m_payload.clear();
    m_isText = false;
    m_summary->setText(tr("Select a message to see it here."));
    m_text->clear();
    m_textNote->clear();
    m_hex->setData({});
    m_image->clear();
    m_tabs->setTabEnabled(m_tabs->indexOf(m_imagePage), false);
    m_framesModel->clear();
}

void MessageDetails::showRecord(const session::MessageStore &store, const session::MessageRecord &record)
{
    m_payload = record.payload;
    m_isText = record.opcode == proto::Opcode::Text;
    const QString time =
        QDateTime::fromMSecsSinceEpoch(record.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz")) +
        QStringLiteral("%1").arg(record.timestampUs % 1000, 3, 10, QLatin1Char('0'));
    QString summary = tr("%1 %2, %3, at %4")
                          .arg(record.direction == proto::Direction::Outgoing ? tr("Sent") : tr("Received"),
                               MessageLogModel::kindName(record), MessageLogModel::sizeText(record), time);
    if (record.frameCount > 1)
        summary += tr(", %1 frames").arg(record.frameCount);
    if (record.payloadReleased)
        summary += tr(" — payload released to stay within the log's memory budget");
    m_summary->setText(summary);
    m_hex->setData(m_payload);
    m_framesModel->setRecord(store, record);

    const char *format = imageFormat(m_payload);
    QImage image;
    if (format && image.loadFromData(m_payload, format)) {
        m_image->setPixmap(QPixmap::fromImage(image));
        m_image->setToolTip(tr("%1, %2 × %3").arg(QLatin1String(format)).arg(image.width()).arg(image.height()));
    } else {
        m_image->clear();
    }
    const bool hasImage = !image.isNull();
    m_tabs->setTabEnabled(m_tabs->indexOf(m_imagePage), hasImage);
    updateText();
    if (hasImage)
        m_tabs->setCurrentWidget(m_imagePage);
    else if (!m_isText && m_tabs->currentWidget() != m_frames)
        m_tabs->setCurrentWidget(m_hex);
    else if (m_tabs->currentWidget() == m_imagePage)
        m_tabs->setCurrentWidget(m_textPage);
}

void MessageDetails::updateText()
{
    const QByteArray shown = m_payload.left(TextLimit);
    QString text = QString::fromUtf8(shown);
    QString note;
    if (m_payload.size() > TextLimit)
        note = tr("Showing the first %1 of %2 bytes; the Hex tab shows all of them.")
                   .arg(QLocale().toString(TextLimit), QLocale().toString(m_payload.size()));
    else if (!m_isText && !m_payload.isEmpty())
        note = tr("Binary payload shown as UTF-8; see the Hex tab for the exact bytes.");
    const bool json = m_payload.size() <= TextLimit && isValidJson(text);
    m_pretty->setEnabled(json);
    if (json && m_pretty->isChecked()) {
        if (const auto formatted = formatJson(text))
            text = *formatted;
    }
    m_text->setPlainText(text);
    m_textNote->setText(note);
}

QString MessageDetails::summary() const
{
    return m_summary->text();
}

QString MessageDetails::shownText() const
{
    return m_text->toPlainText();
}

bool MessageDetails::showsImage() const
{
    return m_tabs->isTabEnabled(m_tabs->indexOf(m_imagePage));
}

void MessageDetails::copyAsText()
{
    QApplication::clipboard()->setText(QString::fromUtf8(m_payload));
}

void MessageDetails::copyAsHex()
{
    QApplication::clipboard()->setText(QString::fromLatin1(m_payload.toHex(' ')));
}

void MessageDetails::copyAsBase64()
{
    QApplication::clipboard()->setText(QString::fromLatin1(m_payload.toBase64()));
}

bool MessageDetails::savePayload(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_payload) != m_payload.size() || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace sockscope::ui
