#include "palettecolours.h"

#include <algorithm>
#include <cmath>

namespace sockscope::ui {

namespace {
// WCAG 2.1: sRGB channel to linear light.
double linear(float channel)
{
    return channel <= 0.04045f ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

// Colours are judged as they are painted and named (#rrggbb): 8 bits a channel.
QColor quantized(const QColor &colour)
{
    return QColor::fromRgba(colour.rgba());
}

QColor withLightness(const QColor &colour, float lightness)
{
    const QColor hsl = colour.toHsl();
    // A grey has no hue (-1).
    return quantized(QColor::fromHslF(std::max(hsl.hslHueF(), 0.0f), hsl.hslSaturationF(), lightness, colour.alphaF()));
}
} // namespace

double relativeLuminance(const QColor &colour)
{
    const QColor rgb = colour.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isDark(const QPalette &palette)
{
    // Darker than mid grey, by luminance: black text has less contrast on it than white.
    return relativeLuminance(palette.color(QPalette::Base)) < 0.18;
}

QColor readableOn(const QColor &colour, const QColor &background, double minimum)
{
    if (contrastRatio(quantized(colour), background) >= minimum)
        return quantized(colour);
    const bool lighter = relativeLuminance(background) < 0.18;
    // Lightness moves luminance one way only: bisect between the colour and white (or black).
    float from = colour.toHsl().lightnessF();
    float to = lighter ? 1.0f : 0.0f;
    if (contrastRatio(withLightness(colour, to), background) < minimum)
        return withLightness(colour, to);
    for (int i = 0; i < 20; ++i) {
        const float middle = (from + to) / 2;
        if (contrastRatio(withLightness(colour, middle), background) >= minimum)
            to = middle;
        else
            from = middle;
    }
    return withLightness(colour, to);
}

QColor dimmed(const QColor &text, const QColor &background, double amount, double minimum)
{
    const auto mix = [&](double b) {
        const QColor t = text.toRgb();
        const QColor g = background.toRgb();
        const double keep = 1.0 - b;
        return quantized(QColor::fromRgbF(float(t.redF() * keep + g.redF() * b),
                                          float(t.greenF() * keep + g.greenF() * b),
                                          float(t.blueF() * keep + g.blueF() * b)));
    };
    if (contrastRatio(mix(amount), background) >= minimum)
        return mix(amount);
    double from = 0;
    double to = amount;
    for (int i = 0; i < 20; ++i) {
        const double middle = (from + to) / 2;
        if (contrastRatio(mix(middle), background) >= minimum)
            from = middle;
        else
            to = middle;
    }
    return mix(from);
}

QColor toneColour(Tone tone, const QPalette &palette, QPalette::ColorRole background)
{
    const QColor back = palette.color(background);
    const bool dark = relativeLuminance(back) < 0.18;
    switch (tone) {
    case Tone::Normal: return palette.color(background == QPalette::Base ? QPalette::Text : QPalette::WindowText);
    // Material green 800 / 300 and red 800 / 300.
    case Tone::Good: return readableOn(dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32), back);
    case Tone::Bad: return readableOn(dark ? QColor(0xe5, 0x73, 0x73) : QColor(0xc6, 0x28, 0x28), back);
    }
    return palette.color(QPalette::WindowText);
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x35, 0x35, 0x35);
    const QColor base(0x25, 0x25, 0x25);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x7f, 0x7f, 0x7f);
    const QColor highlight(0x2a, 0x82, 0xda);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2f, 0x2f, 0x2f));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x55, 0x55));
    p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x42, 0x42, 0x42));
    p.setColor(QPalette::Mid, QColor(0x2a, 0x2a, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Shadow, QColor(0x14, 0x14, 0x14));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x5c, 0xa8, 0xf0));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x88, 0xe8));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
    return p;
}

} // namespace sockscope::ui
