#include "proto/closecode.h"
#include "proto/connection.h"
#include "proto/deflateparameters.h"
#include "proto/framewriter.h"

#include "../common/closebody.h"

#include <QTest>

using namespace sockscope::proto;

namespace {
// What a connection reported, sorted by kind.
struct Log {
    QList<Frame> framesIn, framesOut;
    QList<Message> messagesIn, messagesOut;
    QList<ReadyState> states;
    QList<ProtocolViolation> errors;
    QList<CloseInfo> closes;

    void take(Connection &c)
    {
        for (ConnectionEvent &e : c.takeEvents()) {
            if (auto *f = std::get_if<FrameEvent>(&e))
                (f->direction == Direction::Incoming ? framesIn : framesOut).append(f->frame);
            else if (auto *m = std::get_if<MessageEvent>(&e))
                (m->direction == Direction::Incoming ? messagesIn : messagesOut).append(m->message);
            else if (auto *s = std::get_if<StateEvent>(&e))
                states.append(s->state);
            else if (auto *p = std::get_if<ProtocolErrorEvent>(&e))
                errors.append(p->violation);
            else if (auto *c2 = std::get_if<CloseEvent>(&e))
                closes.append(c2->info);
        }
    }
};

// Two connected endpoints in memory. Transport closes are delivered the way TCP would: when one side closes
// its transport, both see transportClosed().
struct Pair {
    Connection client{Role::Client, options()};
    Connection server{Role::Server};
    Log clientLog, serverLog;

    static ConnectionOptions options()
    {
        ConnectionOptions o;
        o.random = fixedRandomSource(QByteArray::fromHex("37fa213d"));
        return o;
    }
    // With permessage-deflate on both ends when `deflate` is given.
    explicit Pair(const DeflateParameters *deflate = nullptr)
    {
        client.open(deflate);
        server.open(deflate);
        collect();
    }
    void collect()
    {
        clientLog.take(client);
        serverLog.take(server);
    }
    void pump()
    {
        for (int i = 0; i < 100; ++i) {
            const QByteArray toServer = client.takeOutgoing();
            const QByteArray toClient = server.takeOutgoing();
            if (toServer.isEmpty() && toClient.isEmpty())
                break;
            server.receive(toServer);
            client.receive(toClient);
        }
        if (server.transportCloseRequested() || client.transportCloseRequested()) {
            server.transportClosed();
            client.transportClosed();
        }
        collect();
    }
};

QByteArray encode(Opcode op, QByteArray payload, bool masked, bool fin = true)
{
    Frame f;
    f.opcode = op;
    f.payload = std::move(payload);
    f.fin = fin;
    f.masked = masked;
    f.maskKey = {9, 8, 7, 6};
    return FrameWriter::encode(f);
}
} // namespace

class tst_Connection : public QObject
{
    Q_OBJECT
private slots:
    void clientMasksWithInjectedKey();
    void textAndBinaryBothWays();
    void fragmentedSend();
    void fragmentAtATime_data();
    void fragmentAtATime();
    void dataRefusedWhileMessageInProgress();
    void closeAbandonsMessageInProgress();
    void autoPong();
    void autoPongOff();
    void closeHandshake_data();
    void closeHandshake();
    void closeWithoutCode();
    void transportLostWithoutClose();
    void closeArgumentsChecked();
    void nothingSentWhenNotOpen();
    void protocolErrorsFailWithCloseCode_data();
    void protocolErrorsFailWithCloseCode();
    void invalidUtf8FailsBeforeFrameEnds();
    void bytesAfterCloseIgnored();
    void controlFramesBetweenFragments();
    void replyToMessageGoesBeforeCloseAnswer();
    void applicationAnswersCloseWithOwnCode();
    void rawFrameSentAsIs();
    void largeServerPayloadSharedNotCopied();
    void outgoingBuffersOfAGivenCapacity();
    void unreportedSentMessagesStillSentAndCounted_data();
    void unreportedSentMessagesStillSentAndCounted();
};

void tst_Connection::clientMasksWithInjectedKey()
{
    Pair p;
    QVERIFY(p.client.sendText("Hello"));
    // RFC 6455 5.7: the single-frame masked text message.
    QCOMPARE(p.client.takeOutgoing(), QByteArray::fromHex("818537fa213d7f9f4d5158"));
    QVERIFY(p.server.sendText("Hello"));
    QCOMPARE(p.server.takeOutgoing(), QByteArray::fromHex("810548656c6c6f"));
}

