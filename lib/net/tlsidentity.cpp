#include "tlsidentity.h"

#include <QBuffer>
#include <QByteArrayView>
#include <QFile>
#include <QFileInfo>

namespace sockscope::net {

namespace {

// One DER element (ITU-T X.690 8.1): its tag and contents. Enough of DER to find the public part of a key.
struct DerElement {
    quint8 tag = 0;
    QByteArrayView contents;
};

constexpr quint8 DerInteger = 0x02;
constexpr quint8 DerBitString = 0x03;
constexpr quint8 DerOctetString = 0x04;
constexpr quint8 DerSequence = 0x30;
constexpr quint8 DerContext1 = 0xA1;

// Reads the element at the front of `in` and moves `in` past it.
std::optional<DerElement> readDer(QByteArrayView &in)
{
    if (in.size() < 2)
        return std::nullopt;
    const quint8 tag = quint8(in[0]);
    qsizetype length = quint8(in[1]);
    qsizetype header = 2;
    // X.690 8.1.3.5: the long form, up to four length bytes here.
    if (length & 0x80) {
        const int bytes = int(length & 0x7F);
        if (bytes == 0 || bytes > 4 || in.size() < 2 + bytes)
            return std::nullopt;
        length = 0;
        for (int i = 0; i < bytes; ++i)
            length = (length << 8) | quint8(in[2 + i]);
        header += bytes;
    }
    if (in.size() - header < length)
        return std::nullopt;
    DerElement element{tag, in.sliced(header, length)};
    in = in.sliced(header + length);
    return element;
}

// The elements of a SEQUENCE, or empty when `der` is not one.
QList<DerElement> sequenceElements(QByteArrayView der)
{
    const auto sequence = readDer(der);
    if (!sequence || sequence->tag != DerSequence)
        return {};
    QList<DerElement> elements;
    QByteArrayView rest = sequence->contents;
    while (!rest.isEmpty()) {
        const auto element = readDer(rest);
        if (!element)
            return {};
        elements.append(*element);
    }
    return elements;
}

// A BIT STRING's bits without the leading count of unused bits.
std::optional<QByteArrayView> bitStringBits(const DerElement &element)
{
    if (element.tag != DerBitString || element.contents.isEmpty() || element.contents[0] != 0)
        return std::nullopt;
    return element.contents.sliced(1);
}

// The public part of a key as a list of byte strings comparable between the two forms below: RSA modulus and
// exponent, the EC point, the DSA public value.
using PublicPart = QList<QByteArray>;

// From a public key's SubjectPublicKeyInfo (RFC 5280 4.1.2.7): RFC 8017 A.1.1, RFC 5480 2.2, RFC 3279 2.3.2.
std::optional<PublicPart> publicPartOfPublicKey(QSsl::KeyAlgorithm algorithm, QByteArrayView spki)
{
    const QList<DerElement> info = sequenceElements(spki);
    if (info.size() != 2)
        return std::nullopt;
    const auto bits = bitStringBits(info[1]);
    if (!bits)
        return std::nullopt;
    switch (algorithm) {
    case QSsl::Rsa: {
        const QList<DerElement> rsa = sequenceElements(*bits);
        if (rsa.size() != 2 || rsa[0].tag != DerInteger || rsa[1].tag != DerInteger)
            return std::nullopt;
        return PublicPart{rsa[0].contents.toByteArray(), rsa[1].contents.toByteArray()};
    }
    case QSsl::Ec: return PublicPart{bits->toByteArray()};
    case QSsl::Dsa: {
        QByteArrayView rest = *bits;
        const auto y = readDer(rest);
        if (!y || y->tag != DerInteger)
            return std::nullopt;
        return PublicPart{y->contents.toByteArray()};
    }
    default: return std::nullopt;
    }
}

// From a private key in its traditional form (RFC 8017 A.1.2, RFC 5915 3, OpenSSL's DSA form) or wrapped in
// PKCS#8 (RFC 5208 5).
std::optional<PublicPart> publicPartOfPrivateKey(QSsl::KeyAlgorithm algorithm, QByteArrayView der)
{
    const QList<DerElement> key = sequenceElements(der);
    if (key.size() >= 3 && key[1].tag == DerSequence && key[2].tag == DerOctetString)
        return publicPartOfPrivateKey(algorithm, key[2].contents);
    switch (algorithm) {
    case QSsl::Rsa:
        // version, modulus, publicExponent, ...
        if (key.size() < 3 || key[1].tag != DerInteger || key[2].tag != DerInteger)
            return std::nullopt;
        return PublicPart{key[1].contents.toByteArray(), key[2].contents.toByteArray()};
    case QSsl::Ec:
        // version, privateKey, [0] parameters, [1] publicKey
        for (const DerElement &element : key) {
            if (element.tag != DerContext1)
                continue;
            QByteArrayView inner = element.contents;
            const auto publicKey = readDer(inner);
            const auto bits = publicKey ? bitStringBits(*publicKey) : std::nullopt;
            if (!bits)
                return std::nullopt;
            return PublicPart{bits->toByteArray()};
        }
        return std::nullopt;
    case QSsl::Dsa:
        // version, p, q, g, y, x
        if (key.size() < 6 || key[4].tag != DerInteger)
            return std::nullopt;
        return PublicPart{key[4].contents.toByteArray()};
    default: return std::nullopt;
    }
}

// The whole file, or an error sentence naming it as `what`.
std::optional<QByteArray> readWholeFile(const QString &path, const QString &what, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("The %1 file %2 does not exist.").arg(what, path);
        return std::nullopt;
    }
    QFile file(path);
    if (info.isDir() || !file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("The %1 file %2 cannot be read: %3")
                     .arg(what, path, info.isDir() ? QStringLiteral("it is a directory") : file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

QString describe(const QSslCertificate &certificate)
{
    const QString name = certificate.subjectDisplayName();
    return name.isEmpty() ? QStringLiteral("the certificate") : QStringLiteral("\"%1\"").arg(name);
}

TlsIdentity::Loaded failure(const QString &error, bool needsPassphrase = false)
{
    TlsIdentity::Loaded result;
    result.error = error;
    result.needsPassphrase = needsPassphrase;
    return result;
}

// Whether `data` starts like a PKCS#12 PFX (RFC 7292 4: SEQUENCE { version INTEGER 3, ... }), in DER or in BER
// with an indefinite length, so that a failed import can be put down to the password.
bool looksLikePkcs12(QByteArrayView data)
{
    if (data.size() < 5 || quint8(data[0]) != DerSequence)
        return false;
    const quint8 length = quint8(data[1]);
    // X.690 8.1.3: short form, long form with 1 to 4 length bytes, or indefinite (0x80).
    const qsizetype header = length < 0x80 ? 2 : length == 0x80 ? 2 : 2 + (length & 0x7F);
    if (length > 0x84 || data.size() < header + 3)
        return false;
    return quint8(data[header]) == DerInteger && quint8(data[header + 1]) == 1 && quint8(data[header + 2]) == 3;
}

} // namespace

std::optional<bool> TlsIdentity::keyMatches(const QSslCertificate &certificate, const QSslKey &key)
{
    const QSslKey publicKey = certificate.publicKey();
    if (publicKey.isNull() || key.isNull())
        return std::nullopt;
    if (publicKey.algorithm() != key.algorithm())
        return false;
    const auto ofCertificate = publicPartOfPublicKey(publicKey.algorithm(), publicKey.toDer());
    const auto ofKey = publicPartOfPrivateKey(key.algorithm(), key.toDer());
    if (!ofCertificate || !ofKey)
        return std::nullopt;
    return *ofCertificate == *ofKey;
}

TlsIdentity::Loaded TlsIdentity::fromPemFiles(const QString &certificatePath, const QString &keyPath,
                                              const QByteArray &passphrase)
{
    QString error;
    const auto certificateData = readWholeFile(certificatePath, QStringLiteral("certificate"), &error);
    if (!certificateData)
        return failure(error);
    QList<QSslCertificate> certificates = QSslCertificate::fromData(*certificateData, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(*certificateData, QSsl::Der);
    if (certificates.isEmpty())
        return failure(QStringLiteral("The certificate file %1 holds no certificate.").arg(certificatePath));

    const auto keyData = readWholeFile(keyPath, QStringLiteral("private key"), &error);
    if (!keyData)
        return failure(error);
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(*keyData, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        if (!keyData->contains("ENCRYPTED"))
            return failure(QStringLiteral("The key file %1 holds no RSA, EC or DSA private key in PEM.").arg(keyPath));
        if (passphrase.isEmpty())
            return failure(QStringLiteral("The private key in %1 is encrypted; it needs its passphrase.").arg(keyPath),
                           true);
        return failure(QStringLiteral("The private key in %1 cannot be decrypted: wrong passphrase?").arg(keyPath),
                       true);
    }

    TlsIdentity::Loaded result;
    result.identity.certificate = certificates.takeFirst();
    result.identity.privateKey = key;
    result.identity.chain = certificates;
    if (keyMatches(result.identity.certificate, key) == false) {
        return failure(QStringLiteral("The private key in %1 does not belong to %2 in %3.")
                           .arg(keyPath, describe(result.identity.certificate), certificatePath));
    }
    return result;
}

TlsIdentity::Loaded TlsIdentity::fromPkcs12File(const QString &path, const QByteArray &password)
{
    QString error;
    const auto data = readWholeFile(path, QStringLiteral("PKCS#12"), &error);
    if (!data)
        return failure(error);
    QByteArray bytes = *data;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    TlsIdentity::Loaded result;
    if (!QSslCertificate::importPkcs12(&buffer, &result.identity.privateKey, &result.identity.certificate,
                                       &result.identity.chain, password)) {
        if (looksLikePkcs12(bytes)) {
            if (password.isEmpty())
                return failure(QStringLiteral("%1 is protected by a password; it needs it.").arg(path), true);
            return failure(QStringLiteral("%1 could not be opened: wrong password?").arg(path), true);
        }
        return failure(
            QStringLiteral("%1 could not be opened as PKCS#12: not a PKCS#12 file, or the wrong password.").arg(path));
    }
    if (result.identity.isNull())
        return failure(QStringLiteral("%1 holds no certificate with its private key.").arg(path));
    if (keyMatches(result.identity.certificate, result.identity.privateKey) == false) {
        return failure(QStringLiteral("The private key in %1 does not belong to %2.")
                           .arg(path, describe(result.identity.certificate)));
    }
    return result;
}

namespace {
bool isPkcs12Path(const QString &path)
{
    return path.endsWith(QLatin1String(".p12"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".pfx"), Qt::CaseInsensitive);
}
} // namespace

TlsIdentity::Loaded TlsIdentity::fromFiles(const QString &certificatePath, const QString &keyPath,
                                           const QByteArray &passphrase)
{
    if (isPkcs12Path(certificatePath))
        return fromPkcs12File(certificatePath, passphrase);
    return fromPemFiles(certificatePath, encryptedFile(certificatePath, keyPath), passphrase);
}

QString TlsIdentity::encryptedFile(const QString &certificatePath, const QString &keyPath)
{
    return isPkcs12Path(certificatePath) || keyPath.isEmpty() ? certificatePath : keyPath;
}

} // namespace sockscope::net
