#include "selfsignedcertificate.h"

#include <QHostAddress>
#include <QUrl>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/buffer.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <memory>

namespace sockscope::net {

namespace {

template <auto Free> struct OpenSslDeleter {
    template <typename T> void operator()(T *p) const { Free(p); }
};
template <typename T, auto Free> using Owned = std::unique_ptr<T, OpenSslDeleter<Free>>;

using Key = Owned<EVP_PKEY, EVP_PKEY_free>;
using Certificate = Owned<X509, X509_free>;
using AltNames = Owned<GENERAL_NAMES, GENERAL_NAMES_free>;
using String = Owned<ASN1_STRING, ASN1_STRING_free>;

constexpr char commonName[] = "Sockscope local server";
constexpr int serialBits = 128;
constexpr long backdateSeconds = 3600;

// Empties this thread's OpenSSL error queue (which Qt's TLS backend reads too) into one line.
QString takeOpenSslErrors()
{
    QStringList parts;
    while (const unsigned long code = ERR_get_error()) {
        std::array<char, 256> text{};
        ERR_error_string_n(code, text.data(), text.size());
        parts += QString::fromLatin1(text.data());
    }
    return parts.join(QLatin1String("; "));
}

// Sets `failure` to what went wrong, followed by OpenSSL's own account of it when it has one.
void setFailure(QString &failure, const QString &what)
{
    const QString detail = takeOpenSslErrors();
    failure = detail.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, detail);
}

// Adds one subjectAltName entry, which takes `value` over.
bool addAltName(GENERAL_NAMES *names, int type, String value)
{
    Owned<GENERAL_NAME, GENERAL_NAME_free> name(GENERAL_NAME_new());
    if (!name)
        return false;
    GENERAL_NAME_set0_value(name.get(), type, value.release());
    if (sk_GENERAL_NAME_push(names, name.get()) <= 0)
        return false;
    name.release(); // the stack owns it now
    return true;
}

String ipAddressValue(const QHostAddress &address)
{
    // RFC 5280 4.2.1.6: the address in network byte order, 4 octets for IPv4 and 16 for IPv6 (no scope).
    std::array<unsigned char, 16> octets{};
    int length = 16;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        octets = {quint8(v4 >> 24), quint8(v4 >> 16), quint8(v4 >> 8), quint8(v4)};
        length = 4;
    } else {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        std::copy(std::begin(v6.c), std::end(v6.c), octets.begin());
    }
    String value(ASN1_OCTET_STRING_new());
    if (!value || ASN1_OCTET_STRING_set(value.get(), octets.data(), length) != 1)
        return {};
    return value;
}

// A DNS name in the ASCII form certificates carry (RFC 5280 4.2.1.6 and 7.2), or nothing if `host` is not one.
// A leading "*." label is kept for a wildcard certificate.
QByteArray dnsName(const QString &host)
{
    const bool wildcard = host.startsWith(QLatin1String("*."));
    QByteArray ace = QUrl::toAce(wildcard ? host.mid(2) : host);
    if (ace.endsWith('.'))
        ace.chop(1); // a fully qualified "localhost." is matched as "localhost"
    if (ace.isEmpty() || ace.endsWith('.'))
        return {};
    return wildcard ? "*." + ace : ace;
}

AltNames makeAltNames(const QStringList &hosts, QString &failure)
{
    static const QStringList defaults{QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
    AltNames names(GENERAL_NAMES_new());
    if (!names) {
        setFailure(failure, QStringLiteral("cannot allocate subjectAltName"));
        return {};
    }
    for (const QString &host : hosts.isEmpty() ? defaults : hosts) {
        QHostAddress address;
        if (address.setAddress(host)) {
            String value = ipAddressValue(address);
            if (!value || !addAltName(names.get(), GEN_IPADD, std::move(value))) {
                setFailure(failure, QStringLiteral("cannot add subjectAltName IP:%1").arg(host));
                return {};
            }
            continue;
        }
        const QByteArray dns = dnsName(host);
        if (dns.isEmpty()) {
            failure = QStringLiteral("not a host name or IP address: \"%1\"").arg(host);
            return {};
        }
        String value(ASN1_IA5STRING_new());
        if (!value || ASN1_STRING_set(value.get(), dns.constData(), int(dns.size())) != 1 ||
            !addAltName(names.get(), GEN_DNS, std::move(value))) {
            setFailure(failure, QStringLiteral("cannot add subjectAltName DNS:%1").arg(QLatin1String(dns)));
            return {};
        }
    }
    return names;
}

Key makeKey(QString &failure)
{
    Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free> context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *key = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) <= 0 ||
        EVP_PKEY_CTX_set_group_name(context.get(), "P-256") <= 0 || EVP_PKEY_generate(context.get(), &key) <= 0) {
        setFailure(failure, QStringLiteral("cannot generate an EC P-256 key"));
        return {};
    }
    return Key(key);
}

