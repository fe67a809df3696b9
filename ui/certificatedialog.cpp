#include "certificatedialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sockscope::ui {

QString CertificateDialog::describe(const QSslCertificate &c)
{
    const auto join = [](const QStringList &parts) { return parts.join(QStringLiteral(", ")); };
    QString text;
    text += tr("Subject: %1\n")
                .arg(join(c.subjectInfo(QSslCertificate::CommonName) + c.subjectInfo(QSslCertificate::Organization)));
    text += tr("Issuer: %1\n")
                .arg(join(c.issuerInfo(QSslCertificate::CommonName) + c.issuerInfo(QSslCertificate::Organization)));
    QStringList names;
    const auto alternatives = c.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names << (it.key() == QSsl::IpAddressEntry ? QStringLiteral("IP:") : QStringLiteral("DNS:")) + it.value();
    if (!names.isEmpty())
        text += tr("Names: %1\n").arg(join(names));
    text += tr("Valid: %1 to %2\n").arg(c.effectiveDate().toString(Qt::ISODate), c.expiryDate().toString(Qt::ISODate));
    text += tr("SHA-256: %1\n").arg(QString::fromLatin1(c.digest(QCryptographicHash::Sha256).toHex(':')));
    return text;
}

CertificateDialog::CertificateDialog(const QString &host, const QList<QSslCertificate> &chain,
                                     const QList<QSslError> &errors, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Certificate not trusted"));
    for (const QSslError &error : errors) {
        if (!error.certificate().isNull() && !m_toAccept.contains(error.certificate()))
            m_toAccept.append(error.certificate());
    }
    QStringList errorLines;
    for (const QSslError &error : errors)
        errorLines << QStringLiteral("• ") + error.errorString();
    m_details = tr("Errors:\n%1\n\n").arg(errorLines.join(QLatin1Char('\n')));
    for (int i = 0; i < chain.size(); ++i)
        m_details += tr("Certificate %1 of %2\n%3\n").arg(i + 1).arg(chain.size()).arg(describe(chain[i]));

    auto *intro = new QLabel(tr("<b>%1</b> presented a certificate that could not be verified. Check the chain "
                                "and the errors below. Accepting trusts exactly these certificates for this "
                                "connection only.")
                                 .arg(host.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    auto *details = new QPlainTextEdit(m_details, this);
    details->setReadOnly(true);
    details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details->setMinimumSize(640, 320);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *accept = buttons->addButton(tr("Accept for this connection"), QDialogButtonBox::AcceptRole);
    accept->setObjectName(QStringLiteral("acceptCertificate"));
    accept->setEnabled(!m_toAccept.isEmpty());
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(details, 1);
    layout->addWidget(buttons);
}

QString CertificateDialog::detailsText() const
{
    return m_details;
}

} // namespace sockscope::ui
