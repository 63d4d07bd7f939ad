#pragma once
// The ingest pipeline: PacketSource -> FrameDecoder -> activity table + fact folder -> ledger
// Writer. One capture is one ledger transaction, so a damaged capture, a full disk or kill -9
// leaves the ledger exactly as it was before that capture. Capture files are recognised by
// their packets (collectors/packet_digest.h): frames already in the ledger are not counted
// again, whatever file format or name they come in.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daicho/collectors/frame_decoder.h"
#include "daicho/collectors/live_capture.h"
#include "daicho/collectors/source.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "pipeline/activity_table.h"
#include "pipeline/connection_deltas.h"
#include "pipeline/fact_folder.h"
#include "pipeline/station_gate.h"

namespace daicho::agent {

struct IngestOptions {
    // conversations.entries 0 (the default) means ConversationConfig::kDefaultEntries here: the
    // pipeline stores the table's rows, so it always has one; its inside plan is the ledger's
    // address plan (whatever `decoders` says).
    collectors::FrameDecoderConfig decoders;
    // Keep the frames before the damage in a capture cut off mid-record (tcpdump -r style),
    // instead of refusing the whole file.
    bool accept_damaged = false;
    ledger::WriterOptions writer;
    // The budget for new stations; beyond it a flood is counted, not stored (station_gate.h).
    FloodLimits flood;
    // Slots of the tables a batch is folded in before it goes to the writer (powers of two;
    // half of each is used). Tests make them small to force flushes.
    std::size_t activity_slots = ActivityTable::kDefaultCapacity;
    std::size_t fact_slots = FactFolder::kDefaultCapacity;
};

struct FileResult {
    enum class Status { ingested, already_present, failed };
    Status status = Status::failed;
    std::filesystem::path path;
    std::string message;  // why it failed or was skipped; the damage when accept_damaged kept it
    // The capture's own error behind `message`, for saying it in the user's language.
    std::optional<collectors::CaptureError> error;
    std::uint64_t frames = 0;  // frames this capture added to the ledger
    // Frames at the start of the file that an earlier capture (known_as) already holds: a
    // damaged prefix ingested before, now followed by the rest of the file.
    std::uint64_t known_frames = 0;
    std::string known_as;
    std::uint64_t decode_errors = 0;
    ledger::WriteStats stats;
    std::vector<FloodEpisode> floods;  // recorded as station_flood events
    // The capture's conversation table (stored as connection points): rows, evictions, and
    // whether the address plan decided what is inside.
    ledger::ConnectionTableSummary connections;
};

// A live capture (daicho run): merged into the ledger every `merge_every`; after each merge
// `after_merge(frames so far)` runs (statistics, a reload); returning false stops the capture.
struct LiveOptions {
    std::chrono::milliseconds merge_every{5000};
    std::chrono::milliseconds wait{250};  // the longest the loop sleeps on an idle wire
    std::function<bool(std::uint64_t)> after_merge;
};

// Called now and then during a file: (bytes read, file size, frames so far).
using ProgressFn = std::function<void(const collectors::CaptureProgress&)>;

class IngestPipeline {
   public:
    IngestPipeline(ledger::Ledger& ledger, const ledger::VendorRegistry& vendors,
                   const IngestOptions& options);

    // Ingests one capture file. A file whose frames are all in the ledger already (the same
    // file, or the same packets saved in another format) is already_present; a file that
    // continues a capture in the ledger adds only the frames after it. Capture problems come
    // back as Status::failed with a message; ledger errors (disk full, I/O) throw
    // ledger::Error after rolling the file back.
    FileResult ingest(const std::filesystem::path& path, const ProgressFn& progress);
    // Ingests everything `source` hands out as one capture named source.name(), with no check
    // against the captures in the ledger (a live source never repeats itself).
    FileResult ingest(collectors::PacketSource& source, const ProgressFn& progress);

    // Captures `source` until it is stopped (LiveCapture::stop, e.g. from SIGTERM, or
    // after_merge returning false), as one capture merged into the ledger every interval. The
    // writer must be in every_interval mode (IngestOptions::writer.merge). A failing interface
    // ends the capture with Status::failed; what was merged stays.
    FileResult run_live(collectors::LiveCapture& source, const LiveOptions& live);

    [[nodiscard]] std::span<const collectors::NamedCounters> counters() const noexcept {
        return decoder_.counters();
    }

   private:
    // Reads `source` into the open capture; its first `skip` frames are only digested.
    FileResult run(collectors::PacketSource& source, const ledger::CaptureInfo& info,
                   const ProgressFn& progress);
    // Decodes one frame into the activity and fact tables (flushing them when full).
    void process(collectors::Frame& frame, collectors::PacketContext& ctx);
    // Whether the ledger may store a fact about this subject (station_gate.h).
    bool admitted(const collectors::Observation& o) noexcept;
    void record_floods(FileResult& result);
    // The conversation table's rows, and their summary in result.connections.
    std::vector<collectors::Conversation> conversation_rows(FileResult& result);
    // Hands the conversation table's rows to the writer (stored at the commit).
    void record_connections(FileResult& result);
    // A live capture's rows at a merge: only what moved since the last (connection_deltas.h).
    void record_live_connections(FileResult& result);
    void flush();          // activity and facts
    void reserve_batch();  // batch_'s capacity, so adding to it allocates nothing

    ledger::Writer writer_;
    ledger::Ledger& ledger_;
    IngestOptions options_;
    collectors::FrameDecoder decoder_;
    ConnectionDeltas live_connections_;  // a live capture's rows already stored
    collectors::ObservationSink sink_;
    ActivityTable activity_;
    FactFolder facts_;
    StationGate gate_;
    ledger::Batch batch_;
};

}  // namespace daicho::agent
