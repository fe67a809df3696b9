#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace sockscope::proto {

// Where typed bytes stopped making sense: the character offset and what was wrong there.
struct ByteTextError {
    qsizetype position = -1;
    QString detail;
};

// Bytes typed or pasted as hex, the way developers write them: "48 65 6c", "0x48,0x65", "48656C", one per line,
// "\x48\x65". Whitespace, commas and ':' separate; a 0x or \x prefix may start each group of digits. Every
// group needs an even number of digits. Returns nullopt with the first offending position otherwise.
std::optional<QByteArray> parseHexText(QByteArrayView text, ByteTextError *error = nullptr);

// Base64 (standard or URL alphabet, padding optional, whitespace ignored); strict about everything else.
std::optional<QByteArray> parseBase64Text(QByteArrayView text, ByteTextError *error = nullptr);

} // namespace sockscope::proto