bool setSerialNumber(X509 *certificate)
{
    // RFC 5280 4.1.2.2: positive, at most 20 octets; 128 random bits with the top one set.
    Owned<BIGNUM, BN_free> serial(BN_new());
    return serial && BN_rand(serial.get(), serialBits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1 &&
           BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool setNames(X509 *certificate)
{
    X509_NAME *subject = X509_get_subject_name(certificate);
    return subject &&
           X509_NAME_add_entry_by_NID(subject, NID_commonName, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0) == 1 &&
           X509_set_issuer_name(certificate, subject) == 1;
}

bool setValidity(X509 *certificate, int validDays)
{
    std::time_t now = std::time(nullptr);
    return X509_time_adj_ex(X509_getm_notBefore(certificate), 0, -backdateSeconds, &now) &&
           X509_time_adj_ex(X509_getm_notAfter(certificate), validDays, -backdateSeconds, &now);
}

bool addExtensions(X509 *certificate, GENERAL_NAMES *altNames)
{
    X509V3_CTX context{};
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    struct Extension {
        int nid;
        const char *value;
    };
    // RFC 5280 4.2.1.9, 4.2.1.3 and 4.2.1.12: a server certificate that is no CA.
    for (const auto &[nid, value] :
         {Extension{NID_basic_constraints, "critical,CA:FALSE"}, Extension{NID_key_usage, "critical,digitalSignature"},
          Extension{NID_ext_key_usage, "serverAuth"}}) {
        Owned<X509_EXTENSION, X509_EXTENSION_free> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
        if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
            return false;
    }
    // RFC 5280 4.2.1.6: not critical, the subject is not empty.
    return X509_add1_ext_i2d(certificate, NID_subject_alt_name, altNames, 0, X509V3_ADD_DEFAULT) == 1;
}

Certificate makeCertificate(EVP_PKEY *key, GENERAL_NAMES *altNames, int validDays, QString &failure)
{
    Certificate certificate(X509_new());
    const auto failed = [&failure](const char *what) {
        setFailure(failure, QString::fromLatin1(what));
        return Certificate();
    };
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return failed("cannot create an X.509 v3 certificate");
    if (!setSerialNumber(certificate.get()))
        return failed("cannot set a random serial number");
    if (!setNames(certificate.get()))
        return failed("cannot set the subject and issuer names");
    if (!setValidity(certificate.get(), validDays))
        return failed("cannot set the validity period");
    if (X509_set_pubkey(certificate.get(), key) != 1)
        return failed("cannot set the public key");
    if (!addExtensions(certificate.get(), altNames))
        return failed("cannot add the certificate extensions");
    if (X509_sign(certificate.get(), key, EVP_sha256()) <= 0)
        return failed("cannot sign the certificate");
    return certificate;
}

// What `write` put into a memory BIO, or nothing if it failed. OpenSSL clears the BIO's memory when it frees it.
template <typename Write> std::optional<QByteArray> toPem(Write write)
{
    Owned<BIO, BIO_free_all> bio(BIO_new(BIO_s_mem()));
    BUF_MEM *memory = nullptr;
    if (!bio || write(bio.get()) != 1 || BIO_get_mem_ptr(bio.get(), &memory) <= 0 || !memory)
        return std::nullopt;
    return QByteArray(memory->data, qsizetype(memory->length));
}

} // namespace

std::optional<SelfSignedIdentity> generateSelfSigned(const QStringList &hosts, int validDays, QString *error)
{
    ERR_clear_error(); // what earlier calls on this thread left there is not ours to report
    QString failure;
    const auto failed = [&] {
        if (error)
            *error = failure;
        return std::optional<SelfSignedIdentity>();
    };
    if (validDays < 1) {
        failure = QStringLiteral("validity of %1 days: it must be one day or more").arg(validDays);
        return failed();
    }
    const AltNames altNames = makeAltNames(hosts, failure);
    if (!altNames)
        return failed();
    const Key key = makeKey(failure);
    if (!key)
        return failed();
    const Certificate certificate = makeCertificate(key.get(), altNames.get(), validDays, failure);
    if (!certificate)
        return failed();

    const std::optional<QByteArray> certificatePem =
        toPem([&](BIO *bio) { return PEM_write_bio_X509(bio, certificate.get()); });
    if (!certificatePem) {
        setFailure(failure, QStringLiteral("cannot write the certificate as PEM"));
        return failed();
    }
    // PKCS #8 ("BEGIN PRIVATE KEY"), unencrypted: it only ever goes to Qt, in memory.
    std::optional<QByteArray> keyPem = toPem(
        [&](BIO *bio) { return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    if (!keyPem) {
        setFailure(failure, QStringLiteral("cannot write the private key as PEM"));
        return failed();
    }

    SelfSignedIdentity identity{QSslCertificate(*certificatePem, QSsl::Pem),
                                QSslKey(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey)};
    OPENSSL_cleanse(keyPem->data(), size_t(keyPem->size()));
    if (identity.certificate.isNull()) {
        setFailure(failure, QStringLiteral("Qt's TLS backend cannot read the generated certificate"));
        return failed();
    }
    if (identity.privateKey.isNull()) {
        setFailure(failure, QStringLiteral("Qt's TLS backend cannot read the generated key"));
        return failed();
    }
    return identity;
}

} // namespace sockscope::net
