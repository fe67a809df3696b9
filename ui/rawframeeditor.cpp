#include "rawframeeditor.h"

#include "payloadeditor.h"
#include "tonelabel.h"

#include "proto/bytetext.h"
#include "proto/framevalidator.h"
#include "proto/framewriter.h"
#include "proto/randomsource.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sockscope::ui {

RawFrameEditor::RawFrameEditor(QWidget *parent)
    : QWidget(parent)
    , m_fin(new QCheckBox(tr("FIN"), this))
    , m_rsv{new QCheckBox(tr("RSV1"), this), new QCheckBox(tr("RSV2"), this), new QCheckBox(tr("RSV3"), this)}
    , m_opcode(new QComboBox(this))
    , m_masked(new QCheckBox(tr("Mask"), this))
    , m_key(new QLineEdit(this))
    , m_encoding(new QComboBox(this))
    , m_payload(new PayloadEditor(this))
    , m_header(new QLabel(this))
    , m_verdict(new ToneLabel(this))
    , m_insist(new QCheckBox(tr("Send even though it breaks RFC 6455"), this))
    , m_send(new QPushButton(tr("Send frame"), this))
{
    m_fin->setChecked(true);
    for (int op = 0; op < 16; ++op) {
        m_opcode->addItem(
            QStringLiteral("0x%1 %2").arg(op, 0, 16).arg(QLatin1String(proto::opcodeName(proto::Opcode(op)))), op);
    }
    m_opcode->setCurrentIndex(1);
    m_masked->setChecked(true);
    m_key->setObjectName(QStringLiteral("maskKey"));
    m_key->setPlaceholderText(tr("random"));
    m_key->setToolTip(tr("Four bytes in hex, e.g. 37 fa 21 3d; empty for a fresh random key"));
    m_key->setMaxLength(16);
    m_encoding->addItem(tr("Minimal"), -1);
    m_encoding->addItem(tr("7-bit"), int(proto::LengthEncoding::Bits7));
    m_encoding->addItem(tr("16-bit (126)"), int(proto::LengthEncoding::Bits16));
    m_encoding->addItem(tr("64-bit (127)"), int(proto::LengthEncoding::Bits64));
    m_header->setObjectName(QStringLiteral("header"));
    m_header->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setToolTip(tr("The frame's header as it goes on the wire; ·· stands for a byte of the random mask "
                            "key, drawn when the frame is sent"));
    m_verdict->setWordWrap(true);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_payload->setMode(PayloadEditor::Mode::Text);

    auto *bits = new QHBoxLayout;
    bits->addWidget(m_fin);
    for (QCheckBox *r : m_rsv)
        bits->addWidget(r);
    bits->addWidget(new QLabel(tr("Opcode"), this));
    bits->addWidget(m_opcode);
    bits->addWidget(m_masked);
    bits->addWidget(m_key);
    bits->addWidget(new QLabel(tr("Length"), this));
    bits->addWidget(m_encoding);
    bits->addStretch(1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_header);
    bottom->addWidget(m_verdict, 1);
    bottom->addWidget(m_insist);
    bottom->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bits);
    layout->addWidget(m_payload, 1);
    layout->addLayout(bottom);

    for (QCheckBox *box : {m_fin, m_rsv[0], m_rsv[1], m_rsv[2], m_masked, m_insist})
        connect(box, &QCheckBox::toggled, this, &RawFrameEditor::update);
    connect(m_opcode, &QComboBox::currentIndexChanged, this, &RawFrameEditor::update);
    connect(m_encoding, &QComboBox::currentIndexChanged, this, &RawFrameEditor::update);
    connect(m_key, &QLineEdit::textChanged, this, &RawFrameEditor::update);
    connect(m_payload, &PayloadEditor::contentChanged, this, &RawFrameEditor::update);
    connect(m_payload, &PayloadEditor::modeChanged, this, &RawFrameEditor::update);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (const auto f = frame(); f && (!verdict() || m_insist->isChecked()))
            emit sendRequested(*f);
    });
    update();
}

void RawFrameEditor::setSender(proto::Role role, bool deflateNegotiated)
{
    m_sender = role;
    m_deflate = deflateNegotiated;
    update();
}

void RawFrameEditor::setFin(bool on)
{
    m_fin->setChecked(on);
}

