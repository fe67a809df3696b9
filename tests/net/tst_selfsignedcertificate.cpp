#include "net/selfsignedcertificate.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSslCertificateExtension>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

#include <algorithm>

using namespace sockscope;
using net::SelfSignedIdentity;

namespace {
const QString localhost = QStringLiteral("localhost");

SelfSignedIdentity generate(const QStringList &hosts = {}, int validDays = 30)
{
    QString error;
    std::optional<SelfSignedIdentity> identity = net::generateSelfSigned(hosts, validDays, &error);
    if (!identity)
        qWarning("generateSelfSigned: %s", qPrintable(error));
    return identity.value_or(SelfSignedIdentity());
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

std::optional<QSslCertificateExtension> extension(const QSslCertificate &certificate, const char *oid)
{
    for (const QSslCertificateExtension &e : certificate.extensions()) {
        if (e.oid() == QLatin1String(oid))
            return e;
    }
    return std::nullopt;
}

QList<QSslError::SslError> codes(const QList<QSslError> &errors)
{
    QList<QSslError::SslError> result;
    for (const QSslError &e : errors)
        result += e.error();
    return result;
}

// A QSslServer on the loopback presenting `certificate` and `key`: the server side of a local wss:// endpoint.
struct TlsServer {
    QSslServer server;
    QList<QSslSocket *> encrypted;

    bool start(const QHostAddress &address, const QSslCertificate &certificate, const QSslKey &key)
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(certificate);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(config);
        server.setHandshakeTimeout(5000);
        QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                socket->setParent(&server);
                encrypted += qobject_cast<QSslSocket *>(socket);
            }
        });
        return server.listen(address, 0);
    }
};
} // namespace

class tst_SelfSignedCertificate : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void serverCertificate();
    void subjectAltNames_data();
    void subjectAltNames();
    void validityWindow_data();
    void validityWindow();
    void ecP256Key();
    void selfSignedOnlyError();
    void handshake_data();
    void handshake();
    void generationsDiffer();
    void badInputRefused_data();
    void badInputRefused();
};

void tst_SelfSignedCertificate::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
}

void tst_SelfSignedCertificate::serverCertificate()
{
    const SelfSignedIdentity identity = generate();
    const QSslCertificate &c = identity.certificate;
    QVERIFY(!c.isNull());
    QCOMPARE(c.version(), QByteArray("3"));
    QCOMPARE(c.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("Sockscope local server")});
    QCOMPARE(c.issuerDisplayName(), c.subjectDisplayName());
    QCOMPARE(c.issuerInfo(QSslCertificate::CommonName), c.subjectInfo(QSslCertificate::CommonName));
    // 128 random bits with the top one set: 16 octets, the first at least 0x80.
    const QByteArray serial = QByteArray::fromHex(c.serialNumber());
    QCOMPARE(serial.size(), 16);
    QVERIFY(quint8(serial[0]) >= 0x80);
    QVERIFY2(c.toText().contains(QLatin1String("ecdsa-with-SHA256")), qPrintable(c.toText()));

    const auto basicConstraints = extension(c, "2.5.29.19");
    QVERIFY(basicConstraints);
    QVERIFY(basicConstraints->isCritical());
    QCOMPARE(basicConstraints->value().toMap().value(QStringLiteral("ca")), QVariant(false));
    const auto keyUsage = extension(c, "2.5.29.15");
    QVERIFY(keyUsage);
    QVERIFY(keyUsage->isCritical());
    QCOMPARE(keyUsage->value().toStringList(), QStringList{QStringLiteral("Digital Signature")});
    const auto extendedKeyUsage = extension(c, "2.5.29.37");
    QVERIFY(extendedKeyUsage);
    QCOMPARE(extendedKeyUsage->value().toStringList(), QStringList{QStringLiteral("TLS Web Server Authentication")});
    const auto subjectAltName = extension(c, "2.5.29.17");
    QVERIFY(subjectAltName);
    QVERIFY(!subjectAltName->isCritical());
}

