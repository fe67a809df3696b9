#include "logexporter.h"

#include "messagestore.h"

#include "proto/utf8validator.h"

#include <QDateTime>
#include <QIODevice>

#include <limits>

namespace sockscope::session {

namespace {
// Bytes gathered before they go to the device: large enough for few writes, small enough to never matter.
constexpr qsizetype FlushThreshold = 64 * 1024;

class BufferedSink
{
public:
    explicit BufferedSink(QIODevice &device)
        : m_device(device)
    {
        m_buffer.reserve(FlushThreshold * 2);
    }

    QByteArray &out() { return m_buffer; }
    bool flushIfFull() { return m_buffer.size() < FlushThreshold || flush(); }
    bool flush()
    {
        const char *data = m_buffer.constData();
        qsizetype left = m_buffer.size();
        while (left > 0) {
            const qint64 n = m_device.write(data, left);
            if (n <= 0)
                return false;
            data += n;
            left -= qsizetype(n);
        }
        m_buffer.resize(0); // keeps the capacity
        return true;
    }

private:
    QIODevice &m_device;
    QByteArray m_buffer;
};

// ISO 8601 in UTC with microseconds: 2024-05-01T12:34:56.123456Z. The date and time of day are formatted once
// per second of the log, not once per record.
class TimeFormatter
{
public:
    void append(QByteArray &out, qint64 timestampUs)
    {
        qint64 second = timestampUs / 1'000'000;
        qint64 micro = timestampUs % 1'000'000;
        if (micro < 0) {
            micro += 1'000'000;
            --second;
        }
        if (second != m_second) {
            m_second = second;
            m_prefix = QDateTime::fromSecsSinceEpoch(second, Qt::UTC)
                           .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss"))
                           .toLatin1();
        }
        out += m_prefix;
        out += '.';
        out += QByteArray::number(micro).rightJustified(6, '0');
        out += 'Z';
    }

private:
    qint64 m_second = std::numeric_limits<qint64>::min();
    QByteArray m_prefix;
};

constexpr char hexDigits[] = "0123456789abcdef";

void appendHexByte(QByteArray &out, uchar c)
{
    out += hexDigits[c >> 4];
    out += hexDigits[c & 0xf];
}

// Valid UTF-8 on one line of a terminal: backslash, line breaks, tabs and every other control character (C0, DEL
// and C1, which a terminal might act on) escaped; everything else as is.
void appendEscapedText(QByteArray &out, QByteArrayView utf8)
{
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        const bool c1 = c == 0xc2 && i + 1 < utf8.size() && uchar(utf8[i + 1]) >= 0x80 && uchar(utf8[i + 1]) <= 0x9f;
        if (c != '\\' && c >= 0x20 && c != 0x7f && !c1)
            continue;
        out.append(utf8.sliced(runStart, i - runStart));
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c1) {
                out += "\\u00";
                appendHexByte(out, uchar(utf8[++i]));
            } else {
                out += "\\x";
                appendHexByte(out, c);
            }
        }
        runStart = i + 1;
    }
    out.append(utf8.sliced(runStart));
}

// RFC 8259 section 7: a JSON string from valid UTF-8.
void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    out += '"';
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        out.append(utf8.sliced(runStart, i - runStart));
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default: out += "\\u00"; appendHexByte(out, c);
        }
        runStart = i + 1;
    }
    out.append(utf8.sliced(runStart));
    out += '"';
}

