#pragma once

#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>
#include <QWebSocket>

// The test TLS material of tests/net/data (see its README) for tests of other folders.
namespace tlsfixtures {

inline QString dataFile(const char *name)
{
    return QFINDTESTDATA(QStringLiteral("../net/data/") + QLatin1String(name));
}

// Opens `client` to a wss:// `url` trusting the test CA alone and waits for it to open: true when it did without
// a TLS error, which means the server presented a certificate the test CA issued for 127.0.0.1.
inline bool openVerifiedByTestCa(QWebSocket &client, const QUrl &url)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(dataFile("ca.crt")));
    client.setSslConfiguration(tls);
    QSignalSpy errors(&client, &QWebSocket::sslErrors);
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(url);
    return connected.wait(5000) && errors.isEmpty();
}

} // namespace tlsfixtures
