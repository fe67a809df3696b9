#pragma once

#include "proto/frame.h"

#include <QAbstractTableModel>
#include <QList>

namespace sockscope::session {
class MessageStore;
struct MessageRecord;
} // namespace sockscope::session

namespace sockscope::ui {

// The frames of one logged message, one row each, decoded from the raw header bytes that went over the wire:
// FIN, RSV1-3, opcode, mask and key, payload length and its encoding, and the header bytes in hex.
class FramesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IndexColumn,
        FinColumn,
        RsvColumn,
        OpcodeColumn,
        MaskColumn,
        LengthColumn,
        EncodingColumn,
        HeaderColumn,
        ColumnCount
    };

    explicit FramesModel(QObject *parent = nullptr);

    void setRecord(const session::MessageStore &store, const session::MessageRecord &record);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        proto::RawHeader header;
        proto::Frame frame; // header fields decoded, no payload
        quint64 payloadLength = 0;
        bool decoded = false;
    };
    QList<Row> m_rows;
};

} // namespace sockscope::ui
