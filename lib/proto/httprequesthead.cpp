#include "httprequesthead.h"

namespace sockscope::proto {

QByteArray HttpRequestHead::serialize() const
{
    // RFC 7230 3.1.1: request-line = method SP request-target SP HTTP-version CRLF
    QByteArray out = method + ' ' + target + " HTTP/" + QByteArray::number(majorVersion) + '.' +
                     QByteArray::number(minorVersion) + "\r\n";
    out += headers.serialize();
    out += "\r\n";
    return out;
}

} // namespace sockscope::proto
