#include "sessionloader.h"

#include <QFile>

namespace sockscope::session {

SessionLoader::SessionLoader(StoreLimits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_assembler(limits)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &SessionLoader::readSlice);
}

SessionLoader::~SessionLoader() = default;

bool SessionLoader::open(const QString &path)
{
    m_fileName = path;
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        m_openError = file->errorString();
        m_finished = true;
        return false;
    }
    open(std::move(file));
    return true;
}

void SessionLoader::open(std::unique_ptr<QIODevice> device)
{
    m_device = std::move(device);
    m_totalBytes = m_device->isSequential() ? 0 : m_device->size();
    m_reader = std::make_unique<SessionReader>(m_device.get());
    m_assembler = SessionAssembler(m_limits);
    m_error = {};
    m_finished = false;
    m_complete = false;
    m_timer.start();
}

void SessionLoader::cancel()
{
    if (m_finished)
        return;
    m_assembler.finish();
    emit progressed();
    finish();
}

qint64 SessionLoader::bytesRead() const
{
    return m_reader ? m_reader->offset() : 0;
}

quint64 SessionLoader::recordsRead() const
{
    return m_reader ? m_reader->recordsRead() : 0;
}

void SessionLoader::readSlice()
{
    QElapsedTimer clock;
    clock.start();
    const size_t before = m_assembler.connections().size();
    SessionRecord record;
    bool done = false;
    // The clock is looked at every 256 records or every 256 KiB read, whichever comes first: small records cost well
    // under a microsecond each, large ones their size.
    qint64 checked = m_reader->offset();
    for (int n = 1;; ++n) {
        if (((n & 0xff) == 0 || m_reader->offset() - checked > (256 << 10))) {
            if (clock.elapsed() >= m_sliceMs)
                break;
            checked = m_reader->offset();
        }
        if (m_reader->next(record) != SessionReader::Status::Record) {
            m_error = m_reader->error();
            m_complete = m_reader->complete();
            done = true;
            break;
        }
        QString why;
        if (!m_assembler.add(record, &why)) {
            m_error = {SessionReadError::Kind::Malformed, record.offset, m_reader->recordsRead() - 1, why};
            done = true;
            break;
        }
    }
    if (done)
        m_assembler.finish();
    const size_t count = m_assembler.connections().size();
    if (count > before && count > 1) {
        // One payload budget for the whole file: each connection's log gets an equal share of it.
        StoreLimits shared = m_limits;
        shared.payloadBudget = std::max<qint64>(m_limits.payloadBudget / qint64(count), 1);
        for (const auto &c : m_assembler.connections())
            c->log.setLimits(shared);
    }
    for (size_t i = before; i < count; ++i)
        emit connectionAdded(int(i));
    emit progressed();
    if (done)
        finish();
}

void SessionLoader::finish()
{
    m_timer.stop();
    m_finished = true;
    m_device.reset();
    emit finished();
}

} // namespace sockscope::session
