#include "harwriter.h"

#include "harformat.h"
#include "proto/utf8validator.h"

#include <QUrl>
#include <QUrlQuery>

#include <charconv>
#include <cmath>
#include <vector>

namespace sockscope::session {

namespace {

// JSON text indented by two spaces, one member or element per line, written in order.
class JsonOut
{
public:
    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    void key(const char *name)
    {
        beforeItem();
        appendString(name);
        m_out += ": ";
        m_afterKey = true;
    }

    // Valid UTF-8 only (see text()).
    void string(QByteArrayView utf8)
    {
        beforeValue();
        appendString(utf8);
    }

    // Bytes that should be text: those that are not UTF-8 become U+FFFD.
    void text(QByteArrayView bytes)
    {
        if (proto::Utf8Validator::isValid(bytes))
            string(bytes);
        else
            string(QString::fromUtf8(bytes).toUtf8());
    }

    void number(QByteArrayView token)
    {
        beforeValue();
        m_out += token;
    }

    void integer(qint64 value) { number(QByteArray::number(value)); }

    // The shortest form that reads back as the same double; -1 (HAR's "unknown") for what JSON cannot hold.
    void milliseconds(double value)
    {
        if (!std::isfinite(value))
            value = -1;
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
        number(QByteArrayView(buffer, result.ptr - buffer));
    }

    QByteArray take()
    {
        m_out += '\n';
        return std::move(m_out);
    }

private:
    void open(char bracket)
    {
        beforeValue();
        m_out += bracket;
        m_empty.push_back(true);
    }

    void close(char bracket)
    {
        const bool empty = m_empty.back();
        m_empty.pop_back();
        if (!empty)
            newline();
        m_out += bracket;
    }

    void beforeValue()
    {
        if (m_afterKey)
            m_afterKey = false;
        else if (!m_empty.empty())
            beforeItem();
    }

    void beforeItem()
    {
        if (!m_empty.back())
            m_out += ',';
        m_empty.back() = false;
        newline();
    }

    void newline()
    {
        m_out += '\n';
        m_out.append(qsizetype(m_empty.size()) * 2, ' ');
    }

    // RFC 8259 section 7: quotation mark, reverse solidus and the control characters are escaped.
    void appendString(QByteArrayView utf8)
    {
        static constexpr char hex[] = "0123456789abcdef";
        m_out += '"';
        qsizetype run = 0;
        for (qsizetype i = 0; i < utf8.size(); ++i) {
            const uchar c = uchar(utf8[i]);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            m_out.append(utf8.data() + run, i - run);
            run = i + 1;
            switch (c) {
            case '"': m_out += "\\\""; break;
            case '\\': m_out += "\\\\"; break;
            case '\b': m_out += "\\b"; break;
            case '\f': m_out += "\\f"; break;
            case '\n': m_out += "\\n"; break;
            case '\r': m_out += "\\r"; break;
            case '\t': m_out += "\\t"; break;
            default:
                m_out += "\\u00";
                m_out += hex[c >> 4];
                m_out += hex[c & 0xF];
            }
        }
        m_out.append(utf8.data() + run, utf8.size() - run);
        m_out += '"';
    }

