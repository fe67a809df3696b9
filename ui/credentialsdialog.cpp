#include "credentialsdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace sockscope::ui {

CredentialsDialog::CredentialsDialog(const CredentialRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_secret(new QLineEdit(this))
{
    const bool passphrase = request.kind == CredentialRequest::Kind::Passphrase;
    setWindowTitle(passphrase ? tr("Passphrase") : tr("Proxy authentication"));
    auto *text = new QLabel(request.text, this);
    text->setWordWrap(true);
    auto *form = new QFormLayout;
    if (request.kind == CredentialRequest::Kind::ProxyCredentials) {
        m_user = new QLineEdit(request.user, this);
        m_user->setObjectName(QStringLiteral("user"));
        form->addRow(tr("User"), m_user);
    }
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    form->addRow(passphrase ? tr("Passphrase") : tr("Password"), m_secret);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (m_user && request.user.isEmpty())
        m_user->setFocus();
    else
        m_secret->setFocus();
}

Credentials CredentialsDialog::credentials() const
{
    return {m_user ? m_user->text().trimmed() : QString(), m_secret->text()};
}

std::optional<Credentials> CredentialsDialog::ask(QWidget *parent, const CredentialRequest &request)
{
    CredentialsDialog dialog(request, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.credentials();
}

IdentityFilesLoad loadIdentityFiles(const QString &certificatePath, const QString &keyPath, QString *passphrase,
                                    const std::function<std::optional<Credentials>(const CredentialRequest &)> &ask)
{
    IdentityFilesLoad result;
    result.encryptedFile = net::TlsIdentity::encryptedFile(certificatePath, keyPath);
    result.loaded = net::TlsIdentity::fromFiles(certificatePath, keyPath, passphrase->toUtf8());
    if (result.loaded.ok() || !result.loaded.needsPassphrase)
        return result;
    CredentialRequest request;
    request.kind = CredentialRequest::Kind::Passphrase;
    request.text = passphrase->isEmpty()
                       ? CredentialsDialog::tr("%1 is encrypted. Its passphrase:").arg(result.encryptedFile)
                       : CredentialsDialog::tr("The passphrase does not open %1. Try again:").arg(result.encryptedFile);
    const std::optional<Credentials> answer = ask(request);
    if (!answer) {
        result.declined = true;
        return result;
    }
    *passphrase = answer->secret;
    result.loaded = net::TlsIdentity::fromFiles(certificatePath, keyPath, passphrase->toUtf8());
    return result;
}

} // namespace sockscope::ui
