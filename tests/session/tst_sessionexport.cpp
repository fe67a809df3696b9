// Session export: a recorded session written as pcapng is decoded by tshark frame by frame into exactly the
// frames the session file holds.
#include "../common/recordedsample.h"
#include "../common/tshark.h"

#include "session/pcapngwriter.h"
#include "session/sessionexport.h"
#include "session/sessionreader.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sockscope;
using namespace sockscope::session;

class tst_SessionExport : public QObject
{
    Q_OBJECT
private slots:
    void pcapngDecodedByTshark();
    void damagedFileExportsWhatCameBefore();
};

void tst_SessionExport::pcapngDecodedByTshark()
{
    QTemporaryDir dir;
    const QString session = recordedsample::record(dir);
    QVERIFY(!session.isEmpty());

    // What the session says was on the wire, per connection, in order.
    QList<QList<proto::Frame>> recorded;
    QHash<quint32, qsizetype> byConnection;
    {
        QFile file(session);
        QVERIFY(file.open(QIODevice::ReadOnly));
        SessionReader reader(&file);
        SessionRecord r;
        while (reader.next(r) == SessionReader::Status::Record) {
            if (r.type == RecordType::Connection) {
                byConnection.insert(r.connection, recorded.size());
                recorded.append(QList<proto::Frame>());
            } else if (r.type == RecordType::Frame) {
                recorded[byConnection[r.connection]].append(r.frame);
            }
        }
        QVERIFY(reader.complete());
    }
    QCOMPARE(recorded.size(), 2); // the client, and the server facing it

    QFile file(session);
    QVERIFY(file.open(QIODevice::ReadOnly));
    SessionReadError error;
    const QList<TcpConversation> conversations = sessionexport::toTcpConversations(file, error);
    QVERIFY(!error);
    QCOMPARE(conversations.size(), 2);
    for (const TcpConversation &c : conversations) {
        QCOMPARE(c.serverPort, 80);
        QVERIFY(c.closed);
    }
    const QString capture = dir.filePath(QStringLiteral("sample.pcapng"));
    {
        QFile out(capture);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QVERIFY(PcapngWriter::write(out, conversations));
    }
    const tshark::Run run = tshark::run({QStringLiteral("-r"), capture, QStringLiteral("-o"),
                                         QStringLiteral("tcp.desegment_tcp_streams:TRUE"), QStringLiteral("-Y"),
                                         QStringLiteral("websocket"), QStringLiteral("-T"), QStringLiteral("json"),
                                         QStringLiteral("-x"), QStringLiteral("--no-duplicate-keys")},
                                        dir.path());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const auto decoded = tshark::webSocketFrames(run.out);
    QVERIFY2(decoded, "tshark's JSON has an unexpected shape");
    QCOMPARE(decoded->size(), size_t(2));

    // Conversations are written in the order their requests were recorded, and the first request is the first
    // stream tshark sees.
    int stream = 0;
    qsizetype compressed = 0;
    for (const auto &[streamIndex, frames] : *decoded) {
        QCOMPARE(streamIndex, stream);
        const QList<proto::Frame> &expected = recorded[stream];
        QCOMPARE(frames.size(), expected.size());
        for (qsizetype i = 0; i < frames.size(); ++i) {
            const QByteArray where = "stream " + QByteArray::number(stream) + ", frame " + QByteArray::number(i);
            QVERIFY2(frames[i].header == expected[i].header.toByteArray(), where.constData());
            QVERIFY2(frames[i].payload == expected[i].payload, where.constData());
            compressed += expected[i].rsv1;
        }
        ++stream;
    }
    QVERIFY(compressed >= 6); // three echoes each way came compressed: the export kept the wire bytes
}

void tst_SessionExport::damagedFileExportsWhatCameBefore()
{
    QTemporaryDir dir;
    const QString session = recordedsample::record(dir);
    QVERIFY(!session.isEmpty());
    QFile file(session);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    bytes.chop(bytes.size() / 3);
    QBuffer cut(&bytes);
    cut.open(QIODevice::ReadOnly);
    SessionReadError error;
    const QList<TcpConversation> conversations = sessionexport::toTcpConversations(cut, error);
    QCOMPARE(error.kind, SessionReadError::Kind::Truncated);
    QVERIFY(!conversations.isEmpty());
    QVERIFY(!conversations.first().segments.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SessionExport)
#include "tst_sessionexport.moc"
