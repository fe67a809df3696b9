#include "httpresponsehead.h"

namespace sockscope::proto {

QByteArray HttpResponseHead::serialize() const
{
    // RFC 7230 3.1.2: status-line = HTTP-version SP status-code SP reason-phrase CRLF
    QByteArray out = "HTTP/" + QByteArray::number(majorVersion) + '.' + QByteArray::number(minorVersion) + ' ' +
                     QByteArray::number(statusCode).rightJustified(3, '0') + ' ' + reasonPhrase + "\r\n";
    out += headers.serialize();
    out += "\r\n";
    return out;
}

std::optional<qint64> HttpResponseHead::contentLength() const
{
    const QList<QByteArray> values = headers.values("Content-Length");
    if (values.size() != 1)
        return std::nullopt;
    const QByteArray &value = values.first();
    // RFC 7230 3.3.2: Content-Length = 1*DIGIT
    if (value.isEmpty() || value.size() > 18)
        return std::nullopt;
    qint64 length = 0;
    for (char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        length = length * 10 + (c - '0');
    }
    return length;
}

QByteArray HttpResponseHead::standardReasonPhrase(int statusCode)
{
    switch (statusCode) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

} // namespace sockscope::proto
