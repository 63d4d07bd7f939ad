#pragma once
// The ledger: one SQLite file (WAL, STRICT tables, numbered migrations under
// PRAGMA user_version). One Writer is the only writer; readers take snapshots.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/batch.h"
#include "daicho/ledger/connections.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/error.h"

struct sqlite3;

namespace daicho::ledger {

struct CaptureInfo {
    std::string path;        // as given on the command line
    std::uint64_t size = 0;  // fingerprint: size + digest identify the file's bytes
    std::string digest;
    std::uint16_t link_type = 0;
    // The capture's first prefix_frames frames are capture prefix_capture's (0: none), which
    // the ledger holds already; only the frames after them are this capture's.
    std::int64_t prefix_capture = 0;
    std::uint64_t prefix_frames = 0;
};

struct CaptureRecord {
    std::int64_t id = 0;
    std::string path;
    std::uint64_t size = 0;
    std::string digest;
    std::uint64_t frames = 0;  // frames this capture added (after its prefix, if any)
    std::uint64_t decode_errors = 0;
    std::int64_t ingested_at_us = 0;
    std::string packet_digest;        // collectors::PacketDigest after packet_frames frames
    std::uint64_t packet_frames = 0;  // "" and 0: recorded before packet digests (schema 007)
    // The capture's first and last frame time (wire time, unix us); 0: not known (ingested
    // before schema 016, or no frame named a device).
    std::int64_t first_frame_us = 0;
    std::int64_t last_frame_us = 0;
};

// What the ledger observed: its captures (files or live runs), the frames they added and the
// wire times they span (0: not known). The evidence pack's manifest and the dashboard's sensor
// page both say it, from Snapshot::captures().
struct ObservationWindow {
    std::uint64_t captures = 0;
    std::uint64_t frames = 0;
    std::int64_t first_us = 0;
    std::int64_t last_us = 0;
};
[[nodiscard]] ObservationWindow observation_window(const std::vector<CaptureRecord>& captures);

struct WriteStats {
    std::uint64_t devices_new = 0;
    std::uint64_t devices_updated = 0;
    std::uint64_t facts_new = 0;
    std::uint64_t events_new = 0;
    std::uint64_t connections_new = 0;  // external connection points new to the ledger
};

// Why 30 days: hospitals keep spare devices on the shelf and use some equipment monthly (a
// portable X-ray, the quarterly backup server); a shorter default would report them gone
// every cycle and bury the real disappearances.
inline constexpr int kDefaultAbsentDays = 30;

struct WriterOptions {
    // A device unseen for this many days before the newest frame in the ledger is `absent`;
    // seen again after such a gap it has `returned` (ledger/events.h).
    int absent_days = kDefaultAbsentDays;

    // When what apply() staged reaches the ledger.
    // - whole_capture (capture files): at commit_capture, in one short transaction, so the
    //   capture is all or nothing for every reader and after any crash.
    // - every_interval (a live source that never ends): also whenever merge_interval has
    //   passed since the last merge (checked in apply; merge_now forces one). Each merge is
    //   one short transaction and visible at once; a crash loses only the unmerged rest, and
    //   the captures row (frames and decode_errors stay 0 until commit_capture) stays.
    enum class Merge { whole_capture, every_interval };
    Merge merge = Merge::whole_capture;
    std::chrono::milliseconds merge_interval{1000};
};

class VendorRegistry;
class Knowledge;

class Ledger {
   public:
    static constexpr int kSchemaVersion = 18;  // the newest migration in ledger/schema
    // read_only writes nothing, not even beside the file, so it works on read-only media
    // and a copy stays byte-identical. Without a -wal file (no writer has the ledger open)
    // it is opened immutable (db/connection.cpp): the connection then keeps seeing the
    // ledger as it was when opened; it is meant for one command's reads, not for a
    // long-lived reader that must follow a writer.
    enum class Mode { read_write, read_only };

    // Opens (creating when read_write) and migrates to kSchemaVersion. Throws Error when the
    // file cannot be opened or written, is not a daicho ledger, or comes from a newer daicho;
    // in every such case the file is left as it was.
    // `knowledge` (rules, makers, patterns: ledger/knowledge.h) classifies the devices and
    // parses their versions; nullptr means Knowledge::builtin().
    Ledger(const std::filesystem::path& path, Mode mode,
           std::shared_ptr<const Knowledge> knowledge = nullptr);
    ~Ledger();
    Ledger(const Ledger&) = delete;
    Ledger& operator=(const Ledger&) = delete;

    [[nodiscard]] int schema_version() const;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

