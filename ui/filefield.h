#pragma once

#include <QString>

#include <functional>

class QAction;
class QLineEdit;

namespace sockscope::ui {

// Gives a field that holds a file path a trailing open-file button (named objectName + "Browse"). `pick` gets
// the path in the field and returns the one chosen, empty when cancelled; a path chosen replaces the field's.
// The field also shows its placeholder as a tooltip, since a long one is cut short in a narrow field.
QAction *addOpenFileAction(QLineEdit *field, const QString &objectName,
                           std::function<QString(const QString &current)> pick);

// Name filters for a file dialog, each followed by "All files (*)".
enum class FileKind { Certificates, PemCertificates, PrivateKeys };
QString fileDialogFilter(FileKind kind);

} // namespace sockscope::ui
