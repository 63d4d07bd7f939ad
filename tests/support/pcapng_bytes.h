#pragma once
// pcapng file bytes (draft-ietf-opsawg-pcapng §4.1 SHB, §4.2 IDB, §4.3 EPB; little-endian,
// default microsecond resolution) from the same records pcap_bytes() takes, so a test can hold
// one capture in both formats.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pcap_bytes.h"

namespace daicho::test {

inline std::vector<std::byte> pcapng_bytes(std::span<const PcapRecord> records,
                                           std::uint16_t linktype = 1) {
    std::vector<std::byte> out;
    // Section Header Block: type, length, byte-order magic, version 1.0, section length -1.
    put_le32(out, 0x0A0D0D0A);
    put_le32(out, 28);
    put_le32(out, 0x1A2B3C4D);
    put_le16(out, 1);
    put_le16(out, 0);
    put_le32(out, 0xFFFFFFFF);
    put_le32(out, 0xFFFFFFFF);
    put_le32(out, 28);
    // Interface Description Block: link type, reserved, snaplen; no options (so µs stamps).
    put_le32(out, 1);
    put_le32(out, 20);
    put_le16(out, linktype);
    put_le16(out, 0);
    put_le32(out, 262144);
    put_le32(out, 20);
    for (const auto& r : records) {
        const auto caplen = static_cast<std::uint32_t>(r.bytes.size());
        const std::uint32_t padded = (caplen + 3U) & ~3U;
        const std::uint32_t total = 32 + padded;
        const std::uint64_t ts = std::uint64_t{r.ts_sec} * 1'000'000 + r.ts_usec;
        put_le32(out, 6);  // Enhanced Packet Block
        put_le32(out, total);
        put_le32(out, 0);  // interface 0
        put_le32(out, static_cast<std::uint32_t>(ts >> 32U));
        put_le32(out, static_cast<std::uint32_t>(ts & 0xFFFFFFFFU));
        put_le32(out, caplen);
        put_le32(out, r.wire_len != 0 ? r.wire_len : caplen);
        out.insert(out.end(), r.bytes.begin(), r.bytes.end());
        out.insert(out.end(), padded - caplen, std::byte{0});
        put_le32(out, total);
    }
    return out;
}

}  // namespace daicho::test
