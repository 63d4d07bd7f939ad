#pragma once
// The file-ingest pipeline: capture file -> FrameDecoder -> activity table + fact folder ->
// ledger Writer. One capture file is one ledger transaction, so a damaged capture, a full
// disk or kill -9 leaves the ledger exactly as it was before that file.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>

#include "daicho/collectors/frame_decoder.h"
#include "daicho/collectors/source.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "pipeline/activity_table.h"
#include "pipeline/fact_folder.h"

namespace daicho::agent {

struct IngestOptions {
    collectors::FrameDecoderConfig decoders;
    // Keep the frames before the damage in a capture cut off mid-record (tcpdump -r style),
    // instead of refusing the whole file.
    bool accept_damaged = false;
    ledger::WriterOptions writer;
};

struct FileResult {
    enum class Status { ingested, already_present, failed };
    Status status = Status::failed;
    std::filesystem::path path;
    std::string message;  // why it failed or was skipped; the damage when accept_damaged kept it
    std::uint64_t frames = 0;
    std::uint64_t decode_errors = 0;
    ledger::WriteStats stats;
};

// Called now and then during a file: (bytes read, file size, frames so far).
using ProgressFn = std::function<void(const collectors::CaptureProgress&)>;

class IngestPipeline {
   public:
    IngestPipeline(ledger::Ledger& ledger, const ledger::VendorRegistry& vendors,
                   const IngestOptions& options);

    // Ingests one capture. Capture problems come back as Status::failed with a message;
    // ledger errors (disk full, I/O) throw ledger::Error after rolling the file back.
    FileResult ingest(const std::filesystem::path& path, const ProgressFn& progress);

    [[nodiscard]] std::span<const collectors::NamedCounters> counters() const noexcept {
        return decoder_.counters();
    }

   private:
    void flush();        // activity and facts
    void flush_facts();  // facts only

    ledger::Writer writer_;
    ledger::Ledger& ledger_;
    IngestOptions options_;
    collectors::FrameDecoder decoder_;
    collectors::ObservationSink sink_;
    ActivityTable activity_;
    FactFolder facts_;
    ledger::Batch batch_;
};

}  // namespace daicho::agent
