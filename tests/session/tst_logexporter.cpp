#include "session/logexporter.h"
#include "session/messagestore.h"

#include "../common/logfixtures.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace sockscope;
using session::LogExporter;
using session::LogSelection;
using session::MessageStore;

// Every row is recorded at 2024-05-01T12:34:56.123456Z.
#define TIME "2024-05-01T12:34:56.123456Z"
#define US "1714566896123456"
#define SENT " \xe2\x86\x91 "     // ↑
#define RECEIVED " \xe2\x86\x93 " // ↓
#define CSV_HEADER                                                                                                     \
    "time_iso,time_us,direction,type,opcode,size,wire_size,compressed,frames,frame_headers,close_code,close_reason,"   \
    "payload_released,payload_text,payload_base64\r\n"

namespace {
constexpr qint64 recordTime = 1714566896123456;

// A message (text or binary, carried by one frame or by the frames given, compressed or not) or a lone frame.
void addRecord(MessageStore &store, proto::Direction direction, proto::Opcode opcode, const QByteArray &payload,
               const QByteArrayList &wireFrames = {}, bool compressed = false, qint64 timestampUs = recordTime)
{
    if (opcode != proto::Opcode::Text && opcode != proto::Opcode::Binary) {
        store.appendFrame(direction, encodedFrame(opcode, payload), timestampUs);
        return;
    }
    proto::Message message;
    message.type = opcode;
    message.payload = payload;
    message.compressed = compressed;
    const QByteArrayList parts = wireFrames.isEmpty() ? QByteArrayList{payload} : wireFrames;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        proto::Frame frame;
        frame.fin = i + 1 == parts.size();
        frame.rsv1 = compressed && i == 0;
        frame.opcode = i == 0 ? opcode : proto::Opcode::Continuation;
        frame.payload = parts[i];
        proto::FrameWriter::encode(frame);
        message.frames.append(frame);
    }
    store.appendMessage(direction, message, timestampUs);
}

QByteArray exported(const MessageStore &store, LogExporter::Format format, const QString &url = {})
{
    LogExporter exporter(store, format);
    exporter.setConnectionUrl(url);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!exporter.write(buffer))
        qWarning("export failed: %s", qPrintable(exporter.errorString()));
    return buffer.data();
}

// RFC 4180 records back into fields, for checking that quoting keeps every field whole.
QList<QByteArrayList> parseCsv(const QByteArray &csv)
{
    QList<QByteArrayList> rows;
    QByteArrayList row;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const char c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.append(field), field.clear();
        } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
            row.append(field), field.clear();
            rows.append(row), row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows.append(row << field);
    return rows;
}

// Takes `limit` bytes, then refuses every write as a full disk would.
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 limit)
        : m_limit(limit)
    {
        open(QIODevice::WriteOnly);
    }
    qint64 accepted = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (accepted + size > m_limit) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        accepted += size;
        return size;
    }

private:
    qint64 m_limit;
};

// Counts what it is given and remembers the largest single write; keeps nothing but the lines' ends.
class CountingDevice : public QIODevice
{
public:
    CountingDevice() { open(QIODevice::WriteOnly); }
    qint64 total = 0;
    qint64 largestWrite = 0;
    qint64 writes = 0;
    qint64 lines = 0;
    QByteArray lastLine;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        total += size;
        ++writes;
        largestWrite = std::max(largestWrite, size);
        for (qint64 i = 0; i < size; ++i) {
            if (data[i] == '\n') {
                ++lines;
                m_line.swap(lastLine);
                m_line.clear();
            } else {
                m_line += data[i];
            }
        }
        return size;
    }

private:
    QByteArray m_line;
};
} // namespace

class tst_LogExporter : public QObject
{
    Q_OBJECT
private slots:
    void formats_data();
    void formats();
    void timeIsUtcWithMicroseconds_data();
    void timeIsUtcWithMicroseconds();
    void emptyLog();
    void jsonHasTheUrlAndParses();
    void csvAndJsonKeepEveryByte();
    void filteredSubset();
    void recordsNoLongerStoredAreSkipped();
    void largeLogIsStreamed();
    void writeFailureIsReported();
};