void tst_Connection::textAndBinaryBothWays()
{
    Pair p;
    QVERIFY(p.client.sendText("héllo"));
    QVERIFY(p.client.sendBinary(QByteArray(70000, '\x01')));
    QVERIFY(p.server.sendText(""));
    p.pump();
    QCOMPARE(p.serverLog.messagesIn.size(), 2);
    QCOMPARE(p.serverLog.messagesIn[0].type, Opcode::Text);
    QCOMPARE(p.serverLog.messagesIn[0].payload, QByteArray("héllo"));
    QCOMPARE(p.serverLog.messagesIn[1].type, Opcode::Binary);
    QCOMPARE(p.serverLog.messagesIn[1].payload, QByteArray(70000, '\x01'));
    QCOMPARE(p.serverLog.messagesIn[1].frames.first().lengthEncoding, LengthEncoding::Bits64);
    QCOMPARE(p.clientLog.messagesIn.size(), 1);
    QCOMPARE(p.clientLog.messagesIn[0].payload, QByteArray());
    // Every frame is reported on both sides, the same on the wire.
    QCOMPARE(p.clientLog.framesOut.size(), 2);
    QCOMPARE(p.serverLog.framesIn.size(), 2);
    QCOMPARE(p.serverLog.framesIn[0].header.toByteArray(), p.clientLog.framesOut[0].header.toByteArray());
    QCOMPARE(p.clientLog.messagesOut.size(), 2);
    QVERIFY(p.serverLog.errors.isEmpty());
    QCOMPARE(p.client.readyState(), ReadyState::Open);
}

void tst_Connection::fragmentedSend()
{
    Pair p;
    QVERIFY(p.client.sendMessage(Opcode::Text, "Hello, world", {5, 2, 0}));
    p.pump();
    QCOMPARE(p.serverLog.framesIn.size(), 4);
    QCOMPARE(p.serverLog.framesIn[0].opcode, Opcode::Text);
    QCOMPARE(p.serverLog.framesIn[0].payload, QByteArray("Hello"));
    QVERIFY(!p.serverLog.framesIn[0].fin);
    QCOMPARE(p.serverLog.framesIn[1].opcode, Opcode::Continuation);
    QCOMPARE(p.serverLog.framesIn[1].payload, QByteArray(", "));
    QCOMPARE(p.serverLog.framesIn[2].payload, QByteArray());
    QCOMPARE(p.serverLog.framesIn[3].payload, QByteArray("world"));
    QVERIFY(p.serverLog.framesIn[3].fin);
    QCOMPARE(p.serverLog.messagesIn.size(), 1);
    QCOMPARE(p.serverLog.messagesIn[0].payload, QByteArray("Hello, world"));
    QCOMPARE(p.serverLog.messagesIn[0].frames.size(), 4);
    QCOMPARE(p.clientLog.messagesOut[0].frames.size(), 4);
}

void tst_Connection::fragmentAtATime_data()
{
    QTest::addColumn<bool>("deflate");
    QTest::addColumn<QList<qint64>>("sizes"); // passed to continueMessage(), one call each
    QTest::addColumn<QList<qint64>>("expectedPayloadSizes");
    // 60 bytes of text; compressed, the same text repeated shrinks to far fewer bytes.
    QTest::addRow("two pieces and the rest") << false << QList<qint64>{10, 20} << QList<qint64>{10, 20, 30};
    QTest::addRow("empty fragments") << false << QList<qint64>{0, 25, 0} << QList<qint64>{0, 25, 0, 35};
    QTest::addRow("first takes all, FIN frame empty") << false << QList<qint64>{1000} << QList<qint64>{60, 0};
    QTest::addRow("negative size sends an empty frame") << false << QList<qint64>{-5} << QList<qint64>{0, 60};
    QTest::addRow("no continue, FIN frame carries all") << false << QList<qint64>{} << QList<qint64>{60};
    QTest::addRow("deflate one byte at a time") << true << QList<qint64>{1, 1, 1} << QList<qint64>{1, 1, 1, -1};
    QTest::addRow("deflate no continue") << true << QList<qint64>{} << QList<qint64>{-1};
}

