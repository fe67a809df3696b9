#include "frame.h"

namespace sockscope::proto {

const char *opcodeName(Opcode op)
{
    switch (op) {
    case Opcode::Continuation: return "continuation";
    case Opcode::Text: return "text";
    case Opcode::Binary: return "binary";
    case Opcode::Close: return "close";
    case Opcode::Ping: return "ping";
    case Opcode::Pong: return "pong";
    case Opcode::Reserved3: return "reserved-0x3";
    case Opcode::Reserved4: return "reserved-0x4";
    case Opcode::Reserved5: return "reserved-0x5";
    case Opcode::Reserved6: return "reserved-0x6";
    case Opcode::Reserved7: return "reserved-0x7";
    case Opcode::ReservedB: return "reserved-0xB";
    case Opcode::ReservedC: return "reserved-0xC";
    case Opcode::ReservedD: return "reserved-0xD";
    case Opcode::ReservedE: return "reserved-0xE";
    case Opcode::ReservedF: return "reserved-0xF";
    }
    return "?";
}

} // namespace sockscope::proto
