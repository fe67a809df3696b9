#include "replayresultsmodel.h"

#include "palettecolours.h"

#include <QGuiApplication>
#include <QPalette>

namespace sockscope::ui {

namespace {
QString preview(bool present, proto::Opcode type, const QByteArray &payload)
{
    if (!present)
        return QString();
    if (type == proto::Opcode::Text) {
        QString text = QString::fromUtf8(payload.left(400)).simplified();
        return text.size() > 120 ? text.left(120) + QStringLiteral("…") : text;
    }
    QString hex = QString::fromLatin1(payload.left(24).toHex(' '));
    return payload.size() > 24 ? hex + QStringLiteral(" …") : hex;
}
} // namespace

ReplayResultsModel::ReplayResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ReplayResultsModel::add(const session::ReplayComparison &comparison)
{
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
    m_rows.append(comparison);
    m_matched += comparison.matched();
    endInsertRows();
}

void ReplayResultsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_matched = 0;
    endResetModel();
}

QString ReplayResultsModel::verdict(const session::ReplayComparison &c)
{
    if (c.matched())
        return tr("matched");
    if (!c.actualPresent)
        return tr("missing");
    if (!c.expectedPresent)
        return tr("extra");
    return tr("differs");
}

int ReplayResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReplayResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplayResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const session::ReplayComparison &c = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IndexColumn: return QString::number(c.index + 1);
        case VerdictColumn: return (c.matched() ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + verdict(c);
        case ExpectedColumn: return preview(c.expectedPresent, c.expectedType, c.expected);
        case ActualColumn: return preview(c.actualPresent, c.actualType, c.actual);
        case DifferencesColumn: return c.differences.size();
        }
    }
    if (role == Qt::ForegroundRole && index.column() == VerdictColumn)
        return toneColour(c.matched() ? Tone::Good : Tone::Bad, QGuiApplication::palette(), QPalette::Base);
    return {};
}

QVariant ReplayResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IndexColumn: return tr("#");
    case VerdictColumn: return tr("Result");
    case ExpectedColumn: return tr("Recorded response");
    case ActualColumn: return tr("Received now");
    case DifferencesColumn: return tr("Differences");
    }
    return {};
}

} // namespace sockscope::ui
