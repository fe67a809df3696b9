#pragma once

#include "recordedconnection.h"

#include "net/mockscript.h"

#include <memory>
#include <vector>

namespace sockscope::session {

// Turns a recorded connection into the script the local server's mock mode plays: the server's messages before
// the client's first one, then, for each client message, the server's messages that followed it with their
// delays, and the close frame the server sent. At the client side of a recording the server's messages are the
// incoming ones; at the server side the outgoing ones. Pings and pongs are not scripted (the server answers
// pings itself). It reads a connection that is already loaded; it does not open files or serve anything.
class MockScriptBuilder
{
public:
    enum class Problem {
        None,
        NoConnection,     // the session holds no connection at all
        NoneOpened,       // no connection's upgrade was answered with 101
        NoSuchConnection, // no connection has the asked number
        NotOpened,        // the asked connection's upgrade was not answered with 101
    };

    // The connection a mock plays: number `id`, or with 0 the first one whose upgrade was answered with 101.
    // nullptr, with the problem, when there is none to play.
    static const RecordedConnection *choose(const std::vector<std::unique_ptr<RecordedConnection>> &connections,
                                            quint32 id, Problem *problem = nullptr);
    // Whether the recorded response was a 101 Switching Protocols.
    static bool wasOpened(const RecordedConnection &connection);

    static net::MockScript build(const RecordedConnection &connection);

    // Messages whose payload the log no longer holds (released to keep within its budget, or removed with the
    // oldest records): the script would lack them. 0 for a connection loaded without limits.
    static quint64 missingPayloads(const RecordedConnection &connection);
};

} // namespace sockscope::session
