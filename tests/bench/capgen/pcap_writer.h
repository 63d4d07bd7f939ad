#pragma once
// Writes a classic pcap file (https://www.tcpdump.org/manpages/pcap-savefile.5.html):
// little-endian, microsecond timestamps, LINKTYPE_ETHERNET. Buffered in one fixed block so
// that writing millions of frames costs no allocation per frame.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <vector>

namespace daicho::capgen {

class PcapWriter {
   public:
    static constexpr std::uint32_t kLinktypeEthernet = 1;
    static constexpr std::size_t kBufferBytes = std::size_t{1} << 20U;

    // `snaplen` 0 = keep whole frames. The header says 65535 either way, since frames
    // written with may_cut = false are longer than the snaplen. Throws std::runtime_error naming
    // the file when it cannot be created.
    PcapWriter(const std::filesystem::path& path, std::uint32_t snaplen);
    ~PcapWriter();
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    // Records the frame; when `may_cut`, cut to the snaplen (the record keeps the full wire
    // length). The generator cuts only bulk TCP, so identity frames stay whole.
    void write(std::int64_t ts_us, std::span<const std::uint8_t> frame, bool may_cut = true);
    // Flushes and closes; throws on a write error (disk full). Must be called: the destructor
    // only releases the handle.
    void close();

    [[nodiscard]] std::uint64_t frames() const noexcept { return frames_; }
    [[nodiscard]] std::uint64_t captured_bytes() const noexcept { return captured_bytes_; }
    [[nodiscard]] std::uint64_t wire_bytes() const noexcept { return wire_bytes_; }

   private:
    void put_le32(std::uint32_t v);
    void flush();

    std::filesystem::path path_;
    std::FILE* file_ = nullptr;
    std::uint32_t snaplen_ = 0;
    std::vector<std::uint8_t> buffer_;
    std::size_t used_ = 0;
    std::uint64_t frames_ = 0;
    std::uint64_t captured_bytes_ = 0;
    std::uint64_t wire_bytes_ = 0;
};

}  // namespace daicho::capgen
