#include "proto/closecode.h"
#include "proto/framevalidator.h"

#include "../common/closebody.h"

#include <QTest>

using namespace sockscope::proto;

namespace {
Frame frame(Opcode op, QByteArray payload = {}, bool masked = false)
{
    Frame f;
    f.opcode = op;
    f.payload = std::move(payload);
    f.masked = masked;
    f.maskKey = masked ? MaskKey{1, 2, 3, 4} : MaskKey{};
    f.lengthEncoding = Frame::minimalLengthEncoding(quint64(f.payload.size()));
    return f;
}

} // namespace

class tst_FrameValidator : public QObject
{
    Q_OBJECT
private slots:
    void rules_data();
    void rules();
    void headerOnlyCheckBeforePayload();
    void closeCodes_data();
    void closeCodes();
    void errorsMapToCloseCodes_data();
    void errorsMapToCloseCodes();
};

void tst_FrameValidator::rules_data()
{
    QTest::addColumn<Frame>("frame");
    QTest::addColumn<Role>("sender");
    QTest::addColumn<int>("allowedRsv");
    QTest::addColumn<ProtocolError>("expected");

    // Each rule, seen by both roles: `masked` is set to what the sender's role requires unless the row is
    // about masking.
    for (Role sender : {Role::Client, Role::Server}) {
        const bool m = sender == Role::Client;
        const char *who = m ? "from client" : "from server";
        QTest::addRow("valid text %s", who) << frame(Opcode::Text, "hi", m) << sender << 0 << ProtocolError::None;
        QTest::addRow("valid binary %s", who)
            << frame(Opcode::Binary, QByteArray(70000, 'x'), m) << sender << 0 << ProtocolError::None;
        QTest::addRow("valid ping 125 bytes %s", who)
            << frame(Opcode::Ping, QByteArray(125, 'p'), m) << sender << 0 << ProtocolError::None;
        QTest::addRow("valid empty close %s", who) << frame(Opcode::Close, {}, m) << sender << 0 << ProtocolError::None;
        for (int bit : {4, 2, 1}) {
            Frame f = frame(Opcode::Text, "x", m);
            f.rsv1 = bit == 4;
            f.rsv2 = bit == 2;
            f.rsv3 = bit == 1;
            QTest::addRow("RSV%d without extension %s",
                          bit == 4   ? 1
                          : bit == 2 ? 2
                                     : 3,
                          who)
                << f << sender << 0 << ProtocolError::ReservedBitsSet;
        }
        {
            Frame f = frame(Opcode::Text, "x", m);
            f.rsv1 = true;
            QTest::addRow("RSV1 on text with deflate %s", who) << f << sender << 4 << ProtocolError::None;
            f.rsv2 = true;
            QTest::addRow("RSV2 with deflate %s", who) << f << sender << 4 << ProtocolError::ReservedBitsSet;
            Frame c = frame(Opcode::Continuation, "x", m);
            c.rsv1 = true;
            QTest::addRow("RSV1 on continuation with deflate %s", who)
                << c << sender << 4 << ProtocolError::CompressedControlFrame;
            Frame p = frame(Opcode::Ping, "x", m);
            p.rsv1 = true;
            QTest::addRow("RSV1 on ping with deflate %s", who)
                << p << sender << 4 << ProtocolError::CompressedControlFrame;
        }
        for (int op : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
            QTest::addRow("reserved opcode 0x%X %s", op, who)
                << frame(Opcode(op), {}, m) << sender << 0 << ProtocolError::ReservedOpcode;
        QTest::addRow("ping of 126 bytes %s", who)
            << frame(Opcode::Ping, QByteArray(126, 'p'), m) << sender << 0 << ProtocolError::ControlFrameTooLong;
        QTest::addRow("close of 126 bytes %s", who) << frame(Opcode::Close, closeBody(1000, QByteArray(124, 'r')), m)
                                                    << sender << 0 << ProtocolError::ControlFrameTooLong;
        {
            Frame f = frame(Opcode::Pong, "x", m);
            f.fin = false;
            QTest::addRow("fragmented pong %s", who) << f << sender << 0 << ProtocolError::FragmentedControlFrame;
        }
        {
            Frame f = frame(Opcode::Text, "Hello", m);
            f.lengthEncoding = LengthEncoding::Bits16;
            QTest::addRow("5 bytes in 16-bit length %s", who) << f << sender << 0 << ProtocolError::NonMinimalLength;
            f.lengthEncoding = LengthEncoding::Bits64;
            QTest::addRow("5 bytes in 64-bit length %s", who) << f << sender << 0 << ProtocolError::NonMinimalLength;
            Frame g = frame(Opcode::Binary, QByteArray(200, 'x'), m);
            g.lengthEncoding = LengthEncoding::Bits64;
            QTest::addRow("200 bytes in 64-bit length %s", who) << g << sender << 0 << ProtocolError::NonMinimalLength;
        }
        QTest::addRow("close with 1 byte %s", who)
            << frame(Opcode::Close, "\x03", m) << sender << 0 << ProtocolError::ClosePayloadTooShort;
        QTest::addRow("close code 1005 %s", who)
            << frame(Opcode::Close, closeBody(1005), m) << sender << 0 << ProtocolError::InvalidCloseCode;
        QTest::addRow("close reason invalid UTF-8 %s", who) << frame(Opcode::Close, closeBody(1000, "ok\xC3\x28"), m)
                                                            << sender << 0 << ProtocolError::InvalidUtf8InCloseReason;
        QTest::addRow("close with valid reason %s", who)
            << frame(Opcode::Close, closeBody(1001, "bye \xE2\x82\xAC"), m) << sender << 0 << ProtocolError::None;
        QTest::addRow("frame over the limit %s", who)
            << frame(Opcode::Binary, QByteArray(1025, 'x'), m) << sender << 0 << ProtocolError::FrameTooBig;
    }
    QTest::addRow("unmasked frame from client")
        << frame(Opcode::Text, "hi", false) << Role::Client << 0 << ProtocolError::UnmaskedFrameFromClient;
    QTest::addRow("unmasked close from client")
        << frame(Opcode::Close, {}, false) << Role::Client << 0 << ProtocolError::UnmaskedFrameFromClient;
    QTest::addRow("masked frame from server")
        << frame(Opcode::Text, "hi", true) << Role::Server << 0 << ProtocolError::MaskedFrameFromServer;
    QTest::addRow("masked ping from server")
        << frame(Opcode::Ping, {}, true) << Role::Server << 0 << ProtocolError::MaskedFrameFromServer;
}

void tst_FrameValidator::rules()
{
    QFETCH(Frame, frame);
    QFETCH(Role, sender);
    QFETCH(int, allowedRsv);
    QFETCH(ProtocolError, expected);
    // A 1 KiB frame limit, except for the row that checks a large valid frame.
    const quint64 limit = frame.payload.size() > 1025 ? 1u << 20 : 1024;
    const FrameValidator validator(FrameRules{sender, quint8(allowedRsv), limit});
    const ProtocolViolation v = validator.check(frame);
    QCOMPARE(v.error, expected);
    QCOMPARE(v.detail.isEmpty(), expected == ProtocolError::None);
}

void tst_FrameValidator::headerOnlyCheckBeforePayload()
{
    // The header tells enough to refuse a huge frame or control frame before its payload arrives.
    const FrameValidator validator(FrameRules{Role::Server, 0, 1 << 20});
    Frame header;
    header.opcode = Opcode::Binary;
    header.lengthEncoding = LengthEncoding::Bits64;
    QCOMPARE(validator.checkHeader(header, quint64(1) << 40).error, ProtocolError::FrameTooBig);
    QCOMPARE(validator.checkHeader(header, 1 << 20).error, ProtocolError::None);
    header.opcode = Opcode::Ping;
    QCOMPARE(validator.checkHeader(header, quint64(1) << 40).error, ProtocolError::ControlFrameTooLong);
}

void tst_FrameValidator::closeCodes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("valid");
    // RFC 6455 7.4 and the IANA registry; the same codes the Autobahn testsuite (case 7.7, 7.9) checks.
    for (int c : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
        QTest::addRow("%d", c) << c << true;
    for (int c : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        QTest::addRow("%d", c) << c << false;
}

void tst_FrameValidator::closeCodes()
{
    QFETCH(int, code);
    QFETCH(bool, valid);
    QCOMPARE(isValidCloseCodeOnWire(quint16(code)), valid);
    const ProtocolViolation v = FrameValidator::checkClosePayload(closeBody(quint16(code), "reason"));
    QCOMPARE(v.error, valid ? ProtocolError::None : ProtocolError::InvalidCloseCode);
    if (!valid)
        QVERIFY(v.detail.contains(QString::number(code)));
}

void tst_FrameValidator::errorsMapToCloseCodes_data()
{
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("closeCode");
    QTest::addRow("reserved bits") << ProtocolError::ReservedBitsSet << 1002;
    QTest::addRow("reserved opcode") << ProtocolError::ReservedOpcode << 1002;
    QTest::addRow("non-minimal length") << ProtocolError::NonMinimalLength << 1002;
    QTest::addRow("length MSB") << ProtocolError::LengthHighBitSet << 1002;
    QTest::addRow("control too long") << ProtocolError::ControlFrameTooLong << 1002;
    QTest::addRow("fragmented control") << ProtocolError::FragmentedControlFrame << 1002;
    QTest::addRow("unexpected continuation") << ProtocolError::UnexpectedContinuation << 1002;
    QTest::addRow("expected continuation") << ProtocolError::ExpectedContinuation << 1002;
    QTest::addRow("unmasked from client") << ProtocolError::UnmaskedFrameFromClient << 1002;
    QTest::addRow("masked from server") << ProtocolError::MaskedFrameFromServer << 1002;
    QTest::addRow("close 1 byte") << ProtocolError::ClosePayloadTooShort << 1002;
    QTest::addRow("bad close code") << ProtocolError::InvalidCloseCode << 1002;
    QTest::addRow("bad close reason") << ProtocolError::InvalidUtf8InCloseReason << 1007;
    QTest::addRow("bad UTF-8") << ProtocolError::InvalidUtf8 << 1007;
    QTest::addRow("frame too big") << ProtocolError::FrameTooBig << 1009;
    QTest::addRow("message too big") << ProtocolError::MessageTooBig << 1009;
    QTest::addRow("compressed control") << ProtocolError::CompressedControlFrame << 1002;
    QTest::addRow("bad deflate data") << ProtocolError::InvalidCompressedData << 1002;
    QTest::addRow("compression bomb") << ProtocolError::InflatedMessageTooBig << 1009;
}

void tst_FrameValidator::errorsMapToCloseCodes()
{
    QFETCH(ProtocolError, error);
    QFETCH(int, closeCode);
    QCOMPARE(int(closeCodeFor(error)), closeCode);
    QVERIFY(closeCodeEntry(quint16(closeCode))->sendable);
    QVERIFY(!QByteArray(protocolErrorName(error)).isEmpty());
    QVERIFY(protocolErrorDescription(error).endsWith(QLatin1String(").")));
}

QTEST_GUILESS_MAIN(tst_FrameValidator)
#include "tst_framevalidator.moc"