void tst_Connection::fragmentAtATime()
{
    QFETCH(bool, deflate);
    QFETCH(QList<qint64>, sizes);
    QFETCH(QList<qint64>, expectedPayloadSizes); // -1: the rest of the compressed bytes
    const DeflateParameters parameters;
    Pair p(deflate ? &parameters : nullptr);
    const QByteArray text = QByteArray("fragment ").repeated(6) + "end\xE2\x9C\x93";
    QCOMPARE(text.size(), 60);
    QVERIFY(p.client.beginMessage(Opcode::Text, text));
    QVERIFY(p.client.outgoingMessageInProgress());
    const qint64 wireSize = p.client.outgoingMessageRemaining();
    if (deflate)
        QVERIFY2(wireSize < text.size() / 2, qPrintable(QString::number(wireSize)));
    else
        QCOMPARE(wireSize, text.size());
    QCOMPARE(p.client.outgoingSize(), 0); // nothing is sent by beginMessage()

    for (qint64 size : sizes) {
        QVERIFY(p.client.continueMessage(size));
        // RFC 6455 5.4: control frames may go between the fragments of a message.
        QVERIFY(p.client.ping("between"));
        p.pump();
        QVERIFY(p.clientLog.messagesOut.isEmpty());
        QVERIFY(p.serverLog.messagesIn.isEmpty());
    }
    QVERIFY(p.client.finishMessage());
    QVERIFY(!p.client.outgoingMessageInProgress());
    QCOMPARE(p.client.outgoingMessageRemaining(), 0);
    p.pump();

    QVERIFY(p.serverLog.errors.isEmpty());
    QCOMPARE(p.serverLog.messagesIn.size(), 1);
    QCOMPARE(p.serverLog.messagesIn[0].payload, text);
    QCOMPARE(p.serverLog.messagesIn[0].compressed, deflate);
    // The sender reports the message once, when its last fragment went out, with every frame.
    QCOMPARE(p.clientLog.messagesOut.size(), 1);
    const Message &sent = p.clientLog.messagesOut[0];
    QCOMPARE(sent.payload, text);
    QCOMPARE(sent.compressed, deflate);
    QCOMPARE(sent.wirePayloadSize(), wireSize);
    QCOMPARE(qsizetype(sent.frames.size()), expectedPayloadSizes.size());
    // On the wire: the fragments in order with a ping after each but the last, RSV1 on the first frame only.
    QCOMPARE(p.serverLog.framesIn.size(), 2 * expectedPayloadSizes.size() - 1);
    qint64 consumed = 0;
    for (qsizetype i = 0; i < expectedPayloadSizes.size(); ++i) {
        const Frame &frame = p.serverLog.framesIn[2 * i];
        QCOMPARE(frame.opcode, i == 0 ? Opcode::Text : Opcode::Continuation);
        QCOMPARE(frame.fin, i == expectedPayloadSizes.size() - 1);
        QCOMPARE(frame.rsv1, deflate && i == 0);
        const qint64 expected = expectedPayloadSizes[i] < 0 ? wireSize - consumed : expectedPayloadSizes[i];
        QCOMPARE(frame.payload.size(), expected);
        QCOMPARE(frame, sent.frames[i]);
        consumed += frame.payload.size();
        if (i + 1 < expectedPayloadSizes.size())
            QCOMPARE(p.serverLog.framesIn[2 * i + 1].opcode, Opcode::Ping);
    }
    QCOMPARE(consumed, wireSize);
    // The pings were answered while the message was in progress.
    QCOMPARE(p.clientLog.framesIn.size(), sizes.size());
}

void tst_Connection::dataRefusedWhileMessageInProgress()
{
    Pair p;
    QVERIFY(!p.client.continueMessage(1)); // nothing begun
    QVERIFY(!p.client.finishMessage());
    QVERIFY(p.client.beginMessage(Opcode::Binary, "0123456789"));
    QVERIFY(p.client.continueMessage(4));
    QCOMPARE(p.client.outgoingMessageRemaining(), 6);
    // RFC 6455 5.4: no frames of another message until this one is finished.
    QVERIFY(!p.client.sendText("cut in"));
    QVERIFY(!p.client.beginMessage(Opcode::Text, "another"));
    QVERIFY(p.client.pong("unsolicited"));
    QVERIFY(p.client.finishMessage());
    QVERIFY(p.client.sendText("after"));
    p.pump();
    QVERIFY(p.serverLog.errors.isEmpty());
    QCOMPARE(p.serverLog.messagesIn.size(), 2);
    QCOMPARE(p.serverLog.messagesIn[0].type, Opcode::Binary);
    QCOMPARE(p.serverLog.messagesIn[0].payload, QByteArray("0123456789"));
    QCOMPARE(p.serverLog.messagesIn[1].payload, QByteArray("after"));
}

void tst_Connection::closeAbandonsMessageInProgress()
{
    Pair p;
    QVERIFY(p.client.beginMessage(Opcode::Text, "never finished"));
    QVERIFY(p.client.continueMessage(5));
    QVERIFY(p.client.close(1000, "changed my mind"));
    // RFC 6455 5.5.1: no data frames after this side's close frame.
    QVERIFY(!p.client.outgoingMessageInProgress());
    QVERIFY(!p.client.continueMessage(1));
    QVERIFY(!p.client.finishMessage());
    p.pump();
    QVERIFY(p.clientLog.messagesOut.isEmpty());
    QVERIFY(p.serverLog.messagesIn.isEmpty());
    QVERIFY(p.serverLog.errors.isEmpty());
    QCOMPARE(p.serverLog.closes.size(), 1);
    QCOMPARE(p.serverLog.closes[0].code, quint16(1000));
    QVERIFY(p.serverLog.closes[0].wasClean);
}

