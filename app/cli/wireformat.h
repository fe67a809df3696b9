#pragma once

#include "proto/connection.h"
#include "proto/frame.h"

#include <QByteArray>
#include <QString>

namespace sockscope::cli {

// One frame's header in one line: "FIN text len=5 (7-bit) mask=1a2b3c4d header=81 85 1a 2b 3c 4d".
QString describeFrame(const proto::Frame &frame);
// A message for a log line: text up to `limit` characters with line breaks escaped, binary as hex.
QString previewMessage(const proto::Message &message, int limit = 200);
// A message as connect prints it on standard output: text as is, binary as hex.
QByteArray printableMessage(const proto::Message &message);
// "1000 (Normal Closure) \"bye\", clean" for logs.
QString describeClose(const proto::CloseInfo &info);
// Each line of a handshake head prefixed with marker ("> " or "< ").
QString prefixedLines(const QByteArray &head, const QString &marker);

// Standard error, flushed at once (text ends with its own newline).
void printError(const QString &text);
// One line on standard output, flushed at once.
void printLine(const QString &text);

} // namespace sockscope::cli
