// read_changes(): the monthly report over one Snapshot (ledger/changes.h).
//
// Which segment a device is on, for "its subnet was observed": each IPv4 address's /24 and
// each IPv6 address's /64 (link-local left out: every link has fe80::/64), the department the
// config's subnets or VLANs place it in, and, for a device with no address, its broadcast
// domain and VLANs. /24 is the smallest subnet hospitals commonly run; on a wider one a device
// alone in its /24 is left unjudged rather than wrongly reported gone.

#include "daicho/ledger/changes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "daicho/collectors/observation.h"
#include "daicho/ledger/snapshot.h"

namespace daicho::ledger {

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

std::set<std::string> segments(const DeviceRecord& d) {
    std::set<std::string> out;
    for (const AddressEntry& a : d.addresses) {
        const auto ip = collectors::IpAddress::parse(a.address);
        if (!ip || ip->empty()) {
            continue;
        }
        if (ip->family == collectors::IpAddress::Family::v4) {
            out.insert(std::to_string(d.domain) + " " + std::to_string(ip->octets[0]) + "." +
                       std::to_string(ip->octets[1]) + "." + std::to_string(ip->octets[2]) +
                       ".0/24");
            continue;
        }
        if (ip->octets[0] == 0xfe && (ip->octets[1] & 0xc0U) == 0x80) {
            continue;  // fe80::/10
        }
        std::string key = std::to_string(d.domain) + " v6";
        for (std::size_t i = 0; i < 8; ++i) {
            key += ":" + std::to_string(ip->octets[i]);
        }
        out.insert(key);
    }
    if (!d.department.empty() && d.department_source != "annotation") {
        out.insert("department " + d.department);
    }
    if (d.addresses.empty()) {
        out.insert("domain " + std::to_string(d.domain));
        for (const int vlan : d.vlans) {
            out.insert("domain " + std::to_string(d.domain) + " vlan " + std::to_string(vlan));
        }
    }
    return out;
}

std::string display_name(const DeviceRecord& d) {
    if (const Annotation* a = d.annotation("name"); a != nullptr && !a->value.empty()) {
        return a->value;
    }
    return d.hostnames.empty() ? std::string() : d.hostnames.front();
}

bool marked_active(const DeviceRecord& d) {
    const Annotation* a = d.annotation("status");
    return a != nullptr && a->value == "active";
}

DeviceChange change_of(const DeviceRecord& d, std::string_view kind, std::int64_t at_us) {
    DeviceChange c;
    c.kind = kind;
    c.device = d.id;
    c.mac = d.mac;
    c.name = display_name(d);
    c.address = d.addresses.empty() ? std::string() : d.addresses.front().address;
    c.category = d.category;
    c.department = d.department;
    c.at_us = at_us;
    c.last_seen_us = d.last_seen_us;
    c.marked_active = marked_active(d);
    return c;
}

// The events behind the four kinds of change, as the report calls them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kChangeEvents{{
    {"name_change", "renamed"},
    {"address_new", "readdressed"},
    {"category_change", "reclassified"},
    {"software_change", "software"},
}};

std::size_t kind_rank(std::string_view kind) {
    const auto it = std::find(kChangeKinds.begin(), kChangeKinds.end(), kind);
    return static_cast<std::size_t>(it - kChangeKinds.begin());
}

}  // namespace

ChangePeriod period_since(std::int64_t since_us) noexcept { return {since_us, since_us, 0}; }

std::optional<ChangePeriod> period_of_newest_capture(const std::vector<CaptureRecord>& captures) {
    const CaptureRecord* newest = nullptr;
    for (const CaptureRecord& c : captures) {
        if (newest == nullptr || c.id > newest->id) {
            newest = &c;
        }
    }
    if (newest == nullptr || newest->first_frame_us == 0) {
        return std::nullopt;
    }
    ChangePeriod p;
    p.since_us = newest->first_frame_us;
    // The state the earlier captures left: their newest frame before this capture began
    // (captures are ingested in any order, so an older file may hold later frames).
    p.previous_us = newest->first_frame_us;
    std::int64_t before = 0;
    for (const CaptureRecord& c : captures) {
        if (c.id != newest->id && c.last_frame_us != 0 && c.last_frame_us < p.since_us) {
            before = std::max(before, c.last_frame_us);
        }
    }
    if (before != 0) {
        p.previous_us = before;
    }
    return p;
}

