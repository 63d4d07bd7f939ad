#include "write/reclassify.h"

#include "classify/stored.h"
#include "daicho/ledger/knowledge.h"
#include "db/statement.h"
#include "read/devices.h"

namespace daicho::ledger {

std::vector<DeviceRecord> reclassify(sqlite3* db, const Knowledge& knowledge,
                                     std::span<const std::int64_t> ids) {
    if (ids.empty()) {
        return {};
    }
    std::vector<FreshClass> fresh;
    std::vector<DeviceRecord> devices = read_devices(db, ids, knowledge, &fresh);
    if (!fresh.empty()) {
        ClassStore store(db);
        for (const FreshClass& f : fresh) {
            store.store(devices[f.index], f.input, knowledge.classifier().fingerprint());
        }
    }
    return devices;
}

std::vector<std::int64_t> unclassified_devices(sqlite3* db, const Knowledge& knowledge) {
    db::Statement st(db, "unclassified_devices",
                     "SELECT d.id FROM devices d LEFT JOIN device_classes c ON c.device_id = d.id "
                     "WHERE c.device_id IS NULL OR c.knowledge <> ?1 ORDER BY d.id");
    st.bind(1, knowledge.classifier().fingerprint());
    std::vector<std::int64_t> out;
    while (st.step()) {
        out.push_back(st.column_int64(0));
    }
    return out;
}

}  // namespace daicho::ledger
