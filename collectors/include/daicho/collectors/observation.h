#pragma once
// Observations: the typed facts decoders report, and the only thing the ledger reads from the
// collectors (header-only target daicho_observation). A fact says what a packet claims about
// an endpoint; which device that is belongs to the ledger.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "daicho/collectors/service_class.h"

namespace daicho::collectors {

struct MacAddress {
    std::array<std::uint8_t, 6> octets{};

    [[nodiscard]] constexpr bool is_zero() const noexcept {
        for (auto o : octets) {
            if (o != 0) {
                return false;
            }
        }
        return true;
    }
    // I/G bit (IEEE 802-2014 §8.2): group addresses never name one device.
    [[nodiscard]] constexpr bool is_group() const noexcept { return (octets[0] & 0x01U) != 0; }
    // U/L bit: locally administered, which includes randomised (private) MACs.
    [[nodiscard]] constexpr bool is_local() const noexcept { return (octets[0] & 0x02U) != 0; }
    [[nodiscard]] constexpr std::uint64_t as_u64() const noexcept {
        std::uint64_t v = 0;
        for (auto o : octets) {
            v = (v << 8U) | o;
        }
        return v;
    }
    // "aa:bb:cc:dd:ee:ff", lower case.
    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] static std::optional<MacAddress> parse(std::string_view text) noexcept;

    friend constexpr bool operator==(const MacAddress&, const MacAddress&) = default;
};

struct IpAddress {
    enum class Family : std::uint8_t { none = 0, v4 = 4, v6 = 6 };
    Family family = Family::none;
    std::array<std::uint8_t, 16> octets{};  // v4 uses the first four

