#pragma once

#include "recorder.h"

#include <QDateTime>
#include <QLockFile>
#include <QObject>

#include <memory>

namespace sockscope::session {

// The recording a running workbench keeps of every connection: a session file in a journal directory, written
// continuously by a Recorder (flushed every 250 ms), with a lock file that says a live process owns it. A clean
// exit removes both; after a crash or a kill the file stays, and the next start finds it through orphans() to
// offer it back. It does not decide what to record (its owner adds connections to recorder()).
class Journal : public QObject
{
    Q_OBJECT
public:
    // A journal that no running process owns: left by a crash, a kill or a power cut.
    struct Orphan {
        QString path;
        qint64 size = 0;
        QDateTime lastModified;
    };

    explicit Journal(QObject *parent = nullptr);
    // Finishes the file and keeps it (an owner that wants it gone calls discard()).
    ~Journal() override;

    // <AppDataLocation>/journal.
    static QString defaultDirectory();
    // Creates the directory when needed, a new journal file in it and its lock; false with errorString().
    bool start(const QString &directory);
    bool isRecording() const { return m_recorder.isOpen(); }
    Recorder &recorder() { return m_recorder; }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    // Writes what was recorded so far as a finished session file (atomically, QSaveFile): the journal up to its
    // last whole record, then an End record. Recording goes on. False with the reason.
    bool saveCopy(const QString &path, QString *error);
    // Stops recording and removes the file and its lock: the end of a clean exit.
    void discard();

    // Journals in `directory` that no running process holds (their owner's lock is gone or stale). Each is
    // locked while it is looked at, so a journal in use is never listed.
    static QList<Orphan> orphans(const QString &directory);
    // Moves an orphan to `target` (a recovered session file the user may open and keep); false with the reason.
    static bool adopt(const QString &orphanPath, const QString &target, QString *error);
    static bool remove(const QString &orphanPath);

private:
    Recorder m_recorder;
    std::unique_ptr<QLockFile> m_lock;
    QString m_path;
    QString m_error;
};

} // namespace sockscope::session
