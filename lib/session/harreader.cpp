#include "harreader.h"

#include "harformat.h"
#include "proto/utf8validator.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace sockscope::session {

namespace {

// Deep enough for any HAR (Chrome's initiator stacks included), shallow enough for the recursive parser.
constexpr int MaxDepth = 512;

// A JSON value with the byte offset it starts at. A value the input ended in (or a syntax error cut) stays
// incomplete: objects and arrays keep the members read so far, other values have no content.
struct JsonNode {
    enum class Kind : quint8 { Null, Bool, Number, String, Array, Object };

    Kind kind = Kind::Null;
    bool complete = false;
    bool boolean = false;
    qsizetype offset = 0;
    QByteArray text; // a string's UTF-8, or a number's token as written; may refer to the input (see parseString)
    std::vector<JsonNode> items;
    std::vector<QByteArray> keys; // for an object, the member names beside items

    // The last member with this name (the last one wins, as in most JSON readers).
    const JsonNode *member(QByteArrayView key) const
    {
        for (size_t i = keys.size(); i-- > 0;) {
            if (keys[i] == key)
                return &items[i];
        }
        return nullptr;
    }
};

const char *expectedKind(JsonNode::Kind kind)
{
    switch (kind) {
    case JsonNode::Kind::Null: return "expected null";
    case JsonNode::Kind::Bool: return "expected true or false";
    case JsonNode::Kind::Number: return "expected a number";
    case JsonNode::Kind::String: return "expected a string";
    case JsonNode::Kind::Array: return "expected an array";
    case JsonNode::Kind::Object: return "expected an object";
    }
    return "";
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 8259 JSON into JsonNode trees, one value at a time, so that the HAR reader can walk the log and its entries
// without holding the whole file as a tree. The input must be UTF-8 (RFC 8259 section 8.1): the first invalid
// byte is where the usable input ends. On an error the parser stops; the error names the byte.
class JsonParser
{
public:
    explicit JsonParser(QByteArrayView input)
        : m_data(input.data())
        , m_size(input.size())
    {
        const qsizetype invalid = proto::Utf8Validator::firstInvalidByte(input);
        m_end = invalid < 0 ? m_size : invalid;
        if (m_end >= 3 && QByteArrayView(m_data, 3) == QByteArrayView("\xEF\xBB\xBF"))
            m_pos = m_start = 3; // a byte order mark, which RFC 8259 section 8.1 lets a reader ignore
    }

    qsizetype position() const { return m_pos; }
    // Past the last byte (atEnd() also stops at the first byte that is not UTF-8).
    bool atInputEnd() const { return m_pos >= m_size; }
    qsizetype contentStart() const { return m_start; }
    bool atEnd() const { return m_pos >= m_end; }
    char peek() const { return m_data[m_pos]; }
    qsizetype errorOffset() const { return m_errorOffset; }
    const char *errorDetail() const { return m_errorDetail; }

    void skipWhitespace()
    {
        while (m_pos < m_end) {
            const char c = m_data[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool consume(char c)
    {
        if (m_pos < m_end && m_data[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    // An error at the current byte; at the end of the usable input it says why the input ends there.
    bool failHere(const char *expected) { return fail(m_pos, expected); }

    bool fail(qsizetype at, const char *detail)
    {
        if (at >= m_end) {
            at = m_end;
            detail = m_end < m_size ? "invalid UTF-8" : "unexpected end of input";
        }
        m_errorOffset = at;
        m_errorDetail = detail;
        return false;
    }

    bool parseValue(JsonNode &node, int depth)
    {
        skipWhitespace();
        node.offset = m_pos;
        if (atEnd())
            return failHere("expected a value");
        switch (peek()) {
        case '{': return parseObject(node, depth + 1);
        case '[': return parseArray(node, depth + 1);
        case '"':
            if (!parseString(node.text))
                return false;
            node.kind = JsonNode::Kind::String;
            node.complete = true;
            return true;
        case 't': return parseLiteral(node, "true", JsonNode::Kind::Bool, true);
        case 'f': return parseLiteral(node, "false", JsonNode::Kind::Bool, false);
        case 'n': return parseLiteral(node, "null", JsonNode::Kind::Null, false);
        default:
            if (peek() == '-' || isDigit(peek()))
                return parseNumber(node);
            return failHere("expected a value");
        }
    }

    // At a '"': the string's UTF-8 with the escapes resolved into `out` (empty before). A string without escapes
    // is not copied: `out` then refers to the input (QByteArray::fromRawData), and must be copied to outlive it.
    bool parseString(QByteArray &out)
    {
        ++m_pos;
        qsizetype run = m_pos;
        bool escaped = false;
        for (;;) {
            if (m_pos >= m_end)
                return failHere("");
            const uchar c = uchar(m_data[m_pos]);
            if (c == '"') {
                if (escaped)
                    out.append(m_data + run, m_pos - run);
                else
                    out = QByteArray::fromRawData(m_data + run, m_pos - run);
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail(m_pos, "control character in a string");
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            out.append(m_data + run, m_pos - run);
            escaped = true;
            const qsizetype escape = m_pos++;
            if (atEnd())
                return failHere("");
            switch (m_data[m_pos++]) {
            case '"': out.append('"'); break;
            case '\\': out.append('\\'); break;
            case '/': out.append('/'); break;
            case 'b': out.append('\b'); break;
            case 'f': out.append('\f'); break;
            case 'n': out.append('\n'); break;
            case 'r': out.append('\r'); break;
            case 't': out.append('\t'); break;
            case 'u': {
                char32_t cp = 0;
                for (qsizetype i = m_pos; i < m_pos + 4; ++i) {
                    if (i >= m_end)
                        return fail(i, "");
                    if (!isHexDigit(m_data[i]))
                        return fail(escape, "invalid \\u escape");
                }
                readHex4(&cp);
                m_pos += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    // A high surrogate pairs with a low one in the next escape; alone, it is no character.
                    char32_t low = 0;
                    if (m_pos + 2 <= m_end && m_data[m_pos] == '\\' && m_data[m_pos + 1] == 'u') {
                        m_pos += 2;
                        if (readHex4(&low) && low >= 0xDC00 && low <= 0xDFFF) {
                            m_pos += 4;
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else {
                            m_pos -= 2;
                            cp = 0xFFFD;
                        }
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                appendUtf8(out, cp);
                break;
            }
            default: return fail(escape, "invalid escape sequence");
            }
            run = m_pos;
        }
    }

private:
    bool readHex4(char32_t *cp) const
    {
        if (m_pos + 4 > m_end)
            return false;
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_data[m_pos + i];
            int digit;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            else
                return false;
            v = v * 16 + char32_t(digit);
        }
        *cp = v;
        return true;
    }

    bool parseObject(JsonNode &node, int depth)
    {
        if (depth > MaxDepth)
            return failHere("nesting too deep");
        node.kind = JsonNode::Kind::Object;
        ++m_pos;
        skipWhitespace();
        if (consume('}')) {
            node.complete = true;
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (atEnd() || peek() != '"')
                return failHere("expected a member name");
            QByteArray key;
            if (!parseString(key))
                return false;
            skipWhitespace();
            if (!consume(':'))
                return failHere("expected ':'");
            node.keys.push_back(std::move(key));
            node.items.emplace_back();
            if (!parseValue(node.items.back(), depth))
                return false;
            skipWhitespace();
            if (consume(','))
                continue;
            if (consume('}')) {
                node.complete = true;
                return true;
            }
            return failHere("expected ',' or '}'");
        }
    }

    bool parseArray(JsonNode &node, int depth)
    {
        if (depth > MaxDepth)
            return failHere("nesting too deep");
        node.kind = JsonNode::Kind::Array;
        ++m_pos;
        skipWhitespace();
        if (consume(']')) {
            node.complete = true;
            return true;
        }
        for (;;) {
            node.items.emplace_back();
            if (!parseValue(node.items.back(), depth))
                return false;
            skipWhitespace();
            if (consume(','))
                continue;
            if (consume(']')) {
                node.complete = true;
                return true;
            }
            return failHere("expected ',' or ']'");
        }
    }

    bool parseLiteral(JsonNode &node, const char *word, JsonNode::Kind kind, bool value)
    {
        const qsizetype start = m_pos;
        for (; *word; ++word, ++m_pos) {
            if (m_pos >= m_end)
                return failHere("");
            if (m_data[m_pos] != *word)
                return fail(start, "expected a value");
        }
        node.kind = kind;
        node.boolean = value;
        node.complete = true;
        return true;
    }

    // RFC 8259 section 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    bool parseNumber(JsonNode &node)
    {
        const qsizetype start = m_pos;
        consume('-');
        if (atEnd() || !isDigit(peek()))
            return failHere("invalid number");
        if (!consume('0')) {
            while (!atEnd() && isDigit(peek()))
                ++m_pos;
        }
        if (consume('.')) {
            if (atEnd() || !isDigit(peek()))
                return failHere("invalid number");
            while (!atEnd() && isDigit(peek()))
                ++m_pos;
        }
        if (consume('e') || consume('E')) {
            if (!consume('+'))
                consume('-');
            if (atEnd() || !isDigit(peek()))
                return failHere("invalid number");
            while (!atEnd() && isDigit(peek()))
                ++m_pos;
        }
        node.kind = JsonNode::Kind::Number;
        node.text = QByteArray::fromRawData(m_data + start, m_pos - start);
        // A number that runs to the end of the input may have lost digits.
        node.complete = m_pos < m_end;
        return true;
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_end = 0;
    qsizetype m_start = 0;
    qsizetype m_pos = 0;
    qsizetype m_errorOffset = -1;
    const char *m_errorDetail = "";
};

// value × 10^scale of a JSON number token, rounded half away from zero, computed from the decimal digits (no
// binary floating point in between). nullopt when the result does not fit in qint64. *exact says whether
// rounding dropped anything.
std::optional<qint64> scaledDecimal(QByteArrayView token, int scale, bool *exact)
{
    qsizetype i = 0;
    const bool negative = token.startsWith('-');
    if (negative)
        ++i;
    std::string digits;
    qint64 exponent = scale;
    while (i < token.size() && isDigit(token[i]))
        digits += token[i++];
    if (i < token.size() && token[i] == '.') {
        ++i;
        while (i < token.size() && isDigit(token[i])) {
            digits += token[i++];
            --exponent;
        }
    }
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        const bool negativeExponent = i < token.size() && token[i] == '-';
        if (i < token.size() && (token[i] == '-' || token[i] == '+'))
            ++i;
        qint64 e = 0;
        for (; i < token.size(); ++i)
            e = std::min<qint64>(e * 10 + (token[i] - '0'), 1'000'000'000); // far beyond any qint64 anyway
        exponent += negativeExponent ? -e : e;
    }
    const size_t first = digits.find_first_not_of('0');
    *exact = true;
    if (first == std::string::npos)
        return 0;
    digits.erase(0, first);

    constexpr quint64 Max = quint64(std::numeric_limits<qint64>::max());
    quint64 value = 0;
    if (exponent >= 0) {
        if (qint64(digits.size()) + exponent > 19)
            return std::nullopt;
        for (char c : digits)
            value = value * 10 + quint64(c - '0');
        for (qint64 k = 0; k < exponent; ++k)
            value *= 10;
    } else {
        const qint64 keep = qint64(digits.size()) + exponent; // digits left of the decimal point
        if (keep > 19)
            return std::nullopt;
        for (qint64 k = 0; k < keep; ++k)
            value = value * 10 + quint64(digits[size_t(k)] - '0');
        // Dropped digits: all of them when keep < 0 (then the first is not a zero), else from index keep on.
        const size_t dropFrom = size_t(std::max<qint64>(keep, 0));
        *exact = keep >= 0 && digits.find_first_not_of('0', dropFrom) == std::string::npos;
        if (keep >= 0 && digits[dropFrom] >= '5')
            ++value;
    }
    if (value > Max + (negative ? 1 : 0)) // the most negative qint64 has no positive counterpart
        return std::nullopt;
    return negative ? qint64(0 - value) : qint64(value);
}

// A step of a JSON path, kept on the stack while reading and put into words only for an error.
struct PathStep {
    const PathStep *parent = nullptr;
    const char *key = nullptr; // a member name, or null for an array element (or for the top level)
    qsizetype index = -1;

    PathStep member(const char *name) const { return {this, name, -1}; }
    PathStep element(qsizetype i) const { return {this, nullptr, i}; }

    QString toString() const
    {
        std::vector<const PathStep *> steps;
        for (const PathStep *s = this; s; s = s->parent)
            steps.push_back(s);
        QString out;
        for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
            const PathStep *s = *it;
            if (s->key) {
                if (!out.isEmpty())
                    out += u'.';
                out += QLatin1String(s->key);
            } else if (s->index >= 0) {
                out += u'[' + QString::number(s->index) + u']';
            }
        }
        return out;
    }
};

enum class Got : quint8 { Value, Absent, Failed };

// Reading one entry, in one of two modes. Strict: the first problem is recorded and reading stops. Lenient (for
// the entry an error is in, to keep what it holds): values cut off by the end count as absent, a field that is
// missing or bad keeps its default, and the messages stop at the first bad one; nothing is recorded.
class EntryReader
{
public:
    explicit EntryReader(HarReadError *error)
        : m_error(error)
    {}

    bool lenient() const { return m_error == nullptr; }

    bool readEntry(const JsonNode &node, const PathStep &path, HarWebSocketEntry &entry)
    {
        const JsonNode *v = nullptr;
        if (stop(get(node, path, "startedDateTime", JsonNode::Kind::String, true, v)))
            return false;
        if (v) {
            const std::optional<qint64> started = har::parseDateTime(v->text);
            if (!started && stop(invalid(path.member("startedDateTime"), *v, "expected an ISO 8601 date and time")))
                return false;
            entry.startedUs = started.value_or(0);
            // The microseconds the writer keeps beside it, when they fall in the same millisecond.
            qint64 precise = 0;
            const Got gotPrecise =
                getInteger(node, path, har::StartedUsField, false, std::numeric_limits<qint64>::min(),
                           std::numeric_limits<qint64>::max(), precise);
            if (stop(gotPrecise))
                return false;
            if (started && gotPrecise == Got::Value && floorMs(precise) == floorMs(*started))
                entry.startedUs = precise;
        }

        const JsonNode *request = nullptr;
        if (stop(get(node, path, "request", JsonNode::Kind::Object, true, request)))
            return false;
        if (request) {
            const PathStep at = path.member("request");
            QByteArray url;
            if (stop(getText(*request, at, "method", true, entry.method)) ||
                stop(getText(*request, at, "url", true, url)) ||
                stop(getText(*request, at, "httpVersion", true, entry.httpVersion)) ||
                stop(getHeaders(*request, at, entry.requestHeaders)))
                return false;
            entry.url = QString::fromUtf8(url);
        }

        const JsonNode *response = nullptr;
        if (stop(get(node, path, "response", JsonNode::Kind::Object, true, response)))
            return false;
        if (response) {
            const PathStep at = path.member("response");
            qint64 status = 0;
            if (stop(getInteger(*response, at, "status", true, 0, 999, status)) ||
                stop(getText(*response, at, "statusText", true, entry.statusText)) ||
                stop(getText(*response, at, "httpVersion", true, entry.responseHttpVersion)) ||
                stop(getHeaders(*response, at, entry.responseHeaders)))
                return false;
            entry.status = int(status);
        }

        const JsonNode *timings = nullptr;
        if (stop(get(node, path, "timings", JsonNode::Kind::Object, false, timings)))
            return false;
        if (timings) {
            const PathStep at = path.member("timings");
            HarTimings &t = entry.timings;
            if (stop(getMillis(*timings, at, "blocked", t.blocked)) || stop(getMillis(*timings, at, "dns", t.dns)) ||
                stop(getMillis(*timings, at, "connect", t.connect)) || stop(getMillis(*timings, at, "ssl", t.ssl)) ||
                stop(getMillis(*timings, at, "send", t.send)) || stop(getMillis(*timings, at, "wait", t.wait)) ||
                stop(getMillis(*timings, at, "receive", t.receive)))
                return false;
        }

        return readMessages(node, path, entry.messages);
    }

private:
    static qint64 floorMs(qint64 us) { return us / 1000 - (us % 1000 < 0 ? 1 : 0); }

    // Whether reading stops here: only in strict mode, after a problem.
    bool stop(Got got) const { return got == Got::Failed && !lenient(); }

    Got fail(HarReadError::Kind kind, const PathStep &path, qsizetype offset, const char *detail)
    {
        if (m_error) {
            m_error->kind = kind;
            m_error->offset = offset;
            m_error->path = path.toString();
            m_error->detail = QString::fromUtf8(detail);
        }
        return Got::Failed;
    }

    Got invalid(const PathStep &path, const JsonNode &value, const char *detail)
    {
        return fail(HarReadError::Kind::InvalidValue, path, value.offset, detail);
    }

    Got get(const JsonNode &object, const PathStep &path, const char *key, JsonNode::Kind kind, bool required,
            const JsonNode *&out)
    {
        out = object.member(key);
        if (!out || !out->complete) {
            out = nullptr;
            if (!required)
                return Got::Absent;
            return fail(HarReadError::Kind::MissingField, path.member(key), object.offset, "required field is missing");
        }
        if (out->kind != kind) {
            const qsizetype offset = out->offset;
            out = nullptr;
            return fail(HarReadError::Kind::WrongType, path.member(key), offset, expectedKind(kind));
        }
        return Got::Value;
    }

    Got getText(const JsonNode &object, const PathStep &path, const char *key, bool required, QByteArray &out)
    {
        const JsonNode *v = nullptr;
        const Got got = get(object, path, key, JsonNode::Kind::String, required, v);
        if (v)
            out = QByteArray(v->text.constData(), v->text.size()); // a copy of its own, the input may go
        return got;
    }

    Got getInteger(const JsonNode &object, const PathStep &path, const char *key, bool required, qint64 min, qint64 max,
                   qint64 &out)
    {
        const JsonNode *v = nullptr;
        const Got got = get(object, path, key, JsonNode::Kind::Number, required, v);
        if (!v)
            return got;
        bool exact = false;
        const std::optional<qint64> value = scaledDecimal(v->text, 0, &exact);
        if (!value || !exact || *value < min || *value > max) {
            if (min == std::numeric_limits<qint64>::min())
                return invalid(path.member(key), *v, "expected an integer");
            const QByteArray detail =
                "expected an integer from " + QByteArray::number(min) + " to " + QByteArray::number(max);
            return invalid(path.member(key), *v, detail.constData());
        }
        out = *value;
        return Got::Value;
    }

    Got getMillis(const JsonNode &object, const PathStep &path, const char *key, double &out)
    {
        const JsonNode *v = nullptr;
        const Got got = get(object, path, key, JsonNode::Kind::Number, false, v);
        if (!v)
            return got;
        double value = 0;
        const auto [end, ec] = std::from_chars(v->text.constData(), v->text.constData() + v->text.size(), value);
        if (ec != std::errc() || !std::isfinite(value))
            return invalid(path.member(key), *v, "out of range");
        out = value;
        return Got::Value;
    }

    Got getBase64(const JsonNode &object, const PathStep &path, const char *key, bool required, QByteArray &out)
    {
        const JsonNode *v = nullptr;
        const Got got = get(object, path, key, JsonNode::Kind::String, required, v);
        if (!v)
            return got;
        auto decoded = QByteArray::fromBase64Encoding(v->text, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return invalid(path.member(key), *v, "invalid base64");
        out = std::move(decoded.decoded);
        return Got::Value;
    }

    // HAR requires the list; it is all or nothing, so a lenient read never keeps half of it.
    Got getHeaders(const JsonNode &object, const PathStep &path, QList<HarHeader> &out)
    {
        const JsonNode *list = nullptr;
        const Got got = get(object, path, "headers", JsonNode::Kind::Array, true, list);
        if (!list)
            return got;
        const PathStep at = path.member("headers");
        QList<HarHeader> headers;
        headers.reserve(qsizetype(list->items.size()));
        for (size_t i = 0; i < list->items.size(); ++i) {
            const JsonNode &item = list->items[i];
            const PathStep itemPath = at.element(qsizetype(i));
            if (item.kind != JsonNode::Kind::Object)
                return fail(HarReadError::Kind::WrongType, itemPath, item.offset, "expected an object");
            HarHeader header;
            if (getText(item, itemPath, "name", true, header.name) == Got::Failed ||
                getText(item, itemPath, "value", true, header.value) == Got::Failed ||
                getBase64(item, itemPath, har::NameBase64Field, false, header.name) == Got::Failed ||
                getBase64(item, itemPath, har::ValueBase64Field, false, header.value) == Got::Failed)
                return Got::Failed;
            headers.append(std::move(header));
        }
        out = std::move(headers);
        return Got::Value;
    }

    bool readMessages(const JsonNode &entry, const PathStep &path, QList<HarWebSocketMessage> &out)
    {
        const JsonNode *list = entry.member("_webSocketMessages");
        if (!list)
            return true;
        const PathStep at = path.member("_webSocketMessages");
        if (list->kind != JsonNode::Kind::Array) {
            if (!list->complete)
                return true;
            return !stop(fail(HarReadError::Kind::WrongType, at, list->offset, "expected an array"));
        }
        out.reserve(qsizetype(list->items.size()));
        for (size_t i = 0; i < list->items.size(); ++i) {
            const JsonNode &item = list->items[i];
            if (!item.complete)
                return true; // lenient: the rest was cut off
            HarWebSocketMessage message;
            if (!readMessage(item, at.element(qsizetype(i)), message))
                return lenient();
            out.append(std::move(message));
        }
        return true;
    }

    bool readMessage(const JsonNode &node, const PathStep &path, HarWebSocketMessage &message)
    {
        if (node.kind != JsonNode::Kind::Object) {
            fail(HarReadError::Kind::WrongType, path, node.offset, "expected an object");
            return false;
        }
        const JsonNode *type = nullptr;
        if (get(node, path, "type", JsonNode::Kind::String, true, type) == Got::Failed)
            return false;
        if (type->text == "send") {
            message.type = HarMessageType::Send;
        } else if (type->text == "receive") {
            message.type = HarMessageType::Receive;
        } else if (type->text == "error") {
            message.type = HarMessageType::Error;
        } else {
            invalid(path.member("type"), *type, "expected \"send\", \"receive\" or \"error\"");
            return false;
        }

        const JsonNode *time = nullptr;
        if (get(node, path, "time", JsonNode::Kind::Number, true, time) == Got::Failed)
            return false;
        bool exact = false;
        const std::optional<qint64> us = scaledDecimal(time->text, 6, &exact);
        if (!us) {
            invalid(path.member("time"), *time, "out of range");
            return false;
        }
        message.timestampUs = *us;

        qint64 opcode = 0;
        if (getInteger(node, path, "opcode", true, -1, 15, opcode) == Got::Failed)
            return false;
        // Binary data is base64 (Chrome), everything else text.
        const Got data = opcode == 2 ? getBase64(node, path, "data", true, message.payload)
                                     : getText(node, path, "data", true, message.payload);
        if (data == Got::Failed)
            return false;
        if (getInteger(node, path, har::OpcodeField, false, -1, 15, opcode) == Got::Failed)
            return false;
        message.opcode = int(opcode);
        return true;
    }

    HarReadError *m_error;
};

// An entry counts as a WebSocket one on any of these signs; values of the wrong type are no sign.
bool isWebSocketEntry(const JsonNode &entry)
{
    auto stringOf = [](const JsonNode *node) {
        return node && node->complete && node->kind == JsonNode::Kind::String ? QByteArrayView(node->text)
                                                                              : QByteArrayView();
    };
    auto object = [](const JsonNode *node) { return node && node->kind == JsonNode::Kind::Object ? node : nullptr; };

    if (stringOf(entry.member("_resourceType")).compare("websocket", Qt::CaseInsensitive) == 0)
        return true;
    if (entry.member("_webSocketMessages"))
        return true;
    if (const JsonNode *request = object(entry.member("request"))) {
        const QByteArrayView url = stringOf(request->member("url"));
        auto hasScheme = [&url](QByteArrayView prefix) {
            return url.size() >= prefix.size() && url.first(prefix.size()).compare(prefix, Qt::CaseInsensitive) == 0;
        };
        if (hasScheme("ws://") || hasScheme("wss://"))
            return true;
    }
    if (const JsonNode *response = object(entry.member("response"))) {
        const JsonNode *status = response->member("status");
        bool exact = false;
        if (!status || !status->complete || status->kind != JsonNode::Kind::Number ||
            scaledDecimal(status->text, 0, &exact) != 101)
            return false;
        const JsonNode *headers = response->member("headers");
        if (!headers || headers->kind != JsonNode::Kind::Array)
            return false;
        for (const JsonNode &header : headers->items) {
            if (header.kind != JsonNode::Kind::Object ||
                stringOf(header.member("name")).compare("upgrade", Qt::CaseInsensitive) != 0)
                continue;
            // RFC 6455 4.1: Upgrade holds the token "websocket", in any case.
            const QByteArray value = stringOf(header.member("value")).toByteArray();
            for (const QByteArray &token : value.split(','))
                if (token.trimmed().compare("websocket", Qt::CaseInsensitive) == 0)
                    return true;
        }
    }
    return false;
}

class HarReader
{
public:
    explicit HarReader(QByteArrayView input)
        : m_input(input)
        , m_parser(input)
    {}

    HarReadResult read()
    {
        readDocument();
        if (m_result.error)
            locate(m_result.error);
        return std::move(m_result);
    }

private:
    bool readDocument()
    {
        const PathStep root;
        m_parser.skipWhitespace();
        if (m_parser.atEnd() || m_parser.peek() != '{') {
            JsonNode value;
            if (!m_parser.parseValue(value, 0))
                return syntaxError();
            return structureError(HarReadError::Kind::WrongType, root, value.offset, "expected an object");
        }
        const qsizetype start = m_parser.position();
        bool sawLog = false;
        if (!readMembers(1, [&](const QByteArray &key) {
                if (key != "log")
                    return skipValue(1);
                sawLog = true;
                return readLog(root.member("log"));
            }))
            return false;
        m_parser.skipWhitespace();
        if (!m_parser.atInputEnd()) {
            m_parser.failHere("unexpected data after the JSON value");
            return syntaxError();
        }
        if (!sawLog)
            return structureError(HarReadError::Kind::MissingField, root.member("log"), start,
                                  "required field is missing");
        return true;
    }

    // At a '{': calls onMember for each member name with the parser at its value, which it must read. False when
    // reading stopped (the error is set).
    template <typename OnMember> bool readMembers(int depth, OnMember onMember)
    {
        if (depth > MaxDepth) {
            m_parser.failHere("nesting too deep");
            return syntaxError();
        }
        m_parser.consume('{');
        m_parser.skipWhitespace();
        if (m_parser.consume('}'))
            return true;
        for (;;) {
            m_parser.skipWhitespace();
            if (m_parser.atEnd() || m_parser.peek() != '"') {
                m_parser.failHere("expected a member name");
                return syntaxError();
            }
            QByteArray key;
            if (!m_parser.parseString(key))
                return syntaxError();
            m_parser.skipWhitespace();
            if (!m_parser.consume(':')) {
                m_parser.failHere("expected ':'");
                return syntaxError();
            }
            m_parser.skipWhitespace();
            if (!onMember(key))
                return false;
            m_parser.skipWhitespace();
            if (m_parser.consume(','))
                continue;
            if (m_parser.consume('}'))
                return true;
            m_parser.failHere("expected ',' or '}'");
            return syntaxError();
        }
    }

    bool skipValue(int depth)
    {
        JsonNode ignored;
        return m_parser.parseValue(ignored, depth) || syntaxError();
    }

    bool readLog(const PathStep &path)
    {
        if (m_parser.atEnd() || m_parser.peek() != '{')
            return wrongValue(path, 1, "expected an object");
        const qsizetype start = m_parser.position();
        bool sawEntries = false;
        const bool read = readMembers(2, [&](const QByteArray &key) {
            if (key == "entries") {
                sawEntries = true;
                return readEntries(path.member("entries"));
            }
            if (key == "creator")
                return readCreator();
            return skipValue(2);
        });
        if (read && !sawEntries)
            return structureError(HarReadError::Kind::MissingField, path.member("entries"), start,
                                  "required field is missing");
        return read;
    }

    // Taken when it is what HAR says; HAR requires it, but nothing here depends on it.
    bool readCreator()
    {
        JsonNode creator;
        if (!m_parser.parseValue(creator, 2))
            return syntaxError();
        if (creator.kind != JsonNode::Kind::Object)
            return true;
        const JsonNode *name = creator.member("name");
        const JsonNode *version = creator.member("version");
        if (name && name->kind == JsonNode::Kind::String)
            m_result.creatorName = QString::fromUtf8(name->text);
        if (version && version->kind == JsonNode::Kind::String)
            m_result.creatorVersion = QString::fromUtf8(version->text);
        return true;
    }

    bool readEntries(const PathStep &path)
    {
        if (m_parser.atEnd() || m_parser.peek() != '[')
            return wrongValue(path, 2, "expected an array");
        m_parser.consume('[');
        m_parser.skipWhitespace();
        if (m_parser.consume(']'))
            return true;
        for (qsizetype index = 0;; ++index) {
            JsonNode entry;
            if (!m_parser.parseValue(entry, 3)) {
                syntaxError();
                salvage(entry, path.element(index));
                return false;
            }
            if (!takeEntry(entry, path.element(index)))
                return false;
            m_parser.skipWhitespace();
            if (m_parser.consume(','))
                continue;
            if (m_parser.consume(']'))
                return true;
            m_parser.failHere("expected ',' or ']'");
            return syntaxError();
        }
    }

    bool takeEntry(const JsonNode &node, const PathStep &path)
    {
        if (node.kind != JsonNode::Kind::Object)
            return structureError(HarReadError::Kind::WrongType, path, node.offset, "expected an object");
        if (!isWebSocketEntry(node)) {
            ++m_result.skippedEntries;
            return true;
        }
        HarWebSocketEntry entry;
        EntryReader strict(&m_result.error);
        if (strict.readEntry(node, path, entry)) {
            m_result.entries.append(std::move(entry));
            return true;
        }
        salvage(node, path);
        return false;
    }

    // The entry the error is in: what of it can be read.
    void salvage(const JsonNode &node, const PathStep &path)
    {
        if (node.kind != JsonNode::Kind::Object || !isWebSocketEntry(node))
            return;
        HarWebSocketEntry entry;
        EntryReader(nullptr).readEntry(node, path, entry);
        m_result.entries.append(std::move(entry));
        m_result.lastEntryPartial = true;
    }

    // A member whose value has the wrong type: read it whole, so that broken JSON is reported as such first.
    bool wrongValue(const PathStep &path, int depth, const char *expected)
    {
        JsonNode value;
        if (!m_parser.parseValue(value, depth))
            return syntaxError();
        return structureError(HarReadError::Kind::WrongType, path, value.offset, expected);
    }

    bool syntaxError()
    {
        if (!m_result.error) {
            m_result.error.kind = HarReadError::Kind::Syntax;
            m_result.error.offset = m_parser.errorOffset();
            m_result.error.detail = QString::fromUtf8(m_parser.errorDetail());
        }
        return false;
    }

    bool structureError(HarReadError::Kind kind, const PathStep &path, qsizetype offset, const char *detail)
    {
        m_result.error.kind = kind;
        m_result.error.offset = offset;
        m_result.error.path = path.toString();
        m_result.error.detail = QString::fromUtf8(detail);
        return false;
    }

    // Line and column of the error's offset. The bytes before it are valid UTF-8, so characters are the bytes
    // that do not continue a sequence.
    void locate(HarReadError &error) const
    {
        const qsizetype start = m_parser.contentStart();
        const qsizetype offset = std::max(error.offset, start);
        int line = 1;
        qsizetype lineStart = start;
        for (qsizetype i = start; i < offset; ++i) {
            if (m_input[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (qsizetype i = lineStart; i < offset; ++i)
            column += (uchar(m_input[i]) & 0xC0) != 0x80;
        error.line = line;
        error.column = column;
    }

    QByteArrayView m_input;
    JsonParser m_parser;
    HarReadResult m_result;
};

} // namespace

QString HarReadError::message() const
{
    switch (kind) {
    case Kind::None: return {};
    case Kind::Syntax:
        return QStringLiteral("line %1, column %2 (byte %3): %4").arg(line).arg(column).arg(offset).arg(detail);
    case Kind::WrongType:
    case Kind::MissingField:
    case Kind::InvalidValue:
        return (path.isEmpty() ? QStringLiteral("top level") : path) + QStringLiteral(": ") + detail;
    }
    return {};
}

HarReadResult readHar(QByteArrayView json)
{
    return HarReader(json).read();
}

} // namespace sockscope::session
