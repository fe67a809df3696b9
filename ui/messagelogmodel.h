#pragma once

#include "session/messagestore.h"

#include <QAbstractTableModel>
#include <QRegularExpression>

#include <deque>
#include <memory>

namespace sockscope::ui {

// What the log shows: text or a regular expression over payloads, directions and kinds.
struct LogFilter {
    enum Kind {
        Text = 1 << 0,
        Binary = 1 << 1,
        Ping = 1 << 2,
        Pong = 1 << 3,
        Close = 1 << 4,
        Other = 1 << 5, // continuation and reserved opcodes: frames outside a message
        AllKinds = 0x3f,
    };
    QString text;
    bool regularExpression = false;
    bool caseSensitive = false;
    bool incoming = true;
    bool outgoing = true;
    quint16 kinds = AllKinds;

    bool isEmpty() const { return text.isEmpty() && incoming && outgoing && kinds == AllKinds; }
    friend bool operator==(const LogFilter &, const LogFilter &) = default;
};

// The message log of one connection as a table: time, direction, type, size, preview. Records go into a
// session::MessageStore at once and reach the view in one beginInsertRows per event-loop turn, so a flood
// costs one view update per read, not per message. Display text is built in data() for the rows a view asks
// for. A filter keeps the absolute indices of matching records and is applied to new ones as they come.
class MessageLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DirectionColumn, TypeColumn, SizeColumn, PreviewColumn, ColumnCount };
    enum Role {
        RecordIndexRole = Qt::UserRole + 1, // quint64 absolute index in the store
        TimestampRole,                      // qint64 microseconds since the epoch
    };

    explicit MessageLogModel(session::StoreLimits limits = {}, QObject *parent = nullptr);
    // Shows a store that is filled elsewhere (an opened session's connection); it must outlive the model. Call
    // refresh() after appending to it. Trimming to its limits happens here, as for a store of the model's own.
    explicit MessageLogModel(session::MessageStore &store, QObject *parent = nullptr);
    ~MessageLogModel() override;

    void addMessage(proto::Direction direction, const proto::Message &message, qint64 timestampUs);
    void addFrame(proto::Direction direction, const proto::Frame &frame, qint64 timestampUs);
    // Shows what was queued now instead of at the next event-loop turn.
    void flush();
    // Records were appended to the store directly: they are shown at the next event-loop turn.
    void refresh();
    void clear();
    // Paused, records are still stored (nothing is lost) but the view is not updated until resumed.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // False, with filterError(), when the regular expression does not compile; the previous filter stays.
    bool setFilter(const LogFilter &filter);
    const LogFilter &filter() const { return m_filter; }
    QString filterError() const { return m_filterError; }

    const session::MessageStore &store() const { return *m_store; }
    quint64 recordIndex(int row) const;
    // The row showing this record, or -1 (filtered out, removed, or not shown yet).
    int rowOf(quint64 recordIndex) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Words for a record, also used by the details pane.
    static QString kindName(const session::MessageRecord &record);
    static QString preview(const session::MessageRecord &record, int maxChars = 200);
    static QString sizeText(const session::MessageRecord &record);

signals:
    // Rows were appended (after endInsertRows), for autoscroll.
    void rowsAppended();

private:
    void scheduleFlush();
    bool matches(const session::MessageRecord &record) const;
    void trimIfNeeded();
    void rebuildRows();

    std::unique_ptr<session::MessageStore> m_ownStore;
    session::MessageStore *m_store;
    quint64 m_shownEnd = 0; // records before this absolute index are known to the view
    LogFilter m_filter;
    QRegularExpression m_regex;
    QByteArray m_needle; // the filter text as UTF-8
    bool m_filtering = false;
    std::deque<quint64> m_rows; // when filtering: absolute indices of the matching records the view knows
    QString m_filterError;
    bool m_flushQueued = false;
    bool m_paused = false;
};

} // namespace sockscope::ui
