#include "write/reclassify.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "classify/stored.h"
#include "daicho/ledger/knowledge.h"
#include "db/statement.h"
#include "read/devices.h"
#include "read/routed_facts.h"

namespace daicho::ledger {

namespace {

// The set's ids in ledger order, the order load_device_rows gives (read/devices.h): domain,
// devices on the link by MAC, then routed hosts by address. One row per address a device holds
// (a routed host also holds the address in its own row).
constexpr const char* kLayout =
    "SELECT d.id, d.domain, d.address, a.address FROM devices d "
    "LEFT JOIN device_addresses a ON a.device_id = d.id "
    "WHERE d.id IN (SELECT value FROM json_each(?1)) "
    "ORDER BY d.domain, d.mac = '', d.mac, d.address";

// Devices of the set with a fact sent from an address they do not hold: every router among
// them (identity/routing.h hosts_behind looks only at such senders), and more (a capture's
// senders are not always stored as the sender's addresses).
constexpr const char* kCarriers =
    "SELECT DISTINCT f.device_id FROM device_facts f "
    "WHERE f.device_id IN (SELECT value FROM json_each(?1)) AND f.subject_ip <> '' "
    "AND NOT EXISTS (SELECT 1 FROM device_addresses a "
    "WHERE a.device_id = f.device_id AND a.address = f.subject_ip) "
    "ORDER BY f.device_id";

// Devices with a fact sent from this address. The second term lets SQLite use the partial
// index device_facts_by_sender (schema 010); without it each address scans the table.
constexpr const char* kSenders =
    "SELECT DISTINCT device_id FROM device_facts WHERE subject_ip = ?1 AND subject_ip <> ''";

using AddressKey = std::pair<std::int64_t, std::string>;

// Who holds each address within the set, as hand_over_routed_facts(devices) resolves hosts
// among the devices it is given: a device on the link before a routed host, and the first in
// ledger order.
struct Layout {
    std::vector<std::int64_t> order;
    std::map<AddressKey, std::int64_t> on_link;
    std::map<AddressKey, std::int64_t> routed;

    [[nodiscard]] std::optional<std::int64_t> holder(std::int64_t domain,
                                                     const std::string& address) const {
        const AddressKey key{domain, address};
        if (const auto it = on_link.find(key); it != on_link.end()) {
            return it->second;
        }
        if (const auto it = routed.find(key); it != routed.end()) {
            return it->second;
        }
        return std::nullopt;
    }

    // The addresses each device is the holder of.
    [[nodiscard]] std::unordered_map<std::int64_t, std::vector<std::string>> held() const {
        std::unordered_map<std::int64_t, std::vector<std::string>> out;
        for (const auto& [key, id] : on_link) {
            out[id].push_back(key.second);
        }
        for (const auto& [key, id] : routed) {
            if (!on_link.contains(key)) {
                out[id].push_back(key.second);
            }
        }
        return out;
    }
};

Layout read_layout(sqlite3* db, const std::string& set) {
    Layout out;
    db::Statement st(db, "reclassify_layout", kLayout);
    st.bind(1, set);
    while (st.step()) {
        const std::int64_t id = st.column_int64(0);
        if (out.order.empty() || out.order.back() != id) {
            out.order.push_back(id);
        }
        const std::int64_t domain = st.column_int64(1);
        const std::string own = st.column_text(2);  // a routed host's address
        auto& holders = own.empty() ? out.on_link : out.routed;
        if (!own.empty()) {
            holders.try_emplace({domain, own}, id);
        }
        if (!st.column_is_null(3)) {
            holders.try_emplace({domain, st.column_text(3)}, id);
        }
    }
    return out;
}

std::vector<std::int64_t> read_carriers(sqlite3* db, const std::string& set) {
    std::vector<std::int64_t> out;
    db::Statement st(db, "reclassify_carriers", kCarriers);
    st.bind(1, set);
    while (st.step()) {
        out.push_back(st.column_int64(0));
    }
    return out;
}

}  // namespace

void reclassify(sqlite3* db, const Knowledge& knowledge, const AddressPlan& plan,
                std::span<const std::int64_t> ids,
                const std::function<void(const DeviceRecord&)>& each) {
    if (ids.empty()) {
        return;
    }
    const std::string set = db::id_list(ids);
    const Layout layout = read_layout(db, set);
    const auto held = layout.held();
    const std::vector<std::int64_t> carriers = read_carriers(db, set);
    const HostResolver resolve = [&layout](std::int64_t domain, const std::string& address) {
        return layout.holder(domain, address);
    };
    db::Statement senders(db, "reclassify_senders", kSenders);
    ClassStore store(db);
    std::vector<std::int64_t> own;
    std::vector<std::int64_t> wanted;
    for (std::size_t at = 0; at < layout.order.size(); at += kReclassifyPart) {
        const auto part = std::span(layout.order)
                              .subspan(at, std::min(kReclassifyPart, layout.order.size() - at));
        own.assign(part.begin(), part.end());
        std::sort(own.begin(), own.end());
        // The part, and the carriers of facts sent from the addresses its devices hold, so
        // those facts reach them as they would in the whole set. Facts a carrier in the part
        // holds for a host in another part leave it here as they leave it there.
        wanted = own;
        for (const std::int64_t id : own) {
            const auto it = held.find(id);
            if (it == held.end()) {
                continue;
            }
            for (const std::string& address : it->second) {
                senders.reset();
                senders.bind(1, address);
                while (senders.step()) {
                    const std::int64_t sender = senders.column_int64(0);
                    if (std::binary_search(carriers.begin(), carriers.end(), sender)) {
                        wanted.push_back(sender);
                    }
                }
            }
        }
        std::sort(wanted.begin(), wanted.end());
        wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

        std::vector<DeviceRecord> devices = load_device_rows(db, wanted);
        hand_over_routed_facts(devices, resolve, plan);
        std::erase_if(devices, [&own](const DeviceRecord& d) {
            return !std::binary_search(own.begin(), own.end(), d.id);
        });
        std::vector<FreshClass> fresh;
        finish_devices(db, devices, false, Part::touched, knowledge, &fresh);
        for (const FreshClass& f : fresh) {
            store.store(devices[f.index], f.input, knowledge.classifier_fingerprint());
        }
        if (each) {
            for (const DeviceRecord& d : devices) {
                each(d);
            }
        }
    }
}

std::vector<std::int64_t> unclassified_devices(sqlite3* db, const Knowledge& knowledge) {
    db::Statement st(db, "unclassified_devices",
                     "SELECT d.id FROM devices d LEFT JOIN device_classes c ON c.device_id = d.id "
                     "WHERE c.device_id IS NULL OR c.knowledge <> ?1 ORDER BY d.id");
    st.bind(1, knowledge.classifier_fingerprint());
    std::vector<std::int64_t> out;
    while (st.step()) {
        out.push_back(st.column_int64(0));
    }
    return out;
}

}  // namespace daicho::ledger
