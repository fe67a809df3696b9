#include "wireformat.h"

#include "proto/closecode.h"

#include <cstdio>

namespace sockscope::cli {

QString describeFrame(const proto::Frame &frame)
{
    QString line = frame.fin ? QStringLiteral("FIN ") : QStringLiteral("--- ");
    if (frame.rsvBits() != 0)
        line += QStringLiteral("RSV=%1%2%3 ").arg(int(frame.rsv1)).arg(int(frame.rsv2)).arg(int(frame.rsv3));
    line += QStringLiteral("%1 len=%2 (%3)")
                .arg(QLatin1String(proto::opcodeName(frame.opcode)))
                .arg(frame.payload.size())
                .arg(frame.lengthEncoding == proto::LengthEncoding::Bits7    ? QLatin1String("7-bit")
                     : frame.lengthEncoding == proto::LengthEncoding::Bits16 ? QLatin1String("16-bit")
                                                                             : QLatin1String("64-bit"));
    if (frame.masked) {
        line +=
            QStringLiteral(" mask=%1")
                .arg(QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(frame.maskKey.data()), 4).toHex()));
    }
    if (!frame.header.isEmpty())
        line += QStringLiteral(" header=%1").arg(QString::fromLatin1(frame.header.toByteArray().toHex(' ')));
    return line;
}

QString previewMessage(const proto::Message &message, int limit)
{
    if (message.type == proto::Opcode::Text) {
        QString text = QString::fromUtf8(message.payload);
        const bool cut = text.size() > limit;
        text.truncate(limit);
        text.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('\n'), QLatin1String("\\n"))
            .replace(QLatin1Char('\r'), QLatin1String("\\r"));
        return QStringLiteral("text %1 B: %2%3")
            .arg(message.payload.size())
            .arg(text, cut ? QStringLiteral("...") : QString());
    }
    const QByteArray head = message.payload.left(limit / 3);
    return QStringLiteral("binary %1 B: %2%3")
        .arg(message.payload.size())
        .arg(QString::fromLatin1(head.toHex(' ')),
             head.size() < message.payload.size() ? QStringLiteral(" ...") : QString());
}

QByteArray printableMessage(const proto::Message &message)
{
    return message.type == proto::Opcode::Text ? message.payload : message.payload.toHex();
}

QString describeClose(const proto::CloseInfo &info)
{
    const proto::CloseCodeEntry *entry = proto::closeCodeEntry(info.code);
    QString text = QString::number(info.code);
    if (entry)
        text += QStringLiteral(" (%1)").arg(QLatin1String(entry->name));
    if (!info.reason.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(info.reason);
    text += info.wasClean ? QStringLiteral(", clean") : QStringLiteral(", not clean");
    return text;
}

QString prefixedLines(const QByteArray &head, const QString &marker)
{
    QString out;
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray trimmed = line.endsWith('\r') ? line.chopped(1) : line;
        if (trimmed.isEmpty())
            continue;
        out += marker + QString::fromLatin1(trimmed) + QLatin1Char('\n');
    }
    return out;
}

void printError(const QString &text)
{
    std::fputs(qPrintable(text), stderr);
    std::fflush(stderr);
}

void printLine(const QString &text)
{
    std::fputs(qPrintable(text), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace sockscope::cli
