#pragma once

#include <QByteArrayView>

#include <span>

namespace sockscope::proto {

// An entry of an IANA WebSocket registry.
struct RegistryEntry {
    const char *identifier; // what goes on the wire
    const char *commonName;
    const char *reference;
};

// The IANA "WebSocket Subprotocol Name Registry" and "WebSocket Extension Name Registry" as data, for
// suggestions and for marking what a peer offers as registered or not. Close codes are in closecode.h.
class Registry
{
public:
    static std::span<const RegistryEntry> subprotocols();
    static std::span<const RegistryEntry> extensions();
    // Exact match: Sec-WebSocket-Protocol values are compared case-sensitively (RFC 6455 4.1), and RFC 7936
    // section 2 keeps the registry free of names that differ only by case.
    static const RegistryEntry *subprotocol(QByteArrayView identifier);
    // Extension tokens are compared case-insensitively (RFC 6455 9.1 uses HTTP tokens).
    static const RegistryEntry *extension(QByteArrayView identifier);
};

} // namespace sockscope::proto
