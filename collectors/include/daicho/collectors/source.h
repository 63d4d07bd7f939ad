#pragma once
// Packet sources behind one interface (ARCHITECTURE.md "collectors"): the pipeline reads a
// PacketSource and does not know whether frames come from a capture file or, later, a live
// interface. Frames' bytes live only until the next call.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "daicho/collectors/frame.h"
#include "daicho/collectors/packet_digest.h"

namespace daicho::collectors {

// What is wrong with a capture, as data: a front end says it in the user's language from
// problem() and args() (the CLI's message table) without parsing what(). The comment lists
// args() in order; `other` is said by what() alone.
enum class CaptureProblem : std::uint8_t {
    other,
    no_such_file,       // {1} file
    is_directory,       // {1} file
    empty_file,         // {1} file
    not_a_capture,      // {1} file
    damaged_header,     // {1} file, {2} libpcap's words
    unsupported_link,   // {1} file or interface, {2} the link type
    damaged,            // {1} file, {2} frames before the damage, {3} near byte, {4} file size,
                        // {5} libpcap's words
    cannot_open,        // {1} file, {2} the system's reason
    interface_failed,   // {1} interface, {2} libpcap's reason
    permission_denied,  // {1} interface, {2} libpcap's reason
    bad_filter,         // {1} interface, {2} the filter, {3} libpcap's reason
};

// A capture that cannot be opened or read. what() names the file and the problem in English
// (logs, tests); problem() and args() say the same as data.
class CaptureError : public std::runtime_error {
   public:
    CaptureError(const std::filesystem::path& file, const std::string& problem)
        : std::runtime_error(file.string() + ": " + problem), file_(file) {}
    // args() are the arguments after the file, which is always {1}.
    CaptureError(const std::filesystem::path& file, CaptureProblem code,
                 std::vector<std::string> args, const std::string& problem)
        : std::runtime_error(file.string() + ": " + problem), file_(file), code_(code) {
        args_.reserve(args.size() + 1);
        args_.push_back(file.string());
        std::move(args.begin(), args.end(), std::back_inserter(args_));
    }
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }
    [[nodiscard]] CaptureProblem problem() const noexcept { return code_; }
    [[nodiscard]] const std::vector<std::string>& args() const noexcept { return args_; }

   private:
    std::filesystem::path file_;
    CaptureProblem code_ = CaptureProblem::other;
    std::vector<std::string> args_;
};

// The capture library itself is missing (libpcap on Linux; Npcap's wpcap.dll on Windows, which
// the hospital installs: daicho may not bundle it). library() names it, where() says how to get
// it; what() is the loader's reason.
class CaptureUnavailable : public std::runtime_error {
   public:
    CaptureUnavailable(std::string library, std::string where, const std::string& why)
        : std::runtime_error(why), library_(std::move(library)), where_(std::move(where)) {}
    [[nodiscard]] const std::string& library() const noexcept { return library_; }
    [[nodiscard]] const std::string& where() const noexcept { return where_; }

   private:
    std::string library_;
    std::string where_;
};

struct CaptureProgress {
    std::uint64_t bytes_read = 0;   // file position; bytes captured for a live source
    std::uint64_t bytes_total = 0;  // file size; 0 when the source has no end (live)
    std::uint64_t frames = 0;       // handed out so far
};

struct SourceStats {
    std::uint64_t received = 0;  // frames handed out
    // Frames lost before the source could hand them out (a live interface: the kernel's
    // buffer overflowed, libpcap's ps_drop + ps_ifdrop). nullopt where the source cannot know;
    // a file loses none (damage is an error instead).
    std::optional<std::uint64_t> dropped;
};

class PacketSource {
   public:
    PacketSource() = default;
    virtual ~PacketSource() = default;
    PacketSource(const PacketSource&) = delete;
    PacketSource& operator=(const PacketSource&) = delete;

    // Reads the next frame into `frame` (bytes valid until the next call). Returns false when
    // the source has ended: a file at its clean end, a live source only after stop(). Throws
    // CaptureError when the source breaks; a damaged file yields every frame before the damage
    // first, then the error, naming the frame number and byte offset.
    virtual bool next(Frame& frame) = 0;
    // Asks next() to return false soon (a daemon shutting down). Safe from another thread.
    virtual void stop() noexcept = 0;

    // Interfaces the frames come from (Frame::interface_id < this); a capture file has one.
    [[nodiscard]] virtual std::uint16_t interface_count() const noexcept { return 1; }
    // The link type of interface `id` (each Frame carries its own too).
    [[nodiscard]] virtual LinkType link_type(std::uint16_t id = 0) const noexcept = 0;
    // What evidence names the source by: a capture file's path as given, an interface name.
    [[nodiscard]] virtual const std::string& name() const noexcept = 0;
    // True for a source that ends by itself (a file); false for one that runs until stopped.
    [[nodiscard]] virtual bool finite() const noexcept = 0;
    [[nodiscard]] virtual CaptureProgress progress() const noexcept = 0;
    [[nodiscard]] virtual SourceStats stats() const noexcept = 0;
    // The packet digest (packet_digest.h) of the frames handed out so far, for a source that
    // computes it itself off the caller's thread; nullopt: the caller digests the frames.
    [[nodiscard]] virtual std::optional<PacketDigest> digest() const noexcept {
        return std::nullopt;
    }
};

// A capture file (pcap or pcapng, through libpcap), read on the calling thread.
class CaptureFile final : public PacketSource {
   public:
    // Opens and checks the header. Throws CaptureError (missing, unreadable, not a capture,
    // unsupported link type).
    explicit CaptureFile(const std::filesystem::path& path);
    ~CaptureFile() override;

    bool next(Frame& frame) override;
    void stop() noexcept override;
    [[nodiscard]] LinkType link_type(std::uint16_t id = 0) const noexcept override;
    [[nodiscard]] const std::string& name() const noexcept override;
    [[nodiscard]] bool finite() const noexcept override { return true; }
    [[nodiscard]] CaptureProgress progress() const noexcept override;
    [[nodiscard]] SourceStats stats() const noexcept override;

    [[nodiscard]] const std::filesystem::path& path() const noexcept;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The source the pipeline reads a capture file through: a CaptureFile read a few blocks ahead
// on its own thread (source/read_ahead.h), same contract. Throws CaptureError as CaptureFile.
[[nodiscard]] std::unique_ptr<PacketSource> open_capture_file(const std::filesystem::path& path);

// Cheap identity of a capture file's bytes: size plus a hash of the first and last MiB. Kept
// to recognise captures recorded before packet digests (packet_digest.h) existed. Throws
// CaptureError if the file cannot be read.
struct CaptureFingerprint {
    std::uint64_t size = 0;
    std::string digest;  // hex
};
[[nodiscard]] CaptureFingerprint fingerprint_capture(const std::filesystem::path& path);

}  // namespace daicho::collectors
