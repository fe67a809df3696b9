#pragma once

#include "extensionheader.h"
#include "handshakeerror.h"
#include "httpheaders.h"
#include "httprequesthead.h"
#include "httpresponsehead.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace sockscope::proto {

// The server side of the opening handshake (RFC 6455 section 4.2): judges a parsed request head, tells a
// WebSocket upgrade from a plain HTTP GET and from a broken request, and builds the 101 response or a
// refusal. What the request asked for is kept as sent: path and query still percent-encoded, the first Origin,
// subprotocols in the client's order of preference. Sans-I/O: HttpHeadParser turns bytes into the head given
// here, and the caller sends the response bytes. It does not decide which subprotocol or extension parameters
// to accept; the caller picks them from what the client offered.
class ServerHandshake
{
public:
    enum class Outcome : quint8 {
        // A valid WebSocket opening handshake: accept() or refuse it.
        Upgrade,
        // A GET without Upgrade, Sec-WebSocket-Key or Sec-WebSocket-Version: an ordinary page request.
        // failure() is MissingUpgrade, so refuse() answers 426 when no page is served.
        PlainHttp,
        // A request that breaks a rule: failure() says which (the first in RFC 6455 4.2.1 order), refuse()
        // answers it.
        Invalid,
    };

    explicit ServerHandshake(HttpRequestHead request);

    const HttpRequestHead &request() const { return m_request; }
    Outcome outcome() const { return m_outcome; }
    const HandshakeFailure &failure() const { return m_failure; }
    const QByteArray &path() const { return m_path; }
    const QByteArray &query() const { return m_query; }
    bool hasQuery() const { return m_hasQuery; }
    const QByteArray &origin() const { return m_origin; }
    const QByteArray &key() const { return m_key; }
    const QList<QByteArray> &subprotocols() const { return m_subprotocols; }
    const QList<ExtensionOffer> &extensions() const { return m_extensions; }

    // RFC 6455 4.2.2: the 101 response with Upgrade, Connection, Sec-WebSocket-Accept, the chosen
    // subprotocol (empty for none) and the accepted extensions value (empty for none), then extraHeaders (a
    // field named like a default one takes its place). Fails when the request is not an Upgrade
    // (failure()), when the subprotocol was not offered, or when the extensions value does not parse or
    // names an extension the client did not offer.
    std::optional<HttpResponseHead> accept(QByteArrayView subprotocol = {}, QByteArrayView extensions = {},
                                           const HttpHeaders &extraHeaders = {},
                                           HandshakeFailure *failure = nullptr) const;
    // The refusal for failure(): its HTTP status (httpStatusFor), with the description and detail as a
    // plain-text body; 426 refusals carry Upgrade and Sec-WebSocket-Version: 13, 405 carries Allow: GET.
    HttpResponseHead refuse(const HttpHeaders &extraHeaders = {}) const;

    // Any response that ends the connection: status line, Content-Type (when there is a body), Content-Length
    // and Connection: close, then extraHeaders (a field named like a default one takes its place), then body.
    static HttpResponseHead refusal(int statusCode, const QByteArray &reasonPhrase, const QByteArray &body = {},
                                    const HttpHeaders &extraHeaders = {},
                                    const QByteArray &contentType = "text/plain; charset=utf-8");
    // RFC 6455 4.2.2 / 4.4: 426 Upgrade Required naming the WebSocket version this endpoint speaks (13).
    static HttpResponseHead upgradeRequired(const QByteArray &body = {}, const HttpHeaders &extraHeaders = {});

private:
    void validate();
    bool parseTarget();
    void fail(HandshakeError error, QString detail);

    HttpRequestHead m_request;
    Outcome m_outcome = Outcome::Invalid;
    HandshakeFailure m_failure;
    QByteArray m_path;
    QByteArray m_query;
    bool m_hasQuery = false;
    QByteArray m_origin;
    QByteArray m_key;
    QList<QByteArray> m_subprotocols;
    QList<ExtensionOffer> m_extensions;
};

} // namespace sockscope::proto
