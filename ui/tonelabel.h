#pragma once

#include "palettecolours.h"

#include <QLabel>

namespace sockscope::ui {

// A label whose text says something good or bad (a valid frame, a problem) in green or red picked for the
// palette: readable on the window colour, light or dark, and picked again when the palette changes.
class ToneLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ToneLabel(QWidget *parent = nullptr);

    Tone tone() const { return m_tone; }
    void setTone(Tone tone);
    // The colour the text is painted in.
    QColor textColour() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTone();

    Tone m_tone = Tone::Normal;
    bool m_applying = false;
};

} // namespace sockscope::ui
