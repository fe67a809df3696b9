#include "ui/framesmodel.h"

#include "session/messagestore.h"

#include "proto/framewriter.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sockscope;
using ui::FramesModel;

namespace {
proto::Frame encoded(proto::Frame f)
{
    proto::FrameWriter::encode(f);
    return f;
}

QString cell(const FramesModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}
} // namespace

class tst_FramesModel : public QObject
{
    Q_OBJECT
private slots:
    void decodesWhatWentOverTheWire();
};

void tst_FramesModel::decodesWhatWentOverTheWire()
{
    // A compressed message in two fragments: a masked first frame with a 16-bit length and RSV1, then a
    // continuation written with a needless 64-bit length.
    proto::Message m;
    m.type = proto::Opcode::Text;
    m.compressed = true;
    m.payload = QByteArray(300, 'a');
    proto::Frame first;
    first.fin = false;
    first.rsv1 = true;
    first.opcode = proto::Opcode::Text;
    first.masked = true;
    first.maskKey = {0xde, 0xad, 0xbe, 0xef};
    first.lengthEncoding = proto::LengthEncoding::Bits16;
    first.payload = QByteArray(200, 'x');
    proto::Frame second;
    second.opcode = proto::Opcode::Continuation;
    second.masked = true;
    second.maskKey = {1, 2, 3, 4};
    second.lengthEncoding = proto::LengthEncoding::Bits64;
    second.payload = QByteArray(5, 'y');
    m.frames.append(encoded(first));
    m.frames.append(encoded(second));

    session::MessageStore store;
    store.appendMessage(proto::Direction::Outgoing, m, 1);
    FramesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRecord(store, store.at(0));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, FramesModel::FinColumn), QStringLiteral("0"));
    QCOMPARE(cell(model, 0, FramesModel::RsvColumn), QStringLiteral("1 0 0"));
    QCOMPARE(cell(model, 0, FramesModel::OpcodeColumn), QStringLiteral("0x1 text"));
    QCOMPARE(cell(model, 0, FramesModel::MaskColumn), QStringLiteral("de ad be ef"));
    QCOMPARE(cell(model, 0, FramesModel::LengthColumn), QStringLiteral("200"));
    QCOMPARE(cell(model, 0, FramesModel::EncodingColumn), QStringLiteral("16-bit (126)"));
    QCOMPARE(cell(model, 0, FramesModel::HeaderColumn), QStringLiteral("41 fe 00 c8 de ad be ef"));
    QCOMPARE(cell(model, 1, FramesModel::FinColumn), QStringLiteral("1"));
    QCOMPARE(cell(model, 1, FramesModel::OpcodeColumn), QStringLiteral("0x0 continuation"));
    QCOMPARE(cell(model, 1, FramesModel::LengthColumn), QStringLiteral("5"));
    QCOMPARE(cell(model, 1, FramesModel::EncodingColumn), QStringLiteral("64-bit (127)"));
    QCOMPARE(cell(model, 1, FramesModel::HeaderColumn), QStringLiteral("80 ff 00 00 00 00 00 00 00 05 01 02 03 04"));

    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_FramesModel)
#include "tst_framesmodel.moc"
