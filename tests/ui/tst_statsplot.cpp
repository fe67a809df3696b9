#include "ui/connectiontab.h"
#include "ui/messagelogmodel.h"
#include "ui/statsplot.h"

#include "net/server.h"

#include <QTest>

using namespace sockscope;
using ui::StatsPlot;

class tst_StatsPlot : public QObject
{
    Q_OBJECT
private slots:
    void bucketsPerSecond();
    void keepsOneMinute();
    void connectionTrafficIsCounted();
};

void tst_StatsPlot::bucketsPerSecond()
{
    StatsPlot plot;
    QCOMPARE(plot.summary(), QStringLiteral("No traffic measured yet."));
    plot.addIncoming(1024);
    plot.addIncoming(1024);
    plot.addOutgoing(10);
    plot.addRoundTrip(1500);
    plot.tick();
    QCOMPARE(plot.samples().size(), size_t(1));
    QCOMPARE(plot.samples().back().messagesIn, 2.0);
    QCOMPARE(plot.samples().back().bytesOut, 10.0);
    QCOMPARE(plot.summary(),
             QStringLiteral("2 msg/s and 2.0 KiB/s received · 1 msg/s and 10 bytes/s sent · ping RTT 1.50 ms"));
    // A quiet second is a zero, not a repeat of the last one.
    plot.tick();
    QCOMPARE(plot.samples().back().messagesIn, 0.0);
    QCOMPARE(plot.samples().back().rttMs, -1.0);
    plot.resize(400, 100);
    QVERIFY(!plot.grab().isNull());
}

void tst_StatsPlot::keepsOneMinute()
{
    StatsPlot plot;
    for (int i = 0; i < 100; ++i) {
        plot.addIncoming(i);
        plot.tick();
    }
    QCOMPARE(plot.samples().size(), size_t(StatsPlot::Seconds));
    QCOMPARE(plot.samples().back().bytesIn, 99.0);
    plot.clear();
    QVERIFY(plot.samples().empty());
}

void tst_StatsPlot::connectionTrafficIsCounted()
{
    net::Server server;
    net::ServerOptions options;
    options.port = 0;
    QVERIFY(server.listen(options));
    ui::ConnectionTab tab;
    tab.setUrl(server.url().toString());
    tab.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(tab.stateText(), QStringLiteral("OPEN"), 5000);
    tab.statsPlot()->clear();
    for (int i = 0; i < 3; ++i)
        QVERIFY(tab.connection().sendText("12345"));
    QTRY_COMPARE_WITH_TIMEOUT(tab.logModel()->rowCount(), 6, 5000);
    tab.statsPlot()->tick();
    // The one-second timer may have closed a bucket in between: count over all of them.
    double in = 0;
    double out = 0;
    double bytesIn = 0;
    for (const StatsPlot::Sample &sample : tab.statsPlot()->samples()) {
        in += sample.messagesIn;
        out += sample.messagesOut;
        bytesIn += sample.bytesIn;
    }
    QCOMPARE(in, 3.0);
    QCOMPARE(out, 3.0);
    QCOMPARE(bytesIn, 15.0);
}

QTEST_MAIN(tst_StatsPlot)
#include "tst_statsplot.moc"