// RFC 4180 section 2: a field with a comma, a double quote or a line break is enclosed in double quotes, and a
// double quote inside is doubled.
void appendCsvField(QByteArray &out, QByteArrayView field)
{
    bool quote = false;
    for (const char c : field) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        out.append(field);
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

// What the formats say about one record, worked out once.
struct RecordFacts {
    bool released = false;
    bool validText = false; // a text record whose payload is valid UTF-8
    bool hasCloseCode = false;
    quint16 closeCode = 0;
    QByteArrayView closeReason;
    bool validCloseReason = false;

    explicit RecordFacts(const MessageRecord &record)
        : released(record.payloadReleased)
    {
        if (released)
            return;
        if (record.opcode == proto::Opcode::Text)
            validText = proto::Utf8Validator::isValid(record.payload);
        if (record.opcode == proto::Opcode::Close && record.payload.size() >= 2) {
            hasCloseCode = true;
            closeCode = quint16(uchar(record.payload[0]) << 8 | uchar(record.payload[1]));
            closeReason = QByteArrayView(record.payload).sliced(2);
            validCloseReason = proto::Utf8Validator::isValid(closeReason);
        }
    }
};

QByteArray directionName(const MessageRecord &record)
{
    return record.direction == proto::Direction::Outgoing ? QByteArrayLiteral("sent") : QByteArrayLiteral("received");
}

QByteArray frameHeadersHex(const MessageStore &store, const MessageRecord &record, char separator)
{
    QByteArray hex;
    for (quint32 f = 0; f < record.frameCount; ++f) {
        if (f > 0)
            hex += separator;
        hex += store.frameHeader(record, f).toByteArray().toHex();
    }
    return hex;
}

class RecordWriter
{
public:
    RecordWriter(const MessageStore &store, QByteArray &out)
        : m_store(store)
        , m_out(out)
    {}

    void text(const MessageRecord &record)
    {
        const RecordFacts facts(record);
        m_time.append(m_out, record.timestampUs);
        m_out += record.direction == proto::Direction::Outgoing ? " \xe2\x86\x91 " : " \xe2\x86\x93 "; // ↑ ↓
        m_out += proto::opcodeName(record.opcode);
        m_out += ' ';
        m_out += QByteArray::number(record.payloadSize);
        m_out += " B";
        const bool compressed = record.compressed && record.isMessage();
        if (compressed || record.frameCount > 1) {
            m_out += " (";
            if (compressed) {
                m_out += "compressed, ";
                m_out += QByteArray::number(record.wirePayloadSize);
                m_out += " B on the wire";
            }
            if (record.frameCount > 1) {
                if (compressed)
                    m_out += ", ";
                m_out += QByteArray::number(record.frameCount);
                m_out += " frames";
            }
            m_out += ')';
        }
        const QByteArray &payload = record.payload;
        if (facts.released) {
            m_out += ": (payload released)";
        } else if (record.opcode == proto::Opcode::Close) {
            if (payload.isEmpty()) {
                m_out += ": (no code)";
            } else if (!facts.hasCloseCode) {
                m_out += ": (malformed) ";
                m_out += payload.toHex();
            } else {
                m_out += ": ";
                m_out += QByteArray::number(facts.closeCode);
                if (!facts.closeReason.isEmpty()) {
                    m_out += ' ';
                    if (facts.validCloseReason) {
                        appendEscapedText(m_out, facts.closeReason);
                    } else {
                        m_out += "(invalid UTF-8) ";
                        m_out += facts.closeReason.toByteArray().toHex();
                    }
                }
            }
        } else if (!payload.isEmpty()) {
            m_out += ": ";
            if (facts.validText) {
                appendEscapedText(m_out, payload);
            } else {
                if (record.opcode == proto::Opcode::Text)
                    m_out += "(invalid UTF-8) ";
                m_out += payload.toHex();
            }
        }
        m_out += '\n';
    }

    void csvHeader()
    {
        m_out += LogExporter::columns().join(',');
        m_out += "\r\n";
    }

    void csv(const MessageRecord &record)
    {
        const RecordFacts facts(record);
        m_time.append(m_out, record.timestampUs);
        m_out += ',';
        m_out += QByteArray::number(record.timestampUs);
        m_out += ',';
        m_out += directionName(record);
        m_out += ',';
        m_out += proto::opcodeName(record.opcode);
        m_out += ',';
        m_out += QByteArray::number(quint8(record.opcode));
        m_out += ',';
        m_out += QByteArray::number(record.payloadSize);
        m_out += ',';
        m_out += QByteArray::number(record.wirePayloadSize);
        m_out += ',';
        m_out += record.compressed ? "true" : "false";
        m_out += ',';
        m_out += QByteArray::number(record.frameCount);
        m_out += ',';
        m_out += frameHeadersHex(m_store, record, ' ');
        m_out += ',';
        if (facts.hasCloseCode)
            m_out += QByteArray::number(facts.closeCode);
        m_out += ',';
        if (facts.validCloseReason)
            appendCsvField(m_out, facts.closeReason);
        m_out += ',';
        m_out += facts.released ? "true" : "false";
        m_out += ',';
        if (facts.validText)
            appendCsvField(m_out, record.payload);
        m_out += ',';
        if (!facts.released)
            m_out += record.payload.toBase64();
        m_out += "\r\n";
    }

    void jsonHeader(const QString &url)
    {
        m_out += "{\"url\":";
        if (url.isEmpty())
            m_out += "null";
        else
            appendJsonString(m_out, url.toUtf8());
        m_out += ",\"messages\":[";
    }

    void json(const MessageRecord &record, bool first)
    {
        const RecordFacts facts(record);
        m_out += first ? "\n{\"time_iso\":\"" : ",\n{\"time_iso\":\"";
        m_time.append(m_out, record.timestampUs);
        m_out += "\",\"time_us\":";
        m_out += QByteArray::number(record.timestampUs);
        m_out += ",\"direction\":\"";
        m_out += directionName(record);
        m_out += "\",\"type\":\"";
        m_out += proto::opcodeName(record.opcode);
        m_out += "\",\"opcode\":";
        m_out += QByteArray::number(quint8(record.opcode));
        m_out += ",\"size\":";
        m_out += QByteArray::number(record.payloadSize);
        m_out += ",\"wire_size\":";
        m_out += QByteArray::number(record.wirePayloadSize);
        m_out += ",\"compressed\":";
        m_out += record.compressed ? "true" : "false";
        m_out += ",\"frames\":";
        m_out += QByteArray::number(record.frameCount);
        m_out += ",\"frame_headers\":[";
        for (quint32 f = 0; f < record.frameCount; ++f) {
            m_out += f > 0 ? ",\"" : "\"";
            m_out += m_store.frameHeader(record, f).toByteArray().toHex();
            m_out += '"';
        }
        m_out += ']';
        if (facts.hasCloseCode) {
            m_out += ",\"close_code\":";
            m_out += QByteArray::number(facts.closeCode);
            if (facts.validCloseReason) {
                m_out += ",\"close_reason\":";
                appendJsonString(m_out, facts.closeReason);
            }
        }
        m_out += ",\"payload_released\":";
        m_out += facts.released ? "true" : "false";
        if (facts.validText) {
            m_out += ",\"payload_text\":";
            appendJsonString(m_out, record.payload);
        } else if (!facts.released) {
            m_out += ",\"payload_base64\":\"";
            m_out += record.payload.toBase64();
            m_out += '"';
        }
        m_out += '}';
    }

    void jsonFooter(bool empty) { m_out += empty ? "]}\n" : "\n]}\n"; }

private:
    const MessageStore &m_store;
    QByteArray &m_out;
    TimeFormatter m_time;
};
} // namespace