void tst_SelfSignedCertificate::subjectAltNames_data()
{
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<QStringList>("dns");
    QTest::addColumn<QStringList>("ip");
    QTest::addRow("defaults") << QStringList{} << QStringList{localhost}
                              << QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
    QTest::addRow("names and addresses") << QStringList{QStringLiteral("sockscope.test"), QStringLiteral("192.0.2.10"),
                                                        QStringLiteral("2001:db8::1"), localhost}
                                         << QStringList{localhost, QStringLiteral("sockscope.test")}
                                         << QStringList{QStringLiteral("192.0.2.10"), QStringLiteral("2001:db8::1")};
    QTest::addRow("one name") << QStringList{QStringLiteral("dev.example")}
                              << QStringList{QStringLiteral("dev.example")} << QStringList{};
    QTest::addRow("one address") << QStringList{QStringLiteral("10.1.2.3")} << QStringList{}
                                 << QStringList{QStringLiteral("10.1.2.3")};
    QTest::addRow("internationalised name as ACE")
        << QStringList{QStringLiteral("b\u00fccher.example")} << QStringList{QStringLiteral("xn--bcher-kva.example")}
        << QStringList{};
    QTest::addRow("upper case and trailing dot")
        << QStringList{QStringLiteral("Dev.Example.")} << QStringList{QStringLiteral("dev.example")} << QStringList{};
    QTest::addRow("wildcard") << QStringList{QStringLiteral("*.apps.test")}
                              << QStringList{QStringLiteral("*.apps.test")} << QStringList{};
    QTest::addRow("IPv6 with scope") << QStringList{QStringLiteral("fe80::1%lo")} << QStringList{}
                                     << QStringList{QStringLiteral("fe80::1")};
}

void tst_SelfSignedCertificate::subjectAltNames()
{
    QFETCH(QStringList, hosts);
    QFETCH(QStringList, dns);
    QFETCH(QStringList, ip);
    const SelfSignedIdentity identity = generate(hosts);
    QVERIFY(!identity.certificate.isNull());
    const auto names = identity.certificate.subjectAlternativeNames();
    QCOMPARE(sorted(names.values(QSsl::DnsEntry)), sorted(dns));
    QCOMPARE(sorted(names.values(QSsl::IpAddressEntry)), sorted(ip));
    QCOMPARE(names.size(), dns.size() + ip.size());
}

void tst_SelfSignedCertificate::validityWindow_data()
{
    QTest::addColumn<int>("days");
    QTest::addRow("1 day") << 1;
    QTest::addRow("30 days") << 30;
    QTest::addRow("825 days") << 825;
}

void tst_SelfSignedCertificate::validityWindow()
{
    QFETCH(int, days);
    // Certificate times have whole seconds.
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1000);
    const SelfSignedIdentity identity = generate({}, days);
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1000);
    QVERIFY(!identity.certificate.isNull());
    const QDateTime notBefore = identity.certificate.effectiveDate();
    const QDateTime notAfter = identity.certificate.expiryDate();
    // Valid from an hour ago, for clocks a little behind ours, then for `days` days.
    QVERIFY2(notBefore >= before.addSecs(-3600) && notBefore <= after.addSecs(-3600),
             qPrintable(notBefore.toString(Qt::ISODate)));
    QCOMPARE(notBefore.secsTo(notAfter), qint64(days) * 86400);
    QVERIFY(notBefore < QDateTime::currentDateTimeUtc());
    QVERIFY(notAfter > QDateTime::currentDateTimeUtc());
}

void tst_SelfSignedCertificate::ecP256Key()
{
    const SelfSignedIdentity identity = generate();
    QVERIFY(!identity.privateKey.isNull());
    QCOMPARE(identity.privateKey.algorithm(), QSsl::Ec);
    QCOMPARE(identity.privateKey.type(), QSsl::PrivateKey);
    QCOMPARE(identity.privateKey.length(), 256);
    const QSslKey publicKey = identity.certificate.publicKey();
    QCOMPARE(publicKey.algorithm(), QSsl::Ec);
    QCOMPARE(publicKey.type(), QSsl::PublicKey);
    QCOMPARE(publicKey.length(), 256);
    QVERIFY(identity.privateKey.toPem().startsWith("-----BEGIN"));
}

