#include "clienthandshake.h"

#include "handshakekey.h"
#include "httpsyntax.h"

#include <QStringList>

namespace sockscope::proto {

std::optional<ClientHandshake> ClientHandshake::create(const Options &options, const RandomSource &random,
                                                       HandshakeFailure *failure)
{
    const QUrl &url = options.url;
    const QString shownUrl = url.toDisplayString();
    if (url.isEmpty())
        return reportFailure(failure, HandshakeError::InvalidUrl, QStringLiteral("The URL is empty."));
    if (!url.isValid())
        return reportFailure(failure, HandshakeError::InvalidUrl,
                             QStringLiteral("\"%1\" is not a valid URL: %2").arg(shownUrl, url.errorString()));
    // RFC 6455 3: ws-URI = "ws:" "//" host [ ":" port ] path [ "?" query ]; wss-URI likewise
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))
        return reportFailure(
            failure, HandshakeError::InvalidUrl,
            QStringLiteral("The URL \"%1\" has the scheme \"%2\"; expected ws or wss.").arg(shownUrl, url.scheme()));
    const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.isEmpty())
        return reportFailure(failure, HandshakeError::InvalidUrl,
                             QStringLiteral("The URL \"%1\" has no host.").arg(shownUrl));
    // RFC 6455 3: fragment identifiers MUST NOT be used in WebSocket URIs
    if (url.hasFragment())
        return reportFailure(failure, HandshakeError::InvalidUrl,
                             QStringLiteral("The URL \"%1\" has a fragment (#...).").arg(shownUrl));

    // RFC 7230 5.4: Host = uri-host [ ":" port ]; an IPv6 literal keeps its brackets (RFC 3986 3.2.2)
    QByteArray hostField = host.contains(':') ? '[' + host + ']' : host;
    // RFC 6455 3: the port defaults to 80 for ws and 443 for wss, and is then left out
    const int defaultPort = scheme == QLatin1String("ws") ? 80 : 443;
    const int port = url.port(defaultPort);
    if (port != defaultPort)
        hostField += ':' + QByteArray::number(port);

    // RFC 6455 3: the resource name is the path ("/" when empty) and "?" query when there is one
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();

    const QByteArray key = options.key.isEmpty() ? generateKey(random) : options.key;

    // RFC 6455 4.1: the fields in the order of the example in section 1.2, then the optional ones
    HttpHeaders headers;
    headers.append("Host", hostField);
    headers.append("Upgrade", "websocket");
    headers.append("Connection", "Upgrade");
    headers.append("Sec-WebSocket-Key", key);
    if (!options.origin.isEmpty())
        headers.append("Origin", options.origin);
    if (!options.subprotocols.isEmpty())
        headers.append("Sec-WebSocket-Protocol", options.subprotocols.join(", "));
    headers.append("Sec-WebSocket-Version", options.version);
    if (!options.extensionsValue.isEmpty())
        headers.append("Sec-WebSocket-Extensions", options.extensionsValue);
    else if (!options.extensions.isEmpty())
        headers.append("Sec-WebSocket-Extensions", formatExtensionHeader(options.extensions));
    if (!options.userAgent.isEmpty())
        headers.append("User-Agent", options.userAgent);
    for (const QByteArray &name : options.omittedHeaders)
        headers.remove(name);
    headers.applyOverrides(options.extraHeaders);

    ClientHandshake handshake;
    // RFC 6455 4.1 item 2: an HTTP/1.1 GET request
    handshake.m_request.method = "GET";
    handshake.m_request.target = target;
    handshake.m_request.headers = std::move(headers);
    handshake.m_request.raw = handshake.m_request.serialize();
    handshake.learnOffers();
    return handshake;
}

ClientHandshake::ClientHandshake(HttpRequestHead sentRequest)
    : m_request(std::move(sentRequest))
{
    if (m_request.raw.isEmpty())
        m_request.raw = m_request.serialize();
    learnOffers();
}

void ClientHandshake::learnOffers()
{
    const HttpHeaders &headers = m_request.headers;
    m_key = headers.value("Sec-WebSocket-Key");
    m_expectedAccept = computeAcceptKey(m_key);
    m_offeredSubprotocols = headers.tokens("Sec-WebSocket-Protocol");
    m_offeredExtensions.clear();
    if (headers.contains("Sec-WebSocket-Extensions")) {
        // An offer that does not parse offers nothing the response could accept.
        if (auto offers = parseExtensionHeader(headers.combinedValue("Sec-WebSocket-Extensions")))
            m_offeredExtensions = std::move(*offers);
    }
}

