// Retention (daicho/ledger/retention.h): each table is walked by its row id, kPruneSpan ids per
// short transaction. Walking the primary key needs no index on last_seen, which every upsert of
// the writer would have to keep up to date (the cost migration 003 took off device_facts), and
// it reads each row once per prune however the old rows are spread: a capture of last year
// ingested today has new ids and old times.

#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/retention.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "write/reclassify.h"

namespace daicho::ledger {

namespace {

constexpr std::int64_t kUsPerDay = 86'400'000'000;

// One table's rule. `where` sees ?1 = the cutoff (unix us); rows in [?2, ?3) are considered.
// `devices`: the rows name a device (device_id), which is classified again after a prune.
struct Rule {
    const char* table;  // also the statements' names: "prune_<table>", "count_<table>"
    const char* where;
    bool devices;
    std::uint64_t PruneCounts::*count;
};

// The WHERE terms (retention.h says why each rule). A fact or address is superseded when the
// device shows the same kind (family) inside the window: the correlated lookup uses the
// unique key (device_id, kind, ...) and device_addresses_history (device_id, family, ...).
constexpr Rule kRules[] = {
    {"events",
     "at_us < ?1 AND recorded_at_us < ?1 AND kind NOT IN ('device_new', 'annotation_change')",
     false, &PruneCounts::events},
    {"device_facts",
     "last_seen < ?1 AND EXISTS (SELECT 1 FROM device_facts n WHERE n.device_id = "
     "device_facts.device_id AND n.kind = device_facts.kind AND n.last_seen >= ?1)",
     true, &PruneCounts::device_facts},
    {"device_addresses",
     "last_seen < ?1 AND EXISTS (SELECT 1 FROM device_addresses n WHERE n.device_id = "
     "device_addresses.device_id AND n.family = device_addresses.family AND n.last_seen >= ?1)",
     true, &PruneCounts::device_addresses},
    {"address_facts", "last_seen < ?1", false, &PruneCounts::address_facts},
    {"connection_points", "last_seen < ?1", false, &PruneCounts::connection_points},
};

std::int64_t cutoff(std::int64_t now_us, int days) {
    return now_us - static_cast<std::int64_t>(days) * kUsPerDay;
}

std::int64_t max_id(sqlite3* db, const Rule& rule) {
    db::Statement st(db, std::string("max_id_") + rule.table,
                     std::string("SELECT coalesce(max(id), 0) FROM ") + rule.table);
    std::int64_t out = 0;
    while (st.step()) {
        out = st.column_int64(0);
    }
    return out;
}

// One span of one table in its own transaction; the number of rows it pruned.
std::uint64_t prune_span(Ledger& ledger, const Rule& rule, std::int64_t cut, std::int64_t from,
                         std::int64_t to) {
    sqlite3* db = ledger.handle();
    const std::string range = std::string(" WHERE id >= ?2 AND id < ?3 AND ") + rule.where;
    return db::in_transaction(db, std::string("prune_") + rule.table, [&]() -> std::uint64_t {
        if (rule.count == &PruneCounts::connection_points) {
            // Spelled out rather than left to ON DELETE CASCADE: a connection opened without
            // foreign keys on must not leave names pointing at nothing.
            db::Statement names(db, "prune_connection_names",
                                std::string("DELETE FROM connection_names WHERE point_id IN "
                                            "(SELECT id FROM connection_points") +
                                    range + ")");
            names.bind(1, cut).bind(2, from).bind(3, to).run();
        }
        db::Statement del(db, std::string("prune_") + rule.table,
                          std::string("DELETE FROM ") + rule.table + range +
                              (rule.devices ? " RETURNING device_id" : ""));
        del.bind(1, cut).bind(2, from).bind(3, to);
        if (!rule.devices) {
            del.run();
            return static_cast<std::uint64_t>(sqlite3_changes(db));
        }
        std::uint64_t rows = 0;
        std::set<std::int64_t> touched;
        while (del.step()) {
            ++rows;
            touched.insert(del.column_int64(0));
        }
        if (!touched.empty()) {
            const std::vector<std::int64_t> ids(touched.begin(), touched.end());
            reclassify(db, ledger.knowledge(), ledger.address_plan(), ids);
        }
        return rows;
    });
}

std::uint64_t count_span(sqlite3* db, const Rule& rule, std::int64_t cut, std::int64_t from,
                         std::int64_t to) {
    db::Statement st(db, std::string("count_") + rule.table,
                     std::string("SELECT count(*) FROM ") + rule.table +
                         " WHERE id >= ?2 AND id < ?3 AND " + rule.where);
    st.bind(1, cut).bind(2, from).bind(3, to);
    std::uint64_t n = 0;
    while (st.step()) {
        n = static_cast<std::uint64_t>(st.column_int64(0));
    }
    return n;
}

}  // namespace

PruneCounts prune(Ledger& ledger, const Retention& retention, std::int64_t now_us,
                  const PruneOptions& options) {
    PruneCounts counts;
    sqlite3* db = ledger.handle();
    for (const Rule& rule : kRules) {
        const std::int64_t cut =
            cutoff(now_us, rule.count == &PruneCounts::events ? retention.events_days
                                                              : retention.evidence_days);
        const std::int64_t last = max_id(db, rule);
        if (options.dry_run) {
            // Read only: one statement over the whole table takes no lock a writer waits for.
            counts.*rule.count += count_span(db, rule, cut, 0, last + 1);
            continue;
        }
        for (std::int64_t from = 0; from <= last; from += kPruneSpan) {
            // A span with nothing to prune (most of them, once the ledger is pruned daily) is
            // only read: no write lock, no pause.
            if (count_span(db, rule, cut, from, from + kPruneSpan) == 0) {
                continue;
            }
            counts.*rule.count += prune_span(ledger, rule, cut, from, from + kPruneSpan);
            if (options.pause.count() > 0) {
                std::this_thread::sleep_for(options.pause);
            }
        }
    }
    return counts;
}

}  // namespace daicho::ledger