void tst_LogExporter::formats_data()
{
    QTest::addColumn<bool>("outgoing");
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArrayList>("wireFrames");
    QTest::addColumn<bool>("compressed");
    QTest::addColumn<bool>("released");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QByteArray>("json");
    const int textOp = int(proto::Opcode::Text);
    const int binaryOp = int(proto::Opcode::Binary);
    const int closeOp = int(proto::Opcode::Close);

    QTest::addRow("text") << true << textOp << QByteArray("hello") << QByteArrayList() << false << false
                          << QByteArray(TIME SENT "text 5 B: hello")
                          << QByteArray(TIME "," US ",sent,text,1,5,5,false,1,8105,,,false,hello,aGVsbG8=")
                          << QByteArray(
                                 "{\"time_iso\":\"" TIME "\",\"time_us\":" US
                                 ",\"direction\":\"sent\",\"type\":\"text\",\"opcode\":1,\"size\":5,"
                                 "\"wire_size\":5,\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8105\"],"
                                 "\"payload_released\":false,\"payload_text\":\"hello\"}");
    QTest::addRow("text with comma, quotes, line breaks, tab, backslash")
        << true << textOp << QByteArray("a,\"b\"\n\tc\\d\r") << QByteArrayList() << false << false
        << QByteArray(TIME SENT "text 11 B: a,\"b\"\\n\\tc\\\\d\\r")
        << QByteArray(TIME "," US ",sent,text,1,11,11,false,1,810b,,,false,\"a,\"\"b\"\"\n\tc\\d\r\",YSwiYiIKCWNcZA0=")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"sent\",\"type\":\"text\",\"opcode\":1,\"size\":11,\"wire_size\":11,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"810b\"],\"payload_released\":false,"
                      "\"payload_text\":\"a,\\\"b\\\"\\n\\tc\\\\d\\r\"}");
    QTest::addRow("text beyond ASCII")
        << false << textOp << QByteArray("h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80") << QByteArrayList() << false
        << false << QByteArray(TIME RECEIVED "text 15 B: h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80")
        << QByteArray(TIME "," US ",received,text,1,15,15,false,1,810f,,,false,h\xc3\xa9llo \xe2\x9c\x93 "
                           "\xf0\x9f\x98\x80,aMOpbGxvIOKckyDwn5iA")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"text\",\"opcode\":1,\"size\":15,\"wire_size\":15,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"810f\"],\"payload_released\":false,"
                      "\"payload_text\":\"h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80\"}");
    // ESC, DEL and U+009B (a C1 control some terminals act on) never reach a terminal from the text export.
    QTest::addRow("text with control characters")
        << false << textOp << QByteArray("\x1b[31mred\x7f\xc2\x9b") << QByteArrayList() << false << false
        << QByteArray(TIME RECEIVED "text 11 B: \\x1b[31mred\\x7f\\u009b")
        << QByteArray(TIME "," US
                           ",received,text,1,11,11,false,1,810b,,,false,\x1b[31mred\x7f\xc2\x9b,G1szMW1yZWR/wps=")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"text\",\"opcode\":1,\"size\":11,\"wire_size\":11,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"810b\"],\"payload_released\":false,"
                      "\"payload_text\":\"\\u001b[31mred\x7f\xc2\x9b\"}");
    QTest::addRow("text that is not UTF-8")
        << false << textOp << QByteArray("ab\xff") << QByteArrayList() << false << false
        << QByteArray(TIME RECEIVED "text 3 B: (invalid UTF-8) 6162ff")
        << QByteArray(TIME "," US ",received,text,1,3,3,false,1,8103,,,false,,YWL/")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"text\",\"opcode\":1,\"size\":3,\"wire_size\":3,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8103\"],\"payload_released\":false,"
                      "\"payload_base64\":\"YWL/\"}");
    QTest::addRow("binary") << false << binaryOp << QByteArray("\x00\xff\x10", 3) << QByteArrayList() << false << false
                            << QByteArray(TIME RECEIVED "binary 3 B: 00ff10")
                            << QByteArray(TIME "," US ",received,binary,2,3,3,false,1,8203,,,false,,AP8Q")
                            << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                                          ",\"direction\":\"received\",\"type\":\"binary\",\"opcode\":2,\"size\":3,"
                                          "\"wire_size\":3,\"compressed\":false,\"frames\":1,\"frame_headers\":["
                                          "\"8203\"],\"payload_released\":false,\"payload_base64\":\"AP8Q\"}");
    QTest::addRow("empty binary") << false << binaryOp << QByteArray() << QByteArrayList() << false << false
                                  << QByteArray(TIME RECEIVED "binary 0 B")
                                  << QByteArray(TIME "," US ",received,binary,2,0,0,false,1,8200,,,false,,")
                                  << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                                                ",\"direction\":\"received\",\"type\":\"binary\",\"opcode\":2,\"size\":"
                                                "0,\"wire_size\":0,\"compressed\":false,\"frames\":1,\"frame_headers\":"
                                                "[\"8200\"],\"payload_released\":false,\"payload_base64\":\"\"}");
    QTest::addRow("binary in two frames")
        << false << binaryOp << QByteArray("\x01\x02\x03\x04")
        << QByteArrayList{QByteArray("\x01\x02"), QByteArray("\x03\x04")} << false << false
        << QByteArray(TIME RECEIVED "binary 4 B (2 frames): 01020304")
        << QByteArray(TIME "," US ",received,binary,2,4,4,false,2,0202 8002,,,false,,AQIDBA==")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"binary\",\"opcode\":2,\"size\":4,\"wire_size\":4,"
                      "\"compressed\":false,\"frames\":2,\"frame_headers\":[\"0202\",\"8002\"],\"payload_released\":"
                      "false,\"payload_base64\":\"AQIDBA==\"}");
    QTest::addRow("compressed text in two frames")
        << true << textOp << QByteArray("hello hello hello") << QByteArrayList{QByteArray("abc"), QByteArray("de")}
        << true << false << QByteArray(TIME SENT "text 17 B (compressed, 5 B on the wire, 2 frames): hello hello hello")
        << QByteArray(TIME "," US
                           ",sent,text,1,17,5,true,2,4103 8002,,,false,hello hello hello,aGVsbG8gaGVsbG8gaGVsbG8=")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"sent\",\"type\":\"text\",\"opcode\":1,\"size\":17,\"wire_size\":5,"
                      "\"compressed\":true,\"frames\":2,\"frame_headers\":[\"4103\",\"8002\"],\"payload_released\":"
                      "false,\"payload_text\":\"hello hello hello\"}");
    QTest::addRow("ping") << false << int(proto::Opcode::Ping) << QByteArray("p") << QByteArrayList() << false << false
                          << QByteArray(TIME RECEIVED "ping 1 B: 70")
                          << QByteArray(TIME "," US ",received,ping,9,1,1,false,1,8901,,,false,,cA==")
                          << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                                        ",\"direction\":\"received\",\"type\":\"ping\",\"opcode\":9,\"size\":1,"
                                        "\"wire_size\":1,\"compressed\":false,\"frames\":1,\"frame_headers\":["
                                        "\"8901\"],\"payload_released\":false,\"payload_base64\":\"cA==\"}");
    QTest::addRow("close with code and reason")
        << false << closeOp
        << QByteArray("\x03\xe8"
                      "bye")
        << QByteArrayList() << false << false << QByteArray(TIME RECEIVED "close 5 B: 1000 bye")
        << QByteArray(TIME "," US ",received,close,8,5,5,false,1,8805,1000,bye,false,,A+hieWU=")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"close\",\"opcode\":8,\"size\":5,\"wire_size\":5,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8805\"],\"close_code\":1000,"
                      "\"close_reason\":\"bye\",\"payload_released\":false,\"payload_base64\":\"A+hieWU=\"}");
    QTest::addRow("close with a reason to quote")
        << false << closeOp
        << QByteArray("\x03\xe8"
                      "a,b\nc")
        << QByteArrayList() << false << false << QByteArray(TIME RECEIVED "close 7 B: 1000 a,b\\nc")
        << QByteArray(TIME "," US ",received,close,8,7,7,false,1,8807,1000,\"a,b\nc\",false,,A+hhLGIKYw==")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"close\",\"opcode\":8,\"size\":7,\"wire_size\":7,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8807\"],\"close_code\":1000,"
                      "\"close_reason\":\"a,b\\nc\",\"payload_released\":false,\"payload_base64\":\"A+hhLGIKYw==\"}");
    QTest::addRow("close without a code")
        << false << closeOp << QByteArray() << QByteArrayList() << false << false
        << QByteArray(TIME RECEIVED "close 0 B: (no code)")
        << QByteArray(TIME "," US ",received,close,8,0,0,false,1,8800,,,false,,")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"close\",\"opcode\":8,\"size\":0,\"wire_size\":0,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8800\"],\"payload_released\":false,"
                      "\"payload_base64\":\"\"}");
    QTest::addRow("close with a one-byte body")
        << false << closeOp << QByteArray("\x03") << QByteArrayList() << false << false
        << QByteArray(TIME RECEIVED "close 1 B: (malformed) 03")
        << QByteArray(TIME "," US ",received,close,8,1,1,false,1,8801,,,false,,Aw==")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"close\",\"opcode\":8,\"size\":1,\"wire_size\":1,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8801\"],\"payload_released\":false,"
                      "\"payload_base64\":\"Aw==\"}");
    QTest::addRow("close with a reason that is not UTF-8")
        << true << closeOp << QByteArray("\x03\xe9\xff") << QByteArrayList() << false << false
        << QByteArray(TIME SENT "close 3 B: 1001 (invalid UTF-8) ff")
        << QByteArray(TIME "," US ",sent,close,8,3,3,false,1,8803,1001,,false,,A+n/")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"sent\",\"type\":\"close\",\"opcode\":8,\"size\":3,\"wire_size\":3,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8803\"],\"close_code\":1001,"
                      "\"payload_released\":false,\"payload_base64\":\"A+n/\"}");
    QTest::addRow("frame with a reserved opcode")
        << false << int(proto::Opcode::Reserved3) << QByteArray("x") << QByteArrayList() << false << false
        << QByteArray(TIME RECEIVED "reserved-0x3 1 B: 78")
        << QByteArray(TIME "," US ",received,reserved-0x3,3,1,1,false,1,8301,,,false,,eA==")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"received\",\"type\":\"reserved-0x3\",\"opcode\":3,\"size\":1,\"wire_size\":1,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8301\"],\"payload_released\":false,"
                      "\"payload_base64\":\"eA==\"}");
    // Released to stay within the memory budget: the record says so rather than showing an empty payload.
    QTest::addRow("released payload")
        << true << textOp << QByteArray("hello") << QByteArrayList() << false << true
        << QByteArray(TIME SENT "text 5 B: (payload released)")
        << QByteArray(TIME "," US ",sent,text,1,5,5,false,1,8105,,,true,,")
        << QByteArray("{\"time_iso\":\"" TIME "\",\"time_us\":" US
                      ",\"direction\":\"sent\",\"type\":\"text\",\"opcode\":1,\"size\":5,\"wire_size\":5,"
                      "\"compressed\":false,\"frames\":1,\"frame_headers\":[\"8105\"],\"payload_released\":true}");
}

