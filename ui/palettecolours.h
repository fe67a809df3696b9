#pragma once

#include <QColor>
#include <QPalette>

namespace sockscope::ui {

// Colours that carry meaning (JSON tokens, check marks, plot lines, problems) picked for the palette in use, so
// that they stay readable on a light base and on a dark one. Contrast is WCAG 2.1's: 4.5:1 for text, 3:1 for
// lines and dimmed text that is not essential.

// WCAG 2.1 relative luminance (0 black .. 1 white) and contrast ratio (1 .. 21).
double relativeLuminance(const QColor &colour);
double contrastRatio(const QColor &a, const QColor &b);

// Whether the palette's base (where text is shown) is dark.
bool isDark(const QPalette &palette);

// `colour` when it has at least `minimum` contrast against `background`; otherwise the same hue made lighter (on a
// dark background) or darker (on a light one) just until it does, or as far as it goes.
QColor readableOn(const QColor &colour, const QColor &background, double minimum = 4.5);

// `text` moved `amount` (0..1) of the way towards `background`, but no further than keeps `minimum` contrast.
QColor dimmed(const QColor &text, const QColor &background, double amount, double minimum);

// What a coloured word or mark says.
enum class Tone {
    Normal, // the palette's own text colour
    Good,   // a check that passed, a valid frame
    Bad,    // a check that failed, a problem
};

// The colour for a tone on `background`: green or red, darker on a light background and lighter on a dark one,
// with at least 4.5:1 contrast. Normal gives `palette`'s WindowText.
QColor toneColour(Tone tone, const QPalette &palette, QPalette::ColorRole background = QPalette::Window);

// A dark palette in the manner of Fusion's, to check that the colours above work on dark (tests, screenshots).
QPalette darkPalette();

} // namespace sockscope::ui
