// Typed views of structured fact values (ledger/fact_values.h). The texts come from the wire
// through the decoders: every number is range-checked, every shape checked in full.

#include "daicho/ledger/fact_values.h"

#include <charconv>
#include <string_view>

namespace daicho::ledger {

namespace {

using collectors::FactKind;

// A VLAN id or a small unsigned number, all of `text`, at most `max`.
std::optional<int> number(std::string_view text, int max) {
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < 0 || n > max || text.empty() ||
        text.front() == '+') {
        return std::nullopt;
    }
    return n;
}

constexpr int kMaxVlan = 4095;
constexpr int kMaxApplication = 255;

bool take_prefix(std::string_view& s, std::string_view prefix) {
    if (!s.starts_with(prefix)) {
        return false;
    }
    s.remove_prefix(prefix.size());
    return true;
}

}  // namespace

std::optional<DicomPeer> dicom_peer(const FactEntry& fact) {
    std::string_view v = fact.value;
    if (fact.kind != FactKind::peer || fact.source != "dicom" || !take_prefix(v, "dicom-scp ") ||
        v.empty()) {
        return std::nullopt;
    }
    DicomPeer peer;
    // The AE title may hold spaces; the address, when there is one, is the last word.
    const auto space = v.rfind(' ');
    if (space != std::string_view::npos) {
        if (const auto ip = collectors::IpAddress::parse(v.substr(space + 1))) {
            peer.address = ip->to_string();
            v = v.substr(0, space);
        }
    }
    peer.ae_title = std::string(v);
    return peer;
}

std::optional<VlanAnnouncement> vlan_announcement(const FactEntry& fact) {
    if (fact.kind != FactKind::vlan_announced) {
        return std::nullopt;
    }
    std::string_view v = fact.value;
    VlanAnnouncement a;
    if (take_prefix(v, "pvid=") || take_prefix(v, "native-vlan=")) {
        const auto vlan = number(v, kMaxVlan);
        if (!vlan) {
            return std::nullopt;
        }
        a.what = VlanAnnouncement::What::port_vlan;
        a.vlan = *vlan;
        return a;
    }
    if (take_prefix(v, "vtp-domain=")) {
        a.what = VlanAnnouncement::What::vtp_domain;
        a.name = std::string(v);
        return a;
    }
    if (take_prefix(v, "vlan ")) {
        const auto sep = v.find(" name=");
        const auto vlan = number(v.substr(0, sep), kMaxVlan);
        if (sep == std::string_view::npos || !vlan) {
            return std::nullopt;
        }
        a.what = VlanAnnouncement::What::vlan_name;
        a.vlan = *vlan;
        a.name = std::string(v.substr(sep + 6));
        return a;
    }
    if (take_prefix(v, "med-policy app=")) {
        const auto sep = v.find(" vlan=");
        const auto app = number(v.substr(0, sep), kMaxApplication);
        const auto vlan =
            sep == std::string_view::npos ? std::nullopt : number(v.substr(sep + 6), kMaxVlan);
        if (!app || !vlan) {
            return std::nullopt;
        }
        a.what = VlanAnnouncement::What::voice_policy;
        a.application = *app;
        a.vlan = *vlan;
        return a;
    }
    return std::nullopt;
}

}  // namespace daicho::ledger
