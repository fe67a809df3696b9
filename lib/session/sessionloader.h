#pragma once

#include "sessionassembler.h"
#include "sessionreader.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class QIODevice;

namespace sockscope::session {

// Opens a session file a slice at a time on the calling thread's event loop, so a window stays responsive while
// a large file loads and shows each connection's log as it fills. Each slice reads records for at most
// sliceMs; between slices the event loop runs. Memory follows the StoreLimits, not the file's size: the payload
// budget is shared by all connections of the file (each log gets an equal part; older payloads beyond it are
// released, their records stay) and maxRecords applies to each log. It
// stops at the first damage with the error and keeps everything read before it. Not thread-safe: the logs it
// fills are read on the same thread between slices.
class SessionLoader : public QObject
{
    Q_OBJECT
public:
    explicit SessionLoader(StoreLimits limits = {}, QObject *parent = nullptr);
    ~SessionLoader() override;

    // Opens the file and starts loading at the next event-loop turn. False with openError() when it cannot be
    // opened; nothing is loaded then.
    bool open(const QString &path);
    // Loads from a device (a converted file in memory); the loader takes it over.
    void open(std::unique_ptr<QIODevice> device);
    void setSliceMs(int ms) { m_sliceMs = ms; }
    // Stops loading; what was read stays.
    void cancel();

    QString fileName() const { return m_fileName; }
    QString openError() const { return m_openError; }
    bool isFinished() const { return m_finished; }
    qint64 bytesRead() const;
    qint64 totalBytes() const { return m_totalBytes; }
    quint64 recordsRead() const;
    // After finished: the file ended with its End record (a recording that was finished, not cut short).
    bool complete() const { return m_complete; }
    // Where reading stopped, when the file is damaged; also a record that contradicts the ones before it.
    const SessionReadError &error() const { return m_error; }

    const std::vector<std::unique_ptr<RecordedConnection>> &connections() const { return m_assembler.connections(); }

signals:
    // A connection's first record was read; connections()[index] exists from now on.
    void connectionAdded(int index);
    // A slice was read: logs may have grown.
    void progressed();
    void finished();

private:
    void readSlice();
    void finish();

    StoreLimits m_limits;
    std::unique_ptr<QIODevice> m_device;
    std::unique_ptr<SessionReader> m_reader;
    SessionAssembler m_assembler;
    QTimer m_timer;
    QString m_fileName;
    QString m_openError;
    SessionReadError m_error;
    qint64 m_totalBytes = 0;
    int m_sliceMs = 15;
    bool m_finished = false;
    bool m_complete = false;
};

} // namespace sockscope::session
