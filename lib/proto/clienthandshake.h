#pragma once

#include "extensionheader.h"
#include "handshakeerror.h"
#include "httpheaders.h"
#include "httprequesthead.h"
#include "httpresponsehead.h"
#include "randomsource.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

#include <optional>

namespace sockscope::proto {

// The client side of the opening handshake (RFC 6455 section 4.1): builds the upgrade request from a URL and
// options, and validates the server's response against what that request offered. Sans-I/O: it neither
// connects nor reads: request().raw holds the exact bytes to send, and HttpHeadParser turns the response bytes
// into the head given here. It does not negotiate
// extension parameters (the permessage-deflate code does, from the accepted extensions returned here).
class ClientHandshake
{
public:
    struct Options {
        // ws:// or wss://; the path and query become the request target, host and port the Host field.
        QUrl url;
        // Sent as Origin when not empty (RFC 6455 4.1 item 8, 10.2).
        QByteArray origin;
        // Sent as one Sec-WebSocket-Protocol field, in this order, when not empty (RFC 6455 4.1 item 10).
        QList<QByteArray> subprotocols;
        // Sent as one Sec-WebSocket-Extensions field when not empty (RFC 6455 4.1 item 11, 9.1).
        QList<ExtensionOffer> extensions;
        // A raw Sec-WebSocket-Extensions value sent as written, in place of extensions, when not empty.
        QByteArray extensionsValue;
        // The Sec-WebSocket-Key to send as written; when empty, 16 bytes from the random source, base64.
        QByteArray key;
        // Sent as Sec-WebSocket-Version; 13 is the only version RFC 6455 defines.
        QByteArray version = "13";
        // Sent as User-Agent when not empty.
        QByteArray userAgent = "Sockscope";
        // Appended after the default fields; a field named like a default one takes its place (see
        // HttpHeaders::applyOverrides), so the user can override Host or User-Agent or send duplicates.
        HttpHeaders extraHeaders;
        // Default fields to leave out, by name, e.g. to see how a server reacts to a request without
        // Sec-WebSocket-Version.
        QList<QByteArray> omittedHeaders;
    };

    // What a valid response settled.
    struct Accepted {
        // Empty when the server selected none.
        QByteArray subprotocol;
        // The extensions the server accepted, with their parameters, in its order.
        QList<ExtensionOffer> extensions;

        friend bool operator==(const Accepted &, const Accepted &) = default;
    };

    // Builds the request. Fails only with InvalidUrl: not ws/wss, no host, or a fragment (RFC 6455 3).
    static std::optional<ClientHandshake> create(const Options &options,
                                                 const RandomSource &random = systemRandomSource(),
                                                 HandshakeFailure *failure = nullptr);
    // Wraps a request that was written or edited by hand and sent as is; the response is then checked
    // against the key, subprotocols and extensions found in it.
    explicit ClientHandshake(HttpRequestHead sentRequest);

    const HttpRequestHead &request() const { return m_request; }
    const QByteArray &key() const { return m_key; }
    const QByteArray &expectedAccept() const { return m_expectedAccept; }
    const QList<QByteArray> &offeredSubprotocols() const { return m_offeredSubprotocols; }
    const QList<ExtensionOffer> &offeredExtensions() const { return m_offeredExtensions; }

    // RFC 6455 4.1: checks the response head in the order the RFC lists the rules and returns what was
    // negotiated, or nullopt with the first broken rule in *failure.
    std::optional<Accepted> validateResponse(const HttpResponseHead &response,
                                             HandshakeFailure *failure = nullptr) const;

private:
    ClientHandshake() = default;
    void learnOffers();

    HttpRequestHead m_request;
    QByteArray m_key;
    QByteArray m_expectedAccept;
    QList<QByteArray> m_offeredSubprotocols;
    QList<ExtensionOffer> m_offeredExtensions;
};

} // namespace sockscope::proto
