#include "filefield.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QLineEdit>
#include <QStyle>

namespace sockscope::ui {

QAction *addOpenFileAction(QLineEdit *field, const QString &objectName,
                           std::function<QString(const QString &current)> pick)
{
    field->setObjectName(objectName);
    field->setToolTip(field->placeholderText());
    QAction *browse =
        field->addAction(field->style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
    browse->setObjectName(objectName + QStringLiteral("Browse"));
    browse->setToolTip(QCoreApplication::translate("sockscope::ui::FileField", "Choose a file…"));
    QObject::connect(browse, &QAction::triggered, field, [field, pick = std::move(pick)] {
        const QString path = pick(field->text().trimmed());
        if (!path.isEmpty())
            field->setText(QDir::toNativeSeparators(path));
    });
    return browse;
}

QString fileDialogFilter(FileKind kind)
{
    const char *filter = nullptr;
    switch (kind) {
    case FileKind::Certificates:
        filter = QT_TRANSLATE_NOOP("sockscope::ui::FileField", "Certificates (*.pem *.crt *.cer *.p12 *.pfx)");
        break;
    case FileKind::PemCertificates:
        filter = QT_TRANSLATE_NOOP("sockscope::ui::FileField", "PEM certificates (*.pem *.crt *.cer)");
        break;
    case FileKind::PrivateKeys: filter = QT_TRANSLATE_NOOP("sockscope::ui::FileField", "PEM keys (*.pem *.key)"); break;
    }
    return QCoreApplication::translate("sockscope::ui::FileField", filter) + QStringLiteral(";;") +
           QCoreApplication::translate("sockscope::ui::FileField", "All files (*)");
}

} // namespace sockscope::ui
