// The explain report (daicho/survey/explain_report.h).

#include "daicho/survey/explain_report.h"

#include <string>
#include <utility>
#include <vector>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/text.h"
#include "daicho/ledger/time.h"
#include "software_text.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, classification and text helpers

namespace {

// Every label explain prints, in both languages. The field labels are padded to one display
// width so the values line up whatever the language.
struct Labels {
    const char* device;
    const char* domain;
    const char* routed_behind;  // "routed host: seen behind router"
    const char* external;       // the line that says an outside_plan record is no asset
    const char* linked;
    const char* interface;
    const char* vendor;
    const char* maker;
    const char* also_it;
    const char* addresses;
    const char* vlans;
    const char* hostnames;
    const char* services;
    const char* software;
    const char* seen;
    const char* department;
    const char* site;
    const char* ledger;
    const char* conflict;
    const char* no_mapping;
    const char* annotations;
    const char* classification;
    const char* confidence;
    const char* fired;
    const char* none;
    const char* scores;
    const char* came_close;
    const char* more;
    const char* missing;
    const char* capture_host;  // "capture host: the host that took the loopback capture"
};

constexpr Labels kJa{"機器",
                     "ドメイン",
                     "ルータ越しの機器: 観測したルータ",
                     "外部の接続先: アドレスがすべてアドレス計画の外にあるため、病院の資産"
                     "（問8・問9の台帳）ではありません",
                     "同一機器",
                     "同一筐体",
                     "ベンダー",
                     "メーカー",
                     "IT 機器も製造",
                     "IPアドレス",
                     "VLAN",
                     "ホスト名",
                     "サービス",
                     "ソフトウェア",
                     "観測期間",
                     "部署",
                     "拠点",
                     "台帳",
                     "競合（人が決めてください）:",
                     "-（注記も対応表もなし）",
                     "注記（人の判断。ここでの機器種別はルールより優先）:",
                     "分類:",
                     "確度",
                     "該当したルール:",
                     "該当したルール: なし",
                     "種別ごとの得点:",
                     "惜しかったルール（一部の条件のみ成立）:",
                     "ほか",
                     "不足: ",
                     "キャプチャ取得端末（自身のループバック通信のみ観測、MAC なし）: キャプチャ"};
constexpr Labels kEn{"device",
                     "domain",
                     "routed host: seen behind router",
                     "external endpoint: every address is outside the address plan, so it is "
                     "not one of the hospital's assets (Q8/Q9 ledgers)",
                     "linked",
                     "same box",
                     "vendor",
                     "maker",
                     "also makes IT gear",
                     "addresses",
                     "vlans",
                     "hostnames",
                     "services",
                     "software",
                     "seen",
                     "department",
                     "site",
                     "ledger",
                     "conflict, a person decides:",
                     "- (no annotation or mapping)",
                     "Annotations (a person's word; a category here wins over the rules):",
                     "classification:",
                     "confidence",
                     "fired rules:",
                     "fired rules: none",
                     "scores:",
                     "came close (some conditions held):",
                     "more",
                     "missing: ",
                     "capture host (seen only on its own loopback, no MAC): capture"};

// "  label" padded to the value column.
std::string field(const char* label) {
    constexpr std::size_t kWidth = 12;
    std::string out = std::string("  ") + label;
    const std::size_t w = text::display_width(label);
    out.append(w < kWidth ? kWidth - w : 1, ' ');
    return out;
}

// Near misses are hints, not the answer; a long tail of them hides the fired rules.
constexpr std::size_t kMaxNearMisses = 10;

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : " ") + p;
    }
    return out.empty() ? "-" : out;
}

std::string category_text(const std::string& category, const std::string& subtype, Lang lang) {
    const std::string word = lang == Lang::ja ? category_word(category, lang) : category;
    return subtype.empty() ? word : word + "/" + subtype;
}

std::string evidence_text(const RuleEvidence& e) {
    std::string out;
    if (e.kind == "vendor") {
        out = "vendor: " + e.value;
    } else {
        out = e.kind + " = \"" + e.value + "\"";
    }
    out += " [" + e.source + "]";
    if (!e.about.empty()) {
        out += " about " + e.about;
    }
    if (!e.evidence.capture.empty() || e.evidence.frame != 0) {
        out += "  " + e.evidence.capture + " frame " + std::to_string(e.evidence.frame);
    }
    return text::escape(out);
}

// "放射線科 (subnet 10.20.0.0/16)", "- (no mapping)", or the candidates of a conflict.
std::string placement_text(const std::string& name, const std::string& source,
                           const std::vector<PlacementCandidate>& conflict, const Labels& l) {
    if (!conflict.empty()) {
        std::string out = l.conflict;
        for (const auto& c : conflict) {
            out += " " + c.name + " (" + c.source + ")";
        }
        return text::escape(out);
    }
    if (name.empty()) {
        return l.no_mapping;
    }
    return text::escape(name + " (" + source + ")");
}

