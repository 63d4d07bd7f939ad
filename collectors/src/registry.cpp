// The one table of application decoders (STYLE.md §4.3). Adding a protocol adds one row here
// and its folder under proto/. Order matters only between rows that match the same payload:
// the first row whose result is not `not_mine` wins. Names are unique (checked below); they
// are the config names (FrameDecoderConfig::disabled_decoders), the counter block names and
// Observation::source.

#include "registry.h"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "daicho/collectors/frame_decoder.h"
#include "proto/arp/arp.h"
#include "proto/cdp/cdp.h"
#include "proto/dhcp/dhcp.h"
#include "proto/dhcpv6/dhcpv6.h"
#include "proto/dicom/dicom.h"
#include "proto/dns/dns.h"
#include "proto/esp/esp.h"
#include "proto/gre/gre.h"
#include "proto/hl7/hl7.h"
#include "proto/http/http.h"
#include "proto/ike/ike.h"
#include "proto/intellivue/intellivue.h"
#include "proto/l2tp/l2tp.h"
#include "proto/lldp/lldp.h"
#include "proto/ndp/ndp.h"
#include "proto/netbios/netbios.h"
#include "proto/openvpn/openvpn.h"
#include "proto/pptp/pptp.h"
#include "proto/rdp/rdp.h"
#include "proto/smb/smb.h"
#include "proto/snmp/snmp.h"
#include "proto/ssdp/ssdp.h"
#include "proto/ssh/ssh.h"
#include "proto/teamviewer/teamviewer.h"
#include "proto/tls/tls.h"
#include "proto/vnc/vnc.h"
#include "proto/wireguard/wireguard.h"