void tst_LogExporter::formats()
{
    QFETCH(bool, outgoing);
    QFETCH(int, opcode);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArrayList, wireFrames);
    QFETCH(bool, compressed);
    QFETCH(bool, released);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, csv);
    QFETCH(QByteArray, json);

    // A budget of one byte releases every payload that is not empty.
    MessageStore store(released ? session::StoreLimits{1000, 1} : session::StoreLimits{});
    addRecord(store, outgoing ? proto::Direction::Outgoing : proto::Direction::Incoming, proto::Opcode(opcode), payload,
              wireFrames, compressed);
    QCOMPARE(store.at(0).payloadReleased, released);

    QCOMPARE(exported(store, LogExporter::Format::Text), text + '\n');
    QCOMPARE(exported(store, LogExporter::Format::Csv), CSV_HEADER + csv + "\r\n");
    const QByteArray wholeJson = exported(store, LogExporter::Format::Json);
    QCOMPARE(wholeJson, "{\"url\":null,\"messages\":[\n" + json + "\n]}\n");
    QJsonParseError error;
    QJsonDocument::fromJson(wholeJson, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void tst_LogExporter::timeIsUtcWithMicroseconds_data()
{
    QTest::addColumn<qint64>("timestampUs");
    QTest::addColumn<QByteArray>("iso");
    QTest::addRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00.000000Z");
    QTest::addRow("leading zeros") << qint64(1714566896000042) << QByteArray("2024-05-01T12:34:56.000042Z");
    QTest::addRow("last microsecond of a second")
        << qint64(1714566896999999) << QByteArray("2024-05-01T12:34:56.999999Z");
    QTest::addRow("before the epoch") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999999Z");
}

void tst_LogExporter::timeIsUtcWithMicroseconds()
{
    QFETCH(qint64, timestampUs);
    QFETCH(QByteArray, iso);
    MessageStore store;
    // The same second twice, then the one asked for: the time of a record never leaks into the next.
    addRecord(store, proto::Direction::Incoming, proto::Opcode::Text, "a", {}, false, 1714566896123456);
    addRecord(store, proto::Direction::Incoming, proto::Opcode::Text, "b", {}, false, timestampUs);
    const QList<QByteArray> lines = exported(store, LogExporter::Format::Text).split('\n');
    QVERIFY(lines[0].startsWith(TIME " "));
    QVERIFY2(lines[1].startsWith(iso + ' '), lines[1].constData());
    const QList<QByteArrayList> csv = parseCsv(exported(store, LogExporter::Format::Csv));
    QCOMPARE(csv[2][0], iso);
    QCOMPARE(csv[2][1], QByteArray::number(timestampUs));
}

void tst_LogExporter::emptyLog()
{
    const MessageStore store;
    QCOMPARE(exported(store, LogExporter::Format::Text), QByteArray());
    QCOMPARE(exported(store, LogExporter::Format::Csv), QByteArray(CSV_HEADER));
    const QByteArray json = exported(store, LogExporter::Format::Json, QStringLiteral("ws://127.0.0.1:9998/echo"));
    QCOMPARE(json, QByteArray("{\"url\":\"ws://127.0.0.1:9998/echo\",\"messages\":[]}\n"));
}

void tst_LogExporter::jsonHasTheUrlAndParses()
{
    MessageStore store;
    addRecord(store, proto::Direction::Outgoing, proto::Opcode::Text, "one");
    addRecord(store, proto::Direction::Incoming, proto::Opcode::Text, "two");
    const QString url = QStringLiteral("wss://example.org/p?q=\"x\"&r=\\\u00e9");
    const QByteArray json = exported(store, LogExporter::Format::Json, url);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(QLatin1String("url")).toString(), url);
    const QJsonArray messages = document.object().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject().value(QLatin1String("payload_text")).toString(), QStringLiteral("one"));
    QCOMPARE(messages[1].toObject().value(QLatin1String("direction")).toString(), QStringLiteral("received"));
    // One record per line, so that a large export can be read with line tools as well.
    QCOMPARE(json.count('\n'), 4);
}