LogSelection LogSelection::all(const MessageStore &store)
{
    const quint64 first = store.firstIndex();
    return LogSelection{qsizetype(store.size()), [first](qsizetype i) { return first + quint64(i); }};
}

LogSelection LogSelection::of(const QList<quint64> &indices)
{
    return LogSelection{indices.size(), [indices](qsizetype i) { return indices[i]; }};
}

LogExporter::LogExporter(const MessageStore &store, Format format)
    : m_store(store)
    , m_format(format)
{}

QList<QByteArray> LogExporter::columns()
{
    return {"time_iso",   "time_us",      "direction",        "type",         "opcode",
            "size",       "wire_size",    "compressed",       "frames",       "frame_headers",
            "close_code", "close_reason", "payload_released", "payload_text", "payload_base64"};
}

QString LogExporter::fileSuffix(Format format)
{
    switch (format) {
    case Format::Text: return QStringLiteral("txt");
    case Format::Csv: return QStringLiteral("csv");
    case Format::Json: return QStringLiteral("json");
    }
    return {};
}

bool LogExporter::write(QIODevice &device)
{
    return write(device, LogSelection::all(m_store));
}

bool LogExporter::write(QIODevice &device, const LogSelection &selection)
{
    m_error.clear();
    m_written = 0;
    BufferedSink sink(device);
    RecordWriter writer(m_store, sink.out());
    const auto failed = [&] {
        m_error = device.errorString();
        return false;
    };
    if (m_format == Format::Csv)
        writer.csvHeader();
    else if (m_format == Format::Json)
        writer.jsonHeader(m_url);
    for (qsizetype i = 0; i < selection.count; ++i) {
        const quint64 index = selection.indexAt(i);
        if (!m_store.contains(index))
            continue;
        const MessageRecord &record = m_store.at(index);
        switch (m_format) {
        case Format::Text: writer.text(record); break;
        case Format::Csv: writer.csv(record); break;
        case Format::Json: writer.json(record, m_written == 0); break;
        }
        ++m_written;
        if (!sink.flushIfFull())
            return failed();
    }
    if (m_format == Format::Json)
        writer.jsonFooter(m_written == 0);
    if (!sink.flush())
        return failed();
    return true;
}

} // namespace sockscope::session
