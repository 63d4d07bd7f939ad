#include "read/box_interfaces.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "daicho/ledger/data_file.h"
#include "daicho/ledger/snapshot.h"
#include "read/linked_devices.h"

namespace daicho::ledger {

namespace {

using collectors::FactKind;
using classify_data::lower_ascii;

// System names that ship as factory defaults or placeholders: many boxes answer with them, so
// they tie nothing together. Compared lower-case.
constexpr std::array<std::string_view, 12> kDefaultNames{
    "localhost", "localhost.localdomain", "(none)", "switch", "router",   "default",
    "unknown",   "openwrt",               "gateway", "ap",    "ubnt",     "mikrotik"};

bool self_description(const FactEntry& f) {
    return f.about.empty() && (f.source == "lldp" || f.source == "cdp" || f.source == "snmp");
}

bool usable_name(const std::string& lowered) {
    return !lowered.empty() &&
           std::find(kDefaultNames.begin(), kDefaultNames.end(), lowered) == kDefaultNames.end();
}

const Annotation* note(const DeviceRecord& d, std::string_view key) {
    const Annotation* a = d.annotation(key);
    return a != nullptr && !a->value.empty() ? a : nullptr;
}

constexpr std::uint64_t kOuiMask = 0xFFFFFF;  // the NIC-specific half of a MAC (IEEE 802 §8.2)

std::string mac_text(std::uint64_t v) {
    collectors::MacAddress m;
    for (auto it = m.octets.rbegin(); it != m.octets.rend(); ++it) {
        *it = static_cast<std::uint8_t>(v & 0xFFU);
        v >>= 8U;
    }
    return m.to_string();
}

// Union-find over the rows, with the LLDP chassis ids each group announced: evidence weaker
// than a chassis id never joins two groups that announced different ones.
class Groups {
   public:
    explicit Groups(const std::vector<BoxReferences>& refs)
        : parent_(refs.size()), chassis_(refs.size()) {
        std::iota(parent_.begin(), parent_.end(), std::size_t{0});
        for (std::size_t i = 0; i < refs.size(); ++i) {
            chassis_[i].insert(refs[i].chassis_ids.begin(), refs[i].chassis_ids.end());
        }
    }

    std::size_t root(std::size_t i) {
        while (parent_[i] != i) {
            parent_[i] = parent_[parent_[i]];
            i = parent_[i];
        }
        return i;
    }

    // Joins the groups of a and b (true when they were apart and now are one).
    bool join(std::size_t a, std::size_t b, bool check_chassis) {
        std::size_t ra = root(a);
        std::size_t rb = root(b);
        if (ra == rb) {
            return false;
        }
        if (check_chassis && !chassis_[ra].empty() && !chassis_[rb].empty() &&
            std::none_of(chassis_[ra].begin(), chassis_[ra].end(),
                         [&](const std::string& c) { return chassis_[rb].count(c) != 0; })) {
            return false;
        }
        if (ra > rb) {
            std::swap(ra, rb);
        }
        parent_[rb] = ra;
        chassis_[ra].merge(chassis_[rb]);
        return true;
    }

