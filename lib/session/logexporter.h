#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

class QIODevice;

namespace sockscope::session {

class MessageStore;

// Which records an export writes, in order: how many, and the absolute store index of the i-th (all of them, or
// the rows a filtered view shows). An index no longer in the store is skipped.
struct LogSelection {
    qsizetype count = 0;
    std::function<quint64(qsizetype)> indexAt;

    static LogSelection all(const MessageStore &store);
    static LogSelection of(const QList<quint64> &indices);
};

// Writes records of a MessageStore to a device as text (one line per record, like a terminal log), CSV (RFC 4180)
// or JSON (docs/message-log.md, "Exporting a log"). Record by record through a small buffer: a log of millions of
// records is never held as one string. Column and field names are a file format, not words for the user. It
// neither chooses the records (LogSelection does) nor opens or commits files (the caller's QSaveFile does).
class LogExporter
{
public:
    enum class Format { Text, Csv, Json };

    LogExporter(const MessageStore &store, Format format);

    // The connection's URL, written at the top of a JSON export ("url"; null when empty).
    void setConnectionUrl(const QString &url) { m_url = url; }

    // False when the device refused a write; errorString() says why. What was written before stays written, so
    // write to a QSaveFile and commit only on success.
    bool write(QIODevice &device, const LogSelection &selection);
    bool write(QIODevice &device);
    QString errorString() const { return m_error; }
    qint64 recordsWritten() const { return m_written; }

    // The CSV header row's columns, which are also the keys of a JSON record, in order.
    static QList<QByteArray> columns();
    // "txt", "csv" or "json".
    static QString fileSuffix(Format format);

private:
    const MessageStore &m_store;
    Format m_format;
    QString m_url;
    QString m_error;
    qint64 m_written = 0;
};

} // namespace sockscope::session