void tst_Connection::autoPong()
{
    Pair p;
    QVERIFY(p.client.ping("rtt-1"));
    p.pump();
    QCOMPARE(p.serverLog.framesIn.size(), 1);
    QCOMPARE(p.serverLog.framesIn[0].opcode, Opcode::Ping);
    QCOMPARE(p.serverLog.framesOut.size(), 1);
    QCOMPARE(p.serverLog.framesOut[0].opcode, Opcode::Pong);
    QCOMPARE(p.clientLog.framesIn.size(), 1);
    QCOMPARE(p.clientLog.framesIn[0].opcode, Opcode::Pong);
    QCOMPARE(p.clientLog.framesIn[0].payload, QByteArray("rtt-1"));
    QVERIFY(p.clientLog.messagesIn.isEmpty());
}

void tst_Connection::autoPongOff()
{
    Pair p;
    p.server.setAutoPong(false);
    QVERIFY(p.client.ping("x"));
    p.pump();
    QCOMPARE(p.serverLog.framesIn.size(), 1);
    QVERIFY(p.serverLog.framesOut.isEmpty());
    QVERIFY(p.clientLog.framesIn.isEmpty());
}

void tst_Connection::closeHandshake_data()
{
    QTest::addColumn<bool>("clientCloses");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::addRow("client closes 1000") << true << 1000 << QByteArray("done");
    QTest::addRow("server closes 1001") << false << 1001 << QByteArray("going away");
    QTest::addRow("client closes 4000 UTF-8 reason") << true << 4000 << QByteArray("fertig \xE2\x9C\x93");
    QTest::addRow("server closes 3000 empty reason") << false << 3000 << QByteArray();
}

void tst_Connection::closeHandshake()
{
    QFETCH(bool, clientCloses);
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    Pair p;
    Connection &closer = clientCloses ? p.client : p.server;
    QVERIFY(closer.close(quint16(code), reason));
    QCOMPARE(closer.readyState(), ReadyState::Closing);
    p.pump();
    for (Log *log : {&p.clientLog, &p.serverLog}) {
        QCOMPARE(log->states, (QList<ReadyState>{ReadyState::Open, ReadyState::Closing, ReadyState::Closed}));
        QCOMPARE(log->closes.size(), 1);
        const CloseInfo &info = log->closes.first();
        QCOMPARE(info.code, quint16(code));
        // The answering side received the reason; the closing side gets the echoed code without one.
        const bool closerLog = log == (clientCloses ? &p.clientLog : &p.serverLog);
        QCOMPARE(info.reason, closerLog ? QString() : QString::fromUtf8(reason));
        QCOMPARE(info.sentReason, closerLog ? QString::fromUtf8(reason) : QString());
        QVERIFY(info.wasClean);
        QVERIFY(info.closeSent);
        QVERIFY(info.closeReceived);
        QVERIFY(log->errors.isEmpty());
    }
    const CloseInfo &closerInfo = (clientCloses ? p.clientLog : p.serverLog).closes.first();
    const CloseInfo &otherInfo = (clientCloses ? p.serverLog : p.clientLog).closes.first();
    QCOMPARE(closerInfo.initiator, CloseInitiator::Local);
    QCOMPARE(otherInfo.initiator, CloseInitiator::Remote);
    // The answering side echoes the status code (RFC 6455 5.5.1).
    QCOMPARE(otherInfo.sentCode, std::optional<quint16>(quint16(code)));
    // Only the server asks to close TCP after a clean close handshake (RFC 6455 7.1.1).
    QVERIFY(p.server.transportCloseRequested());
    QVERIFY(!p.client.transportCloseRequested());
}

void tst_Connection::closeWithoutCode()
{
    Pair p;
    QVERIFY(p.client.close(CloseCode::NoStatusReceived));
    QCOMPARE(p.client.takeOutgoing().size(), 6); // 2 header bytes + mask key, no body
    p.client.receive(encode(Opcode::Close, {}, false));
    p.client.transportClosed();
    p.collect();
    QCOMPARE(p.clientLog.closes.size(), 1);
    QCOMPARE(p.clientLog.closes[0].code, CloseCode::NoStatusReceived);
    QVERIFY(p.clientLog.closes[0].wasClean);
    QCOMPARE(p.clientLog.closes[0].sentCode, std::nullopt);
}

