#pragma once

#include "proto/framewriter.h"
#include "proto/message.h"

#include <QAbstractItemModel>

// Frames and messages as a connection reports them (raw header filled in), and a model's text, for the tests of
// the log, its views and the tabs that show it.

// An unmasked frame, encoded so that its raw header is what went over the wire.
inline sockscope::proto::Frame encodedFrame(sockscope::proto::Opcode opcode, const QByteArray &payload)
{
    sockscope::proto::Frame f;
    f.opcode = opcode;
    f.payload = payload;
    sockscope::proto::FrameWriter::encode(f);
    return f;
}

// A message in one frame.
inline sockscope::proto::Message singleFrameMessage(sockscope::proto::Opcode type, const QByteArray &payload)
{
    sockscope::proto::Message m;
    m.type = type;
    m.payload = payload;
    m.frames.append(encodedFrame(type, payload));
    return m;
}

// What a view shows in a cell.
inline QString cellText(const QAbstractItemModel *model, int row, int column)
{
    return model->data(model->index(row, column)).toString();
}
