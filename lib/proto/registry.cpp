#include "registry.h"

#include <array>

namespace sockscope::proto {

namespace {
// A snapshot of the IANA WebSocket Subprotocol Name Registry.
constexpr std::array<RegistryEntry, 36> subprotocolTable{{
    {"MBWS.huawei.com", "MBWS", "draft-hapner-hybi-messagebroker-subprotocol"},
    {"MBLWS.huawei.com", "MBLWS", "draft-hapner-hybi-messagebroker-subprotocol"},
    {"soap", "soap", "Microsoft"},
    {"wamp", "WAMP, the WebSocket Application Messaging Protocol", "wamp.ws"},
    {"v10.stomp", "STOMP 1.0", "stomp.github.io"},
    {"v11.stomp", "STOMP 1.1", "stomp.github.io"},
    {"v12.stomp", "STOMP 1.2", "stomp.github.io"},
    {"ocpp1.2", "OCPP 1.2", "Open Charge Alliance"},
    {"ocpp1.5", "OCPP 1.5", "Open Charge Alliance"},
    {"ocpp1.6", "OCPP 1.6", "Open Charge Alliance"},
    {"ocpp2.0", "OCPP 2.0", "Open Charge Alliance"},
    {"ocpp2.0.1", "OCPP 2.0.1", "Open Charge Alliance"},
    {"ocpp2.1", "OCPP 2.1", "Open Charge Alliance"},
    {"rfb", "RFB (remote framebuffer)", "RFC 6143"},
    {"sip", "WebSocket transport for SIP", "RFC 7118"},
    {"notificationchannel-netapi-rest.openmobilealliance.org", "OMA RESTful Network API for Notification Channel",
     "Open Mobile Alliance"},
    {"wpcp", "Web Process Control Protocol", "wpcp"},
    {"amqp", "AMQP 1.0 WebSocket binding", "OASIS"},
    {"mqtt", "MQTT", "OASIS"},
    {"jsflow", "jsFlow pubsub/queue protocol", "jsflow"},
    {"rwpcp", "Reverse Web Process Control Protocol", "rwpcp"},
    {"xmpp", "WebSocket transport for XMPP", "RFC 7395"},
    {"ship", "SHIP - Smart Home IP", "EEBus"},
    {"mielecloudconnect", "Miele Cloud Connect Protocol", "Miele"},
    {"v10.pcp.sap.com", "Push Channel Protocol", "SAP"},
    {"msrp", "WebSocket transport for MSRP", "RFC 7977"},
    {"v1.saltyrtc.org", "SaltyRTC 1.0", "saltyrtc.org"},
    {"TLCP-2.0.0.lightstreamer.com", "Lightstreamer TLCP 2.0.0", "Lightstreamer"},
    {"bfcp", "WebSocket transport for BFCP", "RFC 8374"},
    {"sldp.softvelum.com", "Softvelum Low Delay Protocol", "Softvelum"},
    {"opcua+uacp", "OPC UA Connection Protocol", "OPC Foundation"},
    {"opcua+uajson", "OPC UA JSON encoding", "OPC Foundation"},
    {"v1.swindon-lb.com", "Swindon Web Server Protocol (JSON encoding)", "swindon"},
    {"v1.usp", "USP (Broadband Forum User Services Platform)", "Broadband Forum TR-369"},
    {"coap", "CoAP over WebSockets", "RFC 8323"},
    {"jmap", "WebSocket transport for JMAP", "RFC 8887"},
}};

constexpr std::array<RegistryEntry, 2> extensionTable{{
    {"permessage-deflate", "WebSocket Per-Message Deflate", "RFC 7692"},
    {"bbf-usp-protocol", "BBF USP Protocol", "Broadband Forum"},
}};

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}
} // namespace

std::span<const RegistryEntry> Registry::subprotocols()
{
    return subprotocolTable;
}

std::span<const RegistryEntry> Registry::extensions()
{
    return extensionTable;
}

const RegistryEntry *Registry::subprotocol(QByteArrayView identifier)
{
    for (const RegistryEntry &e : subprotocolTable) {
        if (identifier == QByteArrayView(e.identifier))
            return &e;
    }
    return nullptr;
}

const RegistryEntry *Registry::extension(QByteArrayView identifier)
{
    for (const RegistryEntry &e : extensionTable) {
        if (equalsIgnoringCase(identifier, QByteArrayView(e.identifier)))
            return &e;
    }
    return nullptr;
}

} // namespace sockscope::proto
