#pragma once

#include "proto/frame.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace sockscope::net {

// One message the mock server sends, delayUs after what it answers: the end of the handshake for an opening
// message, the client message of its step for a response.
struct MockMessage {
    qint64 delayUs = 0;
    proto::Opcode type = proto::Opcode::Text;
    QByteArray payload;

    friend bool operator==(const MockMessage &, const MockMessage &) = default;
};

// A client message of the recording and what the server sent after it, until the next client message.
struct MockStep {
    proto::Opcode expectedType = proto::Opcode::Text; // the recorded client message
    QByteArray expected;
    QList<MockMessage> responses;

    friend bool operator==(const MockStep &, const MockStep &) = default;
};

// The close frame the recorded server sent.
struct MockClose {
    quint16 code = 1000; // 1005: a close frame without a body
    QByteArray reason;
    qint64 delayUs = 0; // after the last step's client message (after the handshake when there is no step)
    // The recorded server only answered the client's close. The mock does the same: it does not close first (a
    // client's close is answered with the client's code, as RFC 6455 5.5.1 asks).
    bool answered = false;

    friend bool operator==(const MockClose &, const MockClose &) = default;
};

// The server half of a recorded connection, as plain data for the mock mode of the local Server: messages sent
// before the client said anything, then one step per client message, then the close. It does not know where it
// came from (session::MockScriptBuilder makes one from a recording).
struct MockScript {
    QList<MockMessage> opening;
    QList<MockStep> steps;
    std::optional<MockClose> close;
    // The subprotocol the recorded server chose (empty: none); unset when no response was recorded.
    std::optional<QByteArray> protocol;

    friend bool operator==(const MockScript &, const MockScript &) = default;
};

enum class MockTiming : quint8 {
    Recorded,  // each message after its recorded delay, divided by MockPlayback::speed
    Immediate, // each message at once
};

// What a client gets once every step was played and answered.
enum class MockEnd : quint8 {
    Close,    // the recorded server's close (code and reason) after its recorded delay, when that server closed first;
              // otherwise stays open for the client to close
    StayOpen, // nothing more: later messages go unanswered and the connection stays open
};

// How the mock server plays its script; the same for every client.
struct MockPlayback {
    MockTiming timing = MockTiming::Recorded;
    double speed = 1.0; // recorded delays are divided by this (Recorded timing); must be above 0
    MockEnd atEnd = MockEnd::Close;
    // A client message that differs from the one the script expects next but equals (type and bytes) a later
    // step's moves the client to that step; the steps in between are skipped. Off: strictly the n-th step.
    bool skipToMatch = true;

    friend bool operator==(const MockPlayback &, const MockPlayback &) = default;
};

} // namespace sockscope::net
