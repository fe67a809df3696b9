#include "httpheadparser.h"

#include "httpsyntax.h"

namespace sockscope::proto {

namespace {

// RFC 7230 2.6: HTTP-version = "HTTP" "/" DIGIT "." DIGIT
bool parseHttpVersion(QByteArrayView text, int *major, int *minor)
{
    const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    if (text.size() != 8 || !text.startsWith("HTTP/") || !isDigit(text[5]) || text[6] != '.' || !isDigit(text[7]))
        return false;
    *major = text[5] - '0';
    *minor = text[7] - '0';
    return true;
}

// RFC 3986 characters only: visible ASCII, no spaces.
bool isRequestTarget(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F)
            return false;
    }
    return true;
}

QString describeByte(char c)
{
    return QStringLiteral("0x%1").arg(uint(static_cast<unsigned char>(c)), 2, 16, QLatin1Char('0'));
}

} // namespace

HttpHeadParser::HttpHeadParser(Kind kind)
    : HttpHeadParser(kind, Limits{})
{}

HttpHeadParser::HttpHeadParser(Kind kind, const Limits &limits)
    : m_kind(kind)
    , m_limits(limits)
{}

void HttpHeadParser::reset()
{
    m_status = Status::NeedMoreData;
    m_consumed = 0;
    m_buffer.clear();
    m_lineStart = 0;
    m_lineNumber = 0;
    m_pendingCr = false;
    m_request = HttpRequestHead();
    m_response = HttpResponseHead();
    m_failure = HandshakeFailure();
}

HttpHeadParser::Status HttpHeadParser::feed(QByteArrayView data)
{
    m_consumed = 0;
    for (qsizetype i = 0; i < data.size() && m_status == Status::NeedMoreData; ++i) {
        const char c = data[i];
        m_buffer.append(c);
        m_consumed = i + 1;
        if (m_buffer.size() > m_limits.maxHeadSize) {
            fail(HandshakeError::HeadTooLarge,
                 QStringLiteral("The head did not end within %1 bytes.").arg(m_limits.maxHeadSize));
            break;
        }
        if (m_pendingCr) {
            m_pendingCr = false;
            // RFC 7230 3.5: a CR is only valid as the first half of CRLF
            if (c != '\n') {
                fail(HandshakeError::InvalidLineEnding,
                     QStringLiteral("Line %1 contains a CR that is not followed by LF.").arg(m_lineNumber + 1));
                break;
            }
            takeLine(QByteArrayView(m_buffer).sliced(m_lineStart, m_buffer.size() - 2 - m_lineStart));
        } else if (c == '\r') {
            m_pendingCr = true;
        } else if (c == '\n') {
            // RFC 7230 3.5: the line terminator is CRLF; a recipient MAY accept a bare LF
            if (!m_limits.allowBareLineFeed) {
                fail(HandshakeError::InvalidLineEnding,
                     QStringLiteral("Line %1 ends in a bare LF instead of CRLF.").arg(m_lineNumber + 1));
                break;
            }
            takeLine(QByteArrayView(m_buffer).sliced(m_lineStart, m_buffer.size() - 1 - m_lineStart));
        }
    }
    return m_status;
}

void HttpHeadParser::takeLine(QByteArrayView line)
{
    ++m_lineNumber;
    if (m_lineNumber == 1) {
        if (m_kind == Kind::Request)
            parseRequestLine(line);
        else
            parseStatusLine(line);
    } else if (line.isEmpty()) {
        finish();
    } else {
        parseHeaderLine(line);
    }
    m_lineStart = m_buffer.size();
}

void HttpHeadParser::parseRequestLine(QByteArrayView line)
{
    // RFC 7230 3.1.1: request-line = method SP request-target SP HTTP-version
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    if (firstSpace < 0 || secondSpace < 0 || line.indexOf(' ', secondSpace + 1) >= 0) {
        fail(HandshakeError::MalformedRequestLine,
             QStringLiteral("The request line %1 is not three parts separated by single spaces.")
                 .arg(quotedForDetail(line)));
        return;
    }
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(secondSpace + 1);
    // RFC 7230 3.1.1: method = token
    if (!isToken(method)) {
        fail(HandshakeError::MalformedRequestLine,
             QStringLiteral("The method %1 is not a token.").arg(quotedForDetail(method)));
        return;
    }
    if (!isRequestTarget(target)) {
        fail(HandshakeError::MalformedRequestLine,
             QStringLiteral("The request target %1 is empty or contains a space, control or non-ASCII byte.")
                 .arg(quotedForDetail(target)));
        return;
    }
    if (!parseHttpVersion(version, &m_request.majorVersion, &m_request.minorVersion)) {
        fail(HandshakeError::MalformedRequestLine,
             QStringLiteral("The HTTP version %1 is not \"HTTP/x.y\".").arg(quotedForDetail(version)));
        return;
    }
    m_request.method = method.toByteArray();
    m_request.target = target.toByteArray();
}

