// open_capture_file(): the PacketSource the pipeline reads a capture file through. The file
// is read ahead on its own thread (read_ahead.h), which is this source's implementation
// detail: the caller sees CaptureFile's contract.

#include <atomic>
#include <memory>

#include "daicho/collectors/source.h"
#include "source/read_ahead.h"

namespace daicho::collectors {

namespace {

class FileSource final : public PacketSource {
   public:
    explicit FileSource(const std::filesystem::path& path) : file_(path), reader_(file_) {}

    bool next(Frame& frame) override {
        return !stopped_.load(std::memory_order_relaxed) && reader_.next(frame);
    }
    void stop() noexcept override { stopped_.store(true, std::memory_order_relaxed); }
    // The file's name and link type are fixed once it is open, so reading them here while the
    // reader thread reads frames is safe.
    [[nodiscard]] LinkType link_type(std::uint16_t id = 0) const noexcept override {
        return file_.link_type(id);
    }
    [[nodiscard]] const std::string& name() const noexcept override { return file_.name(); }
    [[nodiscard]] bool finite() const noexcept override { return true; }
    [[nodiscard]] CaptureProgress progress() const noexcept override { return reader_.progress(); }
    [[nodiscard]] SourceStats stats() const noexcept override {
        return {reader_.progress().frames, std::nullopt};
    }
    [[nodiscard]] std::optional<PacketDigest> digest() const noexcept override {
        return reader_.digest();
    }

   private:
    CaptureFile file_;  // read only by reader_'s thread while reader_ lives
    ReadAhead reader_;  // declared after file_: stops and joins before the file closes
    std::atomic<bool> stopped_{false};
};

}  // namespace

std::unique_ptr<PacketSource> open_capture_file(const std::filesystem::path& path) {
    return std::make_unique<FileSource>(path);
}

}  // namespace daicho::collectors