    QByteArray m_out;
    std::vector<bool> m_empty; // per open object or array: nothing written in it yet
    bool m_afterKey = false;
};

void writeHeaders(JsonOut &json, const QList<HarHeader> &headers)
{
    json.key("headers");
    json.beginArray();
    for (const HarHeader &header : headers) {
        json.beginObject();
        json.key("name");
        json.text(header.name);
        json.key("value");
        json.text(header.value);
        if (!proto::Utf8Validator::isValid(header.name)) {
            json.key(har::NameBase64Field);
            json.string(header.name.toBase64());
        }
        if (!proto::Utf8Validator::isValid(header.value)) {
            json.key(har::ValueBase64Field);
            json.string(header.value.toBase64());
        }
        json.endObject();
    }
    json.endArray();
}

void writeEmptyArray(JsonOut &json, const char *key)
{
    json.key(key);
    json.beginArray();
    json.endArray();
}

void writeRequest(JsonOut &json, const HarWebSocketEntry &entry)
{
    json.key("request");
    json.beginObject();
    json.key("method");
    json.text(entry.method);
    json.key("url");
    json.string(entry.url.toUtf8());
    json.key("httpVersion");
    json.text(entry.httpVersion);
    writeHeaders(json, entry.requestHeaders);
    // The URL's query as name / value pairs, as HAR 1.2 lists it.
    json.key("queryString");
    json.beginArray();
    for (const auto &[name, value] : QUrlQuery(QUrl(entry.url)).queryItems(QUrl::FullyDecoded)) {
        json.beginObject();
        json.key("name");
        json.string(name.toUtf8());
        json.key("value");
        json.string(value.toUtf8());
        json.endObject();
    }
    json.endArray();
    writeEmptyArray(json, "cookies");
    json.key("headersSize");
    json.integer(-1);
    json.key("bodySize");
    json.integer(0);
    json.endObject();
}

void writeResponse(JsonOut &json, const HarWebSocketEntry &entry)
{
    json.key("response");
    json.beginObject();
    json.key("status");
    json.integer(entry.status);
    json.key("statusText");
    json.text(entry.statusText);
    json.key("httpVersion");
    json.text(entry.responseHttpVersion);
    writeHeaders(json, entry.responseHeaders);
    writeEmptyArray(json, "cookies");
    json.key("content");
    json.beginObject();
    json.key("size");
    json.integer(0);
    json.key("mimeType");
    json.string("x-unknown");
    json.endObject();
    json.key("redirectURL");
    json.string("");
    json.key("headersSize");
    json.integer(-1);
    json.key("bodySize");
    json.integer(0);
    json.endObject();
}

void writeTimings(JsonOut &json, const HarTimings &t)
{
    json.key("timings");
    json.beginObject();
    const std::pair<const char *, double> phases[] = {{"blocked", t.blocked}, {"dns", t.dns},   {"ssl", t.ssl},
                                                      {"connect", t.connect}, {"send", t.send}, {"wait", t.wait},
                                                      {"receive", t.receive}};
    for (const auto &[name, value] : phases) {
        json.key(name);
        json.milliseconds(value);
    }
    json.endObject();
}

// HAR's "time": the phases that happened, ssl being part of connect.
double totalMilliseconds(const HarTimings &t)
{
    double total = 0;
    for (double phase : {t.blocked, t.dns, t.connect, t.send, t.wait, t.receive}) {
        if (std::isfinite(phase) && phase > 0)
            total += phase;
    }
    return total;
}

const char *typeName(HarMessageType type)
{
    switch (type) {
    case HarMessageType::Send: return "send";
    case HarMessageType::Receive: return "receive";
    case HarMessageType::Error: return "error";
    }
    return "send";
}

void writeMessage(JsonOut &json, const HarWebSocketMessage &message)
{
    json.beginObject();
    json.key("type");
    json.string(typeName(message.type));
    json.key("time");
    json.number(har::formatSeconds(message.timestampUs));
    // Binary as base64 (Chrome); anything else as its text, unless it is not UTF-8: then as binary, so that no
    // tool shows altered bytes, with the real opcode beside it.
    const bool asText = message.opcode != 2 && proto::Utf8Validator::isValid(message.payload);
    json.key("opcode");
    json.integer(asText ? message.opcode : 2);
    json.key("data");
    json.string(asText ? message.payload : message.payload.toBase64());
    if (!asText && message.opcode != 2) {
        json.key(har::OpcodeField);
        json.integer(message.opcode);
    }
    json.endObject();
}

void writeEntry(JsonOut &json, const HarWebSocketEntry &entry)
{
    const qint64 started = qBound(har::minDateTimeUs(), entry.startedUs, har::maxDateTimeUs());
    json.beginObject();
    json.key("startedDateTime");
    json.string(har::formatDateTime(started));
    if (started % 1000 != 0) {
        json.key(har::StartedUsField);
        json.integer(started);
    }
    json.key("time");
    json.milliseconds(totalMilliseconds(entry.timings));
    writeRequest(json, entry);
    writeResponse(json, entry);
    json.key("cache");
    json.beginObject();
    json.endObject();
    writeTimings(json, entry.timings);
    json.key("_resourceType");
    json.string("websocket");
    json.key("_webSocketMessages");
    json.beginArray();
    for (const HarWebSocketMessage &message : entry.messages)
        writeMessage(json, message);
    json.endArray();
    json.endObject();
}

} // namespace

QByteArray writeHar(const QList<HarWebSocketEntry> &entries, const QString &creatorName, const QString &creatorVersion)
{
    JsonOut json;
    json.beginObject();
    json.key("log");
    json.beginObject();
    json.key("version");
    json.string("1.2");
    json.key("creator");
    json.beginObject();
    json.key("name");
    json.string(creatorName.toUtf8());
    json.key("version");
    json.string(creatorVersion.toUtf8());
    json.endObject();
    writeEmptyArray(json, "pages");
    json.key("entries");
    json.beginArray();
    for (const HarWebSocketEntry &entry : entries)
        writeEntry(json, entry);
    json.endArray();
    json.endObject();
    json.endObject();
    return json.take();
}

} // namespace sockscope::session
