#pragma once
// The one way to read the ledger (the survey mapper, the CLI, later the HTTP API and the
// dashboard): a Snapshot is one read transaction, so everything read through it describes the
// same state while the writer goes on. Devices come with their department and site resolved
// from the DepartmentMap given.
//
// One device is found without reading the others: by id, MAC, IP address or host name through
// indexes, reading only the devices its record depends on (routers that carry its facts, its
// earlier MACs). A found record is the same as the one devices() lists for it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/connections.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/device.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"

namespace daicho::ledger {

class ReadTransaction;

// What a person typed to name a device.
struct DeviceQuery {
    enum class By { id, mac, ip, hostname };
    By by = By::id;
    std::int64_t id = 0;  // By::id; 0 (no device) for more digits than any id
    std::string text;     // By::mac / By::ip: the canonical text; By::hostname: as typed

    // All digits: an id; a MAC in any common notation; an IPv4 or IPv6 address; else a host
    // name (letters, digits, '-', '_', '.'; at most 253). nullopt when it is none of these.
    [[nodiscard]] static std::optional<DeviceQuery> parse(std::string_view text);
};

class Snapshot {
   public:
    // Begins the read transaction (or joins the one the connection has open: the writer's).
    // `ledger` must outlive the Snapshot. Throws Error on an SQLite failure.
    explicit Snapshot(const Ledger& ledger, DepartmentMap departments = {});
    ~Snapshot();  // ends the read transaction
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    // What one read of every record gives: the hospital's devices, and the external
    // endpoints (DeviceRecord::outside_plan: stations on a captured link, such as the ISP's
    // router on the WAN segment, whose every address is outside the address plan). Those are
    // peers of the connection model, never assets: not listed as devices, never in Q8/Q9.
    struct DeviceList {
        std::vector<DeviceRecord> devices;
        std::vector<DeviceRecord> external;
    };
    // Both lists sorted by (domain, MAC), one machine's MACs linked into one record and one
    // box's interfaces merged.
    [[nodiscard]] DeviceList device_list() const;
    // device_list().devices.
    [[nodiscard]] std::vector<DeviceRecord> devices() const;

    // The devices that match, in devices() order: an id or MAC names the record it is (or was
    // linked into); an IP or host name (ASCII case ignored) every record holding it. Empty
    // when none does.
    [[nodiscard]] std::vector<DeviceRecord> find(const DeviceQuery& query) const;
    // parse(text), then find. Throws std::invalid_argument (a usage error, one line) when
    // `text` cannot name a device.
    [[nodiscard]] std::vector<DeviceRecord> find(std::string_view text) const;
    // The record of device `id` (or the record it was linked into); nullopt when none.
    [[nodiscard]] std::optional<DeviceRecord> device(std::int64_t id) const;

    // The history (ledger/events.h), in (at_us, id) order.
    [[nodiscard]] std::vector<EventRecord> events(const EventFilter& filter) const;
    // The EventFilter::since_us `since` means here (ledger/events.h since_us).
    [[nodiscard]] std::optional<std::int64_t> since_us(const EventSince& since) const;
    // The external connection points (ledger/connections.h), by id, each with its names, its
    // evidence and its department (the inside device's, else its inside address's), and what
    // the captures' conversation tables did.
    [[nodiscard]] ConnectionList connections() const;
    // Every ingested capture, oldest first.
    [[nodiscard]] std::vector<CaptureRecord> captures() const;

   private:
    // The plan the departments configure, else the ledger's (address_plan.h).
    [[nodiscard]] const AddressPlan& plan() const noexcept;

    const Ledger& ledger_;
    DepartmentMap departments_;
    AddressPlan plan_;
    std::unique_ptr<ReadTransaction> transaction_;
};

}  // namespace daicho::ledger
