#include "connectionsettings.h"

#include <QSettings>
#include <QUrl>

#include <algorithm>

namespace sockscope::ui {

namespace {
using ProxyKind = net::ProxySettings::Kind;

// Names rather than numbers in the settings file, so that it reads well and survives reordering.
QString proxyKindName(ProxyKind kind)
{
    switch (kind) {
    case ProxyKind::None: return QStringLiteral("none");
    case ProxyKind::System: return QStringLiteral("system");
    case ProxyKind::HttpConnect: return QStringLiteral("http-connect");
    case ProxyKind::Socks5: return QStringLiteral("socks5");
    }
    return QStringLiteral("none");
}

ProxyKind proxyKindFromName(const QString &name)
{
    for (ProxyKind kind : {ProxyKind::System, ProxyKind::HttpConnect, ProxyKind::Socks5}) {
        if (name == proxyKindName(kind))
            return kind;
    }
    return ProxyKind::None;
}
} // namespace

void ConnectionSettings::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("url"), url);
    settings.setValue(QStringLiteral("subprotocols"), subprotocols);
    settings.setValue(QStringLiteral("deflate"), deflate);
    settings.setValue(QStringLiteral("origin"), origin);
    // Name and value alternate, so a value may hold any character, ':' included.
    QStringList headerList;
    for (const auto &[name, value] : headers)
        headerList << name << value;
    settings.setValue(QStringLiteral("headers"), headerList);
    settings.setValue(QStringLiteral("proxy/kind"), proxyKindName(proxyKind));
    settings.setValue(QStringLiteral("proxy/host"), proxyHost);
    settings.setValue(QStringLiteral("proxy/port"), proxyPort);
    settings.setValue(QStringLiteral("proxy/user"), proxyUser);
    settings.setValue(QStringLiteral("tls/caFile"), caFile);
    settings.setValue(QStringLiteral("tls/clientCertificate"), clientCertificate);
    settings.setValue(QStringLiteral("tls/clientKey"), clientKey);
    settings.setValue(QStringLiteral("keepAliveSeconds"), keepAliveSeconds);
    settings.setValue(QStringLiteral("reconnect"), reconnect);
}

ConnectionSettings ConnectionSettings::load(const QSettings &settings)
{
    ConnectionSettings c;
    c.url = settings.value(QStringLiteral("url")).toString();
    c.subprotocols = settings.value(QStringLiteral("subprotocols")).toString();
    c.deflate = settings.value(QStringLiteral("deflate")).toBool();
    c.origin = settings.value(QStringLiteral("origin")).toString();
    const QStringList headerList = settings.value(QStringLiteral("headers")).toStringList();
    // Tabs used to be kept as "Name: value" lines. A header name never holds ':' (RFC 9110 5.1), so a name
    // position holding one means that form.
    bool lines = headerList.size() % 2 != 0;
    for (qsizetype h = 0; h < headerList.size() && !lines; h += 2)
        lines = headerList[h].contains(QLatin1Char(':'));
    if (lines) {
        for (const QString &line : headerList) {
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            if (colon > 0)
                c.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
    } else {
        for (qsizetype h = 0; h + 1 < headerList.size(); h += 2)
            c.headers.append({headerList[h], headerList[h + 1]});
    }
    c.proxyKind = proxyKindFromName(settings.value(QStringLiteral("proxy/kind")).toString());
    c.proxyHost = settings.value(QStringLiteral("proxy/host")).toString();
    const int port = settings.value(QStringLiteral("proxy/port")).toInt();
    c.proxyPort = port > 0 && port <= 65535 ? quint16(port) : 0;
    c.proxyUser = settings.value(QStringLiteral("proxy/user")).toString();
    c.caFile = settings.value(QStringLiteral("tls/caFile")).toString();
    c.clientCertificate = settings.value(QStringLiteral("tls/clientCertificate")).toString();
    c.clientKey = settings.value(QStringLiteral("tls/clientKey")).toString();
    c.keepAliveSeconds = std::max(settings.value(QStringLiteral("keepAliveSeconds")).toInt(), 0);
    c.reconnect = settings.value(QStringLiteral("reconnect")).toBool();
    return c;
}

QString ConnectionSettings::proxyAddress() const
{
    return ProxyAddress::format(proxyHost, proxyPort);
}

QString ProxyAddress::format(const QString &host, int port)
{
    // RFC 3986 3.2.2: an IPv6 address in brackets.
    const QString shown = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return port > 0 ? shown + QLatin1Char(':') + QString::number(port) : shown;
}

ProxyAddress ProxyAddress::parse(const QString &text)
{
    ProxyAddress address;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return address;
    const QUrl url(QStringLiteral("tcp://") + trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        address.host = trimmed;
        return address;
    }
    address.host = url.host();
    address.port = url.port();
    address.user = url.userName();
    address.password = url.password();
    return address;
}

} // namespace sockscope::ui
