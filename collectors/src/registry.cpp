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
#include "proto/hl7/hl7.h"
#include "proto/http/http.h"
#include "proto/intellivue/intellivue.h"
#include "proto/lldp/lldp.h"
#include "proto/ndp/ndp.h"
#include "proto/netbios/netbios.h"
#include "proto/smb/smb.h"
#include "proto/snmp/snmp.h"
#include "proto/ssdp/ssdp.h"
#include "proto/ssh/ssh.h"
#include "proto/tls/tls.h"

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
