#include "ui/hexview.h"
#include "ui/messagedetails.h"

#include "session/messagestore.h"

#include "../common/logfixtures.h"

#include <QBuffer>
#include <QClipboard>
#include <QGuiApplication>
#include <QImage>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sockscope;
using ui::MessageDetails;

namespace {
proto::Message message(proto::Opcode type, const QByteArray &payload)
{
    return singleFrameMessage(type, payload);
}
} // namespace

class tst_MessageDetails : public QObject
{
    Q_OBJECT
private slots:
    void jsonPrettyPrinted();
    void binaryOpensInHex();
    void imagePreview();
    void largeTextIsCut();
    void copyAndSave();
};

void tst_MessageDetails::jsonPrettyPrinted()
{
    session::MessageStore store;
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, "{\"b\":2,\"a\":1.10}"),
                        1'700'000'000'123'456);
    MessageDetails details;
    details.show();
    details.showRecord(store, store.at(0));
    QCOMPARE(details.shownText(), QStringLiteral("{\n  \"b\": 2,\n  \"a\": 1.10\n}"));
    QVERIFY2(details.summary().startsWith(QStringLiteral("Received text, 16 bytes, at ")),
             qPrintable(details.summary()));
    QVERIFY(details.summary().endsWith(QStringLiteral(".123456")));
    QVERIFY(!details.showsImage());
    auto *frames = details.findChild<QTableView *>();
    QCOMPARE(frames->model()->rowCount(), 1);
}

void tst_MessageDetails::binaryOpensInHex()
{
    session::MessageStore store;
    store.appendMessage(proto::Direction::Outgoing, message(proto::Opcode::Binary, QByteArray("\x00\x01\xfe", 3)), 1);
    MessageDetails details;
    details.show();
    details.showRecord(store, store.at(0));
    auto *tabs = details.findChild<QTabWidget *>();
    QCOMPARE(tabs->currentWidget(), details.hexView());
    QCOMPARE(details.hexView()->lineText(0).left(18), QStringLiteral("00000000  00 01 fe"));
}

void tst_MessageDetails::imagePreview()
{
    QImage image(7, 5, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(image.save(&buffer, "PNG"));
    session::MessageStore store;
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Binary, png), 1);
    // Bytes that only claim to be a PNG are not shown as one.
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Binary, "\x89PNG\r\n\x1a\nbroken"), 2);
    MessageDetails details;
    details.show();
    details.showRecord(store, store.at(0));
    QVERIFY(details.showsImage());
    details.showRecord(store, store.at(1));
    QVERIFY(!details.showsImage());
}

void tst_MessageDetails::largeTextIsCut()
{
    session::MessageStore store;
    const QByteArray big(MessageDetails::TextLimit + 10, 'a');
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Text, big), 1);
    MessageDetails details;
    details.showRecord(store, store.at(0));
    QCOMPARE(details.shownText().size(), MessageDetails::TextLimit);
    // The hex view has all of it.
    QCOMPARE(details.hexView()->data().size(), big.size());
}

void tst_MessageDetails::copyAndSave()
{
    session::MessageStore store;
    store.appendMessage(proto::Direction::Incoming, message(proto::Opcode::Binary, "Hi"), 1);
    MessageDetails details;
    details.showRecord(store, store.at(0));
    details.copyAsHex();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("48 69"));
    details.copyAsBase64();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("SGk="));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("payload.bin"));
    QVERIFY(details.savePayload(path));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("Hi"));
    QString error;
    QVERIFY(!details.savePayload(dir.filePath(QStringLiteral("missing/dir/payload.bin")), &error));
    QVERIFY(error.startsWith(QStringLiteral("Cannot write")));
}

QTEST_MAIN(tst_MessageDetails)
#include "tst_messagedetails.moc"
