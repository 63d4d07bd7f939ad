#pragma once
// What a recogniser learnt about a conversation from its bytes (issue 13, Q10): the class of
// service (a VPN, an SSL-VPN portal, a remote-control tool ...), the protocol, and the
// product and version when the bytes name them. A decoder states it once per packet through
// ObservationSink::recognise(); the frame walk hands it to the conversation table
// (conversations.h). No field ever holds a user name or payload: only what identifies the
// kind of connection point.

#include <cstdint>
#include <string_view>

namespace daicho::collectors {

enum class ServiceClass : std::uint8_t {
    none = 0,
    vpn,             // IPsec (IKE, ESP), OpenVPN, WireGuard, L2TP, PPTP/GRE
    ssl_vpn,         // a TLS VPN portal (FortiGate, Cisco ASA, GlobalProtect, ...)
    remote_control,  // RDP, VNC, TeamViewer, AnyDesk, ScreenConnect, Splashtop ...
    tunnel,          // a tunnel that is not a VPN by itself (plain GRE)
};

[[nodiscard]] constexpr std::string_view service_class_name(ServiceClass c) noexcept {
    switch (c) {
        case ServiceClass::vpn:
            return "vpn";
        case ServiceClass::ssl_vpn:
            return "ssl-vpn";
        case ServiceClass::remote_control:
            return "remote-control";
        case ServiceClass::tunnel:
            return "tunnel";
        case ServiceClass::none:
            break;
    }
    return "";
}

// `protocol` is static text ("ikev2", "rdp"); `product` and `version` are static text or
// views into the frame or the sink's scratch, valid during the frame only (the conversation
// table copies them).
struct Recognition {
    ServiceClass service_class = ServiceClass::none;
    std::string_view protocol;
    std::string_view product;
    std::string_view version;

    [[nodiscard]] constexpr bool empty() const noexcept {
        return service_class == ServiceClass::none;
    }
};

}  // namespace daicho::collectors