void HttpHeadParser::parseStatusLine(QByteArrayView line)
{
    // RFC 7230 3.1.2: status-line = HTTP-version SP status-code SP reason-phrase
    if (line.size() < 13 || line[8] != ' ' || line[12] != ' ') {
        fail(HandshakeError::MalformedStatusLine,
             QStringLiteral("The status line %1 is not \"HTTP/x.y\", a space, a 3-digit code, a space and a "
                            "reason.")
                 .arg(quotedForDetail(line)));
        return;
    }
    if (!parseHttpVersion(line.first(8), &m_response.majorVersion, &m_response.minorVersion)) {
        fail(HandshakeError::MalformedStatusLine,
             QStringLiteral("The HTTP version %1 is not \"HTTP/x.y\".").arg(quotedForDetail(line.first(8))));
        return;
    }
    // RFC 7230 3.1.2: status-code = 3DIGIT
    int code = 0;
    for (char c : line.sliced(9, 3)) {
        if (c < '0' || c > '9') {
            fail(HandshakeError::MalformedStatusLine,
                 QStringLiteral("The status code %1 is not three digits.").arg(quotedForDetail(line.sliced(9, 3))));
            return;
        }
        code = code * 10 + (c - '0');
    }
    // RFC 7230 3.1.2: reason-phrase = *( HTAB / SP / VCHAR / obs-text )
    const QByteArrayView reason = line.sliced(13);
    for (char c : reason) {
        if (!isFieldValueChar(c)) {
            fail(HandshakeError::MalformedStatusLine,
                 QStringLiteral("The reason phrase contains the control byte %1.").arg(describeByte(c)));
            return;
        }
    }
    m_response.statusCode = code;
    m_response.reasonPhrase = reason.toByteArray();
}

void HttpHeadParser::parseHeaderLine(QByteArrayView line)
{
    // RFC 7230 3.2.4: obs-fold (a line starting with SP or HTAB) is rejected with 400
    if (isOwsChar(line.front())) {
        fail(HandshakeError::ObsoleteLineFolding,
             QStringLiteral("Line %1 %2 starts with whitespace.").arg(m_lineNumber).arg(quotedForDetail(line)));
        return;
    }
    if (headers().size() >= m_limits.maxHeaderCount) {
        fail(HandshakeError::TooManyHeaders,
             QStringLiteral("The head has more than %1 header fields.").arg(m_limits.maxHeaderCount));
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        fail(HandshakeError::MalformedHeaderLine,
             QStringLiteral("Line %1 %2 has no colon.").arg(m_lineNumber).arg(quotedForDetail(line)));
        return;
    }
    const QByteArrayView name = line.first(colon);
    // RFC 7230 3.2.4: no whitespace is allowed between the field name and the colon
    if (!name.isEmpty() && isOwsChar(name.back())) {
        fail(HandshakeError::MalformedHeaderLine,
             QStringLiteral("Line %1 has whitespace between the name %2 and the colon.")
                 .arg(m_lineNumber)
                 .arg(quotedForDetail(trimOws(name))));
        return;
    }
    // RFC 7230 3.2: field-name = token
    if (!isToken(name)) {
        fail(HandshakeError::MalformedHeaderLine,
             QStringLiteral("Line %1: the field name %2 is not a token.").arg(m_lineNumber).arg(quotedForDetail(name)));
        return;
    }
    // RFC 7230 3.2: field-value = *( field-content / obs-fold ), OWS around it is not part of it
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    for (char c : value) {
        if (!isFieldValueChar(c)) {
            fail(HandshakeError::InvalidHeaderValue, QStringLiteral("The value of %1 contains the control byte %2.")
                                                         .arg(quotedForDetail(name), describeByte(c)));
            return;
        }
    }
    headers().append(name.toByteArray(), value.toByteArray());
}

void HttpHeadParser::finish()
{
    m_status = Status::Complete;
    if (m_kind == Kind::Request)
        m_request.raw = m_buffer;
    else
        m_response.raw = m_buffer;
}

void HttpHeadParser::fail(HandshakeError error, QString detail)
{
    m_status = Status::Error;
    m_failure = HandshakeFailure{error, std::move(detail)};
}

HttpHeaders &HttpHeadParser::headers()
{
    return m_kind == Kind::Request ? m_request.headers : m_response.headers;
}

} // namespace sockscope::proto
