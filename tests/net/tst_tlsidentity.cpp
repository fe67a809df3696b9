#include "net/tlsidentity.h"

#include <QFile>
#include <QFileInfo>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using sockscope::net::TlsIdentity;

namespace {
QString dataFile(const QString &name)
{
    return QFINDTESTDATA(QStringLiteral("data/") + name);
}

QSslCertificate certificateFile(const QString &name)
{
    QFile file(dataFile(name));
    return file.open(QIODevice::ReadOnly) ? QSslCertificate(&file, QSsl::Pem) : QSslCertificate();
}

const QByteArray Password = "sockscope-test"; // tests/net/data/README
} // namespace

class tst_TlsIdentity : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void loads_data();
    void loads();
    void refuses_data();
    void refuses();
    void chainAfterCertificate();
    void filesAsAUserNamesThem();
};

void tst_TlsIdentity::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
}

void tst_TlsIdentity::loads_data()
{
    QTest::addColumn<bool>("pkcs12");
    QTest::addColumn<QString>("first"); // certificate or PKCS#12 file
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QSsl::KeyAlgorithm>("algorithm");
    QTest::addColumn<int>("chainLength");
    QTest::addRow("PEM, RSA") << false << "client.crt"
                              << "client.key" << QByteArray() << "Sockscope test client" << QSsl::Rsa << 0;
    QTest::addRow("PEM, EC") << false << "client-ec.crt"
                             << "client-ec.key" << QByteArray() << "Sockscope test client (EC)" << QSsl::Ec << 0;
    QTest::addRow("PEM, encrypted key") << false << "client.crt"
                                        << "client-encrypted.key" << Password << "Sockscope test client" << QSsl::Rsa
                                        << 0;
    QTest::addRow("PKCS#12 with CA") << true << "client.p12" << QString() << Password << "Sockscope test client"
                                     << QSsl::Rsa << 1;
}

void tst_TlsIdentity::loads()
{
    QFETCH(bool, pkcs12);
    QFETCH(QString, first);
    QFETCH(QString, key);
    QFETCH(QByteArray, passphrase);
    QFETCH(QString, subject);
    QFETCH(QSsl::KeyAlgorithm, algorithm);
    QFETCH(int, chainLength);
    const TlsIdentity::Loaded loaded = pkcs12 ? TlsIdentity::fromPkcs12File(dataFile(first), passphrase)
                                              : TlsIdentity::fromPemFiles(dataFile(first), dataFile(key), passphrase);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error));
    QVERIFY(!loaded.identity.isNull());
    QCOMPARE(loaded.identity.certificate.subjectDisplayName(), subject);
    QCOMPARE(loaded.identity.certificate.issuerDisplayName(), QStringLiteral("Sockscope test CA"));
    QCOMPARE(loaded.identity.privateKey.type(), QSsl::PrivateKey);
    QCOMPARE(loaded.identity.privateKey.algorithm(), algorithm);
    QCOMPARE(loaded.identity.chain.size(), chainLength);
    if (chainLength > 0)
        QCOMPARE(loaded.identity.chain[0], certificateFile(QStringLiteral("ca.crt")));
    QCOMPARE(TlsIdentity::keyMatches(loaded.identity.certificate, loaded.identity.privateKey), std::optional(true));
}

void tst_TlsIdentity::refuses_data()
{
    QTest::addColumn<bool>("pkcs12");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("passphrase");
    QTest::addColumn<QString>("error"); // %1: the data directory
    QTest::addColumn<bool>("needsPassphrase");
    QTest::addRow("certificate file missing")
        << false << "missing.crt"
        << "client.key" << QByteArray() << "The certificate file %1/missing.crt does not exist." << false;
    QTest::addRow("key file missing") << false << "client.crt"
                                      << "missing.key" << QByteArray()
                                      << "The private key file %1/missing.key does not exist." << false;
    QTest::addRow("certificate path is a directory")
        << false << "."
        << "client.key" << QByteArray() << "The certificate file %1/. cannot be read: it is a directory" << false;
    QTest::addRow("key file instead of certificate")
        << false << "client.key"
        << "client.key" << QByteArray() << "The certificate file %1/client.key holds no certificate." << false;
    QTest::addRow("certificate instead of key")
        << false << "client.crt"
        << "client.crt" << QByteArray() << "The key file %1/client.crt holds no RSA, EC or DSA private key in PEM."
        << false;
    QTest::addRow("encrypted key without passphrase")
        << false << "client.crt"
        << "client-encrypted.key" << QByteArray()
        << "The private key in %1/client-encrypted.key is encrypted; it needs its passphrase." << true;
    QTest::addRow("encrypted key, wrong passphrase")
        << false << "client.crt"
        << "client-encrypted.key" << QByteArray("not it")
        << "The private key in %1/client-encrypted.key cannot be decrypted: wrong passphrase?" << true;
    QTest::addRow("key of no certificate here")
        << false << "client.crt"
        << "other.key" << QByteArray()
        << "The private key in %1/other.key does not belong to \"Sockscope test client\" in %1/client.crt." << false;
    QTest::addRow("EC key for an RSA certificate")
        << false << "client.crt"
        << "client-ec.key" << QByteArray()
        << "The private key in %1/client-ec.key does not belong to \"Sockscope test client\" in %1/client.crt."
        << false;
    QTest::addRow("RSA key of another certificate")
        << false << "ca-server.crt"
        << "client.key" << QByteArray()
        << "The private key in %1/client.key does not belong to \"Sockscope test server (CA-issued)\" in "
           "%1/ca-server.crt."
        << false;
    QTest::addRow("PKCS#12 missing") << true << "missing.p12" << QString() << Password
                                     << "The PKCS#12 file %1/missing.p12 does not exist." << false;
    QTest::addRow("PKCS#12, wrong password") << true << "client.p12" << QString() << QByteArray("not it")
                                             << "%1/client.p12 could not be opened: wrong password?" << true;
    QTest::addRow("PKCS#12 without password") << true << "client.p12" << QString() << QByteArray()
                                              << "%1/client.p12 is protected by a password; it needs it." << true;
    QTest::addRow("PEM instead of PKCS#12")
        << true << "client.crt" << QString() << Password
        << "%1/client.crt could not be opened as PKCS#12: not a PKCS#12 file, or the wrong password." << false;
}

