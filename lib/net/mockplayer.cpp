#include "mockplayer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sockscope::net {

namespace {
// A timer waits at most INT_MAX ms; a recording that claims a longer gap waits that long.
constexpr qint64 maxDelayUs = qint64(std::numeric_limits<int>::max() - 1) * 1000;
} // namespace

MockPlayer::Index::Index(std::shared_ptr<const MockScript> script)
    : m_script(std::move(script))
{
    if (!m_script)
        m_script = std::make_shared<const MockScript>();
    for (qsizetype i = 0; i < m_script->steps.size(); ++i)
        m_steps[m_script->steps[i].expected].append(i);
}

qsizetype MockPlayer::Index::nextStep(qsizetype after, proto::Opcode type, const QByteArray &payload) const
{
    const auto it = m_steps.constFind(payload);
    if (it == m_steps.constEnd())
        return -1;
    const QList<qsizetype> &steps = *it;
    for (auto s = std::upper_bound(steps.begin(), steps.end(), after); s != steps.end(); ++s) {
        if (m_script->steps[*s].expectedType == type)
            return *s;
    }
    return -1;
}

MockPlayer::MockPlayer(std::shared_ptr<const Index> index, MockPlayback playback)
    : m_index(std::move(index))
    , m_playback(playback)
{}

bool MockPlayer::finished() const
{
    return m_position >= m_index->script().steps.size();
}

qint64 MockPlayer::scaled(qint64 recordedUs) const
{
    if (m_playback.timing == MockTiming::Immediate || recordedUs <= 0)
        return 0;
    const double speed = m_playback.speed > 0 && std::isfinite(m_playback.speed) ? m_playback.speed : 1.0;
    const double us = double(recordedUs) / speed;
    return us >= double(maxDelayUs) ? maxDelayUs : qint64(us);
}

void MockPlayer::appendClose(QList<Action> &actions) const
{
    const MockScript &script = m_index->script();
    if (m_playback.atEnd != MockEnd::Close || !script.close || script.close->answered)
        return;
    actions.append({scaled(script.close->delayUs), proto::Opcode::Close, script.close->reason, script.close->code});
}

QList<MockPlayer::Action> MockPlayer::opened()
{
    const MockScript &script = m_index->script();
    QList<Action> actions;
    actions.reserve(script.opening.size() + 1);
    for (const MockMessage &m : script.opening)
        actions.append({scaled(m.delayUs), m.type, m.payload, 0});
    if (script.steps.isEmpty())
        appendClose(actions);
    return actions;
}

QList<MockPlayer::Action> MockPlayer::received(proto::Opcode type, const QByteArray &payload)
{
    const MockScript &script = m_index->script();
    if (finished()) {
        m_lastStep = -1;
        return {};
    }
    qsizetype step = m_position;
    const MockStep &expected = script.steps[step];
    if (m_playback.skipToMatch && (expected.expectedType != type || expected.expected != payload)) {
        const qsizetype later = m_index->nextStep(step, type, payload);
        if (later >= 0)
            step = later;
    }
    m_lastStep = step;
    m_position = step + 1;
    QList<Action> actions;
    const QList<MockMessage> &responses = script.steps[step].responses;
    actions.reserve(responses.size() + 1);
    for (const MockMessage &m : responses)
        actions.append({scaled(m.delayUs), m.type, m.payload, 0});
    if (finished())
        appendClose(actions);
    return actions;
}

} // namespace sockscope::net