void tst_LogExporter::csvAndJsonKeepEveryByte()
{
    MessageStore store;
    QList<QByteArray> payloads;
    QRandomGenerator random(7);
    for (int i = 0; i < 200; ++i) {
        QByteArray payload(int(random.bounded(0, 300)), Qt::Uninitialized);
        for (char &c : payload)
            c = char(random.bounded(256));
        // Text records get text that needs quoting and escaping; some text records are not UTF-8.
        const bool text = i % 3 == 0;
        if (text && i % 2 == 0)
            payload = QStringLiteral("line %1,\r\n\"quoted\" \u00e9\t\\ end").arg(i).toUtf8();
        payloads.append(payload);
        addRecord(store, i % 2 ? proto::Direction::Incoming : proto::Direction::Outgoing,
                  text ? proto::Opcode::Text : proto::Opcode::Binary, payload, {}, false, recordTime + i);
    }

    const QList<QByteArrayList> csv = parseCsv(exported(store, LogExporter::Format::Csv));
    QCOMPARE(csv.size(), payloads.size() + 1);
    QCOMPARE(csv[0], LogExporter::columns());
    const qsizetype textColumn = LogExporter::columns().indexOf("payload_text");
    const qsizetype base64Column = LogExporter::columns().indexOf("payload_base64");
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        const QByteArrayList &row = csv[i + 1];
        QCOMPARE(row.size(), LogExporter::columns().size());
        QCOMPARE(QByteArray::fromBase64(row[base64Column]), payloads[i]);
        if (!row[textColumn].isEmpty())
            QCOMPARE(row[textColumn], payloads[i]);
    }

    const QJsonDocument json = QJsonDocument::fromJson(exported(store, LogExporter::Format::Json));
    const QJsonArray messages = json.object().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), payloads.size());
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        const QJsonObject message = messages[i].toObject();
        // Text when it is valid UTF-8 text, base64 otherwise: never both, never neither.
        QVERIFY(message.contains(QLatin1String("payload_text")) != message.contains(QLatin1String("payload_base64")));
        const QByteArray back =
            message.contains(QLatin1String("payload_text"))
                ? message.value(QLatin1String("payload_text")).toString().toUtf8()
                : QByteArray::fromBase64(message.value(QLatin1String("payload_base64")).toString().toLatin1());
        QCOMPARE(back, payloads[i]);
        QCOMPARE(message.value(QLatin1String("time_us")).toInteger(), recordTime + i);
    }
}

