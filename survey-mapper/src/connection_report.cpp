// `daicho connections` (survey/connection_report.h): grouping per department and the three
// renderers. Every name, product, version and capture path may come from the network or a
// file name: the JSON dump escapes it (invalid UTF-8 becomes U+FFFD), the table escapes
// control bytes and bidi overrides (ledger/text.h), the sheet goes to write_sheet_csv /
// write_xlsx, which neutralise formulas. Times are UTC, as in every other export.

#include "daicho/survey/connection_report.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "daicho/ledger/text.h"
#include "daicho/ledger/time.h"

namespace daicho::survey {

namespace {

using Json = nlohmann::ordered_json;
using ledger::format_time_utc;
namespace text = ledger::text;

constexpr std::array<std::string_view, 4> kRemoteAccess{"remote-control", "vpn", "ssl-vpn",
                                                        "tunnel"};

std::size_t class_rank(std::string_view c) {
    const auto* it = std::find(ledger::kServiceClasses.begin(), ledger::kServiceClasses.end(), c);
    return static_cast<std::size_t>(it - ledger::kServiceClasses.begin());
}

int opener_rank(std::string_view o) { return o == "outside" ? 0 : o == "unknown" ? 1 : 2; }

// Inbound first (the exposure a person must know), then the most exposed classes.
bool listed_before(const ConnectionPoint& a, const ConnectionPoint& b) {
    if (opener_rank(a.opener) != opener_rank(b.opener)) {
        return opener_rank(a.opener) < opener_rank(b.opener);
    }
    if (class_rank(a.service_class) != class_rank(b.service_class)) {
        return class_rank(a.service_class) < class_rank(b.service_class);
    }
    if (a.remote_address != b.remote_address) {
        return a.remote_address < b.remote_address;
    }
    if (a.server_port != b.server_port) {
        return a.server_port < b.server_port;
    }
    return a.id < b.id;
}

void count(ConnectionCounts& c, const ConnectionPoint& p) {
    ++c.points;
    c.inbound += p.inbound() ? 1 : 0;
    c.remote_access += remote_access_class(p.service_class) ? 1 : 0;
    c.always_on += p.always_on ? 1 : 0;
}

std::string transport(const ConnectionPoint& p) {
    switch (p.ip_proto) {
        case 6:
            return "tcp/" + std::to_string(p.server_port);
        case 17:
            return "udp/" + std::to_string(p.server_port);
        case 50:
            return "esp";
        case 47:
            return "gre";
        default:
            return "ip/" + std::to_string(p.ip_proto);
    }
}

std::string protocol_text(const ConnectionPoint& p) {
    std::string out = p.protocol;
    for (const std::string* part : {&p.product, &p.version}) {
        if (!part->empty()) {
            out += (out.empty() ? "" : " ") + *part;
        }
    }
    return out;
}

// Names seen for the remote end, each once, in source order (certificate, dns, sni).
std::string names_text(const ConnectionPoint& p, std::string_view separator) {
    std::vector<std::string> seen;
    std::string out;
    for (const auto& n : p.names) {
        if (std::find(seen.begin(), seen.end(), n.name) != seen.end()) {
            continue;
        }
        seen.push_back(n.name);
        out += (out.empty() ? "" : std::string(separator)) + n.name;
    }
    return out;
}

std::string inside_text(const ConnectionPoint& p) {
    std::string out = p.inside_address;
    if (!p.inside_name.empty()) {
        out += " " + p.inside_name;
    }
    if (p.inside_device_id != 0) {
        out += " [" + std::to_string(p.inside_device_id) + "]";
    }
    return out;
}

std::string gateway_text(const ConnectionPoint& p) {
    if (p.gateway_mac.empty()) {
        return "-";
    }
    return p.gateway_vendor.empty() ? p.gateway_mac : p.gateway_mac + " " + p.gateway_vendor;
}

std::string duration_text(std::int64_t us) {
    const std::int64_t s = us / 1'000'000;
    if (s >= 3600) {
        return std::to_string(s / 3600) + "h" + (s % 3600 / 60 < 10 ? "0" : "") +
               std::to_string(s % 3600 / 60) + "m";
    }
    if (s >= 60) {
        return std::to_string(s / 60) + "m" + (s % 60 < 10 ? "0" : "") + std::to_string(s % 60) +
               "s";
    }
    return std::to_string(s) + "s";
}

std::string seconds(std::int64_t us) { return format_time_utc(us).substr(0, 19) + "Z"; }

std::string evidence_text(const ConnectionPoint& p) {
    if (p.evidence.capture.empty()) {
        return "-";
    }
    return std::filesystem::path(p.evidence.capture).filename().string() + ":" +
           std::to_string(p.evidence.frame);
}

std::string department_title(const std::string& name, Lang lang) {
    if (!name.empty()) {
        return name;
    }
    return lang == Lang::ja ? "（部署未割当）" : "(no department)";
}

std::string counts_text(const ConnectionCounts& c, Lang lang) {
    if (lang == Lang::ja) {
        return "接続点 " + std::to_string(c.points) + "（外部から開始 " +
               std::to_string(c.inbound) + "、リモートアクセス " + std::to_string(c.remote_access) +
               "、常時接続 " + std::to_string(c.always_on) + "）";
    }
    return std::to_string(c.points) + " points (" + std::to_string(c.inbound) + " inbound, " +
           std::to_string(c.remote_access) + " remote access, " + std::to_string(c.always_on) +
           " always on)";
}

Json counts_json(const ConnectionCounts& c) {
    return Json{{"points", c.points},
                {"inbound", c.inbound},
                {"remote_access", c.remote_access},
                {"always_on", c.always_on}};
}

Json point_json(const ConnectionPoint& p) {
    Json names = Json::array();
    for (const auto& n : p.names) {
        names.push_back(Json{{"source", n.source}, {"name", n.name}});
    }
    Json evidence = nullptr;
    if (!p.evidence.capture.empty()) {
        evidence = Json{{"capture", p.evidence.capture}, {"frame", p.evidence.frame}};
    }
    return Json{
        {"id", p.id},
        {"direction", p.opener},
        {"service_class", p.service_class},
        {"class_source", p.class_source},
        {"protocol", p.protocol},
        {"product", p.product},
        {"version", p.version},
        {"inside",
         Json{{"address", p.inside_address},
              {"device", p.inside_device_id == 0 ? Json(nullptr) : Json(p.inside_device_id)},
              {"name", p.inside_name},
              {"mac", p.inside_mac}}},
        {"remote", Json{{"address", p.remote_address},
                        {"ip_proto", p.ip_proto},
                        {"port", p.server_port},
                        {"names", std::move(names)}}},
        {"gateway",
         Json{{"mac", p.gateway_mac},
              {"device", p.gateway_device_id == 0 ? Json(nullptr) : Json(p.gateway_device_id)},
              {"vendor", p.gateway_vendor}}},
        {"vlan", p.vlan},
        {"first_seen", format_time_utc(p.first_seen_us)},
        {"last_seen", format_time_utc(p.last_seen_us)},
        {"sessions", p.sessions},
        {"longest_session_s", p.longest_us / 1'000'000},
        {"always_on", p.always_on},
        {"packets", p.packets},
        {"bytes_out", p.bytes_out},
        {"bytes_in", p.bytes_in},
        {"department_source", p.department_source},
        {"site", p.site},
        {"evidence", std::move(evidence)}};
}

}  // namespace

bool remote_access_class(std::string_view service_class) noexcept {
    return std::find(kRemoteAccess.begin(), kRemoteAccess.end(), service_class) !=
           kRemoteAccess.end();
}

ConnectionReport connection_report(const ledger::ConnectionList& list,
                                   const ledger::DepartmentMap& map) {
    ConnectionReport r;
    r.plan_configured = list.plan_configured;
    r.captures = list.captures;
    r.captures_without_plan = list.captures_without_plan;
    r.evictions = list.evictions;
    const auto rank = [&map](const std::string& name) {
        if (name.empty()) {
            return map.departments.size() + 1;  // the unplaced group last
        }
        for (std::size_t i = 0; i < map.departments.size(); ++i) {
            if (map.departments[i].name == name) {
                return i;
            }
        }
        return map.departments.size();  // named by an annotation only
    };
    for (const ConnectionPoint& p : list.points) {
        auto it = std::find_if(r.departments.begin(), r.departments.end(),
                               [&p](const auto& d) { return d.department == p.department; });
        if (it == r.departments.end()) {
            r.departments.push_back(DepartmentConnections{p.department, {}, {}});
            it = std::prev(r.departments.end());
        }
        it->points.push_back(p);
        count(it->counts, p);
        count(r.total, p);
    }
    std::sort(r.departments.begin(), r.departments.end(), [&rank](const auto& a, const auto& b) {
        const auto ra = rank(a.department);
        const auto rb = rank(b.department);
        return ra != rb ? ra < rb : a.department < b.department;
    });
    for (auto& d : r.departments) {
        std::sort(d.points.begin(), d.points.end(), listed_before);
    }
    return r;
}

void write_connections_json(std::ostream& out, const ConnectionReport& report) {
    Json departments = Json::array();
    for (const auto& d : report.departments) {
        Json points = Json::array();
        for (const auto& p : d.points) {
            points.push_back(point_json(p));
        }
        departments.push_back(
            Json{{"department", d.department.empty() ? Json(nullptr) : Json(d.department)},
                 {"counts", counts_json(d.counts)},
                 {"points", std::move(points)}});
    }
    const Json j{{"address_plan", report.plan_configured},
                 {"captures", report.captures},
                 {"captures_without_plan", report.captures_without_plan},
                 {"evictions", report.evictions},
                 {"total", counts_json(report.total)},
                 {"departments", std::move(departments)}};
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_connections_table(std::ostream& out, const ConnectionReport& report, Lang lang) {
    constexpr std::size_t kColumns = 9;
    constexpr std::array<std::size_t, kColumns> kMaxWidth{10, 18, 28, 34, 48, 28, 18, 40, 28};
    const std::array<std::string, kColumns> head =
        lang == Lang::ja
            ? std::array<std::string, kColumns>{"方向",       "種別",       "プロトコル・製品",
                                                "院内の機器", "接続先",     "出口",
                                                "セッション", "期間 (UTC)", "証跡"}
            : std::array<std::string, kColumns>{"DIRECTION", "CLASS",      "PROTOCOL",
                                                "INSIDE",    "REMOTE",     "GATEWAY",
                                                "SESSIONS",  "SEEN (UTC)", "EVIDENCE"};
    if (report.departments.empty()) {
        out << (lang == Lang::ja ? "外部接続点はありません\n" : "No external connection points\n");
        return;
    }
    out << (lang == Lang::ja ? "外部接続点 合計: " : "External connection points: ")
        << counts_text(report.total, lang) << '\n';
    for (const auto& d : report.departments) {
        out << '\n'
            << text::escape(department_title(d.department, lang)) << ": "
            << counts_text(d.counts, lang) << '\n';
        std::vector<std::array<std::string, kColumns>> rows{head};
        for (const auto& p : d.points) {
            std::string remote = p.remote_address + " " + transport(p);
            if (const auto names = names_text(p, ", "); !names.empty()) {
                remote += " (" + names + ")";
            }
            std::string sessions = std::to_string(p.sessions) + " / " + duration_text(p.longest_us);
            if (p.always_on) {
                sessions += lang == Lang::ja ? " 常時" : " always";
            }
            std::array<std::string, kColumns> row{
                opener_word(p.opener, lang),
                connection_class_word(p.service_class, lang),
                protocol_text(p),
                inside_text(p),
                remote,
                gateway_text(p),
                sessions,
                seconds(p.first_seen_us) + " - " + seconds(p.last_seen_us).substr(11),
                evidence_text(p)};
            for (std::size_t i = 0; i < kColumns; ++i) {
                row[i] = text::truncate_to_width(text::escape(row[i]), kMaxWidth[i]);
            }
            rows.push_back(std::move(row));
        }
        std::array<std::size_t, kColumns> width{};
        for (const auto& row : rows) {
            for (std::size_t i = 0; i < kColumns; ++i) {
                width[i] = std::max(width[i], text::display_width(row[i]));
            }
        }
        for (const auto& row : rows) {
            std::string line = "  ";
            for (std::size_t i = 0; i < kColumns; ++i) {
                line += row[i];
                if (i + 1 < kColumns) {
                    line.append(width[i] - text::display_width(row[i]) + 2, ' ');
                }
            }
            out << line << '\n';
        }
    }
}

Sheet connections_sheet(const ConnectionReport& report, Lang lang) {
    Sheet s;
    if (lang == Lang::ja) {
        s.name = "外部接続点";
        s.headers = {"部署",
                     "方向",
                     "種別",
                     "分類根拠",
                     "プロトコル",
                     "製品",
                     "バージョン",
                     "院内アドレス",
                     "院内機器ID",
                     "院内機器名",
                     "院内MAC",
                     "接続先アドレス",
                     "IPプロトコル",
                     "接続先ポート",
                     "接続先の名前",
                     "出口MAC",
                     "出口ベンダー",
                     "セッション数",
                     "最長セッション(秒)",
                     "常時接続",
                     "送信バイト",
                     "受信バイト",
                     "初回検出 (UTC)",
                     "最終検出 (UTC)",
                     "証跡キャプチャ",
                     "証跡フレーム"};
    } else {
        s.name = "Connection points";
        s.headers = {"Department",
                     "Direction",
                     "Class",
                     "Class from",
                     "Protocol",
                     "Product",
                     "Version",
                     "Inside address",
                     "Inside device ID",
                     "Inside name",
                     "Inside MAC",
                     "Remote address",
                     "IP protocol",
                     "Remote port",
                     "Remote names",
                     "Gateway MAC",
                     "Gateway vendor",
                     "Sessions",
                     "Longest session (s)",
                     "Always on",
                     "Bytes out",
                     "Bytes in",
                     "First seen (UTC)",
                     "Last seen (UTC)",
                     "Evidence capture",
                     "Evidence frame"};
    }
    const std::string yes = lang == Lang::ja ? "はい" : "yes";
    for (const auto& d : report.departments) {
        for (const auto& p : d.points) {
            s.rows.push_back(
                {d.department,
                 opener_word(p.opener, lang),
                 connection_class_word(p.service_class, lang),
                 p.class_source,
                 p.protocol,
                 p.product,
                 p.version,
                 p.inside_address,
                 p.inside_device_id == 0 ? std::string() : std::to_string(p.inside_device_id),
                 p.inside_name,
                 p.inside_mac,
                 p.remote_address,
                 std::to_string(p.ip_proto),
                 p.server_port == 0 ? std::string() : std::to_string(p.server_port),
                 names_text(p, "; "),
                 p.gateway_mac,
                 p.gateway_vendor,
                 std::to_string(p.sessions),
                 std::to_string(p.longest_us / 1'000'000),
                 p.always_on ? yes : std::string(),
                 std::to_string(p.bytes_out),
                 std::to_string(p.bytes_in),
                 format_time_utc(p.first_seen_us),
                 format_time_utc(p.last_seen_us),
                 p.evidence.capture,
                 p.evidence.frame == 0 ? std::string() : std::to_string(p.evidence.frame)});
        }
    }
    return s;
}

}  // namespace daicho::survey