void tst_Connection::transportLostWithoutClose()
{
    Pair p;
    p.client.transportClosed();
    p.collect();
    QCOMPARE(p.clientLog.closes.size(), 1);
    QCOMPARE(p.clientLog.closes[0].code, CloseCode::Abnormal);
    QVERIFY(!p.clientLog.closes[0].wasClean);
    QCOMPARE(p.clientLog.closes[0].initiator, CloseInitiator::None);
    QCOMPARE(p.client.readyState(), ReadyState::Closed);
    // A second report of the same end changes nothing.
    p.client.transportClosed();
    p.collect();
    QCOMPARE(p.clientLog.closes.size(), 1);
}

void tst_Connection::closeArgumentsChecked()
{
    Pair p;
    QVERIFY(!p.client.close(1005, "reason without code"));
    QVERIFY(!p.client.close(1006));
    QVERIFY(!p.client.close(999));
    QVERIFY(!p.client.close(1000, QByteArray(124, 'r')));
    QVERIFY(!p.client.close(1000, "\xFF"));
    QCOMPARE(p.client.outgoingSize(), 0);
    QCOMPARE(p.client.readyState(), ReadyState::Open);
    QVERIFY(p.client.close(1000, QByteArray(123, 'r')));
    QVERIFY(!p.client.close(1000)); // once only
}

void tst_Connection::nothingSentWhenNotOpen()
{
    Connection c(Role::Client);
    QVERIFY(!c.sendText("early"));
    QVERIFY(!c.ping());
    QCOMPARE(c.outgoingSize(), 0);
    c.open();
    QVERIFY(c.close(1000));
    QVERIFY(!c.sendText("late")); // RFC 6455 5.5.1: no data after our close frame
    QVERIFY(!c.ping());
}

void tst_Connection::protocolErrorsFailWithCloseCode_data()
{
    QTest::addColumn<Role>("role");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ProtocolError>("error");
    QTest::addColumn<int>("closeCode");
    for (Role role : {Role::Client, Role::Server}) {
        const bool masked = role == Role::Server; // what the peer must do
        const char *who = role == Role::Server ? "server receives" : "client receives";
        QTest::addRow("%s RSV2", who) << role << QByteArray(encode(Opcode::Text, "x", masked)).replace(0, 1, "\xA1")
                                      << ProtocolError::ReservedBitsSet << 1002;
        QTest::addRow("%s opcode 3", who)
            << role << encode(Opcode::Reserved3, {}, masked) << ProtocolError::ReservedOpcode << 1002;
        QTest::addRow("%s fragmented ping", who)
            << role << encode(Opcode::Ping, {}, masked, false) << ProtocolError::FragmentedControlFrame << 1002;
        QTest::addRow("%s lone continuation", who)
            << role << encode(Opcode::Continuation, "x", masked) << ProtocolError::UnexpectedContinuation << 1002;
        QTest::addRow("%s text in fragmented text", who)
            << role << (encode(Opcode::Text, "a", masked, false) + encode(Opcode::Text, "b", masked))
            << ProtocolError::ExpectedContinuation << 1002;
        QTest::addRow("%s invalid UTF-8", who) << role
                                               << encode(Opcode::Text,
                                                         "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80"
                                                         "edited",
                                                         masked)
                                               << ProtocolError::InvalidUtf8 << 1007;
        QTest::addRow("%s close of 1 byte", who)
            << role << encode(Opcode::Close, "\x03", masked) << ProtocolError::ClosePayloadTooShort << 1002;
        QTest::addRow("%s close code 1004", who)
            << role << encode(Opcode::Close, closeBody(1004), masked) << ProtocolError::InvalidCloseCode << 1002;
        QTest::addRow("%s bad close reason", who) << role << encode(Opcode::Close, closeBody(1000, "\xC0"), masked)
                                                  << ProtocolError::InvalidUtf8InCloseReason << 1007;
        QTest::addRow("%s non-minimal length", who)
            << role << QByteArray::fromHex(masked ? "81fe0001010203045f" : "817e000161")
            << ProtocolError::NonMinimalLength << 1002;
        QTest::addRow("%s 64-bit length MSB", who)
            << role << QByteArray::fromHex(masked ? "82ff800000000000000001020304" : "827f8000000000000000")
            << ProtocolError::LengthHighBitSet << 1002;
        QTest::addRow("%s frame over limit", who)
            << role << QByteArray::fromHex(masked ? "82ff000000010000000001020304" : "827f0000000100000000")
            << ProtocolError::FrameTooBig << 1009;
        QTest::addRow("%s RSV1 without deflate", who)
            << role << QByteArray(encode(Opcode::Text, "x", masked)).replace(0, 1, "\xC1")
            << ProtocolError::ReservedBitsSet << 1002;
    }
    QTest::addRow("server receives unmasked")
        << Role::Server << encode(Opcode::Text, "x", false) << ProtocolError::UnmaskedFrameFromClient << 1002;
    QTest::addRow("client receives masked")
        << Role::Client << encode(Opcode::Text, "x", true) << ProtocolError::MaskedFrameFromServer << 1002;
}

