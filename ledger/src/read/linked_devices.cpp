#include "read/linked_devices.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
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

// The networks the device had addresses in: IPv4 /24s ("v4 10.30.0"), IPv6 /64s of global and
// unique-local addresses ("v6 fd00:30:0:0"), and its 802.1Q VLANs ("vlan 30"). A /24 is the
// narrowest LAN a hospital plan uses; the read path has no address plan, and a missed link
// (two rows) costs less than a false one (one row for several machines).
std::set<std::string> networks(const DeviceRecord& d) {
    std::set<std::string> out;
    for (const AddressEntry& a : d.addresses) {
        const std::string& text = a.address;
        if (text.find(':') == std::string::npos) {
            const auto dot = text.rfind('.');
            if (dot != std::string::npos) {
                out.insert("v4 " + text.substr(0, dot));
            }
            continue;
        }
        if (lower(text).rfind("fe80", 0) == 0) {
            continue;  // link-local: every interface has one, it says nothing of the network
        }
        // The first four groups of the text form; "::" inside them leaves it unexpanded, so
        // such an address only ever matches its own spelling (no link, never a false one).
        std::size_t end = 0;
        for (int groups = 0; groups < 4 && end != std::string::npos; ++groups) {
            end = text.find(':', end == 0 ? 0 : end + 1);
        }
        out.insert("v6 " + lower(text.substr(0, end)));
    }
    for (int v : d.vlans) {
        if (v != 0) {
            out.insert("vlan " + std::to_string(v));
        }
    }
    return out;
}

// Values of one fact kind the device stated itself, by source.
std::set<std::string> own_values(const DeviceRecord& d, collectors::FactKind kind) {
    std::set<std::string> out;
    for (const FactEntry& f : d.facts) {
        if (f.kind == kind && f.about.empty() && !f.value.empty()) {
            out.insert(f.source + ":" + f.value);
        }
    }
    return out;
}

bool disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
    return std::none_of(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) != 0; });
}

// Why two MACs of one DHCP identity are not one machine, or "" when nothing says so: they were
// in different networks (a laptop's rotated MAC stays in its ward's subnet; four PCs cloned
// from one image sit in four), they sent different DHCP fingerprints beside the shared one, or
// different User-Agents (browsers) and no common one.
std::string apart_reason(const DeviceRecord& a, const DeviceRecord& b) {
    // Per family: one VLAN in common does not make two subnets one, nor the reverse.
    const auto na = networks(a);
    const auto nb = networks(b);
    for (const std::string_view family : {"v4 ", "v6 ", "vlan "}) {
        std::set<std::string> fa;
        std::set<std::string> fb;
        std::copy_if(na.begin(), na.end(), std::inserter(fa, fa.end()),
                     [&](const std::string& n) { return n.rfind(family, 0) == 0; });
        std::copy_if(nb.begin(), nb.end(), std::inserter(fb, fb.end()),
                     [&](const std::string& n) { return n.rfind(family, 0) == 0; });
        if (!fa.empty() && !fb.empty() && disjoint(fa, fb)) {
            return "different networks";
        }
    }
    if (own_values(a, collectors::FactKind::dhcp_fingerprint) !=
        own_values(b, collectors::FactKind::dhcp_fingerprint)) {
        return "different DHCP fingerprints";
    }
    const auto ua = own_values(a, collectors::FactKind::user_agent);
    const auto ub = own_values(b, collectors::FactKind::user_agent);
    if (!ua.empty() && !ub.empty() && disjoint(ua, ub)) {
        return "different User-Agents";
    }
    return {};
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
    // Repeats (a PACS states its AE title from both NICs) become one fact in finish_devices
    // (read/devices.h), the one place facts of a device are merged.
    into.facts.insert(into.facts.end(), std::make_move_iterator(from.facts.begin()),
                      std::make_move_iterator(from.facts.end()));
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
        // Chains of members that nothing tells apart (each one against every earlier one of
        // its chain): one machine each. The times are taken before any absorbing, since the
        // newest record's first sighting moves back with each MAC it takes in.
        std::vector<std::vector<std::size_t>> chains;
        for (const std::size_t m : members) {
            auto fits = std::find_if(chains.begin(), chains.end(), [&](const auto& chain) {
                return std::all_of(chain.begin(), chain.end(), [&](std::size_t c) {
                    return apart_reason(devices[c], devices[m]).empty();
                });
            });
            if (fits == chains.end()) {
                chains.push_back({m});
            } else {
                fits->push_back(m);
            }
        }
        const std::string& print = std::get<2>(key);
        for (const auto& chain : chains) {
            if (chain.size() < 2) {
                continue;
            }
            std::vector<std::pair<std::int64_t, std::int64_t>> seen;  // (first, last) per member
            for (const std::size_t c : chain) {
                seen.emplace_back(devices[c].first_seen_us, devices[c].last_seen_us);
            }
            DeviceRecord& newest = devices[chain.back()];
            for (std::size_t k = 0; k + 1 < chain.size(); ++k) {
                DeviceRecord& old = devices[chain[k]];
                const std::string reason =
                    "same DHCP hostname \"" + std::get<1>(key) + "\" and fingerprint " +
                    print.substr(print.find(':') + 1) + " (" + print.substr(0, print.find(':')) +
                    "); " + old.mac + " last seen " + format_time_utc(seen[k].second) +
                    ", before " + devices[chain[k + 1]].mac + " first seen " +
                    format_time_utc(seen[k + 1].first);
                absorb_device(newest, old, reason, &DeviceRecord::linked);
                gone[chain[k]] = true;
            }
        }
    }
    drop_absorbed(devices, gone);
}

}  // namespace daicho::ledger