void RawFrameEditor::setRsv(bool rsv1, bool rsv2, bool rsv3)
{
    m_rsv[0]->setChecked(rsv1);
    m_rsv[1]->setChecked(rsv2);
    m_rsv[2]->setChecked(rsv3);
}

void RawFrameEditor::setOpcode(quint8 opcode)
{
    m_opcode->setCurrentIndex(opcode & 0xf);
}

void RawFrameEditor::setMasked(bool on)
{
    m_masked->setChecked(on);
}

void RawFrameEditor::setMaskKey(const QString &hex)
{
    m_key->setText(hex);
}

void RawFrameEditor::setLengthEncoding(int encoding)
{
    m_encoding->setCurrentIndex(m_encoding->findData(encoding));
}

std::optional<proto::Frame> RawFrameEditor::frame(QString *error)
{
    auto fail = [error](const QString &text) -> std::optional<proto::Frame> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    proto::Frame f;
    f.fin = m_fin->isChecked();
    f.rsv1 = m_rsv[0]->isChecked();
    f.rsv2 = m_rsv[1]->isChecked();
    f.rsv3 = m_rsv[2]->isChecked();
    f.opcode = proto::Opcode(m_opcode->currentData().toInt());
    f.masked = m_masked->isChecked();
    if (f.masked) {
        if (m_key->text().trimmed().isEmpty()) {
            proto::systemRandomSource()(f.maskKey);
        } else {
            const auto key = proto::parseHexText(m_key->text().toLatin1());
            if (!key || key->size() != 4)
                return fail(tr("The mask key must be 4 bytes of hex, e.g. 37 fa 21 3d."));
            std::copy_n(key->constData(), 4, reinterpret_cast<char *>(f.maskKey.data()));
        }
    }
    QString payloadError;
    const auto payload = m_payload->payload(&payloadError);
    if (!payload)
        return fail(payloadError);
    f.payload = payload->bytes;
    const int encoding = m_encoding->currentData().toInt();
    f.lengthEncoding =
        encoding < 0 ? proto::Frame::minimalLengthEncoding(quint64(f.payload.size())) : proto::LengthEncoding(encoding);
    const quint64 size = quint64(f.payload.size());
    if ((f.lengthEncoding == proto::LengthEncoding::Bits7 && size > 125) ||
        (f.lengthEncoding == proto::LengthEncoding::Bits16 && size > 0xffff))
        return fail(tr("A %1-byte payload does not fit that length encoding.").arg(size));
    return f;
}

proto::ProtocolViolation RawFrameEditor::verdict()
{
    const auto f = frame();
    if (!f)
        return {};
    const proto::FrameValidator validator(
        proto::FrameRules{m_sender, quint8(m_deflate ? 4 : 0), std::numeric_limits<quint64>::max()});
    return validator.check(*f);
}

QString RawFrameEditor::verdictText() const
{
    return m_verdict->text();
}

QString RawFrameEditor::headerText() const
{
    return m_header->text();
}

void RawFrameEditor::update()
{
    m_key->setEnabled(m_masked->isChecked());
    QString error;
    const auto f = frame(&error);
    if (!f) {
        m_header->clear();
        m_verdict->setText(error);
        m_verdict->setTone(Tone::Bad);
        m_send->setEnabled(false);
        return;
    }
    QString header = QString::fromLatin1(proto::FrameWriter::header(*f).toHex(' '));
    if (f->masked && m_key->text().trimmed().isEmpty())
        header = header.chopped(11) + QStringLiteral("·· ·· ·· ··"); // the key's 4 bytes, drawn when sent
    m_header->setText(header);
    const proto::ProtocolViolation v = verdict();
    if (!v) {
        m_verdict->setText(tr("Valid frame: %1 header bytes + %2 payload bytes.")
                               .arg(proto::Frame::headerSize(f->lengthEncoding, f->masked))
                               .arg(f->payload.size()));
        m_verdict->setTone(Tone::Good);
        m_send->setEnabled(true);
        m_insist->setVisible(false);
        m_send->setText(tr("Send frame"));
        return;
    }
    m_verdict->setText(tr("The peer will fail the connection: %1 (%2). Close code %3.")
                           .arg(proto::protocolErrorDescription(v.error), v.detail)
                           .arg(proto::closeCodeFor(v.error)));
    m_verdict->setTone(Tone::Bad);
    m_insist->setVisible(true);
    m_send->setEnabled(m_insist->isChecked());
    m_send->setText(tr("Send invalid frame"));
}

} // namespace sockscope::ui