   private:
    std::vector<std::size_t> parent_;
    std::vector<std::set<std::string>> chassis_;
};

struct Tie {
    std::size_t a;
    std::size_t b;
    std::string reason;
};

std::string who(const DeviceRecord& d) {
    if (!d.routed) {
        return d.mac;
    }
    return d.addresses.empty() ? "#" + std::to_string(d.id) : d.addresses.front().address;
}

// Port MACs of one OUI block: a row that announced a MAC as its own over LLDP/CDP takes in the
// rows of its broadcast domain whose MACs lie within kPortBlock of it and that name nothing of
// their own. Weakest evidence, applied last: a row already in a group with an identity (from
// stronger evidence) is left where it is, and a row in the blocks of two boxes joins neither.
template <typename OwnBox, typename Tie>
void tie_port_blocks(const std::vector<DeviceRecord>& devices,
                     const std::vector<BoxReferences>& refs,
                     const std::map<std::pair<std::int64_t, std::string>, std::size_t>& by_mac,
                     Groups& groups, const OwnBox& own_box, const Tie& tie) {
    std::set<std::size_t> named;  // groups holding a row that names itself or anchors a block
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (refs[i].own_identity || !refs[i].block_anchors.empty()) {
            named.insert(groups.root(i));
        }
    }
    struct Claim {
        std::size_t anchor_row;
        const std::string* anchor;
        std::set<std::size_t> boxes;  // roots of the groups whose blocks hold the row
    };
    std::map<std::size_t, Claim> claims;  // candidate row -> who claims it
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (own_box(i)) {
            continue;
        }
        for (const std::string& anchor : refs[i].block_anchors) {
            const auto block = port_block(anchor);
            if (!block) {
                continue;
            }
            const std::int64_t domain = devices[i].domain;
            const auto end = by_mac.upper_bound({domain, block->second});
            for (auto it = by_mac.lower_bound({domain, block->first}); it != end; ++it) {
                const std::size_t j = it->second;
                if (own_box(j) || named.count(groups.root(j)) != 0) {
                    continue;
                }
                auto& claim = claims.try_emplace(j, Claim{i, &anchor, {}}).first->second;
                claim.boxes.insert(groups.root(i));
            }
        }
    }
    for (const auto& [j, claim] : claims) {
        if (claim.boxes.size() != 1) {
            continue;  // the blocks of two boxes overlap here: the row's box is not known
        }
        const std::size_t i = claim.anchor_row;
        const std::string& anchor = *claim.anchor;
        const bool chassis = std::find(refs[i].chassis_ids.begin(), refs[i].chassis_ids.end(),
                                       anchor) != refs[i].chassis_ids.end();
        tie(i, j, true,
            "port MAC " + devices[j].mac + " lies within " + std::to_string(kPortBlock) + " of " +
                (chassis ? "LLDP chassis id " : "LLDP/CDP sender MAC ") + anchor +
                " announced from " + who(devices[i]) +
                " (one OUI block; the row names nothing of its own)");
    }
}