ChangeReport read_changes(const Snapshot& snapshot, ChangePeriod period, int gone_days) {
    ChangeReport report;
    report.gone_days = std::max(gone_days, 1);
    const std::int64_t window = std::int64_t{report.gone_days} * kMicrosPerDay;
    const std::vector<DeviceRecord> devices = snapshot.devices();

    period.until_us = 0;
    for (const DeviceRecord& d : devices) {
        period.until_us = std::max(period.until_us, d.last_seen_us);
    }
    report.period = period;
    const std::int64_t seen_after = period.until_us - window;

    // Every MAC (earlier ones, other interfaces) to the record it belongs to.
    std::unordered_map<std::int64_t, std::size_t> record_of;
    std::set<std::string> observed;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const DeviceRecord& d = devices[i];
        record_of.emplace(d.id, i);
        for (const auto* rows : {&d.linked, &d.interfaces}) {
            for (const LinkedDevice& row : *rows) {
                record_of.emplace(row.id, i);
            }
        }
        if (d.last_seen_us >= seen_after) {
            const auto keys = segments(d);
            observed.insert(keys.begin(), keys.end());
        }
    }

    std::vector<bool> is_new(devices.size(), false);
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const DeviceRecord& d = devices[i];
        if (d.first_seen_us >= period.since_us) {
            is_new[i] = true;
            report.changes.push_back(change_of(d, "new", d.first_seen_us));
            report.changes.back().capture = d.first_evidence.capture;
            report.changes.back().frame = d.first_evidence.frame;
            continue;
        }
        if (d.last_seen_us >= seen_after) {
            continue;
        }
        const auto keys = segments(d);
        const bool judged = std::any_of(keys.begin(), keys.end(),
                                        [&](const std::string& k) { return observed.count(k); });
        // Gone now, and not yet gone in the state the period starts from.
        const bool went_quiet = d.last_seen_us >= period.previous_us - window;
        if (judged && went_quiet) {
            report.changes.push_back(change_of(d, "gone", d.last_seen_us));
        } else if (marked_active(d)) {
            report.changes.push_back(change_of(d, "unseen_active", d.last_seen_us));
        }
        if (!judged && went_quiet) {
            ++report.not_judged;
        }
    }

    // The wire's changes in the period, folded per (device, kind, field): first before, last
    // after, the last one's evidence.
    EventFilter filter;
    filter.since_us = period.since_us;
    for (const auto& [event, kind] : kChangeEvents) {
        filter.kinds.emplace_back(event);
    }
    std::map<std::tuple<std::size_t, std::size_t, std::string>, DeviceChange> folded;
    for (const EventRecord& e : snapshot.events(filter)) {
        const auto at = record_of.find(e.device_id);
        if (at == record_of.end() || is_new[at->second]) {
            continue;  // a new device's first addresses and names are no change
        }
        std::size_t k = 0;
        while (k < kChangeEvents.size() && kChangeEvents[k].first != e.kind) {
            ++k;
        }
        const auto key = std::make_tuple(at->second, k, e.field);
        auto it = folded.find(key);
        if (it == folded.end()) {
            DeviceChange c = change_of(devices[at->second], kChangeEvents[k].second, e.at_us);
            c.field = e.field;
            c.before = e.before;
            it = folded.emplace(key, std::move(c)).first;
        }
        it->second.after = e.after;
        it->second.at_us = e.at_us;
        it->second.capture = e.capture;
        it->second.frame = e.frame;
    }
    for (auto& [key, c] : folded) {
        if (c.before != c.after) {
            report.changes.push_back(std::move(c));
        }
    }
    std::stable_sort(report.changes.begin(), report.changes.end(),
                     [](const DeviceChange& a, const DeviceChange& b) {
                         const auto ra = kind_rank(a.kind);
                         const auto rb = kind_rank(b.kind);
                         return ra != rb ? ra < rb : a.device < b.device;
                     });
    return report;
}

}  // namespace daicho::ledger