    [[nodiscard]] static constexpr IpAddress v4(std::uint32_t host_order) noexcept {
        IpAddress a;
        a.family = Family::v4;
        a.octets[0] = static_cast<std::uint8_t>(host_order >> 24U);
        a.octets[1] = static_cast<std::uint8_t>(host_order >> 16U);
        a.octets[2] = static_cast<std::uint8_t>(host_order >> 8U);
        a.octets[3] = static_cast<std::uint8_t>(host_order);
        return a;
    }
    [[nodiscard]] static constexpr IpAddress v6(const std::array<std::uint8_t, 16>& o) noexcept {
        IpAddress a;
        a.family = Family::v6;
        a.octets = o;
        return a;
    }
    [[nodiscard]] constexpr bool empty() const noexcept { return family == Family::none; }
    [[nodiscard]] constexpr bool is_unspecified() const noexcept {
        const std::size_t n = family == Family::v4 ? 4 : 16;
        for (std::size_t i = 0; i < n; ++i) {
            if (octets[i] != 0) {
                return false;
            }
        }
        return true;
    }
    // inet_ntop form ("192.0.2.1", "fe80::1"); "" for none.
    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] static std::optional<IpAddress> parse(std::string_view text) noexcept;

    friend constexpr bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Whether `a` lies in `network`/`length` (same family; bits past `length` ignored on both
// sides). One test for the ledger's subnet map and address plan and the collectors' inside
// plan. No allocation: the conversation table asks it per packet.
[[nodiscard]] bool in_prefix(const IpAddress& a, const IpAddress& network,
                             std::size_t length) noexcept;
// RFC 1918 §3 (10/8, 172.16/12, 192.168/16) and RFC 4193 §8 (fc00::/7): where hospitals
// usually keep their subnets, taken as inside when no address plan is configured.
[[nodiscard]] bool private_address(const IpAddress& a) noexcept;

// Where a fact was seen: capture file + frame number (1-based, as tshark numbers them), or,
// for live capture, the interface and capture time.
struct EvidenceRef {
    std::uint32_t capture_id = 0;
    std::uint64_t frame_no = 0;
    std::int64_t ts_us = 0;  // capture time, microseconds since the Unix epoch (UTC)
};

// Who a fact is about, as the packet states it.
struct Subject {
    MacAddress mac;
    IpAddress ip;
    std::uint16_t vlan = 0;        // innermost 802.1Q VID, 0 = untagged
    std::uint16_t outer_vlan = 0;  // 802.1ad S-VID when QinQ, else 0
    std::uint16_t sensor = 0;      // which sensor / interface saw it
    bool has_mac = false;
};

// One enum for every kind of fact; names below are the stable JSON/DB vocabulary.
enum class FactKind : std::uint8_t {
    ip_address,   // subject.mac owns subject.ip on this link (ARP/NDP/DHCP binding)
    role,         // value: "ipv6-router", "dhcp-server", "gateway", "dns-server", "snmp-agent", ...
    hostname,     // a name the device calls itself
    domain_name,  // DNS domain it belongs to
    vendor_class,        // DHCP option 60 / DHCPv6 vendor class
    dhcp_fingerprint,    // DHCP option 55 list, ordered, "1,3,6,15" (DHCPv6 ORO likewise)
    client_id,           // DHCP option 61 / DHCPv6 DUID (hex)
    system_name,         // LLDP sysName, CDP device id, SNMP sysName
    system_description,  // LLDP/SNMP sysDescr, CDP software version
    platform,            // CDP platform, model strings
    firmware,            // LLDP-MED firmware revision and similar
    software,            // a raw banner or version string (SSH id, HTTP Server, SMB LAN manager)
    os,                  // an OS statement (SMB native OS, NTLM version, browser OS version)
    serial_number,
    manufacturer,
    model,
    capability,          // LLDP/CDP capability names, NetBIOS browser server types
    port_id,             // switch port the device announced
    port_description,    // LLDP port description, CDP interface name text
    chassis_id,          // LLDP chassis id (formatted per subtype)
    service,             // "tcp/443", "udp/161": offered by the subject
    ae_title,            // DICOM application entity title
    application,         // HL7 sending application and similar
    finding,             // a security-relevant observation, e.g. "snmp-community-cleartext"
    user_agent,          // HTTP User-Agent / SSDP USER-AGENT the subject sent
    server_name,         // a name the subject asked a server for: TLS SNI, HTTP Host
    dns_query,           // a name the subject looked up (counted per device)
    dns_answer,          // a name -> address binding an answer stated; subject.ip is the address
    service_instance,    // mDNS/DNS-SD service instance or type the subject announced
    txt_record,          // DNS-SD TXT key=value (model, ty, product, ...)
    device_type,         // SSDP NT/ST/UPnP device type, LLDP-MED device class
    url,                 // SSDP LOCATION and similar self-descriptions
    workgroup,           // NetBIOS workgroup / NTLM domain
    management_address,  // LLDP/CDP management address the device announced
    vlan_announced,      // LLDP 802.1 port VLAN / CDP native VLAN / VTP domain
    location,            // SNMP sysLocation, LLDP-MED location
    contact,             // SNMP sysContact
    object_id,           // SNMP sysObjectID
    asset_id,            // LLDP-MED asset id
    tls_fingerprint,     // JA4-style ClientHello fingerprint
    tls_alpn,            // ALPN protocols offered, comma-separated
    certificate,         // server certificate subject / issuer (TLS <= 1.2)
    protocol_version,    // a protocol dialect or version spoken (SMB dialect, SNMP version)
    peer,                // a system the subject talks to in a named role (SNMP poller, DICOM peer)
    sop_class,           // DICOM abstract syntax (SOP class UID) proposed or accepted
    transfer_syntax,     // DICOM transfer syntax UID proposed or accepted
    implementation_class_uid,  // DICOM user information: implementation class UID
    implementation_version,    // DICOM user information: implementation version name
    modality,                  // DICOM (0008,0060) from a C-STORE dataset
    station_name,              // DICOM (0008,1010) from a C-STORE dataset
    facility,                  // HL7 MSH-4 / MSH-6 sending or receiving facility
    message_type,              // HL7 MSH-9 message type ("ORU^R01"), DICOM DIMSE command
    equipment_id,        // HL7 OBX-18 equipment instance identifier (a device behind a gateway)
    mud_url,             // RFC 8520 Manufacturer Usage Description URL (DHCP 161, LLDP, 802.1X)
    device_description,  // SNMP hrDeviceDescr: one hardware part (a printer's model, a CPU, a NIC)
    interface_mac,       // a MAC of one of the subject's interfaces (SNMP ifPhysAddress)
    interface_address,   // an address of one of the subject's interfaces (SNMP ipAddrTable)
    other,
};

inline constexpr std::array<std::pair<FactKind, std::string_view>, 58> kFactKindNames{{
    {FactKind::ip_address, "ip_address"},
    {FactKind::role, "role"},
    {FactKind::hostname, "hostname"},
    {FactKind::domain_name, "domain_name"},
    {FactKind::vendor_class, "vendor_class"},
    {FactKind::dhcp_fingerprint, "dhcp_fingerprint"},
    {FactKind::client_id, "client_id"},
    {FactKind::system_name, "system_name"},
    {FactKind::system_description, "system_description"},
    {FactKind::platform, "platform"},
    {FactKind::firmware, "firmware"},
    {FactKind::software, "software"},
    {FactKind::os, "os"},
    {FactKind::serial_number, "serial_number"},
    {FactKind::manufacturer, "manufacturer"},
    {FactKind::model, "model"},
    {FactKind::capability, "capability"},
    {FactKind::port_id, "port_id"},
    {FactKind::port_description, "port_description"},
    {FactKind::chassis_id, "chassis_id"},
    {FactKind::service, "service"},
    {FactKind::ae_title, "ae_title"},
    {FactKind::application, "application"},
    {FactKind::finding, "finding"},
    {FactKind::user_agent, "user_agent"},
    {FactKind::server_name, "server_name"},
    {FactKind::dns_query, "dns_query"},
    {FactKind::dns_answer, "dns_answer"},
    {FactKind::service_instance, "service_instance"},
    {FactKind::txt_record, "txt_record"},
    {FactKind::device_type, "device_type"},
    {FactKind::url, "url"},
    {FactKind::workgroup, "workgroup"},
    {FactKind::management_address, "management_address"},
    {FactKind::vlan_announced, "vlan_announced"},
    {FactKind::location, "location"},
    {FactKind::contact, "contact"},
    {FactKind::object_id, "object_id"},
    {FactKind::asset_id, "asset_id"},
    {FactKind::tls_fingerprint, "tls_fingerprint"},
    {FactKind::tls_alpn, "tls_alpn"},
    {FactKind::certificate, "certificate"},
    {FactKind::protocol_version, "protocol_version"},
    {FactKind::peer, "peer"},
    {FactKind::sop_class, "sop_class"},
    {FactKind::transfer_syntax, "transfer_syntax"},
    {FactKind::implementation_class_uid, "implementation_class_uid"},
    {FactKind::implementation_version, "implementation_version"},
    {FactKind::modality, "modality"},
    {FactKind::station_name, "station_name"},
    {FactKind::facility, "facility"},
    {FactKind::message_type, "message_type"},
    {FactKind::equipment_id, "equipment_id"},
    {FactKind::mud_url, "mud_url"},
    {FactKind::device_description, "device_description"},
    {FactKind::interface_mac, "interface_mac"},
    {FactKind::interface_address, "interface_address"},
    {FactKind::other, "other"},
}};

[[nodiscard]] constexpr std::string_view fact_kind_name(FactKind k) noexcept {
    for (const auto& [kind, name] : kFactKindNames) {
        if (kind == k) {
            return name;
        }
    }
    return "other";
}
[[nodiscard]] constexpr std::optional<FactKind> fact_kind_from_name(std::string_view n) noexcept {
    for (const auto& [kind, name] : kFactKindNames) {
        if (name == n) {
            return kind;
        }
    }
    return std::nullopt;
}

// Every string taken from the wire is capped at the source (STYLE.md §4.4).
inline constexpr std::size_t kMaxValueBytes = 512;

struct Observation {
    Subject subject;
    FactKind kind = FactKind::other;
    std::string_view value;   // as seen; a view into the frame or the sink's scratch
    std::string_view source;  // the decoder's name, static storage ("arp", "ndp")
    EvidenceRef evidence;
};

// Fixed-capacity per-frame collector. Decoders append; the pipeline copies what it keeps
// before the next frame. Overflow is counted, never allocated for.
class ObservationSink {
   public:
    static constexpr std::size_t kMaxPerFrame = 64;     // named limit: facts one frame may yield
    static constexpr std::size_t kScratchBytes = 4096;  // formatted values (fingerprints ...)

    // Caps the value at kMaxValueBytes. Returns false (and counts) when the frame's quota is full.
    bool emit(Observation o) noexcept {
        if (size_ >= kMaxPerFrame) {
            ++dropped_;
            return false;
        }
        if (o.value.size() > kMaxValueBytes) {
            o.value = o.value.substr(0, kMaxValueBytes);
        }
        items_[size_++] = o;
        return true;
    }
    // The usual fact: `subject` states `kind` = `value`, read by decoder `source`.
    bool emit(const Subject& subject, FactKind kind, std::string_view value,
              std::string_view source, const EvidenceRef& evidence) noexcept {
        return emit(Observation{subject, kind, value, source, evidence});
    }
    // The same for a value formatted on the stack: copied into the scratch space first.
    bool emit_copy(const Subject& subject, FactKind kind, std::string_view text,
                   std::string_view source, const EvidenceRef& evidence) noexcept {
        const auto stored = store(text);
        return stored && emit(subject, kind, *stored, source, evidence);
    }
    // Copies text into per-frame scratch space so a decoder can emit a value it formatted.
    // Returns nullopt (and counts) when the scratch is full. Keeps at most kMaxValueBytes:
    // emit() would cut the value there anyway.
    std::optional<std::string_view> store(std::string_view text) noexcept {
        text = text.substr(0, kMaxValueBytes);
        if (kScratchBytes - scratch_used_ < text.size()) {
            ++dropped_;
            return std::nullopt;
        }
        const std::size_t at = scratch_used_;
        text.copy(scratch_.data() + at, text.size());
        scratch_used_ += text.size();
        return std::string_view(scratch_.data() + at, text.size());
    }

    // What a recogniser learnt about the packet's conversation (service_class.h). Within one
    // frame the first statement with a product wins; a later one fills what is missing.
    void recognise(const Recognition& r) noexcept {
        if (r.empty()) {
            return;
        }
        if (recognition_.empty()) {
            recognition_ = r;
            return;
        }
        if (recognition_.product.empty() && !r.product.empty()) {
            recognition_.product = r.product;
            recognition_.version = r.version;
        }
    }
    [[nodiscard]] const Recognition& recognition() const noexcept { return recognition_; }
    void forget_recognition() noexcept { recognition_ = Recognition{}; }

    [[nodiscard]] std::span<const Observation> observations() const noexcept {
        return std::span<const Observation>(items_).first(size_);
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t dropped() const noexcept { return dropped_; }
    void clear() noexcept {
        size_ = 0;
        dropped_ = 0;
        scratch_used_ = 0;
        recognition_ = Recognition{};
    }

   private:
    std::array<Observation, kMaxPerFrame> items_{};
    std::array<char, kScratchBytes> scratch_{};
    std::size_t size_ = 0;
    std::size_t dropped_ = 0;
    std::size_t scratch_used_ = 0;
    Recognition recognition_;
};

}  // namespace daicho::collectors