// Every piece of evidence that joined two groups, in the order it was applied. `refs` holds
// each row's box evidence (box_references), read once.
std::vector<Tie> find_ties(const std::vector<DeviceRecord>& devices,
                           const std::vector<BoxReferences>& refs, Groups& groups) {
    std::vector<Tie> ties;
    const auto tie = [&](std::size_t a, std::size_t b, bool check, std::string reason) {
        if (a != b && groups.join(a, b, check)) {
            ties.push_back(Tie{a, b, std::move(reason)});
        }
    };
    std::map<std::int64_t, std::size_t> by_id;
    std::map<std::pair<std::int64_t, std::string>, std::size_t> by_mac;
    std::map<std::pair<std::int64_t, std::string>, std::size_t> by_address;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const DeviceRecord& d = devices[i];
        by_id.emplace(d.id, i);
        if (!d.mac.empty()) {
            by_mac.emplace(std::make_pair(d.domain, d.mac), i);
        }
        for (const AddressEntry& a : d.addresses) {
            by_address.emplace(std::make_pair(d.domain, a.address), i);
        }
    }
    const auto own_box = [&](std::size_t i) { return note(devices[i], "own_box") != nullptr; };

    // A person's word first: it holds even against different chassis ids.
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const auto target = DeviceQuery::parse(refs[i].same_box);
        if (refs[i].same_box.empty() || !target) {
            continue;
        }
        std::optional<std::size_t> other;
        if (target->by == DeviceQuery::By::id) {
            if (const auto it = by_id.find(target->id); it != by_id.end()) {
                other = it->second;
            }
        } else if (const auto it = by_mac.find({devices[i].domain, target->text});
                   it != by_mac.end()) {
            other = it->second;
        }
        if (other) {
            tie(i, *other, false,
                "annotation same_box=" + refs[i].same_box + " (" +
                    note(devices[i], "same_box")->source + ")");
        }
    }
    // One chassis id: announced from both rows, or the MAC of one of them.
    std::map<std::pair<std::int64_t, std::string>, std::size_t> chassis_seen;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (own_box(i)) {
            continue;
        }
        for (const std::string& chassis : refs[i].chassis_ids) {
            const auto key = std::make_pair(devices[i].domain, chassis);
            if (const auto it = by_mac.find(key); it != by_mac.end() && !own_box(it->second)) {
                tie(it->second, i, false,
                    "LLDP chassis id " + chassis + " announced from " + who(devices[i]) +
                        " is this box's MAC");
            }
            const auto [seen, first] = chassis_seen.emplace(key, i);
            if (!first) {
                tie(seen->second, i, false,
                    "same LLDP chassis id " + chassis + " announced from " +
                        who(devices[seen->second]) + " and " + who(devices[i]));
            }
        }
    }
    // A management address the other row holds.
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (own_box(i)) {
            continue;
        }
        for (const auto& [source, address] : refs[i].management_addresses) {
            const auto it = by_address.find({devices[i].domain, address});
            if (it != by_address.end() && !own_box(it->second)) {
                tie(it->second, i, true,
                    source + " management address " + address + " announced from " +
                        who(devices[i]) + " is held by " + who(devices[it->second]));
            }
        }
    }
    // A MAC or address the other row holds that this row's SNMP agent lists as its own.
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (own_box(i)) {
            continue;
        }
        for (const std::string& mac : refs[i].interface_macs) {
            const auto it = by_mac.find({devices[i].domain, mac});
            if (it != by_mac.end() && !own_box(it->second)) {
                tie(i, it->second, true,
                    "SNMP interface MAC " + mac + " (ifPhysAddress) listed by " +
                        who(devices[i]) + " is this box's MAC");
            }
        }
        for (const std::string& address : refs[i].interface_addresses) {
            const auto it = by_address.find({devices[i].domain, address});
            if (it != by_address.end() && !own_box(it->second)) {
                tie(i, it->second, true,
                    "SNMP interface address " + address + " listed by " + who(devices[i]) +
                        " is held by " + who(devices[it->second]));
            }
        }
    }
    // One system name announced from both rows.
    std::map<std::pair<std::int64_t, std::string>, std::size_t> names_seen;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        if (own_box(i)) {
            continue;
        }
        std::set<std::string> names;
        for (const std::string& name : refs[i].names) {
            names.insert(lower_ascii(name));
        }
        for (const std::string& name : names) {
            const auto [seen, first] = names_seen.emplace(std::make_pair(devices[i].domain, name), i);
            if (!first) {
                tie(seen->second, i, true,
                    "same system name \"" + name + "\" announced from " +
                        who(devices[seen->second]) + " and " + who(devices[i]));
            }
        }
    }
    tie_port_blocks(devices, refs, by_mac, groups, own_box, tie);
    return ties;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> port_block(const std::string& mac) {
    const auto m = collectors::MacAddress::parse(mac);
    if (!m || m->is_zero() || m->is_group() || m->is_local()) {
        return std::nullopt;
    }
    const std::uint64_t v = m->as_u64();
    const std::uint64_t oui_first = v & ~kOuiMask;
    const std::uint64_t oui_last = v | kOuiMask;
    const std::uint64_t lo = v - oui_first >= kPortBlock ? v - kPortBlock : oui_first;
    const std::uint64_t hi = oui_last - v >= kPortBlock ? v + kPortBlock : oui_last;
    return std::make_pair(mac_text(lo), mac_text(hi));
}

