#pragma once

// A real recorded session for the export and import tests: Sockscope's client against its own local server, both
// recorded into one session file, with permessage-deflate, a 70,000-byte message of bytes that do not compress (a
// frame of more than one TCP packet on export), a message fragmented with a ping between its fragments, and a
// close with code 4000.

#include "net/clientconnection.h"
#include "net/server.h"
#include "session/recorder.h"

#include <QSignalSpy>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

namespace recordedsample {

// The path of the finished session file in `dir`, or an empty string when the recording did not work out.
inline QString record(const QTemporaryDir &dir)
{
    using namespace sockscope;
    const QString path = dir.filePath(QStringLiteral("sample.sksession"));
    session::Recorder recorder;
    if (!recorder.open(path))
        return {};
    net::Server server;
    net::ServerOptions serverOptions;
    serverOptions.port = 0;
    if (!server.listen(serverOptions))
        return {};
    recorder.addServer(&server);
    net::ClientConnection client;
    net::ClientOptions options;
    options.url = server.url();
    options.deflate = true; // compressed payloads on the wire, inflated in the messages
    recorder.addClient(&client, session::Recorder::clientInfo(options.url, {}, {}, {}, true));
    client.open(options);
    if (!QTest::qWaitFor([&] { return client.readyState() == proto::ReadyState::Open; }, 5000))
        return {};
    QSignalSpy received(&client, &net::ClientConnection::messageReceived);
    client.sendText("hello, wire");
    QByteArray noise(70'000, Qt::Uninitialized);
    quint32 x = 2463534242u; // xorshift32: the same bytes every time
    for (char &c : noise) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = char(x);
    }
    client.sendBinary(noise);
    client.sendFragmented(proto::Opcode::Text, "fragmented with a ping in between", {10, 10}, 0, true);
    client.ping("p");
    if (!QTest::qWaitFor([&] { return received.size() == 3; }, 5000))
        return {};
    client.close(4000, "the end");
    if (!QTest::qWaitFor([&] { return server.clients().isEmpty() && client.readyState() == proto::ReadyState::Closed; },
                         5000))
        return {};
    recorder.finish();
    return path;
}

} // namespace recordedsample
