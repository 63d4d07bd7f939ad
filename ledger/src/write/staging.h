#pragma once
// Staging: where the Writer keeps an open capture until it is merged into the ledger. A
// private SQLite database in a temporary file (SQLite's temp directory: SQLITE_TMPDIR, else
// TMPDIR, else /var/tmp or /tmp), unlinked as soon as it is opened, so:
// - the ledger's write lock is not held while a capture file is read: other writers
//   (annotate, import, a second ingest) and readers go on;
// - readers never see a half capture: nothing of it is in the ledger before the merge;
// - kill -9 leaves nothing to clean up: the kernel frees the unlinked file;
// - memory stays bounded: rows live on disk behind a fixed page cache, and repeats of a row
//   are folded into it (upsert), so the file grows with what is new, not with the packets.
// Rows come back in the order they were first staged, so the merge records events in the
// order the capture showed them.
// The first batch handed over by move is kept in memory as it is, and goes to the file only
// when a second batch comes: a merge of one batch (most capture files, and a live capture's
// merge between two flushes) replays it straight from memory, without the round trip through
// the file. Its rows are distinct already (the pipeline's tables fold repeats); where the
// file would have folded two of them (an observation seen on two VLANs), the ledger's upserts
// fold them the same way.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "daicho/ledger/batch.h"

struct sqlite3;

namespace daicho::ledger {

class Staging {
   public:
    // `ledger_file` only names the ledger in error messages.
    explicit Staging(std::string ledger_file);
    ~Staging();
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    // Folds a batch in, in one transaction of the private file. Throws Error (disk full in
    // the temporary directory, ...); the staged rows are then unusable: discard().
    void add(const Batch& batch);
    // The same, keeping the batch in memory while it is the only one.
    void add(Batch&& batch);
    // Every staged row in first-staged order, as one-row activity or observation. The
    // observation's `source` view is valid during the call only.
    void replay(const std::function<void(const DeviceActivity&)>& activity,
                const std::function<void(const StoredObservation&)>& observation);
    // Forgets everything staged (closes and so frees the temporary file).
    void discard() noexcept;
    [[nodiscard]] bool empty() const noexcept { return rows_ == 0 && !held_; }

   private:
    struct Db;
    void open();
    void stage(const Batch& batch);  // into the file
    [[noreturn]] void fail(const std::exception& e) const;

    std::string ledger_file_;
    std::unique_ptr<Db> db_;
    std::optional<Batch> held_;  // the only batch so far, not in the file
    std::uint64_t rows_ = 0;     // upserts since the last discard (an upper bound on rows)
};

}  // namespace daicho::ledger