void merge_box_interfaces(std::vector<DeviceRecord>& devices) {
    std::vector<BoxReferences> refs;
    refs.reserve(devices.size());
    bool any = false;
    for (const DeviceRecord& d : devices) {
        refs.push_back(box_references(d));
        const BoxReferences& r = refs.back();
        any = any || !r.chassis_ids.empty() || !r.management_addresses.empty() ||
              !r.names.empty() || !r.same_box.empty() || !r.interface_macs.empty() ||
              !r.interface_addresses.empty() || !r.block_anchors.empty();
    }
    if (!any) {
        return;  // nothing on the wire ties two rows: no index of the whole list to build
    }
    Groups groups(refs);
    const std::vector<Tie> ties = find_ties(devices, refs, groups);
    if (ties.empty()) {
        return;
    }
    // The rows each tie touches, grouped; the head of a group is its on-link row with the
    // lowest id (a routed host only when the group has nothing else).
    std::map<std::size_t, std::vector<std::size_t>> touching;  // row -> indexes into ties
    for (std::size_t t = 0; t < ties.size(); ++t) {
        touching[ties[t].a].push_back(t);
        touching[ties[t].b].push_back(t);
    }
    std::map<std::size_t, std::vector<std::size_t>> members;  // root -> rows
    for (const auto& [row, unused] : touching) {
        members[groups.root(row)].push_back(row);
    }
    std::vector<bool> gone(devices.size(), false);
    for (const auto& [root, list] : members) {
        const std::size_t head = *std::min_element(
            list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
                return std::make_tuple(devices[a].routed, devices[a].id) <
                       std::make_tuple(devices[b].routed, devices[b].id);
            });
        // Walk the ties outward from the head: each member is absorbed with the evidence that
        // reached it.
        std::vector<std::size_t> frontier{head};
        std::set<std::size_t> reached{head};
        std::vector<std::pair<std::size_t, const std::string*>> order;
        while (!frontier.empty()) {
            const std::size_t at = frontier.back();
            frontier.pop_back();
            for (const std::size_t t : touching[at]) {
                const std::size_t next = ties[t].a == at ? ties[t].b : ties[t].a;
                if (reached.insert(next).second) {
                    order.emplace_back(next, &ties[t].reason);
                    frontier.push_back(next);
                }
            }
        }
        std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
            return devices[x.first].id < devices[y.first].id;
        });
        for (const auto& [member, reason] : order) {
            absorb_device(devices[head], devices[member], *reason, &DeviceRecord::interfaces);
            gone[member] = true;
        }
    }
    drop_absorbed(devices, gone);
}

BoxReferences box_references(const DeviceRecord& d) {
    BoxReferences out;
    bool announces = false;  // sent LLDP or CDP
    for (const FactEntry& f : d.facts) {
        if (!f.about.empty()) {
            continue;
        }
        announces = announces || f.source == "lldp" || f.source == "cdp";
        if (f.value.empty()) {
            continue;
        }
        if (f.kind == FactKind::chassis_id) {
            out.chassis_ids.push_back(f.value);
            if (port_block(f.value)) {
                out.block_anchors.push_back(f.value);
            }
        } else if (f.kind == FactKind::management_address) {
            out.management_addresses.emplace_back(f.source, f.value);
        } else if (f.kind == FactKind::system_name && self_description(f) &&
                   usable_name(lower_ascii(f.value))) {
            out.names.push_back(f.value);
        } else if (f.kind == FactKind::interface_mac) {
            out.interface_macs.push_back(f.value);
        } else if (f.kind == FactKind::interface_address) {
            out.interface_addresses.push_back(f.value);
        }
        // What a box says of itself: a row that says it is not taken in as another's port.
        out.own_identity = out.own_identity || f.kind == FactKind::hostname ||
                           f.kind == FactKind::dhcp_fingerprint ||
                           f.kind == FactKind::chassis_id ||
                           (f.kind == FactKind::system_name && self_description(f));
    }
    // Without a chassis MAC (CDP names the box by its device id), the MAC the box sends from.
    if (announces && out.block_anchors.empty() && port_block(d.mac)) {
        out.block_anchors.push_back(d.mac);
    }
    if (const Annotation* a = note(d, "same_box")) {
        out.same_box = a->value;
    }
    return out;
}

}  // namespace daicho::ledger
