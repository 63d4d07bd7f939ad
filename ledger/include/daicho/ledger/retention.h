#pragma once
// Retention (issue 15): a ledger fed by a live capture for months must not grow without bound.
// What grows with time, not with the hospital, is pruned once it is older than the window:
//
//   events             wire events (at_us and recorded_at_us both before the cutoff). Kept for
//                      ever: each device's `device_new` (one per device: where its history
//                      starts) and every `annotation_change` (a person's word and who said it,
//                      the annotations' own change log).
//   device_facts       a value of a kind the device still shows inside the window (a host name,
//                      a software version, a service) that was last seen before the cutoff: it
//                      was superseded. A device gone quiet keeps its whole last picture.
//   device_addresses   the same rule per address family: DHCP churn leaves no trail of leases,
//                      the device's current address (or its last one, when quiet) stays.
//   address_facts      facts about an address (DNS answers for every remote name a hospital
//                      resolves, DHCP options) last seen before the cutoff.
//   connection_points  Q10's external connection points (and their names) last seen before
//                      the cutoff: the survey asks about the connections in use.
//
// Never pruned: devices, their VLANs, their current facts and addresses, annotations,
// attestations, training records, captures (the evidence every kept row points at; one per
// file or live run) and the sensor status (one row per interface).
// Pruning runs in short IMMEDIATE transactions, one span of row ids at a time, so the capture's
// merges, `annotate` and the API's readers wait at most one span; a device whose facts or
// addresses were pruned is classified again in the same transaction, so its stored
// classification matches what a read sees.

#include <chrono>
#include <cstdint>

namespace daicho::ledger {

class Ledger;

// 400 days: the survey asks about a year (the fiscal year, the year's changes), and a person
// fills it in some weeks after the year closes; 13 months and a margin keep the whole year
// they answer about, whatever day they open it.
inline constexpr int kDefaultRetentionDays = 400;
// Shorter than two months would prune the month a `changes` report compares against.
inline constexpr int kMinRetentionDays = 62;
inline constexpr int kMaxRetentionDays = 36500;

struct Retention {
    int events_days = kDefaultRetentionDays;    // events
    int evidence_days = kDefaultRetentionDays;  // facts, addresses, address facts, connections
};

// Rows pruned (or, in a dry run, that would be) per table.
struct PruneCounts {
    std::uint64_t events = 0;
    std::uint64_t device_facts = 0;
    std::uint64_t device_addresses = 0;
    std::uint64_t address_facts = 0;
    std::uint64_t connection_points = 0;

    [[nodiscard]] std::uint64_t total() const noexcept {
        return events + device_facts + device_addresses + address_facts + connection_points;
    }
};

// Rows of one table are pruned kPruneSpan row ids per transaction: on a 650 MB ledger under
// load, 5,000 ids of events (two indexes to keep) take 0.1-0.4 s to delete.
inline constexpr std::int64_t kPruneSpan = 5'000;

struct PruneOptions {
    bool dry_run = false;  // count what would go, delete nothing
    // Between two write transactions. SQLite's busy handler is not a queue: a writer waiting
    // for the lock (the capture's merge, annotate) sleeps up to 100 ms between tries, so a
    // shorter pause lets the prune take the lock again first, span after span; measured with
    // 5 ms, a writer waited 5.2 s, past the 5 s busy timeout (db/connection.h). Longer than
    // that sleep, the writer's next try lands in the pause: it waits one span at most.
    std::chrono::milliseconds pause{110};
};

// Prunes (or counts) the rows older than the window ending at `now_us` (unix microseconds).
// Throws Error (disk full, busy past the timeout); what was pruned by then stays pruned, which
// is harmless: the next run goes on from there.
PruneCounts prune(Ledger& ledger, const Retention& retention, std::int64_t now_us,
                  const PruneOptions& options = {});

}  // namespace daicho::ledger
