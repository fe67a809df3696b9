#pragma once

#include "frame.h"

#include <QVarLengthArray>

namespace sockscope::proto {

// One WebSocket message (RFC 6455 section 5.6): its type, its application data and the frames that carried it,
// so the workbench can show both. The payload shares its data with the frame when one frame carried it.
struct Message {
    Opcode type = Opcode::Text; // Text or Binary
    QByteArray payload;         // application data, inflated when the message was compressed
    // In wire order; control frames that arrived in between are not included. Room for one frame inline: most
    // messages are a single frame.
    QVarLengthArray<Frame, 1> frames;
    bool compressed = false; // RFC 7692: RSV1 on the first frame

    // Payload bytes as carried by the frames: the compressed size when compressed.
    qint64 wirePayloadSize() const
    {
        qint64 total = 0;
        for (const Frame &f : frames)
            total += f.payload.size();
        return total;
    }
};

} // namespace sockscope::proto
