#include "pipeline/ingest.h"

#include <utility>

#include "daicho/collectors/read_ahead.h"

#include "daicho/collectors/read_ahead.h"

namespace daicho::agent {

namespace {

// Progress callbacks every 2^16 frames: cheap enough to ignore, frequent enough for a bar.
constexpr std::uint64_t kProgressEvery = 1U << 16U;

bool is_device_source(const collectors::PacketContext& ctx) noexcept {
    return ctx.has_l2 && !ctx.src_mac.is_group() && !ctx.src_mac.is_zero();
}

}  // namespace

IngestPipeline::IngestPipeline(ledger::Ledger& ledger, const ledger::VendorRegistry& vendors,
                               const IngestOptions& options)
    : writer_(ledger, vendors, options.writer),
      ledger_(ledger),
      options_(options),
      decoder_(options.decoders) {
    batch_.observations.reserve(FactFolder::kDefaultCapacity / 2);
    batch_.activity.reserve(ActivityTable::kDefaultCapacity / 2);
}

void IngestPipeline::flush_facts() {
    if (!batch_.empty()) {
        writer_.apply(batch_);
    }
    batch_.clear();
    facts_.clear();
}

void IngestPipeline::flush() {
    // Traffic totals are only written when their own table fills or the capture ends: a
    // busy DNS server can fill the fact table many times, and rewriting every device's
    // counters each time would cost more than reading the capture.
    activity_.drain_into(batch_.activity);
    flush_facts();
}

FileResult IngestPipeline::ingest(const std::filesystem::path& path, const ProgressFn& progress) {
    FileResult result;
    result.path = path;
    try {
        collectors::CaptureFile capture(path);
        const auto print = collectors::fingerprint_capture(path);
        if (auto known = ledger_.find_capture(print.size, print.digest)) {
            result.status = FileResult::Status::already_present;
            result.message = "already in the ledger (as " + known->path + ")";
            result.frames = known->frames;
            return result;
        }
        ledger::CaptureInfo info;
        info.path = path.string();
        info.size = print.size;
        info.digest = print.digest;
        info.link_type = static_cast<std::uint16_t>(capture.link_type());
        const std::uint32_t capture_id = writer_.begin_capture(info);

        const std::uint64_t errors_before = decoder_.decode_errors();
        collectors::Frame frame;
        collectors::PacketContext ctx;
        std::uint64_t frames = 0;
        try {
            collectors::ReadAhead reader(capture);
            while (reader.next(frame)) {
                ++frames;
                frame.evidence.capture_id = capture_id;
                sink_.clear();
                decoder_.decode(frame, ctx, sink_);
                if (is_device_source(ctx) && !activity_.add(ctx, frame.wire_len)) {
                    flush();
                    static_cast<void>(activity_.add(ctx, frame.wire_len));
                }
                for (const auto& o : sink_.observations()) {
                    if (!facts_.add(o, batch_.observations)) {
                        flush_facts();
                        static_cast<void>(facts_.add(o, batch_.observations));
                    }
                }
                if (progress && frames % kProgressEvery == 0) {
                    progress(reader.progress());
                }
            }
        } catch (const collectors::CaptureError& e) {
            if (!options_.accept_damaged) {
                writer_.abort_capture();
                activity_.drain_into(batch_.activity);
                batch_.clear();
                facts_.clear();
                throw;
            }
            result.message = e.what();
        }
        flush();
        result.frames = frames;
        result.decode_errors = decoder_.decode_errors() - errors_before;
        result.stats = writer_.commit_capture(frames, result.decode_errors);
        result.status = FileResult::Status::ingested;
        if (progress) {
            progress(capture.progress());
        }
    } catch (const collectors::CaptureError& e) {
        result.status = FileResult::Status::failed;
        result.message = e.what();
    } catch (...) {
        writer_.abort_capture();
        activity_.drain_into(batch_.activity);
        batch_.clear();
        facts_.clear();
        throw;
    }
    return result;
}

}  // namespace daicho::agent