void tst_TlsIdentity::refuses()
{
    QFETCH(bool, pkcs12);
    QFETCH(QString, first);
    QFETCH(QString, key);
    QFETCH(QByteArray, passphrase);
    QFETCH(QString, error);
    QFETCH(bool, needsPassphrase);
    const QString dir = QFileInfo(dataFile(QStringLiteral("client.crt"))).absolutePath();
    const QString firstPath = dir + QLatin1Char('/') + first;
    const TlsIdentity::Loaded loaded =
        pkcs12 ? TlsIdentity::fromPkcs12File(firstPath, passphrase)
               : TlsIdentity::fromPemFiles(firstPath, dir + QLatin1Char('/') + key, passphrase);
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.identity.isNull());
    QCOMPARE(loaded.error, error.arg(dir));
    QCOMPARE(loaded.needsPassphrase, needsPassphrase);
}

void tst_TlsIdentity::chainAfterCertificate()
{
    // One PEM file with the certificate, the CA after it, and the key: a common way to keep an identity.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile combined(dir.filePath(QStringLiteral("identity.pem")));
    QVERIFY(combined.open(QIODevice::WriteOnly));
    for (const char *name : {"client.crt", "ca.crt", "client.key"}) {
        QFile part(dataFile(QString::fromLatin1(name)));
        QVERIFY(part.open(QIODevice::ReadOnly));
        combined.write(part.readAll());
    }
    combined.close();
    const TlsIdentity::Loaded loaded = TlsIdentity::fromPemFiles(combined.fileName(), combined.fileName());
    QVERIFY2(loaded.ok(), qPrintable(loaded.error));
    QCOMPARE(loaded.identity.certificate, certificateFile(QStringLiteral("client.crt")));
    QCOMPARE(loaded.identity.chain, QList<QSslCertificate>{certificateFile(QStringLiteral("ca.crt"))});
    // Named without a key file, the key is looked for in the certificate file.
    const TlsIdentity::Loaded alone = TlsIdentity::fromFiles(combined.fileName(), QString());
    QVERIFY2(alone.ok(), qPrintable(alone.error));
    QCOMPARE(alone.identity.privateKey, loaded.identity.privateKey);
}

void tst_TlsIdentity::filesAsAUserNamesThem()
{
    // PEM: the key file named.
    const TlsIdentity::Loaded pem =
        TlsIdentity::fromFiles(dataFile(QStringLiteral("client.crt")), dataFile(QStringLiteral("client.key")));
    QVERIFY2(pem.ok(), qPrintable(pem.error));
    QCOMPARE(pem.identity.certificate, certificateFile(QStringLiteral("client.crt")));
    // A PEM certificate without its key in it: the certificate file is where the key was looked for.
    const TlsIdentity::Loaded noKey = TlsIdentity::fromFiles(dataFile(QStringLiteral("client.crt")), QString());
    QVERIFY(!noKey.ok());
    QVERIFY2(noKey.error.contains(dataFile(QStringLiteral("client.crt"))), qPrintable(noKey.error));
    QCOMPARE(TlsIdentity::encryptedFile(QStringLiteral("a.crt"), QString()), QStringLiteral("a.crt"));
    QCOMPARE(TlsIdentity::encryptedFile(QStringLiteral("a.crt"), QStringLiteral("a.key")), QStringLiteral("a.key"));

    // PKCS#12, known by its extension in any case; a key file named beside it is not read.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString upper = dir.filePath(QStringLiteral("IDENTITY.PFX"));
    QVERIFY(QFile::copy(dataFile(QStringLiteral("client.p12")), upper));
    const TlsIdentity::Loaded locked = TlsIdentity::fromFiles(upper, QStringLiteral("/nonexistent.key"));
    QVERIFY(!locked.ok());
    QVERIFY(locked.needsPassphrase);
    QCOMPARE(TlsIdentity::encryptedFile(upper, QStringLiteral("/nonexistent.key")), upper);
    const TlsIdentity::Loaded p12 = TlsIdentity::fromFiles(upper, QStringLiteral("/nonexistent.key"), Password);
    QVERIFY2(p12.ok(), qPrintable(p12.error));
    QCOMPARE(p12.identity.certificate, certificateFile(QStringLiteral("client.crt")));
}

QTEST_GUILESS_MAIN(tst_TlsIdentity)
#include "tst_tlsidentity.moc"
