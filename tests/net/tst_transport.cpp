#include "net/transport.h"
#include "proto/bufferrecycler.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sockscope;
using net::Transport;

namespace {
// A client and a server Transport over one TCP connection on 127.0.0.1, opened without a handshake (a
// Transport starts after it), so that the test controls both ends: the server can stay silent or answer pings
// its own way.
struct TransportPair {
    QTcpServer listener;
    QPointer<Transport> client;
    QPointer<Transport> server;

    ~TransportPair()
    {
        delete client;
        delete server;
    }
    bool start()
    {
        if (!listener.listen(QHostAddress::LocalHost, 0))
            return false;
        QSignalSpy accepted(&listener, &QTcpServer::newConnection);
        auto *clientSocket = new QTcpSocket;
        QSignalSpy connected(clientSocket, &QTcpSocket::connected);
        clientSocket->connectToHost(QHostAddress::LocalHost, listener.serverPort());
        client = new Transport(clientSocket, proto::Role::Client, {});
        if ((connected.isEmpty() && !connected.wait(5000)) || (accepted.isEmpty() && !accepted.wait(5000)))
            return false;
        server = new Transport(listener.nextPendingConnection(), proto::Role::Server, {});
        client->start(nullptr, {});
        server->start(nullptr, {});
        return client->readyState() == proto::ReadyState::Open && server->readyState() == proto::ReadyState::Open;
    }
};

QList<proto::Frame> frames(const QSignalSpy &spy)
{
    QList<proto::Frame> out;
    for (const QList<QVariant> &args : spy)
        out.append(args[0].value<proto::Frame>());
    return out;
}
} // namespace

class tst_Transport : public QObject
{
    Q_OBJECT
private slots:
    void keepAliveMatchesPongByPayload();
    void keepAliveOffByDefault();
    void dataQueuedBehindDelayedMessage();
    void closeDropsDelayedMessageAndQueue();
    void largePayloadBuffersAreLetGoAfterTheTraffic();
    void answersToABurstArriveWholeAndInOrder();
    void answerInASlotCountsInBufferedAmountAtOnce();
    void clientStopsWaitingForTheServersTcpClose();
};

void tst_Transport::keepAliveMatchesPongByPayload()
{
    TransportPair pair;
    QVERIFY(pair.start());
    // The server answers by hand once it has two keep-alive pings: a pong nobody asked for, the answer to the
    // second ping, then a late answer to the first.
    pair.server->setAutoPong(false);
    QList<QByteArray> pings;
    connect(pair.server, &Transport::frameReceived, this, [&pair, &pings](const proto::Frame &frame) {
        if (frame.opcode != proto::Opcode::Ping)
            return;
        pings.append(frame.payload);
        if (pings.size() == 2) {
            pair.server->pong("unsolicited");
            pair.server->pong(pings[1]);
            pair.server->pong(pings[0]);
        }
    });
    QSignalSpy received(pair.client, &Transport::frameReceived);
    QSignalSpy rtt(pair.client, &Transport::roundTripMeasured);
    QCOMPARE(pair.client->lastRoundTripUs(), qint64(-1));
    pair.client->setKeepAliveInterval(15);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, 5000);
    pair.client->setKeepAliveInterval(0);

    QCOMPARE(pings[0], QByteArray("keepalive 1"));
    QCOMPARE(pings[1], QByteArray("keepalive 2"));
    // Only the pong carrying the second ping's payload is a round trip; the answer to the first came after the
    // second's, which settled it, and the unsolicited one matches nothing.
    QCOMPARE(rtt.size(), 1);
    const qint64 measured = rtt[0][0].toLongLong();
    QVERIFY2(measured > 0 && measured < 5'000'000, qPrintable(QString::number(measured)));
    QCOMPARE(pair.client->lastRoundTripUs(), measured);
}

void tst_Transport::keepAliveOffByDefault()
{
    TransportPair pair;
    QVERIFY(pair.start());
    QCOMPARE(pair.client->keepAliveInterval(), 0);
    QSignalSpy sent(pair.client, &Transport::frameSent);
    QSignalSpy received(pair.client, &Transport::frameReceived);
    QSignalSpy rtt(pair.client, &Transport::roundTripMeasured);
    // A ping of our own is answered, but it is no keep-alive: its pong gives no round trip.
    QVERIFY(pair.client->ping("mine"));
    QVERIFY(received.wait(5000));
    QCOMPARE(received[0][0].value<proto::Frame>().opcode, proto::Opcode::Pong);
    QCOMPARE(received[0][0].value<proto::Frame>().payload, QByteArray("mine"));
    QCOMPARE(sent.size(), 1);
    QVERIFY(rtt.isEmpty());
    QCOMPARE(pair.client->lastRoundTripUs(), qint64(-1));
}

