// SNMP interface and address tables as evidence of one box: when a walk of an agent crosses
// the sensor, its answers list the MACs and IP addresses of all its interfaces, so rows the
// sensor sees with those MACs or addresses are interfaces of the answering box.
// Refs: RFC 2863 §6 / RFC 1213 §6.4 ifTable: ifPhysAddress 1.3.6.1.2.1.2.2.1.6.<ifIndex>
//   (PhysAddress, RFC 2579); RFC 1213 §6.4 ipAddrTable: ipAdEntAddr 1.3.6.1.2.1.4.20.1.1.<a.b.c.d>
//   (IpAddress) and ipAdEntIfIndex 1.3.6.1.2.1.4.20.1.2.<a.b.c.d> (INTEGER), both indexed by the
//   address; RFC 4293 §5 ipAddressTable: ipAddressIfIndex 1.3.6.1.2.1.4.34.1.3.<type>.<len>.<addr>
//   (InetAddressType + InetAddress index, RFC 4001 §3; RFC 2578 §7.7 length-prefixed string
//   index); OID sub-identifiers per X.690 §8.19.
// Facts (subject: the agent that answered): interface_mac "aa:bb:cc:dd:ee:ff" (6-octet
//   ifPhysAddress only), interface_address "192.0.2.1" / "2001:db8::1".
// Ignored, by design: empty and non-6-octet physical addresses (loopback, tunnels, serial
//   lines), all-zero, group and IANA-assigned MACs (00-00-5E: VRRP virtual routers move between
//   boxes); loopback, unspecified, broadcast and multicast addresses (every box has 127.0.0.1;
//   none names an interface on the wire); zoned addresses (ipv4z/ipv6z: a zone index is local to
//   the box); cells whose value is noSuchInstance/endOfMibView or of the wrong type (the name
//   of such a cell is the request's, not a row of the table).

#include "proto/snmp/interfaces.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "proto/common/text.h"

namespace daicho::collectors::snmp {
namespace {

// BER contents of the column OIDs; the instance (the table's index) follows.
constexpr std::string_view kIfPhysAddress{"\x2b\x06\x01\x02\x01\x02\x02\x01\x06", 9};
constexpr std::string_view kIpAdEntAddr{"\x2b\x06\x01\x02\x01\x04\x14\x01\x01", 9};
constexpr std::string_view kIpAdEntIfIndex{"\x2b\x06\x01\x02\x01\x04\x14\x01\x02", 9};
constexpr std::string_view kIpAddressIfIndex{"\x2b\x06\x01\x02\x01\x04\x22\x01\x03", 9};

constexpr std::uint32_t kInetIpv4 = 1;  // RFC 4001 §3 InetAddressType ipv4(1)
constexpr std::uint32_t kInetIpv6 = 2;  // ipv6(2); ipv4z(3) and ipv6z(4) carry a zone: skipped
constexpr std::size_t kMaxSubidBytes = 5;  // a sub-identifier of up to 32 bits (X.690 §8.19)

// One sub-identifier (X.690 §8.19.2: base 128, bit 8 set on every octet but the last, no
// leading 0x80). nullopt when cut, non-minimal or over 32 bits.
std::optional<std::uint32_t> subid(ByteReader& in) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < kMaxSubidBytes; ++i) {
        const auto b = in.u8();
        if (!b || (i == 0 && *b == 0x80U)) {
            return std::nullopt;
        }
        v = (v << 7U) | (*b & 0x7FU);
        if ((*b & 0x80U) == 0) {
            return v <= 0xFFFFFFFFU ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(v))
                                    : std::nullopt;
        }
    }
    return std::nullopt;
}

// N sub-identifiers that are octets (an address written into an index, RFC 2578 §7.7).
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> octet_subids(ByteReader& in) noexcept {
    std::array<std::uint8_t, N> out{};
    for (auto& o : out) {
        const auto v = subid(in);
        if (!v || *v > 0xFFU) {
            return std::nullopt;
        }
        o = static_cast<std::uint8_t>(*v);
    }
    return out;
}