void tst_LogExporter::filteredSubset()
{
    MessageStore store;
    for (int i = 0; i < 10; ++i)
        addRecord(store, proto::Direction::Incoming, proto::Opcode::Text, QByteArray::number(i));
    LogExporter exporter(store, LogExporter::Format::Text);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(exporter.write(buffer, LogSelection::of({1, 4, 7})));
    QCOMPARE(exporter.recordsWritten(), qint64(3));
    const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].endsWith("text 1 B: 1"));
    QVERIFY(lines[1].endsWith("text 1 B: 4"));
    QVERIFY(lines[2].endsWith("text 1 B: 7"));
}

void tst_LogExporter::recordsNoLongerStoredAreSkipped()
{
    MessageStore store(session::StoreLimits{10, 1 << 20});
    for (int i = 0; i < 12; ++i)
        addRecord(store, proto::Direction::Incoming, proto::Opcode::Text, QByteArray::number(i));
    QVERIFY(store.trim() > 0); // the oldest records are gone; their indices stay unused
    QVERIFY(!store.contains(0));
    const QList<QByteArrayList> csv = [&] {
        LogExporter exporter(store, LogExporter::Format::Csv);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        exporter.write(buffer, LogSelection::of({0, 1, store.firstIndex(), store.endIndex() - 1, store.endIndex()}));
        return parseCsv(buffer.data());
    }();
    QCOMPARE(csv.size(), 3);
    const qsizetype textColumn = LogExporter::columns().indexOf("payload_text");
    QCOMPARE(csv[1][textColumn], QByteArray::number(store.firstIndex()));
    QCOMPARE(csv[2][textColumn], QByteArray("11"));
}