std::optional<ClientHandshake::Accepted> ClientHandshake::validateResponse(const HttpResponseHead &response,
                                                                           HandshakeFailure *failure) const
{
    const HttpHeaders &headers = response.headers;

    // RFC 6455 4.1 item 1: any status other than 101 is handled per HTTP and ends the WebSocket handshake
    if (response.statusCode != 101) {
        QString detail = QStringLiteral("The server answered %1 %2.")
                             .arg(response.statusCode)
                             .arg(QString::fromLatin1(response.reasonPhrase));
        // RFC 6455 4.4: a server that does not speak our version lists the ones it does
        if (headers.contains("Sec-WebSocket-Version"))
            detail += QStringLiteral(" It speaks Sec-WebSocket-Version %1.")
                          .arg(QString::fromLatin1(headers.combinedValue("Sec-WebSocket-Version")));
        return reportFailure(failure, HandshakeError::UnexpectedStatus, detail);
    }

    // RFC 6455 4.1 item 2: Upgrade is an ASCII case-insensitive match for "websocket"
    if (!headers.contains("Upgrade"))
        return reportFailure(failure, HandshakeError::MissingUpgrade,
                             QStringLiteral("The 101 response has no Upgrade field."));
    const QByteArray upgrade = headers.combinedValue("Upgrade");
    if (!equalsIgnoringAsciiCase(upgrade, "websocket"))
        return reportFailure(failure, HandshakeError::InvalidUpgrade,
                             QStringLiteral("Upgrade was %1, expected \"websocket\".").arg(quotedForDetail(upgrade)));

    // RFC 6455 4.1 item 3: Connection contains the token "Upgrade", ASCII case-insensitive
    if (!headers.containsToken("Connection", "Upgrade")) {
        const QString detail = headers.contains("Connection")
                                   ? QStringLiteral("Connection was %1, without the token \"Upgrade\".")
                                         .arg(quotedForDetail(headers.combinedValue("Connection")))
                                   : QStringLiteral("The 101 response has no Connection field.");
        return reportFailure(failure, HandshakeError::MissingConnectionUpgrade, detail);
    }

    // RFC 6455 4.1 item 4: Sec-WebSocket-Accept is base64(SHA-1(key + GUID)), compared exactly
    const QList<QByteArray> accepts = headers.values("Sec-WebSocket-Accept");
    if (accepts.isEmpty())
        return reportFailure(failure, HandshakeError::MissingAccept,
                             QStringLiteral("The 101 response has no Sec-WebSocket-Accept field; expected %1.")
                                 .arg(quotedForDetail(m_expectedAccept)));
    // RFC 6455 11.3.3: Sec-WebSocket-Accept MUST NOT appear more than once in a response
    if (accepts.size() > 1)
        return reportFailure(failure, HandshakeError::DuplicateAccept,
                             QStringLiteral("Sec-WebSocket-Accept appears %1 times: %2.")
                                 .arg(accepts.size())
                                 .arg(quotedListForDetail(accepts)));
    if (accepts.first() != m_expectedAccept)
        return reportFailure(failure, HandshakeError::AcceptMismatch,
                             QStringLiteral("Sec-WebSocket-Accept was %1, expected %2.")
                                 .arg(quotedForDetail(accepts.first()), quotedForDetail(m_expectedAccept)));

    Accepted accepted;

    // RFC 6455 4.1 item 5: every extension in use was offered by the client (errata 3433: the field may repeat)
    if (headers.contains("Sec-WebSocket-Extensions")) {
        const QByteArray value = headers.combinedValue("Sec-WebSocket-Extensions");
        QString error;
        auto extensions = parseExtensionHeader(value, &error);
        if (!extensions)
            return reportFailure(failure, HandshakeError::MalformedExtensionHeader,
                                 QStringLiteral("Sec-WebSocket-Extensions %1: %2").arg(quotedForDetail(value), error));
        QList<QByteArray> offeredNames;
        for (const ExtensionOffer &offer : m_offeredExtensions)
            offeredNames.append(offer.name);
        for (const ExtensionOffer &extension : std::as_const(*extensions)) {
            if (!offeredNames.contains(extension.name)) {
                const QString offered =
                    offeredNames.isEmpty()
                        ? QStringLiteral("the client offered none")
                        : QStringLiteral("the client offered %1").arg(quotedListForDetail(offeredNames));
                return reportFailure(
                    failure, HandshakeError::ExtensionNotOffered,
                    QStringLiteral("The server accepted %1, but %2.").arg(quotedForDetail(extension.name), offered));
            }
        }
        accepted.extensions = std::move(*extensions);
    }

    // RFC 6455 4.1 item 6: a selected subprotocol is one the client offered
    const QList<QByteArray> protocolFields = headers.values("Sec-WebSocket-Protocol");
    if (!protocolFields.isEmpty()) {
        const QList<QByteArray> selected = headers.tokens("Sec-WebSocket-Protocol");
        // RFC 6455 11.3.4: one field with one value in a response
        if (protocolFields.size() > 1 || selected.size() > 1)
            return reportFailure(failure, HandshakeError::MultipleSubprotocols,
                                 QStringLiteral("The server selected %1.").arg(quotedListForDetail(selected)));
        const QByteArray subprotocol = selected.value(0);
        if (!m_offeredSubprotocols.contains(subprotocol)) {
            const QString offered =
                m_offeredSubprotocols.isEmpty()
                    ? QStringLiteral("the client offered none")
                    : QStringLiteral("the client offered %1").arg(quotedListForDetail(m_offeredSubprotocols));
            return reportFailure(failure, HandshakeError::SubprotocolNotOffered,
                                 QStringLiteral("The server selected %1, but %2.")
                                     .arg(quotedForDetail(protocolFields.first()), offered));
        }
        accepted.subprotocol = subprotocol;
    }

    if (failure)
        *failure = HandshakeFailure();
    return accepted;
}

} // namespace sockscope::proto
