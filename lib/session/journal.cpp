#include "journal.h"

#include "sessionwriter.h"

#include "net/clock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace sockscope::session {

namespace {
const QLatin1String suffix(".sksession");

QString lockPathOf(const QString &journal)
{
    return journal + QStringLiteral(".lock");
}
} // namespace

Journal::Journal(QObject *parent)
    : QObject(parent)
{}

Journal::~Journal()
{
    m_recorder.finish();
}

QString Journal::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journal");
}

bool Journal::start(const QString &directory)
{
    if (!QDir().mkpath(directory)) {
        m_error = QStringLiteral("cannot create %1").arg(directory);
        return false;
    }
    const QString stem =
        QDir(directory).filePath(QStringLiteral("journal-%1-%2")
                                     .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                                     .arg(QCoreApplication::applicationPid()));
    QString path = stem + suffix;
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = stem + QStringLiteral("-%1").arg(n) + suffix;
    // The lock first: a journal file without a held lock would look like an orphan to another instance.
    auto lock = std::make_unique<QLockFile>(lockPathOf(path));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        m_error = QStringLiteral("cannot lock %1").arg(lockPathOf(path));
        return false;
    }
    if (!m_recorder.open(path)) {
        m_error = m_recorder.errorString();
        return false;
    }
    m_lock = std::move(lock);
    m_path = path;
    return true;
}

bool Journal::saveCopy(const QString &path, QString *error)
{
    if (!m_recorder.isOpen()) {
        *error =
            m_recorder.errorString().isEmpty() ? QStringLiteral("nothing is being recorded") : m_recorder.errorString();
        return false;
    }
    m_recorder.flush();
    QFile in(m_path);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    // The records written so far: the recorder writes whole records only, and everything it wrote is flushed.
    const quint64 records = m_recorder.recordCount();
    const qint64 size = in.size();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = out.errorString();
        return false;
    }
    qint64 copied = 0;
    while (copied < size) {
        const QByteArray chunk = in.read(std::min<qint64>(size - copied, 1 << 20));
        if (chunk.isEmpty() || out.write(chunk) != chunk.size()) {
            *error = chunk.isEmpty() ? in.errorString() : out.errorString();
            out.cancelWriting();
            return false;
        }
        copied += chunk.size();
    }
    SessionRecord end;
    end.type = RecordType::End;
    end.timestampUs = net::nowMicros();
    end.recordCount = records;
    const QByteArray encoded = SessionWriter::encode(end);
    if (out.write(encoded) != encoded.size() || !out.commit()) {
        *error = out.errorString();
        return false;
    }
    return true;
}

void Journal::discard()
{
    m_recorder.finish();
    if (!m_path.isEmpty())
        QFile::remove(m_path);
    m_lock.reset(); // unlocks, removing the lock file
    m_path.clear();
}

QList<Journal::Orphan> Journal::orphans(const QString &directory)
{
    QList<Orphan> found;
    const QDir dir(directory);
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("journal-*") + suffix}, QDir::Files, QDir::Time | QDir::Reversed);
    for (const QFileInfo &file : files) {
        QLockFile lock(lockPathOf(file.filePath()));
        lock.setStaleLockTime(0);
        // Taken only when no live process holds it: its owner ended without removing its journal.
        if (!lock.tryLock(0))
            continue;
        found.append({file.filePath(), file.size(), file.lastModified()});
    }
    return found;
}

bool Journal::adopt(const QString &orphanPath, const QString &target, QString *error)
{
    QLockFile lock(lockPathOf(orphanPath));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0)) {
        *error = QStringLiteral("another Sockscope is using %1").arg(orphanPath);
        return false;
    }
    if (!QDir().mkpath(QFileInfo(target).absolutePath())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(target).absolutePath());
        return false;
    }
    QFile file(orphanPath);
    if (!file.rename(target)) {
        *error = file.errorString();
        return false;
    }
    return true;
}

bool Journal::remove(const QString &orphanPath)
{
    QLockFile lock(lockPathOf(orphanPath));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0))
        return false;
    return QFile::remove(orphanPath);
}

} // namespace sockscope::session
