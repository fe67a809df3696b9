#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

namespace sockscope::net {

// A TLS client identity: the certificate this side presents when the server asks for one, its private key and
// the intermediate certificates sent after it. Loads from PEM files or a PKCS#12 file, saying in words what is
// wrong when it cannot (missing or unreadable file, nothing usable in it, wrong passphrase, a key that belongs to
// another certificate). ClientConnection applies it to one connection; nothing here is global.
struct TlsIdentity {
    QSslCertificate certificate;
    QSslKey privateKey;
    QList<QSslCertificate> chain; // sent after the certificate, its issuer first

    bool isNull() const { return certificate.isNull() || privateKey.isNull(); }

    // The result of loading: an identity, or why there is none.
    struct Loaded;
    // The certificate file holds the certificate first and any chain after it (PEM, or a single DER
    // certificate); the key file an RSA, EC or DSA private key in PEM, encrypted with `passphrase` if at all.
    // Both may be the same file.
    static Loaded fromPemFiles(const QString &certificatePath, const QString &keyPath,
                               const QByteArray &passphrase = {});
    // A PKCS#12 (.p12, .pfx) file with the certificate, its key and any chain.
    static Loaded fromPkcs12File(const QString &path, const QByteArray &password = {});
    // As a user names the files: a .p12 or .pfx file holds the key too (`keyPath` is not read); otherwise PEM,
    // with the key in `keyPath` or, when that is empty, in the certificate file.
    static Loaded fromFiles(const QString &certificatePath, const QString &keyPath, const QByteArray &passphrase = {});
    // The file whose passphrase fromFiles() needs: the PKCS#12 file or the key file.
    static QString encryptedFile(const QString &certificatePath, const QString &keyPath);
    // Whether `key` is the private key of `certificate`; empty when the key's form is not one this can compare.
    static std::optional<bool> keyMatches(const QSslCertificate &certificate, const QSslKey &key);
};

struct TlsIdentity::Loaded {
    TlsIdentity identity;
    QString error; // a sentence naming the file; empty on success
    // The key or PKCS#12 file is encrypted and the passphrase given (none, or another) does not open it: asking
    // the user for it may help, unlike the other errors.
    bool needsPassphrase = false;

    bool ok() const { return error.isEmpty(); }
};

} // namespace sockscope::net
