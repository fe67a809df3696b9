#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace sockscope::ui {

struct JsonError {
    qsizetype offset = -1; // character offset of the first problem
    QString message;
};

// Checks JSON text (RFC 8259) and indents it, keeping everything as written: member order, duplicate keys,
// number literals (no rounding through double) and string escapes. QJsonDocument would sort keys and round
// numbers, which would show a message differently from what was sent. Returns nullopt with the first error.
std::optional<QString> formatJson(QStringView text, int indent = 2, JsonError *error = nullptr);
// The same check without building output.
bool isValidJson(QStringView text, JsonError *error = nullptr);
// The text with insignificant whitespace removed (for sending compact JSON).
std::optional<QString> compactJson(QStringView text, JsonError *error = nullptr);

} // namespace sockscope::ui