    [[nodiscard]] std::optional<CaptureRecord> find_capture(std::uint64_t size,
                                                            const std::string& digest) const;
    // Captures whose first frame has the packet digest `head` (Writer::record_packets), in id
    // order: the candidates a new capture may repeat or continue.
    [[nodiscard]] std::vector<CaptureRecord> find_captures_by_head(const std::string& head) const;
    // Every device, sorted by (domain, MAC), from one read snapshot.
    [[nodiscard]] std::vector<DeviceRecord> devices() const;
    [[nodiscard]] std::uint64_t device_count() const;
    // Calls `f(domain, mac)` for every device on a link (not the hosts behind routers), from
    // one read snapshot, without reading anything else about them.
    void for_each_link_device(
        const std::function<void(std::uint16_t, const collectors::MacAddress&)>& f) const;

    // Writes a copy of the ledger as it is at one moment to the new file `to` (SQLite's online
    // backup: readers and the capture's writer go on meanwhile). Throws Error naming `to`.
    void copy_to(const std::filesystem::path& to) const;

    [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

    [[nodiscard]] const Knowledge& knowledge() const noexcept { return *knowledge_; }
    // Replaces the knowledge for later reads and commits (a reloaded KnowledgeSource::current()).
    // Stored classifications from other knowledge are recomputed as they are read or written.
    void set_knowledge(std::shared_ptr<const Knowledge> knowledge);

    // What is inside the hospital (address_plan.h): decides routed hosts at each commit and
    // which relayed facts go to nobody on every read. Default: no plan (RFC 1918/ULA).
    [[nodiscard]] const AddressPlan& address_plan() const noexcept { return plan_; }
    void set_address_plan(AddressPlan plan) { plan_ = std::move(plan); }

   private:
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
    std::shared_ptr<const Knowledge> knowledge_;
    AddressPlan plan_;
};

// The single writer of a process; other processes may write the same ledger meanwhile
// (annotate, import, another ingest), since the write lock is taken only in short
// transactions: begin_capture claims the capture's id in one statement, apply() stages the
// batch in a private temporary file (write/staging.h) and takes no ledger lock at all, and
// the merge (commit_capture; see WriterOptions::Merge) writes the staged rows, events and
// totals in one IMMEDIATE transaction. All of a capture lands, or (on a damaged capture, a full
// disk, kill -9 at any point) none of it does; a second writer committing the same
// (size, digest) first makes this commit fail instead of counting it twice. Memory is bounded
// whatever the capture's size: staged rows live on disk. Any Error thrown by
// begin_capture/apply/merge_now/commit_capture has already rolled the open capture back.
// Devices are keyed by (domain = sensor, MAC); only unicast, non-zero MACs become devices.
// An EvidenceRef with capture_id 0 is attributed to the open capture.
class Writer {
   public:
    // Both must outlive the Writer. Throws Error when the ledger was opened read-only.
    Writer(Ledger& ledger, const VendorRegistry& vendors, WriterOptions options = {});
    ~Writer();  // rolls back an open capture
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Claims the capture's id (table capture_claims; no captures row until the merge) and
    // returns it for EvidenceRefs. Throws Error when a capture is already open or the same
    // (size, digest) is already recorded (check Ledger::find_capture first).
    std::uint32_t begin_capture(const CaptureInfo& info);
    // Stages a batch (folding repeats in). May be called many times. In every_interval mode it
    // also merges when the interval has passed.
    void apply(const Batch& batch);
    // The same, taking the batch: the first one is kept as it is and staged only when a second
    // one comes, so a merge of one batch (most capture files) works straight from memory,
    // without the round trip through the staging file.
    void apply(Batch&& batch);
    // every_interval mode only: merges what is staged now (a daemon's timer, when no batch
    // came for a while). Throws Error in whole_capture mode.
    void merge_now();
    // Records the open capture's packet identity (collectors/packet_digest.h): the digest after
    // its first frame, and after all `frames` of them.
    void record_packets(const std::string& head, const std::string& digest, std::uint64_t frames);
    // The open capture's conversation table (collectors/conversations.h), once, at its end:
    // written as connection points (ledger/connections.h) by the next merge, with the table's
    // figures (rows, evictions, whether the address plan decided inside) on the capture.
    // Replaces rows given before in the same merge. At most the table's capacity in memory.
    void record_connections(std::vector<collectors::Conversation> rows,
                            const ConnectionTableSummary& summary);
    // Records an event about the open capture's link rather than one device (events.h
    // "station_flood"); frame 0 means the capture as a whole.
    void record_link_event(std::string_view kind, std::int64_t at_us, std::uint64_t frame,
                           std::string_view before, std::string_view after, std::string_view note);
    // Merges the rest, records the capture's events (categories of the devices it touched,
    // absent and returned devices) and totals, and commits. Returns what changed in the
    // ledger (devices_updated: summed over the merges of an every_interval capture).
    WriteStats commit_capture(std::uint64_t frames, std::uint64_t decode_errors);
    // Drops everything staged since begin_capture (or, every_interval, since the last merge)
    // and releases the claim.
    void abort_capture() noexcept;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::ledger
