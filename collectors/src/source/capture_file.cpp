// Capture files through libpcap, which reads both classic pcap and pcapng (including
// pcapng's per-interface link types as long as they agree). We keep libpcap's own error
// text and add the file name, frame number and byte offset, so a damaged capture is named
// precisely.

#include <pcap/pcap.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <system_error>
#include <vector>

#include "daicho/collectors/os.h"
#include "daicho/collectors/source.h"
#include "source/pcap_library.h"

namespace daicho::collectors {

namespace {

constexpr std::array<LinkType, 7> kSupportedLinks{LinkType::null,      LinkType::ethernet,
                                                  LinkType::raw,       LinkType::raw_dlt12,
                                                  LinkType::loop,      LinkType::linux_sll,
                                                  LinkType::linux_sll2};

std::string link_name(int dlt) {
    const char* name = pcap_file_library().datalink_val_to_name(dlt);
    return name != nullptr ? std::string(name) : std::to_string(dlt);
}

}  // namespace

constexpr std::size_t kStdioBufferBytes = std::size_t{1} << 20U;

struct CaptureFile::Impl {
    std::filesystem::path path;
    std::string name;
    std::unique_ptr<char[]> stdio_buffer;  // declared first: freed after pcap_close
    pcap_t* pcap = nullptr;
    LinkType link = LinkType::ethernet;
    std::uint64_t size = 0;
    std::uint64_t frames = 0;
    std::uint64_t last_good_offset = 0;
    std::atomic<bool> stopped{false};

    ~Impl() {
        if (pcap != nullptr) {
            pcap_file_library().close(pcap);
        }
    }
    [[nodiscard]] std::uint64_t offset() const noexcept {
        FILE* f = pcap_file_library().file(pcap);
        if (f == nullptr) {
            return 0;
        }
        const long at = std::ftell(f);
        return at < 0 ? 0 : static_cast<std::uint64_t>(at);
    }
};

CaptureFile::CaptureFile(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        throw CaptureError(path, CaptureProblem::no_such_file, {}, "no such file");
    }
    if (std::filesystem::is_directory(status)) {
        throw CaptureError(path, CaptureProblem::is_directory, {},
                           "is a directory, not a capture file");
    }
    impl_->size = std::filesystem::file_size(path, ec);
    if (ec) {
        throw CaptureError(path, "cannot read size: " + ec.message());
    }
    if (impl_->size == 0) {
        throw CaptureError(path, CaptureProblem::empty_file, {},
                           "empty file, not a packet capture");
    }
    // Our own FILE, so its buffer can be large: glibc's default (one 4 KiB block) means a
    // read(2) for every few frames, and those syscalls were a tenth of the reading cost.
    // Loaded before the file is opened: a missing libpcap is the first thing said.
    const PcapLibrary& pcap = pcap_file_library();
    FILE* fp = os::open_for_reading(path);
    if (fp == nullptr) {
        const std::string why = std::strerror(errno);
        throw CaptureError(path, CaptureProblem::cannot_open, {why}, "cannot open: " + why);
    }
    impl_->stdio_buffer = std::make_unique<char[]>(kStdioBufferBytes);
    static_cast<void>(std::setvbuf(fp, impl_->stdio_buffer.get(), _IOFBF, kStdioBufferBytes));
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    impl_->pcap =
        pcap.fopen_offline(fp, PCAP_TSTAMP_PRECISION_MICRO, err.data());
    if (impl_->pcap == nullptr) {
        std::fclose(fp);  // libpcap leaves a FILE it could not use to its owner
        const std::string libpcap_says = err.data();
        if (libpcap_says.find("unknown file format") != std::string::npos) {
            throw CaptureError(path, CaptureProblem::not_a_capture, {},
                               "not a packet capture (neither pcap nor pcapng)");
        }
        if (libpcap_says.find("truncated") != std::string::npos) {
            throw CaptureError(path, CaptureProblem::damaged_header, {libpcap_says},
                               "damaged capture header (" + libpcap_says + ")");
        }
        throw CaptureError(path, libpcap_says);
    }
    const int dlt = pcap.datalink(impl_->pcap);
    bool supported = false;
    for (auto l : kSupportedLinks) {
        supported = supported || static_cast<int>(l) == dlt;
    }
    if (!supported) {
        throw CaptureError(path, CaptureProblem::unsupported_link, {link_name(dlt)},
                           "unsupported link type " + link_name(dlt) +
                               " (daicho reads Ethernet, Linux cooked, loopback and raw IP)");
    }
    impl_->link = static_cast<LinkType>(dlt);
    impl_->last_good_offset = impl_->offset();
}

