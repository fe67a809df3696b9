#include "messagelogmodel.h"

#include "proto/closecode.h"

#include <QDateTime>
#include <QLocale>
#include <QTimer>

#include <algorithm>

namespace sockscope::ui {

namespace {
quint16 kindBit(proto::Opcode opcode)
{
    switch (opcode) {
    case proto::Opcode::Text: return LogFilter::Text;
    case proto::Opcode::Binary: return LogFilter::Binary;
    case proto::Opcode::Ping: return LogFilter::Ping;
    case proto::Opcode::Pong: return LogFilter::Pong;
    case proto::Opcode::Close: return LogFilter::Close;
    default: return LogFilter::Other;
    }
}

bool isPrintableAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) >= 0x20 && uchar(c) < 0x7f; });
}

QString hexPreview(QByteArrayView bytes, int maxBytes)
{
    QString text =
        QString::fromLatin1(bytes.first(std::min<qsizetype>(bytes.size(), maxBytes)).toByteArray().toHex(' '));
    if (bytes.size() > maxBytes)
        text += QStringLiteral(" …");
    return text;
}
} // namespace

MessageLogModel::MessageLogModel(session::StoreLimits limits, QObject *parent)
    : QAbstractTableModel(parent)
    , m_ownStore(std::make_unique<session::MessageStore>(limits))
    , m_store(m_ownStore.get())
{}

MessageLogModel::MessageLogModel(session::MessageStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(&store)
{}

MessageLogModel::~MessageLogModel() = default;

void MessageLogModel::refresh()
{
    scheduleFlush();
}

void MessageLogModel::addMessage(proto::Direction direction, const proto::Message &message, qint64 timestampUs)
{
    m_store->appendMessage(direction, message, timestampUs);
    scheduleFlush();
}

void MessageLogModel::addFrame(proto::Direction direction, const proto::Frame &frame, qint64 timestampUs)
{
    m_store->appendFrame(direction, frame, timestampUs);
    scheduleFlush();
}

void MessageLogModel::scheduleFlush()
{
    if (m_flushQueued || m_paused)
        return;
    m_flushQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_flushQueued = false;
        flush();
    });
}

void MessageLogModel::flush()
{
    if (m_paused)
        return;
    trimIfNeeded();
    const quint64 end = m_store->endIndex();
    if (m_shownEnd >= end)
        return;
    if (!m_filtering) {
        const int first = rowCount();
        beginInsertRows({}, first, int(end - m_store->firstIndex()) - 1);
        m_shownEnd = end;
        endInsertRows();
    } else {
        std::vector<quint64> matched;
        for (quint64 i = std::max(m_shownEnd, m_store->firstIndex()); i < end; ++i) {
            if (matches(m_store->at(i)))
                matched.push_back(i);
        }
        m_shownEnd = end;
        if (matched.empty())
            return;
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(matched.size()) - 1);
        m_rows.insert(m_rows.end(), matched.begin(), matched.end());
        endInsertRows();
    }
    emit rowsAppended();
}

void MessageLogModel::trimIfNeeded()
{
    const quint64 excess = m_store->excessRecords();
    if (excess == 0)
        return;
    const quint64 newFirst = m_store->firstIndex() + excess;
    // Rows the view knows that go away: those of records before newFirst.
    int removedRows = 0;
    if (!m_filtering) {
        removedRows = int(std::min(m_shownEnd, newFirst) - std::min(m_shownEnd, m_store->firstIndex()));
    } else {
        removedRows = int(std::lower_bound(m_rows.begin(), m_rows.end(), newFirst) - m_rows.begin());
    }
    if (removedRows > 0)
        beginRemoveRows({}, 0, removedRows - 1);
    m_store->trim();
    if (m_filtering)
        m_rows.erase(m_rows.begin(), m_rows.begin() + removedRows);
    m_shownEnd = std::max(m_shownEnd, m_store->firstIndex());
    if (removedRows > 0)
        endRemoveRows();
}

void MessageLogModel::clear()
{
    beginResetModel();
    m_store->clear();
    m_rows.clear();
    m_shownEnd = m_store->endIndex();
    endResetModel();
}

void MessageLogModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        flush();
}

bool MessageLogModel::setFilter(const LogFilter &filter)
{
    QRegularExpression regex;
    if (filter.regularExpression && !filter.text.isEmpty()) {
        regex = QRegularExpression(filter.text, filter.caseSensitive ? QRegularExpression::NoPatternOption
                                                                     : QRegularExpression::CaseInsensitiveOption);
        if (!regex.isValid()) {
            m_filterError = tr("The regular expression is not valid at position %1: %2")
                                .arg(regex.patternErrorOffset())
                                .arg(regex.errorString());
            return false;
        }
        regex.optimize();
    }
    m_filterError.clear();
    if (filter == m_filter)
        return true;
    beginResetModel();
    m_filter = filter;
    m_regex = regex;
    m_needle = filter.text.toUtf8();
    m_filtering = !filter.isEmpty();
    rebuildRows();
    endResetModel();
    return true;
}

void MessageLogModel::rebuildRows()
{
    m_rows.clear();
    if (!m_filtering)
        return;
    for (quint64 i = m_store->firstIndex(); i < m_shownEnd; ++i) {
        if (matches(m_store->at(i)))
            m_rows.push_back(i);
    }
}

