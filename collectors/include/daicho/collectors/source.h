#pragma once
// Packet sources: capture files (pcap and pcapng, through libpcap) and, later, live
// interfaces. Sources call back with Frames; the bytes live only during the callback.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "daicho/collectors/frame.h"

namespace daicho::collectors {

// A capture that cannot be opened or read. what() names the file and the problem.
class CaptureError : public std::runtime_error {
   public:
    CaptureError(const std::filesystem::path& file, const std::string& problem)
        : std::runtime_error(file.string() + ": " + problem), file_(file) {}
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

   private:
    std::filesystem::path file_;
};

struct CaptureProgress {
    std::uint64_t bytes_read = 0;   // file position
    std::uint64_t bytes_total = 0;  // file size
    std::uint64_t frames = 0;
};

class CaptureFile {
   public:
    // Opens and checks the header. Throws CaptureError (missing, unreadable, not a capture,
    // unsupported link type).
    explicit CaptureFile(const std::filesystem::path& path);
    ~CaptureFile();
    CaptureFile(const CaptureFile&) = delete;
    CaptureFile& operator=(const CaptureFile&) = delete;

    // Reads the next frame into `frame` (bytes valid until the next call). Returns false at
    // the clean end of the file. Throws CaptureError when the file is damaged (a truncated
    // record, a bad block), naming the frame number and byte offset.
    bool next(Frame& frame);

    [[nodiscard]] LinkType link_type() const noexcept;
    [[nodiscard]] CaptureProgress progress() const noexcept;
    [[nodiscard]] const std::filesystem::path& path() const noexcept;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Cheap identity of a capture's content for "already ingested?" checks: size plus a hash of
// the first and last MiB. Throws CaptureError if the file cannot be read.
struct CaptureFingerprint {
    std::uint64_t size = 0;
    std::string digest;  // hex
};
[[nodiscard]] CaptureFingerprint fingerprint_capture(const std::filesystem::path& path);

}  // namespace daicho::collectors