CaptureFile::~CaptureFile() = default;

bool CaptureFile::next(Frame& frame) {
    if (impl_->stopped.load(std::memory_order_relaxed)) {
        return false;
    }
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_file_library().next_ex(impl_->pcap, &hdr, &data);
    if (rc == 1) {
        ++impl_->frames;
        frame.ts_us = static_cast<std::int64_t>(hdr->ts.tv_sec) * 1'000'000 +
                      static_cast<std::int64_t>(hdr->ts.tv_usec);
        frame.link = impl_->link;
        frame.interface_id = 0;
        frame.bytes = std::as_bytes(std::span<const u_char>(data, hdr->caplen));
        frame.wire_len = hdr->len < hdr->caplen ? hdr->caplen : hdr->len;
        frame.evidence.frame_no = impl_->frames;
        frame.evidence.ts_us = frame.ts_us;
        return true;
    }
    if (rc == PCAP_ERROR_BREAK) {
        return false;  // clean end of file
    }
    const std::string why = pcap_file_library().geterr(impl_->pcap);
    const std::string frames = std::to_string(impl_->frames);
    const std::string at = std::to_string(impl_->offset());
    const std::string size = std::to_string(impl_->size);
    throw CaptureError(
        impl_->path, CaptureProblem::damaged, {frames, at, size, why},
        "damaged after frame " + frames + " (near byte " + at + " of " + size + "): " + why);
}

void CaptureFile::stop() noexcept { impl_->stopped.store(true, std::memory_order_relaxed); }

LinkType CaptureFile::link_type(std::uint16_t /*id*/) const noexcept { return impl_->link; }

const std::string& CaptureFile::name() const noexcept { return impl_->name; }

SourceStats CaptureFile::stats() const noexcept { return {impl_->frames, std::nullopt}; }

CaptureProgress CaptureFile::progress() const noexcept {
    return {impl_->offset(), impl_->size, impl_->frames};
}

const std::filesystem::path& CaptureFile::path() const noexcept { return impl_->path; }

CaptureFingerprint fingerprint_capture(const std::filesystem::path& path) {
    // FNV-1a over the size, the first MiB and the last MiB: enough to tell captures apart
    // without reading multi-GB files twice. Not a security boundary.
    constexpr std::uint64_t kWindow = 1U << 20U;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw CaptureError(path, std::string("cannot open: ") + std::strerror(errno));
    }
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) {
        throw CaptureError(path, "cannot read size: " + ec.message());
    }
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](const char* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            h ^= static_cast<unsigned char>(p[i]);  // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
            h *= 0x100000001b3ULL;
        }
    };
    mix(reinterpret_cast<const char*>(&size), sizeof size);  // NOLINT
    std::vector<char> buf(kWindow);
    in.read(buf.data(), static_cast<std::streamsize>(std::min(size, kWindow)));
    mix(buf.data(), static_cast<std::size_t>(in.gcount()));
    if (size > kWindow) {
        const std::uint64_t tail_at = size > 2 * kWindow ? size - kWindow : kWindow;
        in.clear();
        in.seekg(static_cast<std::streamoff>(tail_at));
        in.read(buf.data(), static_cast<std::streamsize>(size - tail_at));
        mix(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        throw CaptureError(path, "read error while fingerprinting");
    }
    std::array<char, 17> hex{};
    std::snprintf(hex.data(), hex.size(), "%016llx", static_cast<unsigned long long>(h));
    return {size, std::string(hex.data(), 16)};
}

}  // namespace daicho::collectors
