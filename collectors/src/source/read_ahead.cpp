// ReadAhead: a reader thread that copies frames from a CaptureFile into a fixed ring of
// blocks. One mutex and two condition variables, touched once per block (thousands of
// frames), never per frame. A block is either the reader's (being filled), queued, or the
// caller's (being read); `filled_` counts the latter two, so the reader may fill the block
// after them whenever filled_ < blocks.

#include "source/read_ahead.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#ifdef __linux__
#include <pthread.h>
#endif

namespace daicho::collectors {

namespace {

// libpcap's MAXIMUM_SNAPLEN: no frame it hands out is longer, so a block this big always
// takes at least one frame.
constexpr std::size_t kMaxFrameBytes = 262144;
// Records per block are bounded too: a capture of empty frames must not grow a vector.
constexpr std::size_t kMinBytesPerRecord = 32;

struct Record {
    std::int64_t ts_us;
    std::uint64_t frame_no;
    std::uint64_t digest;  // PacketDigest::value() after this frame
    std::uint32_t offset;
    std::uint32_t caplen;
    std::uint32_t wire_len;
};

struct Block {
    std::unique_ptr<std::byte[]> bytes;
    std::size_t used = 0;
    std::vector<Record> records;  // reserved once; never grows past its capacity
    CaptureProgress progress;
    bool last = false;
    std::exception_ptr error;

    void reset() noexcept {
        used = 0;
        records.clear();
        last = false;
        error = nullptr;
    }
};

}  // namespace

struct ReadAhead::Impl {
    CaptureFile& file;
    LinkType link;
    std::uint64_t total;
    std::size_t block_bytes;
    std::vector<Block> blocks;

    std::mutex mutex;
    std::condition_variable block_filled;
    std::condition_variable block_freed;
    std::size_t filled = 0;  // queued + the caller's
    bool stopping = false;

    // Reader side.
    std::size_t fill_at = 0;
    // Caller side.
    std::size_t read_at = 0;
    Block* current = nullptr;
    std::size_t pos = 0;
    CaptureProgress at;  // the progress of `current`, kept once the ring is released
    std::uint64_t handed_out = 0;
    std::uint64_t digest_value = PacketDigest{}.value();  // after the frames handed out
    bool done = false;

    std::thread reader;

    Impl(CaptureFile& f, const ReadAheadConfig& config)
        : file(f),
          link(f.link_type()),
          total(f.progress().bytes_total),
          block_bytes(config.block_bytes),
          blocks(config.blocks) {
        for (auto& b : blocks) {
            b.bytes = std::make_unique_for_overwrite<std::byte[]>(
                block_bytes);  // pages stay untouched until used
            b.records.reserve(block_bytes / kMinBytesPerRecord);
        }
    }

    // Reader: waits for a free block; nullptr when told to stop.
    Block* take_free() {
        std::unique_lock lock(mutex);
        block_freed.wait(lock, [&] { return stopping || filled < blocks.size(); });
        if (stopping) {
            return nullptr;
        }
        Block* b = &blocks[fill_at];
        fill_at = (fill_at + 1) % blocks.size();
        return b;
    }

    void publish() {
        {
            const std::lock_guard lock(mutex);
            ++filled;
        }
        block_filled.notify_one();
    }

    [[nodiscard]] static bool fits(const Block& b, std::size_t n, std::size_t block_bytes) {
        return b.records.size() < b.records.capacity() && b.used + n <= block_bytes;
    }

