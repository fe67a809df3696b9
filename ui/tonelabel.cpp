#include "tonelabel.h"

#include <QEvent>

namespace sockscope::ui {

ToneLabel::ToneLabel(QWidget *parent)
    : QLabel(parent)
{}

void ToneLabel::setTone(Tone tone)
{
    if (tone == m_tone)
        return;
    m_tone = tone;
    applyTone();
}

QColor ToneLabel::textColour() const
{
    return palette().color(foregroundRole());
}

void ToneLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    // Our own setPalette() sends one too.
    if (event->type() == QEvent::PaletteChange && !m_applying)
        applyTone();
}

void ToneLabel::applyTone()
{
    m_applying = true;
    // Back to the inherited palette first, so that the tone is picked for the window colour in use now.
    setPalette(QPalette());
    if (m_tone != Tone::Normal) {
        QPalette tinted = palette();
        tinted.setColor(foregroundRole(), toneColour(m_tone, tinted, backgroundRole()));
        setPalette(tinted);
    }
    m_applying = false;
}

} // namespace sockscope::ui
