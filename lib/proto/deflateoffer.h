#pragma once

#include "deflatenegotiationerror.h"
#include "extensionheader.h"

#include <optional>

namespace sockscope::proto {

// Whether a permessage-deflate element comes from a client's offer or from a server's response; a few rules
// differ between the two (RFC 7692 section 7.1.2.2).
enum class DeflateElementKind { Offer, Response };

struct DeflateOfferParseResult;

// The parameters of one permessage-deflate element of a Sec-WebSocket-Extensions header, as a client offers
// them or a server answers them (RFC 7692 section 7.1). Converts to and from ExtensionOffer and checks each
// parameter on its own; what an offer and a response mean together is decided by DeflateClientNegotiation and
// DeflateServerNegotiation, not here.
struct DeflateOffer {
    static constexpr char ExtensionName[] = "permessage-deflate"; // RFC 7692 7
    // client_max_window_bits without a value, allowed in an offer only (RFC 7692 7.1.2.2).
    static constexpr int NoValue = 0;

    bool serverNoContextTakeover = false;   // 7.1.1.1
    bool clientNoContextTakeover = false;   // 7.1.1.2
    std::optional<int> serverMaxWindowBits; // 7.1.2.1
    std::optional<int> clientMaxWindowBits; // 7.1.2.2: a value, NoValue, or absent

    // The header element, parameters in the order of RFC 7692 7.1. Values are written as they are, in range or
    // not, so that a deliberately bad offer can be sent.
    ExtensionOffer toExtension() const;

    // Reads the parameters of a permessage-deflate element (its name is not checked). Fails on the first
    // parameter that is unknown, repeated or has a bad value.
    static DeflateOfferParseResult parse(const ExtensionOffer &extension, DeflateElementKind kind);

    friend bool operator==(const DeflateOffer &, const DeflateOffer &) = default;
};

// What DeflateOffer::parse() found: the parameters, or the first rule they break.
struct DeflateOfferParseResult {
    std::optional<DeflateOffer> offer;
    DeflateNegotiationFailure failure;
};

} // namespace sockscope::proto
