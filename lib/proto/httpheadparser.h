#pragma once

#include "handshakeerror.h"
#include "httprequesthead.h"
#include "httpresponsehead.h"

#include <QByteArray>
#include <QByteArrayView>

namespace sockscope::proto {

// Incremental parser for one HTTP/1.1 request head or response head (RFC 7230 section 3), fed bytes split
// anywhere. Strict: CRLF line ends, single spaces in the start line, token field names with no whitespace
// before the colon, no obsolete line folding, no control characters in values. It stops at the empty line
// that ends the head and says how many input bytes that took, so bytes after the head (WebSocket frames sent
// right after a 101) are left to the caller; every byte it took stays in buffered(), also after an error, and
// the head is filled in as far as it was parsed. It does not read bodies and does not judge WebSocket rules
// (ClientHandshake and ServerHandshake do).
class HttpHeadParser
{
public:
    enum class Kind : quint8 { Request, Response };
    enum class Status : quint8 { NeedMoreData, Complete, Error };

    struct Limits {
        // The whole head, start line and final empty line included.
        qsizetype maxHeadSize = 16 * 1024;
        qsizetype maxHeaderCount = 100;
        // RFC 7230 3.5 lets a recipient accept a bare LF as a line end. Off by default, so a peer that sends
        // one is reported (InvalidLineEnding); a bare CR is rejected either way.
        bool allowBareLineFeed = false;
    };

    explicit HttpHeadParser(Kind kind);
    HttpHeadParser(Kind kind, const Limits &limits);

    // Takes bytes until the head is complete or broken; consumed() then says how many bytes of data were taken,
    // and on Complete the bytes after those do not belong to the head. Once the head is complete or broken,
    // further calls take nothing and return the same status; reset() starts over.
    Status feed(QByteArrayView data);
    void reset();

    Kind kind() const { return m_kind; }
    const Limits &limits() const { return m_limits; }
    Status status() const { return m_status; }
    qsizetype consumed() const { return m_consumed; }
    const QByteArray &buffered() const { return m_buffer; }
    const HttpRequestHead &request() const { return m_request; }
    const HttpResponseHead &response() const { return m_response; }
    const HandshakeFailure &failure() const { return m_failure; }

private:
    void takeLine(QByteArrayView line);
    void parseRequestLine(QByteArrayView line);
    void parseStatusLine(QByteArrayView line);
    void parseHeaderLine(QByteArrayView line);
    void finish();
    void fail(HandshakeError error, QString detail);
    HttpHeaders &headers();

    Kind m_kind;
    Limits m_limits;
    Status m_status = Status::NeedMoreData;
    qsizetype m_consumed = 0;
    QByteArray m_buffer;
    qsizetype m_lineStart = 0;
    qsizetype m_lineNumber = 0;
    bool m_pendingCr = false;
    HttpRequestHead m_request;
    HttpResponseHead m_response;
    HandshakeFailure m_failure;
};

} // namespace sockscope::proto
