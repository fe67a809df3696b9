#include "statsplot.h"

#include "palettecolours.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace sockscope::ui {

StatsPlot::StatsPlot(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(60);
}

void StatsPlot::addIncoming(qint64 bytes)
{
    m_current.messagesIn += 1;
    m_current.bytesIn += double(bytes);
}

void StatsPlot::addOutgoing(qint64 bytes)
{
    m_current.messagesOut += 1;
    m_current.bytesOut += double(bytes);
}

void StatsPlot::addRoundTrip(qint64 us)
{
    m_current.rttMs = us / 1000.0;
}

void StatsPlot::tick()
{
    m_samples.push_back(m_current);
    if (m_samples.size() > size_t(Seconds))
        m_samples.pop_front();
    m_current = Sample();
    setToolTip(summary());
    update();
}

void StatsPlot::clear()
{
    m_samples.clear();
    m_current = Sample();
    update();
}

QString StatsPlot::summary() const
{
    if (m_samples.empty())
        return tr("No traffic measured yet.");
    const Sample &s = m_samples.back();
    const QLocale locale;
    QString text = tr("%1 msg/s and %2/s received · %3 msg/s and %4/s sent")
                       .arg(s.messagesIn)
                       .arg(locale.formattedDataSize(qint64(s.bytesIn), 1, QLocale::DataSizeIecFormat))
                       .arg(s.messagesOut)
                       .arg(locale.formattedDataSize(qint64(s.bytesOut), 1, QLocale::DataSizeIecFormat));
    if (s.rttMs >= 0)
        text += tr(" · ping RTT %1 ms").arg(s.rttMs, 0, 'f', 2);
    return text;
}

QSize StatsPlot::sizeHint() const
{
    return QSize(480, 90);
}

void StatsPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect area = rect().adjusted(2, fontMetrics().height() + 4, -2, -2);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(rect().adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop, summary());
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    if (m_samples.size() < 2)
        return;

    // Messages per second in each direction share one scale; the round trip has its own.
    double peak = 1;
    double rttPeak = 0.001;
    for (const Sample &s : m_samples) {
        peak = std::max({peak, s.messagesIn, s.messagesOut});
        rttPeak = std::max(rttPeak, s.rttMs);
    }
    const auto line = [&](auto value, double scale, const QColor &colour) {
        QPainterPath path;
        bool started = false;
        const double step = double(area.width()) / double(Seconds - 1);
        const double x0 = area.right() - step * double(m_samples.size() - 1);
        for (size_t i = 0; i < m_samples.size(); ++i) {
            const double v = value(m_samples[i]);
            if (v < 0) {
                started = false;
                continue;
            }
            const QPointF p(x0 + step * double(i), area.bottom() - (area.height() - 2) * v / scale);
            if (started)
                path.lineTo(p);
            else
                path.moveTo(p);
            started = true;
        }
        painter.setPen(QPen(colour, 1.5));
        painter.drawPath(path);
    };
    line([](const Sample &s) { return s.messagesIn; }, peak, seriesColour(Series::MessagesIn));
    line([](const Sample &s) { return s.messagesOut; }, peak, seriesColour(Series::MessagesOut));
    line([](const Sample &s) { return s.rttMs; }, rttPeak, seriesColour(Series::RoundTrip));
}

QColor StatsPlot::seriesColour(Series series) const
{
    const bool dark = isDark(palette());
    QColor colour;
    // Material blue, green and orange: 600 on light, 300 on dark.
    switch (series) {
    case Series::MessagesIn: colour = dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x1e, 0x88, 0xe5); break;
    case Series::MessagesOut: colour = dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x43, 0xa0, 0x47); break;
    case Series::RoundTrip: colour = dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xfb, 0x8c, 0x00); break;
    }
    // WCAG 2.1 1.4.11: 3:1 for lines that carry meaning.
    return readableOn(colour, palette().color(QPalette::Base), 3.0);
}

} // namespace sockscope::ui
