#pragma once

#include <QWidget>

#include <array>
#include <deque>

namespace sockscope::ui {

// Live traffic of one connection: messages and bytes per second in each direction over the last minute, and the
// keep-alive round trip, as small line plots. Counts are added as traffic happens; tick() closes a one-second
// bucket (the owner calls it once a second).
class StatsPlot : public QWidget
{
    Q_OBJECT
public:
    static constexpr int Seconds = 60;

    struct Sample {
        double messagesIn = 0;
        double messagesOut = 0;
        double bytesIn = 0;
        double bytesOut = 0;
        double rttMs = -1; // -1: no measurement in that second
    };

    enum class Series { MessagesIn, MessagesOut, RoundTrip };

    explicit StatsPlot(QWidget *parent = nullptr);

    void addIncoming(qint64 bytes);
    void addOutgoing(qint64 bytes);
    void addRoundTrip(qint64 us);
    void tick();
    void clear();

    const std::deque<Sample> &samples() const { return m_samples; }
    // "12 msg/s ↓ · 3.4 KiB/s ↓ · 10 msg/s ↑ · …" for the last complete second.
    QString summary() const;
    // The colour of a series' line: blue, green and orange, lighter on a dark base, at least 3:1 against it.
    QColor seriesColour(Series series) const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Sample m_current;
    std::deque<Sample> m_samples;
};

} // namespace sockscope::ui
