#pragma once

#include "proto/frame.h"
#include "proto/protocolerror.h"
#include "proto/role.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sockscope::ui {

class PayloadEditor;
class ToneLabel;

// Builds one frame by hand: FIN, RSV1-3, any of the 16 opcodes, mask on or off with its key, the length
// encoding, and the payload. The verdict of RFC 6455 (as the peer will judge it) is shown before sending;
// an invalid frame is sent only when the user ticks "Send even though it breaks RFC 6455".
class RawFrameEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RawFrameEditor(QWidget *parent = nullptr);

    // Who sends the frame (masking rules) and whether permessage-deflate gave RSV1 a meaning.
    void setSender(proto::Role role, bool deflateNegotiated);

    // The frame as set, or nullopt with the reason (bad key, bad payload, length encoding too small).
    std::optional<proto::Frame> frame(QString *error = nullptr);
    // What the receiving endpoint will say about the frame: no error for a valid one.
    proto::ProtocolViolation verdict();
    QString verdictText() const;
    // The header bytes as they will go on the wire, in hex; "··" for each byte of a mask key that is drawn when
    // the frame is sent. Empty when no frame can be built.
    QString headerText() const;
    PayloadEditor *payloadEditor() const { return m_payload; }

    void setFin(bool on);
    void setRsv(bool rsv1, bool rsv2, bool rsv3);
    void setOpcode(quint8 opcode);
    void setMasked(bool on);
    void setMaskKey(const QString &hex);
    // -1: the minimal encoding; otherwise a proto::LengthEncoding.
    void setLengthEncoding(int encoding);

signals:
    void sendRequested(const sockscope::proto::Frame &frame);

private:
    void update();

    proto::Role m_sender = proto::Role::Client;
    bool m_deflate = false;
    QCheckBox *m_fin;
    QCheckBox *m_rsv[3];
    QComboBox *m_opcode;
    QCheckBox *m_masked;
    QLineEdit *m_key;
    QComboBox *m_encoding;
    PayloadEditor *m_payload;
    QLabel *m_header;
    ToneLabel *m_verdict;
    QCheckBox *m_insist;
    QPushButton *m_send;
};

} // namespace sockscope::ui