void tst_SelfSignedCertificate::selfSignedOnlyError()
{
    // Without trusting it, the only complaint about the certificate is that nobody vouches for it: not its
    // dates, purpose, signature or (for the names it was made for) the host name.
    const SelfSignedIdentity identity = generate({localhost, QStringLiteral("127.0.0.1")});
    QVERIFY(!identity.certificate.isNull());
    const QList<QSslError::SslError> selfSigned{QSslError::SelfSignedCertificate};
    QCOMPARE(codes(QSslCertificate::verify({identity.certificate}, localhost)), selfSigned);
    QCOMPARE(codes(QSslCertificate::verify({identity.certificate}, QStringLiteral("127.0.0.1"))), selfSigned);
    const QList<QSslError::SslError> otherName =
        codes(QSslCertificate::verify({identity.certificate}, QStringLiteral("other.example")));
    QVERIFY(otherName.contains(QSslError::HostNameMismatch));
}

void tst_SelfSignedCertificate::handshake_data()
{
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<bool>("trusted");
    QTest::addColumn<bool>("otherKey"); // the server presents the certificate with the key of another one
    QTest::addColumn<QList<QSslError::SslError>>("errors");
    QTest::addColumn<bool>("encrypted");
    const QHostAddress v4(QHostAddress::LocalHost);
    const QList<QSslError::SslError> none;
    QTest::addRow("trusted, localhost") << v4 << localhost << true << false << none << true;
    QTest::addRow("trusted, 127.0.0.1") << v4 << QStringLiteral("127.0.0.1") << true << false << none << true;
    QTest::addRow("trusted, ::1") << QHostAddress(QHostAddress::LocalHostIPv6) << QStringLiteral("::1") << true << false
                                  << none << true;
    QTest::addRow("not trusted") << v4 << localhost << false << false
                                 << QList<QSslError::SslError>{QSslError::SelfSignedCertificate} << false;
    QTest::addRow("trusted, name not in it") << v4 << QStringLiteral("other.example") << true << false
                                             << QList<QSslError::SslError>{QSslError::HostNameMismatch} << false;
    QTest::addRow("key of another certificate") << v4 << localhost << true << true << none << false;
}

