#include "payloadeditor.h"

#include "hextextedit.h"
#include "jsonformat.h"
#include "jsonhighlighter.h"
#include "tonelabel.h"

#include "proto/bytetext.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextBlock>
#include <QVBoxLayout>

namespace sockscope::ui {

namespace {
// Marks [position, position + 1) of an editor with a wavy red underline and puts the cursor there.
void markPosition(QPlainTextEdit *editor, qsizetype position)
{
    QList<QTextEdit::ExtraSelection> marks;
    if (position >= 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(editor->document());
        mark.cursor.setPosition(int(std::min<qsizetype>(position, editor->document()->characterCount() - 1)));
        mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(Qt::red);
        mark.format.setBackground(QColor(255, 0, 0, 48));
        marks.append(mark);
    }
    editor->setExtraSelections(marks);
}

QString byteCount(qint64 n)
{
    return n == 1 ? PayloadEditor::tr("1 byte") : PayloadEditor::tr("%1 bytes").arg(QLocale().toString(n));
}
} // namespace

PayloadEditor::PayloadEditor(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_format(new QPushButton(tr("Format"), this))
    , m_stack(new QStackedWidget(this))
    , m_text(new QPlainTextEdit(this))
    , m_hex(new HexTextEdit(this))
    , m_filePage(new QWidget(this))
    , m_file(new QLineEdit(m_filePage))
    , m_status(new ToneLabel(this))
{
    m_mode->addItem(tr("Text"), QVariant::fromValue(Mode::Text));
    m_mode->addItem(tr("JSON"), QVariant::fromValue(Mode::Json));
    m_mode->addItem(tr("Binary (hex)"), QVariant::fromValue(Mode::Hex));
    m_mode->addItem(tr("Binary (base64)"), QVariant::fromValue(Mode::Base64));
    m_mode->addItem(tr("File"), QVariant::fromValue(Mode::File));
    m_mode->setToolTip(tr("How the payload is written and sent: text and JSON go as text messages, the others "
                          "as binary messages"));
    m_format->setToolTip(tr("Indent the JSON, keeping member order and numbers as written"));

    m_text->setObjectName(QStringLiteral("textEditor"));
    m_hex->setObjectName(QStringLiteral("hexEditor"));
    m_format->setObjectName(QStringLiteral("formatButton"));
    m_text->setPlaceholderText(tr("Message text"));
    m_text->setTabChangesFocus(true);
    new JsonHighlighter(m_text->document(), m_text);
    m_hex->setPlaceholderText(tr("Hex bytes: 48 65 6c 6c 6f, 0x48,0x65 or \\x48\\x65"));
    m_hex->setTabChangesFocus(true);
    m_file->setPlaceholderText(tr("File to send as one binary message"));
    auto *browse = new QPushButton(tr("Browse…"), m_filePage);
    auto *fileLayout = new QHBoxLayout(m_filePage);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addWidget(m_file, 1);
    fileLayout->addWidget(browse);
    fileLayout->setAlignment(Qt::AlignTop);

    m_stack->addWidget(m_text);
    m_stack->addWidget(m_hex);
    m_stack->addWidget(m_filePage);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_mode);
    top->addWidget(m_format);
    top->addStretch(1);
    top->addWidget(m_status, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        const Mode m = mode();
        m_stack->setCurrentWidget(m == Mode::Hex    ? static_cast<QWidget *>(m_hex)
                                  : m == Mode::File ? m_filePage
                                                    : static_cast<QWidget *>(m_text));
        m_format->setVisible(m == Mode::Json);
        m_text->setPlaceholderText(m == Mode::Base64 ? tr("Base64, standard or URL-safe alphabet")
                                   : m == Mode::Json ? tr("JSON text")
                                                     : tr("Message text"));
        validate();
        emit modeChanged(m);
    });
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        validate();
        emit contentChanged();
    });
    connect(m_hex, &QPlainTextEdit::textChanged, this, [this] {
        validate();
        emit contentChanged();
    });
    connect(m_file, &QLineEdit::textChanged, this, [this] {
        validate();
        emit contentChanged();
    });
    connect(m_format, &QPushButton::clicked, this, &PayloadEditor::formatJson);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Send a file"), m_file->text());
        if (!path.isEmpty())
            m_file->setText(path);
    });
    m_format->setVisible(false);
    validate();
}

PayloadEditor::Mode PayloadEditor::mode() const
{
    return m_mode->currentData().value<Mode>();
}

void PayloadEditor::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(QVariant::fromValue(mode)));
}

QString PayloadEditor::text() const
{
    return mode() == Mode::Hex ? m_hex->toPlainText() : m_text->toPlainText();
}