void tst_Transport::dataQueuedBehindDelayedMessage()
{
    TransportPair pair;
    QVERIFY(pair.start());
    QSignalSpy serverFrames(pair.server, &Transport::frameReceived);
    QSignalSpy serverMessages(pair.server, &Transport::messageReceived);
    QSignalSpy clientFrames(pair.client, &Transport::frameSent);

    QVERIFY(pair.client->sendFragmented(proto::Opcode::Text, "abcdefghij", {3, 3}, 30));
    // The first fragment went out at once; a data message waits behind the rest, a ping does not.
    QVERIFY(pair.client->sendBinary("next"));
    QCOMPARE(pair.client->queuedMessages(), 1);
    QVERIFY(pair.client->bufferedAmount() >= 4 + 7);
    QVERIFY(pair.client->ping("now"));
    QTRY_COMPARE_WITH_TIMEOUT(serverMessages.size(), 2, 5000);
    QCOMPARE(pair.client->queuedMessages(), 0);

    QCOMPARE(serverMessages[0][0].value<proto::Message>().payload, QByteArray("abcdefghij"));
    QCOMPARE(serverMessages[1][0].value<proto::Message>().payload, QByteArray("next"));
    const QList<proto::Frame> onWire = frames(serverFrames);
    QCOMPARE(onWire.size(), 5);
    QCOMPARE(onWire[0].opcode, proto::Opcode::Text);
    QCOMPARE(onWire[0].payload, QByteArray("abc"));
    QVERIFY(!onWire[0].fin);
    QCOMPARE(onWire[1].opcode, proto::Opcode::Ping);
    QCOMPARE(onWire[2].opcode, proto::Opcode::Continuation);
    QCOMPARE(onWire[2].payload, QByteArray("def"));
    QCOMPARE(onWire[3].opcode, proto::Opcode::Continuation);
    QCOMPARE(onWire[3].payload, QByteArray("ghij"));
    QVERIFY(onWire[3].fin);
    QCOMPARE(onWire[4].opcode, proto::Opcode::Binary);
    // 30 ms between the fragments.
    QCOMPARE(clientFrames.size(), 5);
    const qint64 first = clientFrames[0][1].toLongLong();
    const qint64 second = clientFrames[2][1].toLongLong();
    const qint64 third = clientFrames[3][1].toLongLong();
    QVERIFY2(second - first >= 29'000, qPrintable(QString::number(second - first)));
    QVERIFY2(third - second >= 29'000, qPrintable(QString::number(third - second)));
}

void tst_Transport::closeDropsDelayedMessageAndQueue()
{
    TransportPair pair;
    QVERIFY(pair.start());
    QSignalSpy serverMessages(pair.server, &Transport::messageReceived);
    QSignalSpy serverClosed(pair.server, &Transport::closed);
    QSignalSpy clientSent(pair.client, &Transport::messageSent);
    QVERIFY(pair.client->sendFragmented(proto::Opcode::Binary, QByteArray(100, 'x'), {10}, 1000));
    QVERIFY(pair.client->sendText("never sent"));
    QVERIFY(pair.client->bufferedAmount() >= 90 + 10);
    QVERIFY(pair.client->close(1000, "done"));
    QCOMPARE(pair.client->queuedMessages(), 0);
    QVERIFY(!pair.client->connection().outgoingMessageInProgress());
    QVERIFY(!pair.client->sendText("after close"));
    QVERIFY(serverClosed.wait(5000));
    QVERIFY(serverMessages.isEmpty());
    QVERIFY(clientSent.isEmpty());
    const auto info = serverClosed[0][0].value<proto::CloseInfo>();
    QCOMPARE(info.code, quint16(1000));
    QVERIFY(info.wasClean);
}

void tst_Transport::largePayloadBuffersAreLetGoAfterTheTraffic()
{
    proto::BufferRecycler &recycler = proto::BufferRecycler::forThisThread();
    recycler.clear();
    recycler.setIdleLifetime(100);
    TransportPair pair;
    QVERIFY(pair.start());
    // Echoed messages of 1 MiB: the server's payload buffers are recycled while they come.
    int echoes = 0;
    connect(pair.server, &Transport::messageReceived, pair.server,
            [&pair](const proto::Message &message) { pair.server->sendBinary(message.payload); });
    connect(pair.client, &Transport::messageReceived, this, [&echoes](const proto::Message &message) {
        QCOMPARE(message.payload, QByteArray(1 << 20, char('a' + echoes)));
        ++echoes;
    });
    for (int i = 0; i < 8; ++i)
        pair.client->sendBinary(QByteArray(1 << 20, char('a' + i)));
    QTRY_COMPARE(echoes, 8);
    QVERIFY(recycler.watchedCount() > 0);
    // Then nothing comes: they are forgotten a little after their lifetime, without any traffic to do it.
    QTRY_COMPARE_WITH_TIMEOUT(recycler.watchedCount(), 0, 5000);
    recycler.setIdleLifetime(2000);
}

void tst_Transport::answersToABurstArriveWholeAndInOrder()
{
    // Many messages of many sizes in one burst: the server answers while it reads, in buffers that are written
    // and used again as it goes. Every echo must come back whole and in order.
    TransportPair pair;
    QVERIFY(pair.start());
    QList<QByteArray> sent;
    for (int i = 0; i < 300; ++i) {
        const qsizetype size = (qsizetype(i) * 7919) % (100 * 1024) + 1;
        QByteArray payload(size, Qt::Uninitialized);
        for (qsizetype j = 0; j < size; ++j)
            payload[j] = char((i * 31 + j) & 0xFF);
        sent.append(payload);
    }
    connect(pair.server, &Transport::messageReceived, pair.server,
            [&pair](const proto::Message &message) { pair.server->sendBinary(message.payload); });
    QList<QByteArray> echoed;
    connect(pair.client, &Transport::messageReceived, this,
            [&echoed](const proto::Message &message) { echoed.append(message.payload); });
    for (const QByteArray &payload : std::as_const(sent))
        pair.client->sendBinary(payload);
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), sent.size(), 20000);
    for (int i = 0; i < sent.size(); ++i)
        QVERIFY2(echoed[i] == sent[i], qPrintable(QStringLiteral("echo %1 differs").arg(i)));
}