void tst_SelfSignedCertificate::handshake()
{
    QFETCH(QHostAddress, address);
    QFETCH(QString, peerName);
    QFETCH(bool, trusted);
    QFETCH(bool, otherKey);
    QFETCH(QList<QSslError::SslError>, errors);
    QFETCH(bool, encrypted);

    const SelfSignedIdentity identity = generate();
    QVERIFY(!identity.certificate.isNull());
    const QSslKey key = otherKey ? generate().privateKey : identity.privateKey;
    QVERIFY(!key.isNull());
    TlsServer server;
    if (!server.start(address, identity.certificate, key)) {
        if (address.protocol() == QAbstractSocket::IPv6Protocol)
            QSKIP("no IPv6 loopback here");
        QFAIL(qPrintable(server.server.errorString()));
    }

    QSignalSpy serverErrors(&server.server, &QSslServer::errorOccurred);
    QSslSocket client;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (trusted)
        config.addCaCertificate(identity.certificate);
    client.setSslConfiguration(config);
    QSignalSpy encryptedSpy(&client, &QSslSocket::encrypted);
    QSignalSpy sslErrors(&client, &QSslSocket::sslErrors);
    QSignalSpy socketErrors(&client, &QAbstractSocket::errorOccurred);
    client.connectToHostEncrypted(address.toString(), server.server.serverPort(), peerName);

    if (encrypted) {
        QVERIFY2(encryptedSpy.wait(5000), qPrintable(client.errorString()));
        QCOMPARE(sslErrors.size(), 0);
        QCOMPARE(client.peerCertificate(), identity.certificate);
        QVERIFY(!client.sessionCipher().isNull());
        QTRY_COMPARE_WITH_TIMEOUT(server.encrypted.size(), 1, 5000);
        QVERIFY(server.encrypted.first()->isEncrypted());
        // Both directions work over the session.
        QSslSocket *peer = server.encrypted.first();
        client.write("ping");
        QTRY_COMPARE_WITH_TIMEOUT(peer->bytesAvailable(), qint64(4), 5000);
        QCOMPARE(peer->readAll(), QByteArray("ping"));
        peer->write("pong");
        QTRY_COMPARE_WITH_TIMEOUT(client.bytesAvailable(), qint64(4), 5000);
        QCOMPARE(client.readAll(), QByteArray("pong"));
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(!socketErrors.isEmpty(), 5000);
        QCOMPARE(encryptedSpy.size(), 0);
        QVERIFY(!client.isEncrypted());
        if (!errors.isEmpty()) {
            QCOMPARE(sslErrors.size(), 1);
            QCOMPARE(codes(sslErrors[0][0].value<QList<QSslError>>()), errors);
        }
        QCOMPARE(server.encrypted.size(), 0);
        if (otherKey) {
            // The server refuses to start TLS with a key that does not match its certificate.
            QVERIFY(!serverErrors.isEmpty());
            QCOMPARE(serverErrors[0][1].value<QAbstractSocket::SocketError>(),
                     QAbstractSocket::SslInvalidUserDataError);
        }
    }
}

void tst_SelfSignedCertificate::generationsDiffer()
{
    const SelfSignedIdentity a = generate();
    const SelfSignedIdentity b = generate();
    QVERIFY(!a.certificate.isNull() && !b.certificate.isNull());
    QVERIFY(a.certificate.serialNumber() != b.certificate.serialNumber());
    QVERIFY(a.certificate.publicKey().toDer() != b.certificate.publicKey().toDer());
    QVERIFY(a.privateKey.toDer() != b.privateKey.toDer());
    QVERIFY(a.certificate != b.certificate);
}

void tst_SelfSignedCertificate::badInputRefused_data()
{
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<int>("days");
    QTest::addColumn<QString>("mentioned"); // the error names what was wrong
    QTest::addRow("zero days") << QStringList{} << 0 << QStringLiteral("0 days");
    QTest::addRow("negative days") << QStringList{} << -7 << QStringLiteral("-7 days");
    QTest::addRow("past year 9999") << QStringList{} << 3000000 << QStringLiteral("validity");
    QTest::addRow("empty host") << QStringList{QString()} << 30 << QStringLiteral("\"\"");
    QTest::addRow("space in name") << QStringList{QStringLiteral("bad host")} << 30 << QStringLiteral("bad host");
    QTest::addRow("path in name") << QStringList{QStringLiteral("host/path")} << 30 << QStringLiteral("host/path");
    QTest::addRow("empty label") << QStringList{QStringLiteral("a..example")} << 30 << QStringLiteral("a..example");
    QTest::addRow("one bad among good") << QStringList{localhost, QStringLiteral("x:y"), QStringLiteral("127.0.0.1")}
                                        << 30 << QStringLiteral("x:y");
}

void tst_SelfSignedCertificate::badInputRefused()
{
    QFETCH(QStringList, hosts);
    QFETCH(int, days);
    QFETCH(QString, mentioned);
    QString error;
    QVERIFY(!net::generateSelfSigned(hosts, days, &error));
    QVERIFY2(error.contains(mentioned), qPrintable(error));
    QVERIFY(!net::generateSelfSigned(hosts, days)); // no error string wanted
}

QTEST_GUILESS_MAIN(tst_SelfSignedCertificate)
#include "tst_selfsignedcertificate.moc"