void print_device(std::ostream& out, const DeviceRecord& d, const Labels& l,
                  const Classifier& classifier) {
    if (!d.capture_host.empty()) {
        out << l.device << " " << d.id << "  " << d.addresses.front().address << "  ("
            << l.capture_host << " " << text::escape(d.capture_host) << ")\n";
    } else if (d.routed) {
        out << l.device << " " << d.id << "  " << d.addresses.front().address << "  (" << l.domain
            << " " << d.domain << ", " << l.routed_behind << " " << d.routed_via << ")\n";
    } else {
        out << l.device << " " << d.id << "  " << d.mac << "  (" << l.domain << " " << d.domain
            << ", " << d.mac_kind << " MAC)\n";
    }
    if (d.outside_plan) {
        out << "  " << l.external << '\n';
    }
    for (const auto& [label, rows] : {std::pair{l.linked, &d.linked},
                                      std::pair{l.interface, &d.interfaces}}) {
        for (const auto& k : *rows) {
            out << field(label) << l.device << " " << k.id << " " << k.mac << " (" << k.mac_kind
                << " MAC): " << text::escape(k.reason) << '\n';
        }
    }
    out << field(l.vendor) << text::escape(d.vendor.empty() ? "-" : d.vendor) << '\n';
    if (const auto maker = classifier.maker_for_mac(d.mac)) {
        out << field(l.maker) << maker->maker->name;
        if (!maker->maker->name_ja.empty()) {
            out << " (" << maker->maker->name_ja << ")";
        }
        out << ", OUI " << maker->oui << " " << maker->strength
            << (maker->maker->mixed_it ? std::string(", ") + l.also_it : std::string()) << '\n';
    }
    std::vector<std::string> ips;
    for (const auto& a : d.addresses) {
        ips.push_back(a.address);
    }
    std::vector<std::string> vlans;
    for (int v : d.vlans) {
        vlans.push_back(std::to_string(v));
    }
    out << field(l.addresses) << joined(ips) << '\n';
    out << field(l.vlans) << joined(vlans) << '\n';
    out << field(l.hostnames) << text::escape(joined(d.hostnames)) << '\n';
    out << field(l.services) << text::escape(joined(d.services)) << '\n';
    // One line per software statement, each part named: product/version/build, then model,
    // serial and OS when the statement carries them, and where it came from.
    for (const auto& sw : d.software) {
        std::string line = software_text(sw);
        for (const auto& [name, value] :
             {std::pair<const char*, const std::string*>{"model", &sw.model},
              {"serial", &sw.serial},
              {"os", &sw.os}}) {
            if (!value->empty()) {
                line += std::string("  ") + name + "=" + *value;
            }
        }
        out << field(l.software) << text::escape(line) << "  (" << sw.kind << ", " << sw.source
            << ")\n";
    }
    out << field(l.seen) << format_time_utc(d.first_seen_us) << " .. "
        << format_time_utc(d.last_seen_us) << '\n';
    out << field(l.department)
        << placement_text(d.department, d.department_source, d.department_conflict, l) << '\n';
    out << field(l.site) << placement_text(d.site, d.site_source, d.site_conflict, l) << '\n';
    if (!d.ledger.empty()) {
        // Q8 or Q9, and whether a class the config files differently decided it.
        out << field(l.ledger) << (d.ledger == "medical" ? "Q9 " : "Q8 ") << d.ledger << "  ("
            << d.ledger_source << ")\n";
    }
}

void print_classification(std::ostream& out, const Classification& c, const Labels& l, Lang lang) {
    out << l.classification << " " << category_text(c.category, c.subtype, lang) << "  "
        << l.confidence << " " << c.confidence << " (" << band_word(c.band, lang) << ")\n";
    if (c.fired.empty()) {
        out << l.none << "\n";
    } else {
        out << l.fired << "\n";
        for (const auto& r : c.fired) {
            out << "  +" << r.weight << "  " << r.id << "  -> "
                << category_text(r.category, r.subtype, lang) << '\n';
            for (const auto& e : r.evidence) {
                out << "        " << evidence_text(e) << '\n';
            }
        }
    }
    if (!c.scores.empty()) {
        out << l.scores;
        for (const auto& s : c.scores) {
            out << "  " << category_text(s.category, "", lang) << " " << s.confidence;
        }
        out << '\n';
    }
    if (!c.near_misses.empty()) {
        out << l.came_close << "\n";
        std::size_t shown = 0;
        for (const auto& n : c.near_misses) {
            if (shown++ == kMaxNearMisses) {
                out << "  ... " << l.more << " " << c.near_misses.size() - kMaxNearMisses << "\n";
                break;
            }
            out << "  " << n.weight << "  " << n.id << "  -> "
                << category_text(n.category, n.subtype, lang) << "; " << l.missing
                << text::escape(n.missing) << '\n';
        }
    }
}

}  // namespace

void write_explain(std::ostream& out, const DeviceRecord& d, const Classifier& classifier,
                   Lang lang) {
    const Labels& labels = lang == Lang::en ? kEn : kJa;
    print_device(out, d, labels, classifier);
    if (!d.annotations.empty()) {
        out << labels.annotations << "\n";
        for (const auto& a : d.annotations) {
            out << "  " << a.key << " = " << text::escape(a.value) << "  ("
                << text::escape(a.source) << ")\n";
        }
    }
    print_classification(out, classifier.classify(d), labels, lang);
}

}  // namespace daicho::survey