void tst_Connection::protocolErrorsFailWithCloseCode()
{
    QFETCH(Role, role);
    QFETCH(QByteArray, input);
    QFETCH(ProtocolError, error);
    QFETCH(int, closeCode);
    // Whole, one byte at a time, and split in two at every position: the same verdict each time.
    QList<QList<QByteArrayView>> feeds{{QByteArrayView(input)}};
    QList<QByteArrayView> bytes;
    for (qsizetype i = 0; i < input.size(); ++i)
        bytes.append(QByteArrayView(input).sliced(i, 1));
    feeds.append(bytes);
    for (qsizetype at = 1; at < input.size(); ++at)
        feeds.append({QByteArrayView(input).first(at), QByteArrayView(input).sliced(at)});

    for (const QList<QByteArrayView> &chunks : feeds) {
        Connection c(role);
        c.open();
        c.takeEvents();
        for (QByteArrayView chunk : chunks)
            c.receive(chunk);
        c.takeOutgoing();
        Log log;
        log.take(c);
        QCOMPARE(log.errors.size(), 1);
        QCOMPARE(log.errors[0].error, error);
        QVERIFY(!log.errors[0].detail.isEmpty());
        // The failing side sends a close frame with the code for the rule and asks to close the transport.
        QCOMPARE(log.framesOut.size(), 1);
        QCOMPARE(log.framesOut[0].opcode, Opcode::Close);
        QCOMPARE(log.framesOut[0].masked, role == Role::Client);
        QCOMPARE(int(quint8(log.framesOut[0].payload[0]) << 8 | quint8(log.framesOut[0].payload[1])), closeCode);
        QVERIFY(c.transportCloseRequested());
        QCOMPARE(c.readyState(), ReadyState::Closing);
        // Nothing more is read from this peer.
        c.receive(encode(Opcode::Text, "more", role == Role::Server));
        c.transportClosed();
        log = Log();
        log.take(c);
        QVERIFY(log.messagesIn.isEmpty());
        QCOMPARE(log.closes.size(), 1);
        QVERIFY(!log.closes[0].wasClean);
        QCOMPARE(log.closes[0].code, CloseCode::Abnormal);
        QCOMPARE(log.closes[0].sentCode, std::optional<quint16>(quint16(closeCode)));
        QCOMPARE(log.closes[0].error.error, error);
    }
}

void tst_Connection::invalidUtf8FailsBeforeFrameEnds()
{
    // A 1000-byte text frame whose third byte is invalid fails when that byte arrives (Autobahn 6.4).
    Connection c(Role::Client);
    c.open();
    QByteArray payload(1000, 'a');
    payload[2] = '\xFF';
    const QByteArray wire = encode(Opcode::Text, payload, false);
    c.receive(QByteArrayView(wire).first(4 + 2));
    QVERIFY(!c.transportCloseRequested());
    c.receive(QByteArrayView(wire).sliced(6, 1));
    QCOMPARE(c.readyState(), ReadyState::Closing);
    c.takeOutgoing();
    QVERIFY(c.transportCloseRequested());
    Log log;
    log.take(c);
    QCOMPARE(log.errors.size(), 1);
    QCOMPARE(log.errors[0].detail, QStringLiteral("invalid UTF-8 at byte 2 of the message"));
}

void tst_Connection::bytesAfterCloseIgnored()
{
    Connection c(Role::Client);
    c.open();
    c.receive(encode(Opcode::Close, closeBody(1000), false) + encode(Opcode::Text, "after", false));
    Log log;
    log.take(c);
    QCOMPARE(log.framesIn.size(), 1);
    QVERIFY(log.messagesIn.isEmpty());
    QVERIFY(log.errors.isEmpty());
}

void tst_Connection::controlFramesBetweenFragments()
{
    // RFC 6455 5.4: control frames may be injected in the middle of a fragmented message.
    Connection c(Role::Server);
    c.open();
    c.receive(encode(Opcode::Text, "frag", true, false) + encode(Opcode::Ping, "p", true) +
              encode(Opcode::Continuation, "ment", true, false) + encode(Opcode::Pong, {}, true) +
              encode(Opcode::Continuation, "ed", true));
    Log log;
    log.take(c);
    QVERIFY(log.errors.isEmpty());
    QCOMPARE(log.messagesIn.size(), 1);
    QCOMPARE(log.messagesIn[0].payload, QByteArray("fragmented"));
    QCOMPARE(log.messagesIn[0].frames.size(), 3);
    QCOMPARE(log.framesIn.size(), 5);
    QCOMPARE(log.framesOut.size(), 1);
    QCOMPARE(log.framesOut[0].opcode, Opcode::Pong);
}

