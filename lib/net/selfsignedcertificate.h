#pragma once

#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>

#include <optional>

namespace sockscope::net {

// A certificate and the private key that goes with it, ready for a QSslConfiguration.
struct SelfSignedIdentity {
    QSslCertificate certificate;
    QSslKey privateKey;
};

// Makes the identity the local server presents on wss:// when the user has no certificate of their own: a fresh
// ECDSA P-256 key and a self-signed X.509 v3 server certificate (CN "Sockscope local server", SHA-256 signature,
// random 128-bit serial, CA:FALSE, keyUsage digitalSignature, extendedKeyUsage serverAuth). `hosts` become the
// subjectAltName entries: an IP address as IP:, anything else as DNS: (internationalised names in their ASCII
// form); empty means localhost, 127.0.0.1 and ::1. The certificate is valid from an hour ago (for clocks that
// differ a little) for `validDays` days. Qt cannot make certificates, so this uses OpenSSL's libcrypto, the
// library under Qt's TLS backend. It neither stores nor trusts anything: saving the identity and adding the
// certificate to a client's CAs is the caller's business.
// Returns nothing and sets *error (when given) to a technical detail on failure.
std::optional<SelfSignedIdentity> generateSelfSigned(const QStringList &hosts = {}, int validDays = 30,
                                                     QString *error = nullptr);

} // namespace sockscope::net