    void run() noexcept {
        Frame frame;
        PacketDigest digest;
        bool pending = false;  // `frame` was read but did not fit the last block
        Block* b = nullptr;
        try {
            for (;;) {
                b = take_free();
                if (b == nullptr) {
                    return;
                }
                b->reset();
                bool end = false;
                for (;;) {
                    if (!pending) {
                        if (!file.next(frame)) {
                            end = true;
                            break;
                        }
                        pending = true;
                    }
                    const std::size_t n = frame.bytes.size();
                    if (!fits(*b, n, block_bytes)) {
                        if (b->records.empty()) {
                            throw CaptureError(file.path(),
                                               "frame " + std::to_string(frame.evidence.frame_no) +
                                                   " is longer than libpcap's maximum snaplen");
                        }
                        break;
                    }
                    std::copy(frame.bytes.begin(), frame.bytes.end(),
                              std::span<std::byte>(b->bytes.get(), block_bytes)
                                  .subspan(b->used, n)
                                  .begin());
                    digest.add(frame);  // on this thread: the caller's core decodes
                    b->records.push_back(Record{frame.ts_us, frame.evidence.frame_no,
                                                digest.value(), static_cast<std::uint32_t>(b->used),
                                                static_cast<std::uint32_t>(n), frame.wire_len});
                    b->used += n;
                    pending = false;
                }
                b->progress = file.progress();
                b->last = end;
                publish();
                if (end) {
                    return;
                }
                b = nullptr;
            }
        } catch (...) {
            if (b == nullptr) {
                b = take_free();
                if (b == nullptr) {
                    return;
                }
                b->reset();
            }
            // The frames already in the block come first, then the error.
            b->progress = file.progress();
            b->last = true;
            b->error = std::current_exception();
            publish();
        }
    }

    // Caller: the next filled block, after giving back the one it was reading.
    Block* take_filled() {
        std::unique_lock lock(mutex);
        if (current != nullptr) {
            --filled;
            block_freed.notify_one();
        }
        block_filled.wait(lock, [&] { return filled > 0; });
        Block* b = &blocks[read_at];
        read_at = (read_at + 1) % blocks.size();
        return b;
    }

    void stop() noexcept {
        {
            const std::lock_guard lock(mutex);
            stopping = true;
        }
        block_freed.notify_all();
        if (reader.joinable()) {
            reader.join();
        }
    }

    // The caller has taken the last block, so the reader has returned: the ring (16 MiB by
    // default) is given back now rather than when the source is destroyed. A pipeline keeps
    // its source open while it commits the capture, and the commit is when the ledger side
    // needs its memory.
    void release() noexcept {
        stop();
        current = nullptr;
        blocks.clear();
        blocks.shrink_to_fit();
    }
};

ReadAhead::ReadAhead(CaptureFile& file, const ReadAheadConfig& config) {
    if (config.blocks < 2 || config.blocks > 64) {
        throw std::invalid_argument("read-ahead blocks must be between 2 and 64");
    }
    if (config.block_bytes < kMaxFrameBytes || config.block_bytes > (std::size_t{1} << 30U)) {
        throw std::invalid_argument("read-ahead block_bytes must be between 256 KiB and 1 GiB");
    }
    impl_ = std::make_unique<Impl>(file, config);
    impl_->reader = std::thread([impl = impl_.get()] {
    // Named for top/perf; Linux only, and the name is a nicety, so failure is ignored.
#ifdef __linux__
        static_cast<void>(pthread_setname_np(pthread_self(), "daicho-read"));
#endif
        impl->run();
    });
}

ReadAhead::~ReadAhead() { impl_->stop(); }

bool ReadAhead::next(Frame& frame) {
    Impl& s = *impl_;
    for (;;) {
        if (s.current != nullptr && s.pos < s.current->records.size()) {
            const Record& r = s.current->records[s.pos++];
            frame.ts_us = r.ts_us;
            frame.link = s.link;
            frame.interface_id = 0;
            frame.bytes = std::span<const std::byte>(s.current->bytes.get(), s.block_bytes)
                              .subspan(r.offset, r.caplen);
            frame.wire_len = r.wire_len;
            frame.evidence.frame_no = r.frame_no;
            frame.evidence.ts_us = r.ts_us;
            ++s.handed_out;
            s.digest_value = r.digest;
            return true;
        }
        if (s.done) {
            return false;
        }
        if (s.current != nullptr && s.current->last) {
            s.done = true;
            const std::exception_ptr error = s.current->error;
            s.release();
            if (error) {
                std::rethrow_exception(error);
            }
            return false;
        }
        s.current = s.take_filled();
        s.at = s.current->progress;
        s.pos = 0;
    }
}

PacketDigest ReadAhead::digest() const noexcept {
    return PacketDigest::resume(impl_->digest_value, impl_->handed_out);
}

CaptureProgress ReadAhead::progress() const noexcept {
    const Impl& s = *impl_;
    CaptureProgress p = s.at;
    p.bytes_total = s.total;
    p.frames = s.handed_out;
    return p;
}

}  // namespace daicho::collectors