void tst_Connection::rawFrameSentAsIs()
{
    // The workbench can send what its own parser would reject: an unmasked client frame with RSV3 and a
    // non-minimal length.
    Connection c(Role::Client);
    c.open();
    Frame f;
    f.opcode = Opcode::ReservedE;
    f.rsv3 = true;
    f.payload = "x";
    f.lengthEncoding = LengthEncoding::Bits16;
    QVERIFY(c.sendFrame(f));
    QCOMPARE(c.takeOutgoing(), QByteArray::fromHex("9e7e000178"));
    QCOMPARE(c.readyState(), ReadyState::Open);
}

void tst_Connection::replyToMessageGoesBeforeCloseAnswer()
{
    // A message and a close arrive in one read: an echo of the message still precedes the close answer.
    Connection c(Role::Server);
    c.open();
    c.receive(encode(Opcode::Text, "last words", true) + encode(Opcode::Close, closeBody(1000), true));
    Log log;
    log.take(c);
    QCOMPARE(log.messagesIn.size(), 1);
    QCOMPARE(c.readyState(), ReadyState::Closing);
    QVERIFY(c.sendText(log.messagesIn[0].payload));
    QVERIFY(!c.ping()); // only the message in progress, not new control traffic
    const QByteArray out = c.takeOutgoing();
    QCOMPARE(out, encode(Opcode::Text, "last words", false) + encode(Opcode::Close, closeBody(1000), false));
    QVERIFY(c.transportCloseRequested());
    QVERIFY(!c.sendText("too late"));
}

void tst_Connection::applicationAnswersCloseWithOwnCode()
{
    Connection c(Role::Client, Pair::options());
    c.open();
    c.receive(encode(Opcode::Close, closeBody(1001, "bye"), false));
    QVERIFY(c.close(4001, "my reason"));
    const QByteArray out = c.takeOutgoing();
    QCOMPARE(out.size(), 6 + 2 + 9);
    c.transportClosed();
    Log log;
    log.take(c);
    QCOMPARE(log.closes[0].code, quint16(1001));
    QCOMPARE(log.closes[0].sentCode, std::optional<quint16>(4001));
    QCOMPARE(log.closes[0].initiator, CloseInitiator::Remote);
    QVERIFY(log.closes[0].wasClean);
}

void tst_Connection::largeServerPayloadSharedNotCopied()
{
    Connection c(Role::Server);
    c.open();
    const QByteArray big(1 << 20, 'b');
    QVERIFY(c.sendText("before"));
    QVERIFY(c.sendBinary(big));
    QVERIFY(c.sendText("after"));
    QVERIFY(c.close(1000));
    const QByteArray expected = encode(Opcode::Text, "before", false) + encode(Opcode::Binary, big, false) +
                                encode(Opcode::Text, "after", false) + encode(Opcode::Close, closeBody(1000), false);
    QCOMPARE(c.outgoingSize(), expected.size());

    // The header, then the payload's own buffer, then the small frames that follow, in order.
    QList<QByteArray> buffers;
    c.takeOutgoing(buffers);
    QCOMPARE(buffers.size(), 3);
    QCOMPARE(buffers[1].constData(), big.constData());
    QCOMPARE(buffers.join(), expected);
    QCOMPARE(c.outgoingSize(), 0);
    c.takeOutgoing(buffers);
    QVERIFY(buffers.isEmpty());

    // A client masks, so its payload is always copied; takeOutgoing() gives one array either way.
    Connection client(Role::Client, Pair::options());
    client.open();
    QVERIFY(client.sendBinary(big));
    QCOMPARE(client.takeOutgoing().size(), big.size() + 14);
    Connection server(Role::Server);
    server.open();
    QVERIFY(server.sendBinary(big));
    QCOMPARE(server.takeOutgoing(), encode(Opcode::Binary, big, false));
}

