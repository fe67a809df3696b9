#pragma once

#include <QDialog>
#include <QList>
#include <QSslCertificate>
#include <QSslError>

namespace sockscope::ui {

// Shown when a wss:// server's certificate does not verify: the chain the server sent (subject, issuer,
// validity, SHA-256 fingerprint of each certificate) and every error, with a choice to accept exactly these
// certificates for this one connection. Nothing is trusted globally.
class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    CertificateDialog(const QString &host, const QList<QSslCertificate> &chain, const QList<QSslError> &errors,
                      QWidget *parent = nullptr);

    // The certificates the errors are about: what accepting adds to this connection's accepted list.
    const QList<QSslCertificate> &certificatesToAccept() const { return m_toAccept; }
    QString detailsText() const;

    static QString describe(const QSslCertificate &certificate);

private:
    QList<QSslCertificate> m_toAccept;
    QString m_details;
};

} // namespace sockscope::ui