bool interface_ipv4(const std::array<std::uint8_t, 4>& a) noexcept {
    const bool unspecified = a == std::array<std::uint8_t, 4>{};
    const bool broadcast = a == std::array<std::uint8_t, 4>{0xFF, 0xFF, 0xFF, 0xFF};
    return !unspecified && !broadcast && a[0] != 127 && (a[0] & 0xF0U) != 0xE0U;  // 127/8, 224/4
}

bool interface_ipv6(const std::array<std::uint8_t, 16>& a) noexcept {
    std::array<std::uint8_t, 16> loopback{};
    loopback[15] = 1;
    return a != std::array<std::uint8_t, 16>{} && a != loopback && a[0] != 0xFF;  // RFC 4291 §2.7
}

void emit_ipv4(const std::array<std::uint8_t, 4>& a, const Emitter& emit) noexcept {
    if (interface_ipv4(a)) {
        text::FixedText<16> t;
        text::append_ipv4(t, a);
        emit.copy(FactKind::interface_address, t.view());
    }
}

// ipAddressIfIndex.<type>.<len>.<address>: the whole rest of the name is the index.
void read_inet_index(ByteReader index, const Emitter& emit) noexcept {
    const auto type = subid(index);
    const auto len = subid(index);
    if (!type || !len) {
        return;
    }
    if (*type == kInetIpv4 && *len == 4) {
        const auto a = octet_subids<4>(index);
        if (a && index.empty()) {
            emit_ipv4(*a, emit);
        }
    } else if (*type == kInetIpv6 && *len == 16) {
        const auto a = octet_subids<16>(index);
        if (a && index.empty() && interface_ipv6(*a)) {
            text::FixedText<48> t;
            text::append_ipv6(t, *a);
            emit.copy(FactKind::interface_address, t.view());
        }
    }
}

void read_phys_address(ByteReader index, const ber::Element& value, const Emitter& emit) noexcept {
    const auto if_index = subid(index);
    if (!if_index || !index.empty() || value.tag != ber::kOctetString ||
        value.value.remaining() != 6) {
        return;
    }
    auto octets = value.value;
    const auto m = octets.array<6>();
    if (!m) {
        return;
    }
    const bool zero = *m == std::array<std::uint8_t, 6>{};
    const bool group = ((*m)[0] & 0x01U) != 0;
    const bool iana = (*m)[0] == 0x00 && (*m)[1] == 0x00 && (*m)[2] == 0x5E;  // RFC 7042 §2.1
    if (zero || group || iana) {
        return;
    }
    text::FixedText<17> t;
    for (std::size_t i = 0; i < m->size(); ++i) {
        if (i != 0) {
            t.put(':');
        }
        t.append_hex(m->at(i));
    }
    emit.copy(FactKind::interface_mac, t.view());
}

}  // namespace

void interpret_interface_cell(ByteReader name, const ber::Element& value,
                              const Emitter& emit) noexcept {
    const auto index_after = [&name](std::string_view column) -> std::optional<ByteReader> {
        auto rest = name;
        if (!rest.starts_with(column) || !rest.skip(column.size())) {
            return std::nullopt;
        }
        return rest;
    };
    if (auto index = index_after(kIfPhysAddress)) {
        read_phys_address(*index, value, emit);
        return;
    }
    const auto ip_column = index_after(kIpAdEntAddr);
    const auto if_column = index_after(kIpAdEntIfIndex);
    if (ip_column || if_column) {
        // The column's own type: ipAdEntAddr IpAddress, ipAdEntIfIndex INTEGER.
        if (value.tag != (ip_column ? ber::kIpAddress : ber::kInteger)) {
            return;
        }
        auto index = ip_column ? *ip_column : *if_column;
        const auto a = octet_subids<4>(index);
        if (a && index.empty()) {
            emit_ipv4(*a, emit);
        }
        return;
    }
    if (const auto index = index_after(kIpAddressIfIndex); index && value.tag == ber::kInteger) {
        read_inet_index(*index, emit);
    }
}

}  // namespace daicho::collectors::snmp
