#pragma once

#include "role.h"

namespace sockscope::proto {

// The permessage-deflate configuration both ends agreed on in the opening handshake (RFC 7692 section 7.1):
// which side resets its compressor after each message and how large a window each side compresses with.
// Produced by DeflateClientNegotiation and DeflateServerNegotiation, used by PerMessageDeflate; knows nothing
// about header syntax.
struct DeflateParameters {
    static constexpr int MinWindowBits = 8;  // RFC 7692 7.1.2: 8 to 15
    static constexpr int MaxWindowBits = 15; // RFC 7692 7.1.2: the default when a parameter is absent

    bool serverNoContextTakeover = false;    // 7.1.1.1
    bool clientNoContextTakeover = false;    // 7.1.1.2
    int serverMaxWindowBits = MaxWindowBits; // 7.1.2.1
    int clientMaxWindowBits = MaxWindowBits; // 7.1.2.2

    // Clamps a window size into 8-15.
    static constexpr int boundedWindowBits(int bits)
    {
        return bits < MinWindowBits ? MinWindowBits : (bits > MaxWindowBits ? MaxWindowBits : bits);
    }

    bool noContextTakeover(Role sender) const
    {
        return sender == Role::Client ? clientNoContextTakeover : serverNoContextTakeover;
    }
    int maxWindowBits(Role sender) const { return sender == Role::Client ? clientMaxWindowBits : serverMaxWindowBits; }

    friend bool operator==(const DeflateParameters &, const DeflateParameters &) = default;
};

} // namespace sockscope::proto