void PayloadEditor::setText(const QString &text)
{
    if (mode() == Mode::Hex)
        m_hex->setPlainText(text);
    else
        m_text->setPlainText(text);
}

QString PayloadEditor::filePath() const
{
    return m_file->text();
}

void PayloadEditor::setFilePath(const QString &path)
{
    m_file->setText(path);
}

QString PayloadEditor::statusText() const
{
    return m_status->text();
}

void PayloadEditor::showProblem(qsizetype position, const QString &message)
{
    m_status->setText(message);
    m_status->setTone(Tone::Bad);
    if (mode() == Mode::Hex)
        markPosition(m_hex, position);
    else if (mode() != Mode::File)
        markPosition(m_text, position);
}

void PayloadEditor::showOk(const QString &message)
{
    m_status->setText(message);
    m_status->setTone(Tone::Normal);
    markPosition(m_hex, -1);
    markPosition(m_text, -1);
}

bool PayloadEditor::validate()
{
    switch (mode()) {
    case Mode::Text: {
        const QByteArray utf8 = m_text->toPlainText().toUtf8();
        showOk(byteCount(utf8.size()) + tr(" of UTF-8 text"));
        return true;
    }
    case Mode::Json: {
        const QString text = m_text->toPlainText();
        JsonError error;
        if (!isValidJson(text, &error)) {
            showProblem(error.offset,
                        tr("Not valid JSON at character %1: %2").arg(error.offset + 1).arg(error.message));
            return false;
        }
        showOk(tr("Valid JSON, %1").arg(byteCount(text.toUtf8().size())));
        return true;
    }
    case Mode::Hex: {
        proto::ByteTextError error;
        const auto bytes = proto::parseHexText(m_hex->toPlainText().toUtf8(), &error);
        if (!bytes) {
            // The parser counts UTF-8 bytes; hex is ASCII, so up to the mistake they are characters.
            showProblem(error.position, tr("Not hex: %1").arg(error.detail));
            return false;
        }
        showOk(byteCount(bytes->size()));
        return true;
    }
    case Mode::Base64: {
        proto::ByteTextError error;
        const auto bytes = proto::parseBase64Text(m_text->toPlainText().toUtf8(), &error);
        if (!bytes) {
            showProblem(error.position, tr("Not base64: %1").arg(error.detail));
            return false;
        }
        showOk(byteCount(bytes->size()));
        return true;
    }
    case Mode::File: {
        const QFileInfo info(m_file->text());
        if (m_file->text().isEmpty()) {
            showProblem(-1, tr("Choose a file to send."));
            return false;
        }
        if (!info.isFile() || !info.isReadable()) {
            showProblem(-1, tr("%1 is not a readable file.").arg(QDir::toNativeSeparators(m_file->text())));
            return false;
        }
        showOk(tr("%1, sent as one binary message").arg(byteCount(info.size())));
        return true;
    }
    }
    return false;
}

std::optional<EditedPayload> PayloadEditor::payload(QString *error)
{
    auto failed = [&]() -> std::optional<EditedPayload> {
        if (error)
            *error = m_status->text();
        return std::nullopt;
    };
    if (!validate())
        return failed();
    switch (mode()) {
    case Mode::Text:
    case Mode::Json: return EditedPayload{proto::Opcode::Text, m_text->toPlainText().toUtf8()};
    case Mode::Hex: return EditedPayload{proto::Opcode::Binary, *proto::parseHexText(m_hex->toPlainText().toUtf8())};
    case Mode::Base64:
        return EditedPayload{proto::Opcode::Binary, *proto::parseBase64Text(m_text->toPlainText().toUtf8())};
    case Mode::File: {
        QFile file(m_file->text());
        if (!file.open(QIODevice::ReadOnly)) {
            showProblem(-1, tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(m_file->text()), file.errorString()));
            return failed();
        }
        return EditedPayload{proto::Opcode::Binary, file.readAll()};
    }
    }
    return failed();
}

void PayloadEditor::focusEditor()
{
    if (mode() == Mode::File)
        m_file->setFocus();
    else
        m_stack->currentWidget()->setFocus();
}

void PayloadEditor::formatJson()
{
    JsonError error;
    const auto formatted = ui::formatJson(m_text->toPlainText(), 2, &error);
    if (!formatted) {
        showProblem(error.offset, tr("Not valid JSON at character %1: %2").arg(error.offset + 1).arg(error.message));
        return;
    }
    // One edit step, so Undo brings the original back.
    QTextCursor cursor(m_text->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(*formatted);
}

} // namespace sockscope::ui
