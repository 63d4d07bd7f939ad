// Catalogue (daicho/answers/catalogue.h): loads and checks support_dates.json,
// exploited_versions.json and update_hosts.json. Every row must name a source the file lists
// and a "checked" date; a row without them is refused at load, so an unsourced fact never
// reaches a report.

#include "daicho/answers/catalogue.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "daicho/answers/version.h"
#include "daicho/ledger/data_file.h"
#include "daicho/ledger/time.h"
#include "embedded_data.h"

namespace daicho::answers {

namespace {

using nlohmann::json;
namespace cd = ledger::classify_data;

bool is_day(const std::string& s) {
    return s.size() == 10 && ledger::parse_time_utc(s).has_value();
}

std::string day_at(std::string_view file, const json& e, const char* key,
                   const std::string& where) {
    auto s = cd::string_at(file, e, key, where);
    if (!is_day(s)) {
        cd::fail(file, where + ": \"" + key + "\" must be a date YYYY-MM-DD");
    }
    return s;
}

std::string optional_string(const json& e, const char* key) {
    return e.contains(key) && e.at(key).is_string() ? e.at(key).get<std::string>() : std::string();
}

// The row's source ids, each one the file's "source" list names.
std::vector<std::string> sources_at(std::string_view file, const json& e, const std::string& where,
                                    const std::vector<std::string>& known) {
    std::vector<std::string> ids;
    if (e.contains("source") && e.at("source").is_string()) {
        ids.push_back(e.at("source").get<std::string>());
    } else {
        ids = cd::strings_at(file, e, "source", where);
    }
    if (ids.empty()) {
        cd::fail(file, where + ": needs a \"source\"");
    }
    for (const auto& id : ids) {
        if (std::find(known.begin(), known.end(), id) == known.end()) {
            std::string what = where;
            what.append(": source '").append(id).append(R"(' is not in the file's "source" list)");
            cd::fail(file, what);
        }
    }
    return ids;
}

const ProductRow* find_product(const std::vector<ProductRow>& products, std::string_view name) {
    const std::string wanted = cd::lower_ascii(name);
    for (const auto& p : products) {
        if (cd::lower_ascii(p.name) == wanted) {
            return &p;
        }
        for (const auto& a : p.aliases) {
            if (cd::lower_ascii(a) == wanted) {
                return &p;
            }
        }
    }
    return nullptr;
}

// support_dates.json "products" (optional): each name and alias names one product only, so a
// fact's product maps to one row name.
std::vector<ProductRow> parse_products(std::string_view file, const json& doc,
                                       const std::vector<std::string>& known) {
    std::vector<ProductRow> products;
    if (!doc.contains("products")) {
        return products;
    }
    if (!doc.at("products").is_array()) {
        cd::fail(file, "\"products\" must be a list");
    }
    std::size_t i = 0;
    for (const auto& e : doc.at("products")) {
        const std::string where = "/products/" + std::to_string(i++);
        ProductRow p;
        p.name = cd::string_at(file, e, "name", where);
        if (e.contains("aliases")) {
            p.aliases = cd::strings_at(file, e, "aliases", where);
        }
        const std::string scheme =
            e.contains("scheme") ? cd::string_at(file, e, "scheme", where) : "standard";
        const auto parsed = version_scheme(scheme);
        if (!parsed) {
            cd::fail(file, where + ": \"scheme\" must be standard, pan-os, netscaler or sonicos");
        }
        p.scheme = *parsed;
        p.source = sources_at(file, e, where, known).front();
        p.checked = day_at(file, e, "checked", where);
        for (const auto& n : p.aliases) {
            if (find_product(products, n) != nullptr ||
                cd::lower_ascii(n) == cd::lower_ascii(p.name)) {
                cd::fail(file, where + ": \"" + n + "\" already names a product");
            }
        }
        if (find_product(products, p.name) != nullptr) {
            cd::fail(file, where + ": \"" + p.name + "\" already names a product");
        }
        products.push_back(std::move(p));
    }
    return products;
}

// A row names a product by the name its "products" entry gives, never by an alias, so one
// product is never split over two spellings.
std::string row_product(std::string_view file, const json& e, const std::string& where,
                        const std::vector<ProductRow>& products) {
    std::string name = cd::string_at(file, e, "product", where);
    if (const auto* p = find_product(products, name); p != nullptr && p->name != name) {
        cd::fail(file,
                 where + ": \"" + name + "\" is an alias: name the product \"" + p->name + "\"");
    }
    return name;
}

std::vector<SupportRow> parse_support(std::string_view file, const json& doc,
                                      const std::vector<std::string>& known,
                                      const std::vector<ProductRow>& products) {
    if (!doc.contains("releases") || !doc.at("releases").is_array()) {
        cd::fail(file, "needs a \"releases\" list");
    }
    std::vector<SupportRow> rows;
    std::size_t i = 0;
    for (const auto& e : doc.at("releases")) {
        const std::string where = "/releases/" + std::to_string(i++);
        SupportRow r;
        r.product = row_product(file, e, where, products);
        r.name = cd::string_at(file, e, "name", where);
        r.end = day_at(file, e, "end", where);
        r.checked = day_at(file, e, "checked", where);
        r.source = sources_at(file, e, where, known).front();
        r.note = optional_string(e, "note");
        if (r.product == "Windows") {
            if (!e.contains("build") || !e.at("build").is_number_unsigned()) {
                cd::fail(file, where + ": a Windows row needs a numeric \"build\"");
            }
            r.build = e.at("build").get<std::uint32_t>();
            r.edition = cd::string_at(file, e, "edition", where);
            if (r.edition != "client" && r.edition != "ltsc" && r.edition != "server") {
                cd::fail(file, where + ": \"edition\" must be client, ltsc or server");
            }
        } else {
            r.release = cd::string_at(file, e, "release", where);
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<ExploitedRow> parse_exploited(std::string_view file, std::string_view text,
                                          const std::vector<ProductRow>& products) {
    const json doc = cd::parse(file, text);
    const auto known = cd::check_header(file, doc);
    if (!doc.contains("vulnerabilities") || !doc.at("vulnerabilities").is_array()) {
        cd::fail(file, "needs a \"vulnerabilities\" list");
    }
    std::vector<ExploitedRow> rows;
    std::size_t i = 0;
    for (const auto& e : doc.at("vulnerabilities")) {
        const std::string where = "/vulnerabilities/" + std::to_string(i++);
        ExploitedRow r;
        r.cve = cd::string_at(file, e, "cve", where);
        r.product = row_product(file, e, where, products);
        const auto* product = find_product(products, r.product);
        const VersionScheme scheme = product != nullptr ? product->scheme : VersionScheme::standard;
        r.checked = day_at(file, e, "checked", where);
        r.sources = sources_at(file, e, where, known);
        r.note = optional_string(e, "note");
        r.known_exploited = e.value("known_exploited", false);
        r.credentials_leaked = e.value("credentials_leaked", false);
        if (!e.contains("versions") || !e.at("versions").is_array() || e.at("versions").empty()) {
            cd::fail(file, where + ": needs a non-empty \"versions\" list (CVE JSON 5)");
        }
        std::size_t j = 0;
        for (const auto& v : e.at("versions")) {
            const std::string vw = where + "/versions/" + std::to_string(j++);
            if (cd::string_at(file, v, "status", vw) != "affected") {
                continue;  // "unaffected" entries say what is fixed; the ranges are what counts
            }
            ExploitedRange range;
            range.version = cd::string_at(file, v, "version", vw);
            range.less_than = optional_string(v, "lessThan");
            range.less_than_or_equal = optional_string(v, "lessThanOrEqual");
            if (!range.less_than.empty() && !range.less_than_or_equal.empty()) {
                cd::fail(file, vw + R"(: give "lessThan" or "lessThanOrEqual", not both)");
            }
            const auto& upper =
                range.less_than.empty() ? range.less_than_or_equal : range.less_than;
            if (!upper.empty() && compare_versions(range.version, upper, scheme) > 0) {
                cd::fail(file, vw + ": the range ends before it starts");
            }
            r.ranges.push_back(std::move(range));
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<CatalogueEntry> parse_entries(std::string_view file, const json& doc, const char* list,
                                          const char* key, const std::vector<std::string>& known) {
    std::vector<CatalogueEntry> out;
    if (!doc.contains(list) || !doc.at(list).is_array()) {
        cd::fail(file, std::string("needs a \"") + list + "\" list");
    }
    std::size_t i = 0;
    for (const auto& e : doc.at(list)) {
        const std::string where = std::string("/") + list + "/" + std::to_string(i++);
        CatalogueEntry c;
        c.text = cd::lower_ascii(cd::string_at(file, e, key, where));
        c.what = optional_string(e, "what");
        c.source = sources_at(file, e, where, known).front();
        c.checked = day_at(file, e, "checked", where);
        out.push_back(std::move(c));
    }
    return out;
}

std::string_view trim_dot(std::string_view s) {
    while (!s.empty() && s.back() == '.') {
        s.remove_suffix(1);
    }
    return s;
}

// "Windows 10.0.19045", "10.0.19045" -> 19045: the last part of an NT version with three parts.
std::uint32_t nt_build(std::string_view version) {
    const auto dots = std::count(version.begin(), version.end(), '.');
    if (dots != 2) {
        return 0;
    }
    const auto last = version.substr(version.rfind('.') + 1);
    std::uint32_t build = 0;
    for (const char c : last) {
        if (c < '0' || c > '9' || build > 1'000'000) {
            return 0;
        }
        build = build * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return build;
}

bool same_product(std::string_view a, std::string_view b) {
    return cd::lower_ascii(a) == cd::lower_ascii(b);
}

}  // namespace

Catalogue Catalogue::parse(std::string_view support_json, std::string_view exploited_json,
                           std::string_view updates_json, const std::array<std::string, 3>& names) {
    Catalogue c;
    const json support = cd::parse(names[0], support_json);
    const auto support_sources = cd::check_header(names[0], support);
    c.products_ = parse_products(names[0], support, support_sources);
    c.support_ = parse_support(names[0], support, support_sources, c.products_);
    c.exploited_ = parse_exploited(names[1], exploited_json, c.products_);
    const json doc = cd::parse(names[2], updates_json);
    const auto known = cd::check_header(names[2], doc);
    c.hosts_ = parse_entries(names[2], doc, "hosts", "suffix", known);
    c.agents_ = parse_entries(names[2], doc, "user_agents", "prefix", known);
    c.wsus_ = parse_entries(names[2], doc, "wsus_ports", "service", known);
    return c;
}

std::shared_ptr<const Catalogue> Catalogue::load(const std::filesystem::path& dir) {
    std::array<std::string, 3> names;
    std::array<std::string, 3> texts;
    for (std::size_t i = 0; i < kFiles.size(); ++i) {
        texts[i] = data::file_text(dir, kFiles[i], names[i]);
    }
    return std::make_shared<const Catalogue>(parse(texts[0], texts[1], texts[2], names));
}

std::shared_ptr<const Catalogue> Catalogue::builtin() {
    static const std::shared_ptr<const Catalogue> c = load({});
    return c;
}

std::optional<Release> Catalogue::release_of(const ledger::SoftwareEntry& s) const {
    if (s.version.empty()) {
        return std::nullopt;
    }
    if (s.product.rfind("Windows", 0) == 0) {
        const auto build = nt_build(s.version);
        if (build == 0) {
            return std::nullopt;
        }
        return Release{"Windows", s.version, build};
    }
    // The rows' name for the product: a "products" entry's, else the fact's own.
    const ProductRow* listed = find_product(products_, s.product);
    const std::string& product = listed != nullptr ? listed->name : s.product;
    const auto named = [&](const std::string& p) { return same_product(p, product); };
    const bool known = listed != nullptr ||
                       std::any_of(support_.begin(), support_.end(),
                                   [&](const SupportRow& r) { return named(r.product); }) ||
                       std::any_of(exploited_.begin(), exploited_.end(),
                                   [&](const ExploitedRow& r) { return named(r.product); });
    if (!known) {
        return std::nullopt;
    }
    return Release{product, s.version, 0,
                   listed != nullptr ? listed->scheme : VersionScheme::standard};
}

std::vector<const SupportRow*> Catalogue::support(const Release& r) const {
    std::vector<const SupportRow*> out;
    for (const auto& row : support_) {
        if (!same_product(row.product, r.product)) {
            continue;
        }
        if (row.build != 0 ? row.build == r.build : in_release(r.version, row.release, r.scheme)) {
            out.push_back(&row);
        }
    }
    return out;
}

std::vector<const ExploitedRow*> Catalogue::exploited(const Release& r) const {
    std::vector<const ExploitedRow*> out;
    for (const auto& row : exploited_) {
        if (!same_product(row.product, r.product)) {
            continue;
        }
        for (const auto& range : row.ranges) {
            if (in_range(r.version, {range.version, range.less_than, range.less_than_or_equal},
                         r.scheme)) {
                out.push_back(&row);
                break;
            }
        }
    }
    return out;
}

const CatalogueEntry* Catalogue::update_host(std::string_view name) const {
    const std::string host = cd::lower_ascii(trim_dot(name));
    for (const auto& h : hosts_) {
        if (host == h.text || (host.size() > h.text.size() && host.ends_with(h.text) &&
                               host[host.size() - h.text.size() - 1] == '.')) {
            return &h;
        }
    }
    return nullptr;
}

const CatalogueEntry* Catalogue::update_agent(std::string_view user_agent) const {
    const std::string ua = cd::lower_ascii(user_agent);
    for (const auto& a : agents_) {
        if (ua.rfind(a.text, 0) == 0) {
            return &a;
        }
    }
    return nullptr;
}

bool Catalogue::wsus_service(std::string_view service) const {
    const std::string s = cd::lower_ascii(service);
    return std::any_of(wsus_.begin(), wsus_.end(),
                       [&](const CatalogueEntry& e) { return e.text == s; });
}

}  // namespace daicho::answers
