#pragma once
// Classic pcap file bytes (LINKTYPE_ETHERNET unless told otherwise, microsecond stamps) from
// frames held in memory, for tests that need a capture file on disk.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <vector>

namespace daicho::test {

struct PcapRecord {
    std::vector<std::byte> bytes;
    std::uint32_t ts_sec = 1772438400;  // 2026-03-02T08:00:00Z
    std::uint32_t ts_usec = 0;
    std::uint32_t wire_len = 0;  // 0: same as bytes.size()
};

inline void put_le32(std::vector<std::byte>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xffU));
    }
}
inline void put_le16(std::vector<std::byte>& out, std::uint16_t v) {
    out.push_back(static_cast<std::byte>(v & 0xffU));
    out.push_back(static_cast<std::byte>(v >> 8U));
}

inline std::vector<std::byte> pcap_bytes(std::span<const PcapRecord> records,
                                         std::uint32_t linktype = 1) {
    std::vector<std::byte> out;
    put_le32(out, 0xa1b2c3d4);  // magic, microsecond resolution
    put_le16(out, 2);
    put_le16(out, 4);
    put_le32(out, 0);        // thiszone
    put_le32(out, 0);        // sigfigs
    put_le32(out, 262144);   // snaplen
    put_le32(out, linktype);
    for (const auto& r : records) {
        put_le32(out, r.ts_sec);
        put_le32(out, r.ts_usec);
        put_le32(out, static_cast<std::uint32_t>(r.bytes.size()));
        put_le32(out, r.wire_len != 0 ? r.wire_len : static_cast<std::uint32_t>(r.bytes.size()));
        out.insert(out.end(), r.bytes.begin(), r.bytes.end());
    }
    return out;
}

inline void write_file(const std::filesystem::path& path, std::span<const std::byte> bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),  // NOLINT
              static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

}  // namespace daicho::test