void tst_LogExporter::largeLogIsStreamed()
{
    constexpr int count = 300'000;
    MessageStore store;
    for (int i = 0; i < count; ++i) {
        addRecord(store, i % 2 ? proto::Direction::Incoming : proto::Direction::Outgoing, proto::Opcode::Text,
                  "message " + QByteArray::number(i), {}, false, recordTime + i);
    }
    for (const auto format : {LogExporter::Format::Text, LogExporter::Format::Csv, LogExporter::Format::Json}) {
        CountingDevice device;
        LogExporter exporter(store, format);
        QVERIFY(exporter.write(device));
        QCOMPARE(exporter.recordsWritten(), qint64(count));
        // Many small writes, none anywhere near the size of the whole export.
        QVERIFY2(device.largestWrite <= 256 * 1024, QByteArray::number(device.largestWrite).constData());
        QVERIFY(device.writes > device.total / (256 * 1024));
        QVERIFY(device.total > qint64(count) * 40);
        switch (format) {
        case LogExporter::Format::Text:
            QCOMPARE(device.lines, qint64(count));
            QVERIFY(device.lastLine.endsWith("text 14 B: message 299999"));
            break;
        case LogExporter::Format::Csv: QCOMPARE(device.lines, qint64(count) + 1); break;
        case LogExporter::Format::Json: QCOMPARE(device.lines, qint64(count) + 2); break;
        }
    }
}

void tst_LogExporter::writeFailureIsReported()
{
    MessageStore store;
    for (int i = 0; i < 20'000; ++i)
        addRecord(store, proto::Direction::Incoming, proto::Opcode::Text, "payload " + QByteArray::number(i));
    FailingDevice device(100'000);
    LogExporter exporter(store, LogExporter::Format::Csv);
    QVERIFY(!exporter.write(device));
    QCOMPARE(exporter.errorString(), QStringLiteral("No space left on device"));
    QVERIFY(device.accepted <= 100'000);
    QVERIFY(exporter.recordsWritten() < 20'000);
}

QTEST_GUILESS_MAIN(tst_LogExporter)
#include "tst_logexporter.moc"
