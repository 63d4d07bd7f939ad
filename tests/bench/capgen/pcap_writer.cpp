#include "pcap_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace daicho::capgen {

namespace {
constexpr std::uint32_t kPcapMagicMicros = 0xa1b2c3d4;
constexpr std::uint32_t kHeaderSnaplenFull = 65535;
}  // namespace

PcapWriter::PcapWriter(const std::filesystem::path& path, std::uint32_t snaplen)
    : path_(path), snaplen_(snaplen), buffer_(kBufferBytes) {
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
        throw std::runtime_error(path.string() + ": cannot create: " + std::strerror(errno));
    }
    put_le32(kPcapMagicMicros);
    put_le32(2U | (4U << 16U));  // version 2.4, as two little-endian u16
    put_le32(0);                 // thiszone
    put_le32(0);                 // sigfigs
    put_le32(kHeaderSnaplenFull);
    put_le32(kLinktypeEthernet);
}

PcapWriter::~PcapWriter() {
    // Only reached without close() when an exception is already on its way out; the file is
    // incomplete either way, so errors here add nothing.
    if (file_ != nullptr) {
        std::fclose(file_);
    }
}

void PcapWriter::put_le32(std::uint32_t v) {
    if (buffer_.size() - used_ < 4) {
        flush();
    }
    for (unsigned i = 0; i < 4; ++i) {
        buffer_[used_++] = static_cast<std::uint8_t>(v >> (8U * i));
    }
}

void PcapWriter::write(std::int64_t ts_us, std::span<const std::uint8_t> frame, bool may_cut) {
    const auto wire = static_cast<std::uint32_t>(frame.size());
    const std::uint32_t cap = snaplen_ != 0 && may_cut ? std::min(wire, snaplen_) : wire;
    if (buffer_.size() - used_ < 16 + std::size_t{cap}) {
        flush();
    }
    put_le32(static_cast<std::uint32_t>(ts_us / 1000000));
    put_le32(static_cast<std::uint32_t>(ts_us % 1000000));
    put_le32(cap);
    put_le32(wire);
    std::copy_n(frame.begin(), cap, buffer_.begin() + static_cast<std::ptrdiff_t>(used_));
    used_ += cap;
    ++frames_;
    captured_bytes_ += cap;
    wire_bytes_ += wire;
}

void PcapWriter::flush() {
    if (used_ == 0 || file_ == nullptr) {
        return;
    }
    const std::size_t pending = used_;
    const std::size_t n = std::fwrite(buffer_.data(), 1, pending, file_);
    used_ = 0;
    if (n != pending) {
        throw std::runtime_error(path_.string() + ": write failed: " + std::strerror(errno));
    }
}

void PcapWriter::close() {
    if (file_ == nullptr) {
        return;
    }
    const std::size_t pending = used_;
    const std::size_t n = pending == 0 ? 0 : std::fwrite(buffer_.data(), 1, pending, file_);
    used_ = 0;
    const bool bad = n != pending || std::fclose(file_) != 0;
    file_ = nullptr;
    if (bad) {
        throw std::runtime_error(path_.string() + ": write failed: " + std::strerror(errno));
    }
}

}  // namespace daicho::capgen
