#pragma once
// The ledger: one SQLite file (WAL, STRICT tables, numbered migrations under
// PRAGMA user_version). One Writer is the only writer; readers take snapshots.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "daicho/ledger/batch.h"
#include "daicho/ledger/device.h"

struct sqlite3;

namespace daicho::ledger {

// An environment error in the ledger (unwritable file, newer schema, disk full, SQLITE_BUSY).
// what() is one line naming the file or statement and the problem.
class Error : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

struct CaptureInfo {
    std::string path;        // as given on the command line
    std::uint64_t size = 0;  // fingerprint: size + digest identify the content
    std::string digest;
    std::uint16_t link_type = 0;
};

struct CaptureRecord {
    std::int64_t id = 0;
    std::string path;
    std::uint64_t size = 0;
    std::string digest;
    std::uint64_t frames = 0;
    std::uint64_t decode_errors = 0;
    std::int64_t ingested_at_us = 0;
};

struct WriteStats {
    std::uint64_t devices_new = 0;
    std::uint64_t devices_updated = 0;
    std::uint64_t facts_new = 0;
    std::uint64_t events_new = 0;
};

// Why 30 days: hospitals keep spare devices on the shelf and use some equipment monthly (a
// portable X-ray, the quarterly backup server); a shorter default would report them gone
// every cycle and bury the real disappearances.
inline constexpr int kDefaultAbsentDays = 30;

struct WriterOptions {
    // A device unseen for this many days before the newest frame in the ledger is `absent`;
    // seen again after such a gap it has `returned` (ledger/events.h).
    int absent_days = kDefaultAbsentDays;
};

class VendorRegistry;

class Ledger {
   public:
    static constexpr int kSchemaVersion = 10;  // the newest migration in ledger/schema
    enum class Mode { read_write, read_only };

    // Opens (creating when read_write) and migrates to kSchemaVersion. Throws Error when the
    // file cannot be opened or written, is not a daicho ledger, or comes from a newer daicho;
    // in every such case the file is left as it was.
    Ledger(const std::filesystem::path& path, Mode mode);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    [[nodiscard]] int schema_version() const;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

    [[nodiscard]] std::optional<CaptureRecord> find_capture(std::uint64_t size,
                                                            const std::string& digest) const;
    // Every device, sorted by (domain, MAC), from one read snapshot.
    [[nodiscard]] std::vector<DeviceRecord> devices() const;
    [[nodiscard]] std::uint64_t device_count() const;

    [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

   private:
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
};

// The single writer. A capture file is ingested in one transaction: all of it lands, or
// (on a damaged capture, a full disk, kill -9) none of it does. Any Error thrown by
// begin_capture/apply/commit_capture has already rolled the open capture back.
// Devices are keyed by (domain = sensor, MAC); only unicast, non-zero MACs become devices.
// An EvidenceRef with capture_id 0 is attributed to the open capture.
class Writer {
   public:
    // Both must outlive the Writer. Throws Error when the ledger was opened read-only.
    Writer(Ledger& ledger, const VendorRegistry& vendors, WriterOptions options = {});
    ~Writer();  // rolls back an open capture
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Opens the transaction (BEGIN IMMEDIATE) and records the capture; returns its id for
    // EvidenceRefs. Throws Error when a capture is already open or the same (size, digest)
    // is already recorded (check Ledger::find_capture first).
    std::uint32_t begin_capture(const CaptureInfo& info);
    // Upserts a batch inside the open transaction. May be called many times.
    void apply(const Batch& batch);
    // Records the capture's events (categories of the devices it touched, absent and
    // returned devices) and totals, and commits. Returns what changed in the ledger.
    WriteStats commit_capture(std::uint64_t frames, std::uint64_t decode_errors);
    // Rolls everything since begin_capture back.
    void abort_capture() noexcept;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::ledger
