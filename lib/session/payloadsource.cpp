#include "payloadsource.h"

#include "sessionreader.h"

namespace sockscope::session {

namespace {
// A message's frames lie between its first frame and its Message record; other connections' records may come
// between them, but not without bound.
constexpr int MaxRecordsScanned = 1'000'000;
} // namespace

PayloadSource::PayloadSource(const QString &sessionFile)
    : m_file(sessionFile)
{}

std::optional<QByteArray> PayloadSource::payload(quint32 connection, const MessageRecord &record, QString *error)
{
    auto fail = [error](QString why) -> std::optional<QByteArray> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    if (record.sourceOffset < 0)
        return fail(QStringLiteral("the record was not read from a session file"));
    if (!m_file.isOpen() && !m_file.open(QIODevice::ReadOnly))
        return fail(m_file.errorString());
    m_file.seek(0);
    SessionReader reader(&m_file);
    if (!reader.seek(record.sourceOffset))
        return fail(QStringLiteral("the file has no record at byte %1").arg(record.sourceOffset));
    SessionRecord r;
    if (reader.next(r) != SessionReader::Status::Record)
        return fail(reader.error() ? reader.error().detail
                                   : QStringLiteral("the file ends before byte %1").arg(record.sourceOffset));
    if (r.connection != connection || r.direction != record.direction)
        return fail(QStringLiteral("the record at byte %1 is not this one's").arg(record.sourceOffset));
    if (r.type == RecordType::Message && r.compressed)
        return r.inflatedPayload;
    if (r.type != RecordType::Frame)
        return fail(QStringLiteral("the record at byte %1 is not a frame").arg(record.sourceOffset));
    if (!record.isMessage())
        return r.frame.payload;
    // The data frames of this connection and direction from here on, as many as the message has.
    QByteArray out = r.frame.payload;
    quint32 frames = 1;
    for (int scanned = 0; frames < record.frameCount && scanned < MaxRecordsScanned; ++scanned) {
        if (reader.next(r) != SessionReader::Status::Record)
            return fail(QStringLiteral("the file ends before the message's frame %1").arg(frames + 1));
        if (r.type == RecordType::Frame && r.connection == connection && r.direction == record.direction &&
            !r.frame.isControl()) {
            out.append(r.frame.payload);
            ++frames;
        }
    }
    if (frames < record.frameCount)
        return fail(QStringLiteral("the message's frames were not found"));
    if (out.size() != record.payloadSize)
        return fail(
            QStringLiteral("the frames hold %1 bytes, the log says %2").arg(out.size()).arg(record.payloadSize));
    return out;
}

} // namespace sockscope::session
