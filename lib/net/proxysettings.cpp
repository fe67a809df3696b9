#include "proxysettings.h"

#include <QNetworkProxyFactory>
#include <QNetworkProxyQuery>

namespace sockscope::net {

QUrl ProxySettings::httpEquivalent(const QUrl &url)
{
    const bool tls = url.scheme().compare(QLatin1String("wss"), Qt::CaseInsensitive) == 0;
    QUrl http = url;
    http.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    http.setUserInfo(QString());
    http.setFragment(QString());
    return http;
}

QNetworkProxy ProxySettings::networkProxyFor(const QUrl &url) const
{
    switch (kind) {
    case Kind::None: return QNetworkProxy(QNetworkProxy::NoProxy);
    case Kind::HttpConnect: return QNetworkProxy(QNetworkProxy::HttpProxy, host, port, user, password);
    case Kind::Socks5: return QNetworkProxy(QNetworkProxy::Socks5Proxy, host, port, user, password);
    case Kind::System: break;
    }
    const QList<QNetworkProxy> proxies =
        QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(httpEquivalent(url)));
    for (const QNetworkProxy &proxy : proxies) {
        switch (proxy.type()) {
        case QNetworkProxy::NoProxy: return proxy;
        // An HTTP proxy carries a WebSocket through a CONNECT tunnel; a caching-only proxy cannot.
        case QNetworkProxy::HttpProxy:
        case QNetworkProxy::Socks5Proxy:
            if (proxy.capabilities() & QNetworkProxy::TunnelingCapability)
                return proxy;
            break;
        default: break;
        }
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

} // namespace sockscope::net
