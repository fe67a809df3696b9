#pragma once

// Running tshark on a capture and reading the WebSocket frames it decoded, for the pcapng tests.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <map>
#include <optional>

namespace tshark {

struct Run {
    bool started = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// tshark with the preferences given on the command line only (configDir: an empty folder), bounded in time.
inline Run run(const QStringList &arguments, const QString &configDir)
{
    Run result;
    const QString program = QStandardPaths::findExecutable(QStringLiteral("tshark"));
    if (program.isEmpty()) {
        result.err = "tshark is not installed (Debian package tshark; .ci/setup installs it)";
        return result;
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("WIRESHARK_CONFIG_DIR"), configDir);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(10'000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    result.started = true;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = "tshark did not finish within 120 s";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err += process.readAllStandardError();
    return result;
}

// One WebSocket frame as Wireshark decoded it: its header bytes and its unmasked payload.
struct DecodedFrame {
    QByteArray header;
    QByteArray payload;
};

// The frames of `tshark -T json -x -Y websocket` output, per TCP stream, in order; nothing when the output is
// not what tshark writes.
inline std::optional<std::map<int, QList<DecodedFrame>>> webSocketFrames(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isArray())
        return std::nullopt;
    auto asArray = [](const QJsonValue &value) {
        return value.isArray() ? value.toArray() : value.isUndefined() ? QJsonArray() : QJsonArray{value};
    };
    std::map<int, QList<DecodedFrame>> streams;
    for (const QJsonValue &packet : doc.array()) {
        const QJsonObject layers = packet[QStringLiteral("_source")][QStringLiteral("layers")].toObject();
        const int stream = layers[QStringLiteral("tcp")][QStringLiteral("tcp.stream")].toString().toInt();
        const QJsonArray ws = asArray(layers[QStringLiteral("websocket")]);
        QJsonArray raw = layers[QStringLiteral("websocket_raw")].toArray();
        if (!raw.isEmpty() && raw.at(0).isString()) // one frame: [hex, offset, length, ...]
            raw = QJsonArray{QJsonValue(raw)};
        if (raw.size() != ws.size())
            return std::nullopt;
        for (qsizetype i = 0; i < ws.size(); ++i) {
            const QJsonArray payload = ws.at(i)[QStringLiteral("websocket.payload_raw")].toArray();
            const QByteArray whole = QByteArray::fromHex(raw.at(i).toArray().at(0).toString().toLatin1());
            const QByteArray body =
                payload.isEmpty() ? QByteArray() : QByteArray::fromHex(payload.at(0).toString().toLatin1());
            streams[stream].append({whole, body}); // websocket_raw is the frame header
        }
    }
    return streams;
}

} // namespace tshark
