#include "framesmodel.h"

#include "session/messagestore.h"

#include "proto/frameparser.h"

namespace sockscope::ui {

FramesModel::FramesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void FramesModel::setRecord(const session::MessageStore &store, const session::MessageRecord &record)
{
    beginResetModel();
    m_rows.clear();
    for (quint32 i = 0; i < record.frameCount; ++i) {
        Row row;
        row.header = store.frameHeader(record, i);
        proto::FrameParser parser;
        parser.feed(row.header.view());
        if (parser.status() == proto::FrameParser::Status::HeaderReady ||
            parser.status() == proto::FrameParser::Status::FrameReady) {
            row.frame = parser.currentFrame();
            row.payloadLength = parser.payloadLength();
            row.decoded = true;
        }
        m_rows.append(row);
    }
    endResetModel();
}

void FramesModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int FramesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FramesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FramesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    if (role == Qt::TextAlignmentRole && index.column() == LengthColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    if (index.column() == IndexColumn)
        return index.row() + 1;
    if (index.column() == HeaderColumn)
        return QString::fromLatin1(row.header.toByteArray().toHex(' '));
    if (!row.decoded)
        return index.column() == FinColumn ? tr("header not recorded") : QVariant();
    const proto::Frame &f = row.frame;
    switch (index.column()) {
    case FinColumn: return f.fin ? QStringLiteral("1") : QStringLiteral("0");
    case RsvColumn: return QStringLiteral("%1 %2 %3").arg(int(f.rsv1)).arg(int(f.rsv2)).arg(int(f.rsv3));
    case OpcodeColumn:
        return QStringLiteral("0x%1 %2").arg(quint8(f.opcode), 0, 16).arg(QLatin1String(proto::opcodeName(f.opcode)));
    case MaskColumn:
        return f.masked
                   ? QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(f.maskKey.data()), 4).toHex(' '))
                   : tr("none");
    case LengthColumn: return QString::number(row.payloadLength);
    case EncodingColumn:
        switch (f.lengthEncoding) {
        case proto::LengthEncoding::Bits7: return tr("7-bit");
        case proto::LengthEncoding::Bits16: return tr("16-bit (126)");
        case proto::LengthEncoding::Bits64: return tr("64-bit (127)");
        }
        return {};
    }
    return {};
}

QVariant FramesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IndexColumn: return tr("#");
    case FinColumn: return tr("FIN");
    case RsvColumn: return tr("RSV 1 2 3");
    case OpcodeColumn: return tr("Opcode");
    case MaskColumn: return tr("Mask key");
    case LengthColumn: return tr("Payload length");
    case EncodingColumn: return tr("Length encoding");
    case HeaderColumn: return tr("Header bytes");
    }
    return {};
}

} // namespace sockscope::ui
