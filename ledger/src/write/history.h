#pragma once
// The writer's history half (ledger/events.h): the Writer tells it about the rows it inserts
// (a device, an address, a fact), which is when something can be new, so repeats of known
// facts cost nothing here; at commit it compares the touched devices' categories with the
// stored ones and finds absent and returned devices. Every row goes into the capture's own
// merge transaction (write/staging.h).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "db/statement.h"

struct sqlite3;

namespace daicho::ledger {

class History {
   public:
    // Classifies and parses versions with the ledger's knowledge as it is at each call.
    History(const Ledger& ledger, const WriterOptions& options);

    // A new capture: its id and the time its rows are recorded at.
    void begin(std::int64_t capture_id, std::int64_t now_us);

    struct Evidence {
        std::int64_t at_us = 0;
        std::int64_t capture_id = 0;  // 0: none
        std::uint64_t frame = 0;
    };

    // A new device row, named by its key: ("mac", "aa:bb:...") on the link, ("address", IP) for
    // a routed host (write/routed_hosts.h).
    void device_inserted(std::int64_t device, std::string_view key_field, std::string_view key,
                         const Evidence& e);
    // An event about a link rather than one device (device_id NULL): station_flood.
    void link_event(std::string_view kind, std::string_view field, std::string_view before,
                    std::string_view after, std::string_view note, const Evidence& e);
    // A new external connection point (write/connection_store.h): `device` its inside device
    // (0: none known), field its service class, after what it connects to, note its opener.
    void connection_inserted(std::int64_t device, std::string_view service_class,
                             std::string_view point, std::string_view opener, const Evidence& e);
    // A new (device, address) row. `device_is_new`: the device row came from this capture.
    void address_inserted(std::int64_t device, std::int64_t row, bool v4, std::string_view address,
                          bool device_is_new, const Evidence& e);
    // A new (device, kind, value, source) row; only names and software kinds can be changes.
    void fact_inserted(std::int64_t device, std::int64_t row, std::string_view kind,
                       std::string_view value, std::string_view source, std::string_view subject_ip,
                       const Evidence& e);

    // A device the capture touched, as the writer saw it.
    struct Sighting {
        std::int64_t device = 0;
        bool inserted = false;              // created by this capture
        std::int64_t previous_last_us = 0;  // last_seen before this capture (inserted: unused)
        Evidence first;                     // its first sighting in this capture
    };
    // Returned devices among `touched`, category changes among `reclassify` (the devices
    // whose facts grew; the sighting is the evidence when no fact stands behind the category),
    // newly absent devices.
    // Stores the classification of every device whose inputs changed (write/reclassify.h).
    void finish(std::span<const Sighting> touched, std::span<const Sighting> changed);

    // Devices in `domain` holding `address`.
    [[nodiscard]] std::vector<std::int64_t> holders(std::uint16_t domain, std::string_view address);

    [[nodiscard]] std::uint64_t recorded() const noexcept { return recorded_; }

   private:
    void record(std::int64_t device, std::string_view kind, std::string_view field,
                std::string_view before, std::string_view after, std::string_view note,
                const Evidence& e);
    [[nodiscard]] bool own_fact(std::int64_t device, std::string_view subject_ip);
    void categories(std::span<const Sighting> devices);
    void returned(std::span<const Sighting> touched);
    void absent();

    sqlite3* db_;
    const Ledger& ledger_;
    std::int64_t absent_us_;
    std::int64_t capture_id_ = 0;
    std::int64_t now_us_ = 0;
    std::uint64_t recorded_ = 0;
    std::string stale_checked_;  // knowledge fingerprint of the last pass over stale devices
    db::Statement insert_event_;
    db::Statement previous_address_;
    db::Statement holds_address_;
    db::Statement previous_name_;
    db::Statement earlier_software_;
    db::Statement holders_;
    db::Statement stored_category_;
    db::Statement store_category_;
    db::Statement absent_since_;
    db::Statement newest_frame_;
    db::Statement absent_candidates_;
};

}  // namespace daicho::ledger