void tst_Transport::answerInASlotCountsInBufferedAmountAtOnce()
{
    // As in the browser: what send() accepted is in bufferedAmount at once, also when it is written only after
    // the read that brought the message is handled.
    TransportPair pair;
    QVERIFY(pair.start());
    qint64 before = -1;
    qint64 after = -1;
    connect(pair.server, &Transport::messageReceived, pair.server, [&](const proto::Message &) {
        before = pair.server->bufferedAmount();
        pair.server->sendBinary(QByteArray(1000, 'x'));
        after = pair.server->bufferedAmount();
    });
    QSignalSpy echoed(pair.client, &Transport::messageReceived);
    pair.client->sendText("hello");
    QVERIFY(echoed.wait(5000));
    QCOMPARE(after - before, 1004); // the frame: 4 header bytes and the payload
    QTRY_COMPARE(pair.server->bufferedAmount(), 0);
}

void tst_Transport::clientStopsWaitingForTheServersTcpClose()
{
    // RFC 6455 7.1.1: after the close handshake the server closes TCP. This one answers the close by hand and
    // then keeps the connection open: the client closes it itself once its close timeout has passed.
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    auto *socket = new QTcpSocket;
    socket->connectToHost(QHostAddress::LocalHost, listener.serverPort());
    Transport client(socket, proto::Role::Client, {});
    client.setCloseTimeout(300);
    QVERIFY(listener.waitForNewConnection(5000));
    QTcpSocket *server = listener.nextPendingConnection();
    QTRY_COMPARE(socket->state(), QAbstractSocket::ConnectedState);
    client.start(nullptr, {});
    QSignalSpy closed(&client, &Transport::closed);
    QSignalSpy serverLost(server, &QTcpSocket::disconnected);
    connect(server, &QTcpSocket::readyRead, server, [server] {
        server->readAll(); // the client's close frame
        server->write(QByteArray::fromHex("880203e8")); // close 1000, unmasked
    });
    QElapsedTimer waited;
    waited.start();
    QVERIFY(client.close(1000));
    QVERIFY(closed.wait(5000));
    QVERIFY2(waited.elapsed() >= 250, qPrintable(QString::number(waited.elapsed())));
    const auto info = closed.first().first().value<proto::CloseInfo>();
    QCOMPARE(info.code, quint16(1000));
    QVERIFY(info.wasClean); // both close frames went through
    QTRY_COMPARE(serverLost.size(), 1);
}

QTEST_GUILESS_MAIN(tst_Transport)
#include "tst_transport.moc"
