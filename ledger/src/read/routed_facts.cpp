#include "read/routed_facts.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_map>

#include "identity/routing.h"

namespace daicho::ledger {

namespace {

std::string key_of(std::int64_t domain, const std::string& address) {
    return std::to_string(domain) + '|' + address;
}

std::vector<std::string> own_addresses(const DeviceRecord& d) {
    std::vector<std::string> own;
    own.reserve(d.addresses.size());
    for (const AddressEntry& a : d.addresses) {
        own.push_back(a.address);
    }
    return own;
}

// The sender IPs of d's facts that are hosts behind d (identity/routing.h), sorted.
std::vector<std::string> hosts_behind_device(const DeviceRecord& d,
                                             const std::vector<std::string>& own,
                                             const AddressPlan& plan) {
    std::vector<std::string> senders;
    bool announces = false;
    for (const FactEntry& f : d.facts) {
        senders.push_back(f.subject_ip);
        announces = announces || announces_routing(f.kind_name(), f.value);
    }
    return hosts_behind(own, senders, announces, plan);
}

}  // namespace

void hand_over_routed_facts(std::vector<DeviceRecord>& devices, const AddressPlan& plan) {
    std::unordered_map<std::string, std::int64_t> on_link;
    std::unordered_map<std::string, std::int64_t> routed;
    for (const DeviceRecord& d : devices) {
        for (const AddressEntry& a : d.addresses) {
            (d.routed ? routed : on_link).emplace(key_of(d.domain, a.address), d.id);
        }
    }
    hand_over_routed_facts(
        devices,
        [&](std::int64_t domain, const std::string& address) -> std::optional<std::int64_t> {
            const std::string key = key_of(domain, address);
            if (auto it = on_link.find(key); it != on_link.end()) {
                return it->second;
            }
            if (auto it = routed.find(key); it != routed.end()) {
                return it->second;
            }
            return std::nullopt;
        },
        plan);
}

void hand_over_routed_facts(std::vector<DeviceRecord>& devices, const HostResolver& resolve,
                            const AddressPlan& plan) {
    std::unordered_map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        index.emplace(devices[i].id, i);
    }
    std::vector<bool> received(devices.size(), false);
    std::vector<std::int64_t> earliest(devices.size(), 0);
    for (DeviceRecord& d : devices) {
        if (d.routed || d.addresses.empty()) {
            continue;
        }
        const auto own = own_addresses(d);
        const auto behind = hosts_behind_device(d, own, plan);
        const bool relays_outside =
            std::any_of(d.facts.begin(), d.facts.end(), [&](const FactEntry& f) {
                return relayed_from_outside(f.subject_ip, own, plan);
            });
        if (behind.empty() && !relays_outside) {
            continue;
        }
        std::vector<FactEntry> kept;
        kept.reserve(d.facts.size());
        for (FactEntry& f : d.facts) {
            if (relays_outside && relayed_from_outside(f.subject_ip, own, plan)) {
                continue;  // an Internet host's fact: handed to nobody (issue 11)
            }
            if (!std::binary_search(behind.begin(), behind.end(), f.subject_ip)) {
                kept.push_back(std::move(f));
                continue;
            }
            const auto host = resolve(d.domain, f.subject_ip);
            if (!host) {
                kept.push_back(std::move(f));  // no row for the host yet (mid-capture read)
                continue;
            }
            const auto to = index.find(*host);
            if (to == index.end()) {
                continue;  // its host is not among `devices`
            }
            const std::size_t t = to->second;
            if (devices[t].routed && (!received[t] || f.first_seen_us < earliest[t])) {
                devices[t].first_evidence = f.evidence;  // the row keeps no evidence of its own
                earliest[t] = f.first_seen_us;
            }
            devices[t].facts.push_back(std::move(f));
            received[t] = true;
        }
        d.facts = std::move(kept);
    }
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (received[i]) {
            std::sort(devices[i].facts.begin(), devices[i].facts.end(), listed_before);
        }
    }
}

void mark_outside_plan(std::vector<DeviceRecord>& devices, const AddressPlan& plan) {
    for (DeviceRecord& d : devices) {
        d.outside_plan =
            !d.routed && !d.addresses.empty() &&
            std::all_of(d.addresses.begin(), d.addresses.end(), [&](const AddressEntry& a) {
                return routable_source(a.address) && !plan.inside(a.address);
            });
    }
}

}  // namespace daicho::ledger
