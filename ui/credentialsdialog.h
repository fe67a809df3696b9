#pragma once

#include "net/tlsidentity.h"

#include <QDialog>
#include <QString>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;

namespace sockscope::ui {

// A secret a connection needs before it can go on.
struct CredentialRequest {
    enum class Kind {
        ProxyPassword,    // the proxy user is known, its password is not
        ProxyCredentials, // the proxy asked for credentials or refused the ones given: user and password
        Passphrase,       // an encrypted private key or PKCS#12 file
    };
    Kind kind = Kind::ProxyPassword;
    QString text; // a sentence saying what is asked for and why
    QString user; // ProxyCredentials: the user to start from
};

struct Credentials {
    QString user; // ProxyCredentials only
    QString secret;
};

// Answers a CredentialRequest, or nothing when the user declines.
using CredentialProvider = std::function<std::optional<Credentials>(const CredentialRequest &)>;

// The small dialog that asks for a password or passphrase (with the user name too for a proxy that asked for
// credentials). What is typed is handed back, never stored.
class CredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CredentialsDialog(const CredentialRequest &request, QWidget *parent = nullptr);

    Credentials credentials() const;

    // Shows the dialog modally; nothing when cancelled.
    static std::optional<Credentials> ask(QWidget *parent, const CredentialRequest &request);

private:
    QLineEdit *m_user = nullptr;
    QLineEdit *m_secret;
};

// A certificate and key loaded from the files a user named (net::TlsIdentity::fromFiles), asking for the
// passphrase when the key or PKCS#12 file is encrypted and *passphrase does not open it: `ask` is asked once and
// the files loaded again with its answer, which *passphrase then holds.
struct IdentityFilesLoad {
    net::TlsIdentity::Loaded loaded;
    bool declined = false; // asked for the passphrase of `encryptedFile`, and none was given
    QString encryptedFile;
};
IdentityFilesLoad loadIdentityFiles(const QString &certificatePath, const QString &keyPath, QString *passphrase,
                                    const std::function<std::optional<Credentials>(const CredentialRequest &)> &ask);

} // namespace sockscope::ui