namespace daicho::collectors {
namespace registry {
namespace {

constexpr std::array kRows{
    DecoderRow{arp::kName, on_ethertype(0x0806), &arp::decode, nullptr},    // RFC 826
    DecoderRow{ndp::kName, on_ip_proto(58), &ndp::decode, nullptr},         // RFC 4861 (ICMPv6)
    DecoderRow{dhcp::kName, on_udp_ports(67, 68), &dhcp::decode, nullptr},  // RFC 2131/2132
    DecoderRow{dhcpv6::kName, on_udp_ports(546, 547), &dhcpv6::decode, nullptr},  // RFC 8415
    DecoderRow{lldp::kName, on_ethertype(0x88cc), &lldp::decode, nullptr},        // IEEE 802.1AB
    DecoderRow{cdp::kName, on_snap(0x00000c, 0x2000), &cdp::decode, nullptr},     // Cisco CDP v1/v2
    DecoderRow{snmp::kName, on_udp_ports(161, 162), &snmp::decode, nullptr},  // RFC 3416, RFC 1157
    DecoderRow{dns::kNameDns, on_udp_ports(53, 53), &dns::decode_dns, nullptr},  // RFC 1035
    DecoderRow{dns::kNameMdns, on_udp_ports(5353, 5353), &dns::decode_mdns,
               nullptr},  // RFC 6762/6763
    DecoderRow{dns::kNameLlmnr, on_udp_ports(5355, 5355), &dns::decode_llmnr, nullptr},  // RFC 4795
    DecoderRow{ssdp::kName, on_udp_ports(1900, 1900), &ssdp::decode,
               nullptr},  // UPnP Device Architecture 2.0 §1
    DecoderRow{netbios::kNameNbns, on_udp_ports(137, 137), &netbios::decode_nbns,
               nullptr},  // RFC 1002 §4.2
    DecoderRow{netbios::kNameBrowser, on_udp_ports(138, 138), &netbios::decode_browser,
               nullptr},  // RFC 1002 §4.4, MS-BRWS
    DecoderRow{intellivue::kName,
               on_udp_ports(intellivue::kConnectIndicationPort, intellivue::kConnectIndicationPort),
               &intellivue::decode, nullptr},  // Philips Data Export Programming Guide
    DecoderRow{tls::kName, on_tcp_probe(), &tls::decode, &tls::probe},  // RFC 8446 §4.1.2, RFC 5246
    DecoderRow{ssh::kName, on_tcp_probe(), &ssh::decode, &ssh::probe},     // RFC 4253 §4.2
    DecoderRow{dicom::kName, on_tcp_probe(), &dicom::decode,
               &dicom::probe},  // DICOM PS3.8 §9.3, PS3.7 §9.3/Annex E, PS3.5 §7
    DecoderRow{http::kName, on_tcp_probe(), &http::decode, &http::probe},  // RFC 9112
    DecoderRow{smb::kName, on_tcp_probe(), &smb::decode, &smb::probe},  // MS-SMB2, MS-CIFS, MS-NLMP
    DecoderRow{smb::kNameDcerpc, on_tcp_probe(), &smb::decode_dcerpc,
               &smb::probe_dcerpc},  // DCE/RPC C706, MS-RPCE, MS-NLMP
    DecoderRow{hl7::kName, on_tcp_probe(), &hl7::decode,
               &hl7::probe},  // HL7 v2.5.1 ch. 2 §2.15 (MSH, MSA, SFT), MLLP Release 2
    // Connection points of issue 13 (Q10): VPNs and remote control, recognised by their bytes.
    DecoderRow{ike::kName, on_udp_ports(ike::kPort, ike::kPort), &ike::decode,
               nullptr},  // RFC 2408, RFC 7296
    DecoderRow{ike::kNameNatT, on_udp_ports(ike::kNatTPort, ike::kNatTPort), &ike::decode_nat_t,
               nullptr},  // RFC 3948 §2.2 non-ESP marker, then IKE
    DecoderRow{esp::kNameUdp, on_udp_ports(ike::kNatTPort, ike::kNatTPort), &esp::decode_udp,
               nullptr},  // RFC 3948 §2.1: what the ike_nat_t row left is ESP
    DecoderRow{esp::kName, on_ip_proto(esp::kIpProto), &esp::decode, nullptr},  // RFC 4303
    DecoderRow{gre::kName, on_ip_proto(gre::kIpProto), &gre::decode,
               nullptr},  // RFC 2784, RFC 2637 §4.1
    DecoderRow{l2tp::kName, on_udp_ports(l2tp::kPort, l2tp::kPort), &l2tp::decode,
               nullptr},  // RFC 2661, RFC 3931
    DecoderRow{openvpn::kName, on_udp_ports(openvpn::kPort, openvpn::kPort), &openvpn::decode,
               nullptr},  // OpenVPN ssl_pkt.h
    DecoderRow{teamviewer::kNameUdp, on_udp_ports(teamviewer::kPort, teamviewer::kPort),
               &teamviewer::decode_udp, nullptr},  // nDPI teamviewer.c
    DecoderRow{wireguard::kName, on_udp_probe(), &wireguard::decode,
               &wireguard::probe},  // WireGuard whitepaper §5.4
    DecoderRow{openvpn::kNameUdp, on_udp_probe(), &openvpn::decode_udp,
               &openvpn::probe_udp},  // hard resets on any port
    DecoderRow{rdp::kName, on_tcp_probe(), &rdp::decode,
               &rdp::probe},  // RFC 1006, X.224, MS-RDPBCGR §2.2.1.1-2
    DecoderRow{vnc::kName, on_tcp_probe(), &vnc::decode, &vnc::probe},  // RFC 6143 §7.1.1
    DecoderRow{pptp::kName, on_tcp_probe(), &pptp::decode, &pptp::probe},  // RFC 2637 §2
    DecoderRow{teamviewer::kName, on_tcp_probe(), &teamviewer::decode,
               &teamviewer::probe},  // nDPI teamviewer.c
    DecoderRow{openvpn::kNameTcp, on_tcp_probe(), &openvpn::decode_tcp,
               &openvpn::probe_tcp},  // OpenVPN over TCP (length-prefixed)
};

constexpr bool names_unique() noexcept {
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        for (std::size_t j = i + 1; j < kRows.size(); ++j) {
            if (kRows.at(i).name == kRows.at(j).name) {
                return false;
            }
        }
    }
    return true;
}
static_assert(names_unique(), "registry names must be unique");

constexpr auto kNames = [] {
    std::array<std::string_view, kRows.size()> names{};
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        names.at(i) = kRows.at(i).name;
    }
    return names;
}();

}  // namespace

std::span<const DecoderRow> rows() noexcept { return kRows; }

}  // namespace registry

std::span<const std::string_view> decoder_names() noexcept { return registry::kNames; }

}  // namespace daicho::collectors
