#include "read/linked_devices.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "daicho/ledger/time.h"

namespace daicho::ledger {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool from_dhcp(const FactEntry& f) {
    return f.about.empty() && (f.source == "dhcp" || f.source == "dhcpv6");
}

// (hostname, fingerprint) pairs the device sent in its own DHCP requests.
std::set<std::pair<std::string, std::string>> dhcp_identities(const DeviceRecord& d) {
    std::set<std::string> names;
    std::set<std::string> prints;
    for (const FactEntry& f : d.facts) {
        if (!from_dhcp(f) || f.value.empty()) {
            continue;
        }
        if (f.kind == collectors::FactKind::hostname) {
            names.insert(lower(f.value));
        } else if (f.kind == collectors::FactKind::dhcp_fingerprint) {
            prints.insert(f.source + ":" + f.value);
        }
    }
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& n : names) {
        for (const auto& p : prints) {
            out.emplace(n, p);
        }
    }
    return out;
}

}  // namespace

void absorb_device(DeviceRecord& into, DeviceRecord& from, std::string reason,
                   std::vector<LinkedDevice> DeviceRecord::*list) {
    (into.*list).push_back(LinkedDevice{from.id, from.mac, from.mac_kind, from.first_seen_us,
                                        from.last_seen_us, std::move(reason)});
    // What `from` had absorbed itself comes along.
    for (auto own : {&DeviceRecord::linked, &DeviceRecord::interfaces}) {
        for (LinkedDevice& l : from.*own) {
            (into.*own).push_back(std::move(l));
        }
    }
    for (AddressEntry& a : from.addresses) {
        const bool held =
            std::any_of(into.addresses.begin(), into.addresses.end(),
                        [&](const AddressEntry& b) { return b.address == a.address; });
        if (!held) {
            into.addresses.push_back(std::move(a));
        }
    }
    for (int v : from.vlans) {
        if (std::find(into.vlans.begin(), into.vlans.end(), v) == into.vlans.end()) {
            into.vlans.push_back(v);
        }
    }
    std::sort(into.vlans.begin(), into.vlans.end());
    for (FactEntry& f : from.facts) {
        auto same = std::find_if(into.facts.begin(), into.facts.end(), [&](const FactEntry& g) {
            return std::tie(g.kind, g.value, g.source, g.about, g.subject_ip) ==
                   std::tie(f.kind, f.value, f.source, f.about, f.subject_ip);
        });
        if (same == into.facts.end()) {
            into.facts.push_back(std::move(f));
            continue;
        }
        same->count += f.count;
        same->last_seen_us = std::max(same->last_seen_us, f.last_seen_us);
        if (f.first_seen_us < same->first_seen_us) {
            same->first_seen_us = f.first_seen_us;
            same->evidence = f.evidence;
        }
    }
    std::sort(into.facts.begin(), into.facts.end(), listed_before);
    for (auto& a : from.annotations) {
        if (into.annotation(a.key) == nullptr) {
            into.annotations.push_back(std::move(a));  // the newest MAC's own word wins
        }
    }
    if (from.first_seen_us < into.first_seen_us) {
        into.first_seen_us = from.first_seen_us;
        into.first_evidence = from.first_evidence;
    }
    into.packets += from.packets;
    into.bytes += from.bytes;
}

void drop_absorbed(std::vector<DeviceRecord>& devices, const std::vector<bool>& gone) {
    // In place: only the records after the first absorbed one move (usually none do).
    std::size_t kept = 0;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (gone[i]) {
            continue;
        }
        if (kept != i) {
            devices[kept] = std::move(devices[i]);
        }
        ++kept;
    }
    devices.resize(kept);
}

std::set<std::string> link_names(const DeviceRecord& d) {
    std::set<std::string> out;
    for (const auto& identity : dhcp_identities(d)) {
        out.insert(identity.first);
    }
    return out;
}

void link_churned_devices(std::vector<DeviceRecord>& devices) {
    // (domain, hostname, fingerprint) -> devices that sent it, in ledger order.
    std::map<std::tuple<std::int64_t, std::string, std::string>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (devices[i].routed) {
            continue;
        }
        for (const auto& [name, print] : dhcp_identities(devices[i])) {
            groups[{devices[i].domain, name, print}].push_back(i);
        }
    }
    std::vector<bool> gone(devices.size(), false);
    for (auto& [key, members] : groups) {
        std::erase_if(members, [&](std::size_t i) { return gone[i]; });
        if (members.size() < 2) {
            continue;
        }
        std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
            return devices[a].first_seen_us < devices[b].first_seen_us;
        });
        bool apart = true;
        for (std::size_t k = 1; k < members.size() && apart; ++k) {
            apart = devices[members[k - 1]].last_seen_us <= devices[members[k]].first_seen_us;
        }
        if (!apart) {
            continue;
        }
        DeviceRecord& newest = devices[members.back()];
        const std::string& print = std::get<2>(key);
        for (std::size_t k = 0; k + 1 < members.size(); ++k) {
            DeviceRecord& old = devices[members[k]];
            const DeviceRecord& next = devices[members[k + 1]];
            const std::string reason =
                "same DHCP hostname \"" + std::get<1>(key) + "\" and fingerprint " +
                print.substr(print.find(':') + 1) + " (" + print.substr(0, print.find(':')) +
                "); " + old.mac + " last seen " + format_time_utc(old.last_seen_us) + ", before " +
                next.mac + " first seen " + format_time_utc(next.first_seen_us);
            absorb_device(newest, old, reason, &DeviceRecord::linked);
            gone[members[k]] = true;
        }
    }
    drop_absorbed(devices, gone);
}

}  // namespace daicho::ledger
