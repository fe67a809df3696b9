#pragma once

#include "mockscript.h"

#include <QHash>

#include <memory>

namespace sockscope::net {

// One client's way through a MockScript: what to send when the connection opens and after each message the
// client sends, with the delays the playback options make of the recorded ones, and the close once the script
// is played. It keeps the client's position in the script; it neither sends nor waits (ServerClient does both,
// in the order the actions come).
class MockPlayer
{
public:
    // A script with the steps at which each client message appears, built once and shared by every client.
    class Index
    {
    public:
        explicit Index(std::shared_ptr<const MockScript> script);
        const MockScript &script() const { return *m_script; }
        // The first step after `after` that expects exactly this message; -1 when none does.
        qsizetype nextStep(qsizetype after, proto::Opcode type, const QByteArray &payload) const;

    private:
        std::shared_ptr<const MockScript> m_script;
        QHash<QByteArray, QList<qsizetype>> m_steps; // by expected payload, ascending
    };

    struct Action {
        qint64 delayUs = 0;                       // after the event that produced it, scaled
        proto::Opcode type = proto::Opcode::Text; // Close: a close frame with closeCode and the payload as reason
        QByteArray payload;
        quint16 closeCode = 0;
    };

    MockPlayer(std::shared_ptr<const Index> index, MockPlayback playback);

    // The handshake was answered: the opening messages (and the close, for a script without steps).
    QList<Action> opened();
    // The client sent a message: the responses of the step it is matched with, followed by the close when that
    // was the last step. Nothing once every step was played.
    QList<Action> received(proto::Opcode type, const QByteArray &payload);

    // Steps played so far (the next step's index).
    qsizetype position() const { return m_position; }
    // The step the last client message was matched with; -1 before the first or when the script was played.
    qsizetype lastStep() const { return m_lastStep; }
    bool finished() const;

private:
    qint64 scaled(qint64 recordedUs) const;
    void appendClose(QList<Action> &actions) const;

    std::shared_ptr<const Index> m_index;
    MockPlayback m_playback;
    qsizetype m_position = 0;
    qsizetype m_lastStep = -1;
};

} // namespace sockscope::net