bool MessageLogModel::matches(const session::MessageRecord &record) const
{
    if (!(record.direction == proto::Direction::Incoming ? m_filter.incoming : m_filter.outgoing))
        return false;
    if (!(m_filter.kinds & kindBit(record.opcode)))
        return false;
    if (m_filter.text.isEmpty())
        return true;
    if (m_filter.regularExpression) {
        if (record.opcode == proto::Opcode::Text)
            return m_regex.match(QString::fromUtf8(record.payload)).hasMatch();
        return m_regex.match(QString::fromLatin1(record.payload)).hasMatch();
    }
    // Plain text: bytes for case-sensitive search; ASCII case folding otherwise (non-ASCII compares exactly).
    if (m_filter.caseSensitive)
        return QByteArrayView(record.payload).contains(m_needle);
    return QLatin1StringView(record.payload).contains(QLatin1StringView(m_needle), Qt::CaseInsensitive);
}

quint64 MessageLogModel::recordIndex(int row) const
{
    return m_filtering ? m_rows[size_t(row)] : m_store->firstIndex() + quint64(row);
}

int MessageLogModel::rowOf(quint64 index) const
{
    if (!m_store->contains(index) || index >= m_shownEnd)
        return -1;
    if (!m_filtering)
        return int(index - m_store->firstIndex());
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), index);
    return it != m_rows.end() && *it == index ? int(it - m_rows.begin()) : -1;
}

int MessageLogModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    if (m_filtering)
        return int(m_rows.size());
    return int(m_shownEnd > m_store->firstIndex() ? m_shownEnd - m_store->firstIndex() : 0);
}

int MessageLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MessageLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const quint64 recordIdx = recordIndex(index.row());
    const session::MessageRecord &record = m_store->at(recordIdx);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(record.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        case DirectionColumn: return record.direction == proto::Direction::Outgoing ? tr("↑ sent") : tr("↓ received");
        case TypeColumn: return kindName(record);
        case SizeColumn: return sizeText(record);
        case PreviewColumn: return preview(record);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn) {
            return QDateTime::fromMSecsSinceEpoch(record.timestampUs / 1000).toString(Qt::ISODateWithMs) +
                   tr(" (%1 µs)").arg(record.timestampUs % 1000, 3, 10, QLatin1Char('0'));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case RecordIndexRole: return QVariant::fromValue(recordIdx);
    case TimestampRole: return QVariant::fromValue(record.timestampUs);
    }
    return {};
}

QVariant MessageLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case DirectionColumn: return tr("Direction");
    case TypeColumn: return tr("Type");
    case SizeColumn: return tr("Size");
    case PreviewColumn: return tr("Data");
    }
    return {};
}

QString MessageLogModel::kindName(const session::MessageRecord &record)
{
    switch (record.opcode) {
    case proto::Opcode::Text: return tr("text");
    case proto::Opcode::Binary: return tr("binary");
    case proto::Opcode::Ping: return tr("ping");
    case proto::Opcode::Pong: return tr("pong");
    case proto::Opcode::Close: return tr("close");
    case proto::Opcode::Continuation: return tr("continuation");
    default: return tr("reserved 0x%1").arg(quint8(record.opcode), 0, 16);
    }
}

QString MessageLogModel::sizeText(const session::MessageRecord &record)
{
    const QLocale locale;
    const QString size = locale.formattedDataSize(record.payloadSize, 1, QLocale::DataSizeIecFormat);
    if (record.compressed && record.isMessage()) {
        return tr("%1 (%2 compressed)")
            .arg(size, locale.formattedDataSize(record.wirePayloadSize, 1, QLocale::DataSizeIecFormat));
    }
    return size;
}

QString MessageLogModel::preview(const session::MessageRecord &record, int maxChars)
{
    if (record.payloadReleased)
        return tr("(payload released to stay within the log's memory budget)");
    const QByteArray &payload = record.payload;
    switch (record.opcode) {
    case proto::Opcode::Text: {
        // Only what is shown is decoded: a multi-megabyte message costs no more than a short one.
        QString text = QString::fromUtf8(payload.left(qsizetype(maxChars) * 4));
        const bool cut = text.size() > maxChars || payload.size() > qsizetype(maxChars) * 4;
        text.truncate(maxChars);
        text.replace(QLatin1Char('\n'), QChar(0x23CE))
            .replace(QLatin1Char('\r'), QString())
            .replace(QLatin1Char('\t'), QLatin1Char(' '));
        return cut ? text + QStringLiteral("…") : text;
    }
    case proto::Opcode::Close: {
        if (payload.size() < 2)
            return payload.isEmpty() ? tr("no status code") : tr("malformed body: %1").arg(hexPreview(payload, 16));
        const quint16 code = quint16(quint8(payload[0]) << 8 | quint8(payload[1]));
        const proto::CloseCodeEntry *entry = proto::closeCodeEntry(code);
        QString text =
            entry ? QStringLiteral("%1 %2").arg(code).arg(QLatin1String(entry->name)) : QString::number(code);
        if (payload.size() > 2)
            text += QStringLiteral(" “%1”").arg(QString::fromUtf8(payload.mid(2)));
        return text;
    }
    case proto::Opcode::Ping:
    case proto::Opcode::Pong:
        if (payload.isEmpty())
            return tr("(no payload)");
        return isPrintableAscii(payload) ? QString::fromLatin1(payload) : hexPreview(payload, 32);
    default: return hexPreview(payload, std::max(8, maxChars / 3));
    }
}

} // namespace sockscope::ui
