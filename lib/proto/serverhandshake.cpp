#include "serverhandshake.h"

#include "handshakekey.h"
#include "httpsyntax.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace sockscope::proto {

namespace {

// Why a Sec-WebSocket-Key that isValidKey() rejected is wrong, for the failure detail.
QString describeInvalidKey(const QByteArray &key)
{
    const auto decoded =
        QByteArray::fromBase64Encoding(key, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return QStringLiteral("Sec-WebSocket-Key %1 is not base64.").arg(quotedForDetail(key));
    if (decoded.decoded.size() != 16)
        return QStringLiteral("Sec-WebSocket-Key %1 decodes to %2 bytes, not 16.")
            .arg(quotedForDetail(key))
            .arg(decoded.decoded.size());
    return QStringLiteral("Sec-WebSocket-Key %1 is not canonical padded base64 (expected %2).")
        .arg(quotedForDetail(key), quotedForDetail(decoded.decoded.toBase64()));
}

} // namespace

ServerHandshake::ServerHandshake(HttpRequestHead request)
    : m_request(std::move(request))
{
    validate();
}

void ServerHandshake::fail(HandshakeError error, QString detail)
{
    m_outcome = Outcome::Invalid;
    m_failure = HandshakeFailure{error, std::move(detail)};
}

void ServerHandshake::validate()
{
    const HttpHeaders &headers = m_request.headers;

    // RFC 6455 4.2.1 item 1: a GET request (RFC 7230 3.1.1: the method is case-sensitive)
    if (m_request.method != "GET")
        return fail(HandshakeError::MethodNotGet,
                    QStringLiteral("The method was %1.").arg(quotedForDetail(m_request.method)));
    // RFC 6455 4.2.1 item 1: HTTP/1.1 or higher
    if (m_request.majorVersion < 1 || (m_request.majorVersion == 1 && m_request.minorVersion < 1))
        return fail(
            HandshakeError::HttpVersionTooLow,
            QStringLiteral("The request is HTTP/%1.%2.").arg(m_request.majorVersion).arg(m_request.minorVersion));
    if (!parseTarget())
        return;
    m_origin = headers.value("Origin");

    if (!headers.contains("Upgrade") && !headers.contains("Sec-WebSocket-Key") &&
        !headers.contains("Sec-WebSocket-Version")) {
        m_outcome = Outcome::PlainHttp;
        m_failure = HandshakeFailure{HandshakeError::MissingUpgrade,
                                     QStringLiteral("The request is a plain HTTP GET with no Upgrade, "
                                                    "Sec-WebSocket-Key or Sec-WebSocket-Version field.")};
        return;
    }

    // RFC 6455 4.2.1 item 2: a Host field; RFC 7230 5.4: exactly one
    const QList<QByteArray> hosts = headers.values("Host");
    if (hosts.isEmpty())
        return fail(HandshakeError::MissingHost, QStringLiteral("The request has no Host field."));
    if (hosts.size() > 1)
        return fail(HandshakeError::DuplicateHost,
                    QStringLiteral("Host appears %1 times: %2.").arg(hosts.size()).arg(quotedListForDetail(hosts)));
    if (hosts.first().isEmpty())
        return fail(HandshakeError::MissingHost, QStringLiteral("The Host field is empty."));

    // RFC 6455 4.2.1 item 3: Upgrade contains "websocket", ASCII case-insensitive
    if (!headers.contains("Upgrade"))
        return fail(HandshakeError::MissingUpgrade, QStringLiteral("The request has no Upgrade field."));
    if (!headers.containsToken("Upgrade", "websocket"))
        return fail(HandshakeError::InvalidUpgrade, QStringLiteral("Upgrade was %1, without \"websocket\".")
                                                        .arg(quotedForDetail(headers.combinedValue("Upgrade"))));

    // RFC 6455 4.2.1 item 4: Connection includes the token "Upgrade", ASCII case-insensitive
    if (!headers.containsToken("Connection", "Upgrade"))
        return fail(HandshakeError::MissingConnectionUpgrade,
                    headers.contains("Connection") ? QStringLiteral("Connection was %1, without the token \"Upgrade\".")
                                                         .arg(quotedForDetail(headers.combinedValue("Connection")))
                                                   : QStringLiteral("The request has no Connection field."));

    // RFC 6455 4.2.1 item 5: Sec-WebSocket-Key is base64 of 16 bytes; 11.3.1: it appears once
    const QList<QByteArray> keys = headers.values("Sec-WebSocket-Key");
    if (keys.isEmpty())
        return fail(HandshakeError::MissingKey, QStringLiteral("The request has no Sec-WebSocket-Key field."));
    if (keys.size() > 1)
        return fail(
            HandshakeError::DuplicateKey,
            QStringLiteral("Sec-WebSocket-Key appears %1 times: %2.").arg(keys.size()).arg(quotedListForDetail(keys)));
    if (!isValidKey(keys.first()))
        return fail(HandshakeError::InvalidKey, describeInvalidKey(keys.first()));
    m_key = keys.first();

    // RFC 6455 4.2.1 item 6: Sec-WebSocket-Version is 13; 11.3.5: it appears once
    const QList<QByteArray> versions = headers.values("Sec-WebSocket-Version");
    if (versions.isEmpty())
        return fail(HandshakeError::MissingVersion, QStringLiteral("The request has no Sec-WebSocket-Version field."));
    if (versions.size() > 1)
        return fail(HandshakeError::DuplicateVersion, QStringLiteral("Sec-WebSocket-Version appears %1 times: %2.")
                                                          .arg(versions.size())
                                                          .arg(quotedListForDetail(versions)));
    if (versions.first() != "13")
        return fail(
            HandshakeError::UnsupportedVersion,
            QStringLiteral("Sec-WebSocket-Version was %1, expected 13.").arg(quotedForDetail(versions.first())));

    // RFC 6455 4.1 item 10: Sec-WebSocket-Protocol is 1#token with unique elements
    if (headers.contains("Sec-WebSocket-Protocol")) {
        const QList<QByteArray> offered = headers.tokens("Sec-WebSocket-Protocol");
        if (offered.isEmpty())
            return fail(HandshakeError::MalformedSubprotocolHeader,
                        QStringLiteral("Sec-WebSocket-Protocol is present but names no subprotocol."));
        for (qsizetype i = 0; i < offered.size(); ++i) {
            if (!isToken(offered.at(i)))
                return fail(HandshakeError::MalformedSubprotocolHeader,
                            QStringLiteral("The subprotocol %1 is not a token.").arg(quotedForDetail(offered.at(i))));
            if (offered.indexOf(offered.at(i)) != i)
                return fail(HandshakeError::MalformedSubprotocolHeader,
                            QStringLiteral("The subprotocol %1 is offered twice.").arg(quotedForDetail(offered.at(i))));
        }
        m_subprotocols = offered;
    }

    // RFC 6455 4.2.1 item 9 / 9.1: Sec-WebSocket-Extensions, possibly over several fields
    if (headers.contains("Sec-WebSocket-Extensions")) {
        const QByteArray value = headers.combinedValue("Sec-WebSocket-Extensions");
        QString error;
        auto offered = parseExtensionHeader(value, &error);
        if (!offered)
            return fail(HandshakeError::MalformedExtensionHeader,
                        QStringLiteral("Sec-WebSocket-Extensions %1: %2").arg(quotedForDetail(value), error));
        m_extensions = std::move(*offered);
    }

    m_outcome = Outcome::Upgrade;
}

bool ServerHandshake::parseTarget()
{
    const QByteArray &target = m_request.target;
    QByteArray resource;
    // RFC 7230 5.3.1: origin-form = absolute-path [ "?" query ]
    if (target.startsWith('/')) {
        resource = target;
    } else {
        // RFC 6455 4.2.1 item 1: or an absolute http/https URI (ws/wss accepted alike)
        const QUrl url(QString::fromLatin1(target), QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        const bool knownScheme = scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
                                 scheme == QLatin1String("ws") || scheme == QLatin1String("wss");
        if (!url.isValid() || !knownScheme || url.host().isEmpty()) {
            fail(HandshakeError::InvalidRequestTarget,
                 QStringLiteral("The request target %1 is neither a path nor an absolute URL.")
                     .arg(quotedForDetail(target)));
            return false;
        }
        resource = url.path(QUrl::FullyEncoded).toLatin1();
        if (resource.isEmpty())
            resource = "/";
        if (url.hasQuery())
            resource += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        if (url.hasFragment())
            resource += '#';
    }
    // RFC 6455 3: a resource name has no fragment
    if (resource.contains('#')) {
        fail(HandshakeError::InvalidRequestTarget,
             QStringLiteral("The request target %1 has a fragment.").arg(quotedForDetail(target)));
        return false;
    }
    const qsizetype question = resource.indexOf('?');
    m_hasQuery = question >= 0;
    m_path = m_hasQuery ? resource.first(question) : resource;
    m_query = m_hasQuery ? resource.sliced(question + 1) : QByteArray();
    return true;
}

std::optional<HttpResponseHead> ServerHandshake::accept(QByteArrayView subprotocol, QByteArrayView extensions,
                                                        const HttpHeaders &extraHeaders,
                                                        HandshakeFailure *failure) const
{
    if (m_outcome != Outcome::Upgrade) {
        if (failure)
            *failure = m_failure;
        return std::nullopt;
    }
    // RFC 6455 4.2.2 step 5.5: the subprotocol is one of the values the client sent
    if (!subprotocol.isEmpty() && !m_subprotocols.contains(subprotocol.toByteArray())) {
        const QString offered = m_subprotocols.isEmpty()
                                    ? QStringLiteral("the client offered none")
                                    : QStringLiteral("the client offered %1").arg(quotedListForDetail(m_subprotocols));
        return reportFailure(
            failure, HandshakeError::SubprotocolNotOffered,
            QStringLiteral("The subprotocol %1 was selected, but %2.").arg(quotedForDetail(subprotocol), offered));
    }
    // RFC 6455 4.2.2 step 5.6 / 9.1: extensions in use are among those the client offered
    if (!extensions.isEmpty()) {
        QString error;
        const auto accepted = parseExtensionHeader(extensions, &error);
        if (!accepted)
            return reportFailure(
                failure, HandshakeError::MalformedExtensionHeader,
                QStringLiteral("Sec-WebSocket-Extensions %1: %2").arg(quotedForDetail(extensions), error));
        for (const ExtensionOffer &extension : *accepted) {
            const bool offered = std::any_of(m_extensions.cbegin(), m_extensions.cend(),
                                             [&](const ExtensionOffer &o) { return o.name == extension.name; });
            if (!offered)
                return reportFailure(failure, HandshakeError::ExtensionNotOffered,
                                     QStringLiteral("The extension %1 was accepted, but the client did not offer it.")
                                         .arg(quotedForDetail(extension.name)));
        }
    }

    // RFC 6455 4.2.2 step 5: status line 101, Upgrade, Connection, Sec-WebSocket-Accept and the optional fields
    HttpResponseHead response;
    response.statusCode = 101;
    response.reasonPhrase = HttpResponseHead::standardReasonPhrase(101);
    response.headers.append("Upgrade", "websocket");
    response.headers.append("Connection", "Upgrade");
    response.headers.append("Sec-WebSocket-Accept", computeAcceptKey(m_key));
    if (!subprotocol.isEmpty())
        response.headers.append("Sec-WebSocket-Protocol", subprotocol.toByteArray());
    if (!extensions.isEmpty())
        response.headers.append("Sec-WebSocket-Extensions", extensions.toByteArray());
    response.headers.applyOverrides(extraHeaders);
    response.raw = response.serialize();
    if (failure)
        *failure = HandshakeFailure();
    return response;
}

HttpResponseHead ServerHandshake::refuse(const HttpHeaders &extraHeaders) const
{
    if (m_outcome == Outcome::Upgrade)
        return refusal(403, HttpResponseHead::standardReasonPhrase(403),
                       "The server refused the WebSocket connection.\n", extraHeaders);
    const QByteArray body =
        (handshakeErrorDescription(m_failure.error) + QLatin1Char('\n') + m_failure.detail + QLatin1Char('\n'))
            .toUtf8();
    const int status = httpStatusFor(m_failure.error);
    if (status == 426)
        return upgradeRequired(body, extraHeaders);
    if (status == 405) {
        // RFC 7231 6.5.5: a 405 response lists the allowed methods
        HttpHeaders headers{{"Allow", "GET"}};
        headers.applyOverrides(extraHeaders);
        return refusal(status, HttpResponseHead::standardReasonPhrase(status), body, headers);
    }
    return refusal(status, HttpResponseHead::standardReasonPhrase(status), body, extraHeaders);
}

HttpResponseHead ServerHandshake::refusal(int statusCode, const QByteArray &reasonPhrase, const QByteArray &body,
                                          const HttpHeaders &extraHeaders, const QByteArray &contentType)
{
    HttpResponseHead response;
    response.statusCode = statusCode;
    response.reasonPhrase = reasonPhrase;
    if (!body.isEmpty() && !contentType.isEmpty())
        response.headers.append("Content-Type", contentType);
    // RFC 7230 3.3.2: the body length; RFC 7230 6.1: "close" as the connection ends after the response
    response.headers.append("Content-Length", QByteArray::number(body.size()));
    response.headers.append("Connection", "close");
    response.headers.applyOverrides(extraHeaders);
    response.raw = response.serialize();
    response.body = body;
    return response;
}

HttpResponseHead ServerHandshake::upgradeRequired(const QByteArray &body, const HttpHeaders &extraHeaders)
{
    // RFC 7231 6.5.15: a 426 carries Upgrade; RFC 7230 6.7: then Connection lists "Upgrade";
    // RFC 6455 4.4: Sec-WebSocket-Version lists the versions this endpoint speaks
    HttpHeaders headers{{"Connection", "Upgrade, close"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"}};
    headers.applyOverrides(extraHeaders);
    return refusal(426, HttpResponseHead::standardReasonPhrase(426), body, headers);
}

} // namespace sockscope::proto
