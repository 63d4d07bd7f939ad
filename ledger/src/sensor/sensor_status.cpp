// The daemon's capture counters in the ledger (daicho/ledger/sensor_status.h).

#include "daicho/ledger/sensor_status.h"

#include <sqlite3.h>

#include "daicho/ledger/ledger.h"
#include "db/statement.h"
#include "db/transaction.h"

namespace daicho::ledger {

namespace {

// SQLite integers are signed 64-bit; a counter past that (never in practice) is stored capped.
std::int64_t stored(std::uint64_t n) {
    constexpr auto kMax = static_cast<std::uint64_t>(INT64_MAX);
    return static_cast<std::int64_t>(n > kMax ? kMax : n);
}

}  // namespace

void store_sensor_status(Ledger& ledger, const std::vector<SensorInterfaceStatus>& rows) {
    if (rows.empty()) {
        return;
    }
    sqlite3* db = ledger.handle();
    db::in_transaction(db, "store_sensor_status", [&] {
        db::Statement upsert(
            db, "upsert_sensor_status",
            "INSERT INTO sensor_status (interface, received, kernel_dropped, interface_dropped, "
            "opened_us, updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (interface) DO "
            "UPDATE SET received = excluded.received, kernel_dropped = excluded.kernel_dropped, "
            "interface_dropped = excluded.interface_dropped, opened_us = excluded.opened_us, "
            "updated_us = excluded.updated_us");
        for (const auto& r : rows) {
            upsert.bind(1, r.interface)
                .bind(2, stored(r.received))
                .bind(3, stored(r.kernel_dropped))
                .bind(4, stored(r.interface_dropped))
                .bind(5, r.opened_us)
                .bind(6, r.updated_us);
            upsert.run();
        }
        return rows.size();
    });
}

std::vector<SensorInterfaceStatus> read_sensor_status(const Ledger& ledger) {
    db::Statement select(ledger.handle(), "select_sensor_status",
                         "SELECT interface, received, kernel_dropped, interface_dropped, "
                         "opened_us, updated_us FROM sensor_status ORDER BY interface");
    std::vector<SensorInterfaceStatus> out;
    while (select.step()) {
        SensorInterfaceStatus s;
        s.interface = select.column_text(0);
        s.received = static_cast<std::uint64_t>(select.column_int64(1));
        s.kernel_dropped = static_cast<std::uint64_t>(select.column_int64(2));
        s.interface_dropped = static_cast<std::uint64_t>(select.column_int64(3));
        s.opened_us = select.column_int64(4);
        s.updated_us = select.column_int64(5);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace daicho::ledger