void tst_Connection::outgoingBuffersOfAGivenCapacity()
{
    Connection c(Role::Server);
    c.open();
    c.setOutgoingBufferCapacity(1000);
    const QByteArray a(400, 'a'), b(400, 'b'), d(400, 'd'), big(300 * 1024, 'B');
    for (const QByteArray &payload : {a, b, d, big})
        QVERIFY(c.sendBinary(payload));
    QVERIFY(c.sendText("e"));
    const QByteArray expected = encode(Opcode::Binary, a, false) + encode(Opcode::Binary, b, false) +
                                encode(Opcode::Binary, d, false) + encode(Opcode::Binary, big, false) +
                                encode(Opcode::Text, "e", false);
    // Two frames fill the first buffer; the third starts another, where the large payload's header goes too;
    // the payload is its own buffer; the last frame starts a new one.
    QList<QByteArray> buffers;
    c.takeOutgoing(buffers);
    QCOMPARE(buffers.size(), 4);
    QCOMPARE(buffers[0].size(), 2 * 404);
    QVERIFY(buffers[0].capacity() >= 1000);
    QCOMPARE(buffers[1].size(), 404 + 10);
    QCOMPARE(buffers[2].constData(), big.constData());
    QCOMPARE(buffers[3].size(), 3);
    QCOMPARE(buffers.join(), expected);

    // A frame larger than the capacity gets a buffer of its size.
    const QByteArray x(5000, 'x');
    QVERIFY(c.sendBinary(x));
    c.takeOutgoing(buffers);
    QCOMPARE(buffers.size(), 1);
    QCOMPARE(buffers[0], encode(Opcode::Binary, x, false));

    // 0: frames gather in one buffer that grows.
    c.setOutgoingBufferCapacity(0);
    for (const QByteArray &payload : {a, b, d, x})
        QVERIFY(c.sendBinary(payload));
    c.takeOutgoing(buffers);
    QCOMPARE(buffers.size(), 1);
    QCOMPARE(buffers[0], encode(Opcode::Binary, a, false) + encode(Opcode::Binary, b, false) +
                             encode(Opcode::Binary, d, false) + encode(Opcode::Binary, x, false));
}

void tst_Connection::unreportedSentMessagesStillSentAndCounted_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QList<qint64>>("fragmentSizes");
    QTest::addRow("server, one frame") << int(Role::Server) << QList<qint64>{};
    QTest::addRow("server, three frames") << int(Role::Server) << QList<qint64>{3, 4};
    QTest::addRow("client, one frame") << int(Role::Client) << QList<qint64>{};
    QTest::addRow("client, three frames") << int(Role::Client) << QList<qint64>{3, 4};
}

void tst_Connection::unreportedSentMessagesStillSentAndCounted()
{
    QFETCH(int, role);
    QFETCH(QList<qint64>, fragmentSizes);
    // Two connections with the same random source: one reports what it sends, the other does not.
    Connection reported(Role(role), Pair::options());
    Connection quiet(Role(role), Pair::options());
    QVERIFY(reported.outgoingMessageEventsEnabled());
    quiet.setOutgoingMessageEventsEnabled(false);
    reported.open();
    quiet.open();
    Log reportedLog, quietLog;
    reportedLog.take(reported);
    quietLog.take(quiet);
    for (Connection *c : {&reported, &quiet}) {
        QVERIFY(c->sendMessage(Opcode::Text, "first message", fragmentSizes));
        QVERIFY(c->sendBinary(QByteArray(300, 'x')));
        QVERIFY(c->beginMessage(Opcode::Binary, "piece by piece"));
        QVERIFY(c->continueMessage(5));
        QCOMPARE(c->messagesSent(), quint64(2)); // the third is not finished
        QVERIFY(c->finishMessage());
        QVERIFY(c->ping("p"));
    }
    reportedLog.take(reported);
    quietLog.take(quiet);
    // The same bytes on the wire, the same count; only the reported one has message events.
    QCOMPARE(quiet.takeOutgoing(), reported.takeOutgoing());
    QCOMPARE(quiet.messagesSent(), quint64(3));
    QCOMPARE(reported.messagesSent(), quint64(3));
    QCOMPARE(reportedLog.messagesOut.size(), 3);
    QCOMPARE(reportedLog.messagesOut[0].payload, QByteArray("first message"));
    QCOMPARE(reportedLog.messagesOut[0].frames.size(), fragmentSizes.size() + 1);
    QCOMPARE(reportedLog.messagesOut[2].frames.size(), 2);
    QVERIFY(quietLog.messagesOut.isEmpty());
    // Frame events do not depend on it.
    QCOMPARE(quietLog.framesOut.size(), fragmentSizes.size() + 5);
    QCOMPARE(quietLog.framesOut, reportedLog.framesOut);
    // A refused send is not counted.
    QVERIFY(quiet.close(1000));
    QVERIFY(!quiet.sendText("too late"));
    QCOMPARE(quiet.messagesSent(), quint64(3));
}

QTEST_GUILESS_MAIN(tst_Connection)
#include "tst_connection.moc"
