// The network picture's DOT, JSON and draw.io outputs over the ledger fixture: well-formed,
// every department present, hostile names escaped so they come back as they were announced,
// the generation time and observation window carried.

#include <graphviz/cgraph.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "daicho/ledger/text.h"
#include "daicho/survey/topology_render.h"
#include "topology_fixture.h"
#include "xml_tree.h"

using daicho::survey::Lang;
using daicho::survey::Topology;
using namespace daicho::test::topology;

namespace {

constexpr std::int64_t kGenerated = 1'796'601'600'000'000;  // 2026-12-07T00:00:00Z

Topology fixture_topology(const Fixture& f) {
    daicho::survey::TopologyOptions options;
    options.generated_us = kGenerated;
    options.connections = {{"放射線科", f.id_of("00:16:3e:00:20:01"), f.id_of(kRouter),
                            "vpn\"<x>.example", "vpn", "outbound"}};
    return build_topology(f.list.devices, f.list.external, f.map, options);
}

template <typename Write>
std::string written(Write write) {
    std::ostringstream out;
    write(out);
    return out.str();
}

struct GraphClose {
    void operator()(Agraph_t* g) const noexcept { agclose(g); }
};

std::string attr(void* object, std::string name) {
    const char* v = agget(object, name.data());
    return v == nullptr ? "" : v;
}

void cluster_labels(Agraph_t* g, std::vector<std::string>& out) {
    for (Agraph_t* sub = agfstsubg(g); sub != nullptr; sub = agnxtsubg(sub)) {
        out.push_back(attr(sub, "label"));
        cluster_labels(sub, out);
    }
}

bool any_starts(const std::vector<std::string>& texts, const std::string& start) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const std::string& t) { return t.rfind(start, 0) == 0; });
}

}  // namespace

TEST_CASE("topology DOT: Graphviz reads it, every department a cluster, names kept literal",
          "[survey][topology]") {
    const Fixture f;
    const auto t = fixture_topology(f);
    const auto dot = written([&](std::ostream& o) { write_topology_dot(o, t, Lang::ja); });
    std::unique_ptr<Agraph_t, GraphClose> g(agmemread(dot.c_str()));
    REQUIRE(g != nullptr);
    std::vector<std::string> labels;
    cluster_labels(g.get(), labels);
    // Sites, departments and the outside, each one cluster.
    CHECK(labels.size() == t.sites.size() + t.departments.size() + 1);
    for (const auto& d : t.departments) {
        if (d.name.empty()) {
            CHECK(any_starts(labels, "部署未割当"));
            continue;
        }
        // As the DOT escString holds it: & as &amp;, " and \ escaped for the label.
        std::string expected;
        for (const char c : d.name) {
            expected += c == '&' ? std::string("&amp;") : std::string(1, c);
        }
        INFO(d.name);
        CHECK(any_starts(labels, expected));
    }
    // The hostile switch: its quote ended no string, its \N is "\\N" (a literal backslash), its
    // & became &amp;, its BEL an escape.
    Agnode_t* sw = agnode(g.get(), const_cast<char*>(("g" + std::to_string(f.id_of(kHostile))).c_str()), 0);
    REQUIRE(sw != nullptr);
    const auto label = attr(sw, "label");
    CHECK(label.rfind("sw\"<b>&amp;amp;\\\\N</b>\\\\x07x\\n", 0) == 0);
    CHECK(agnnodes(g.get()) > static_cast<int>(t.gear.size()));
    // The title carries the generation time and the window.
    const auto title = attr(g.get(), "label");
    CHECK(title.find("2026-12-07T00:00:00Z") != std::string::npos);
    CHECK(title.find("2026-03-09T01:02:03Z – 2026-03-09T01:03:03Z") != std::string::npos);
}

TEST_CASE("topology JSON: the model whole, strings as they were", "[survey][topology]") {
    const Fixture f;
    const auto t = fixture_topology(f);
    const auto doc = nlohmann::json::parse(
        written([&](std::ostream& o) { write_topology_json(o, t); }));
    CHECK(doc["generated"] == "2026-12-07T00:00:00.000000Z");
    CHECK(doc["window"]["first"] == "2026-03-09T01:02:03.000000Z");
    CHECK(doc["address_plan_configured"] == true);
    std::set<std::string> names;
    for (const auto& d : doc["departments"]) {
        names.insert(d["name"].get<std::string>());
    }
    CHECK(names == std::set<std::string>{"情報システム部", "放射線科", "看護部",
                                         kHostileDepartment, ""});
    bool hostile_seen = false;
    for (const auto& g : doc["gear"]) {
        if (g["id"] == f.id_of(kHostile)) {
            hostile_seen = true;
            CHECK(g["name"] == kHostileName);
            CHECK(g["roles"] == nlohmann::json::array({"access_switch"}));
        }
    }
    CHECK(hostile_seen);
    CHECK(doc["connections"][0]["remote"] == "vpn\"<x>.example");
    CHECK(doc["external"][0]["addresses"][0] == "203.0.113.1");
}

TEST_CASE("topology draw.io: valid mxGraph XML, boxes inside their clusters", "[survey][topology]") {
    const Fixture f;
    const auto t = fixture_topology(f);
    const auto xml = written([&](std::ostream& o) { write_topology_drawio(o, t, Lang::en); });
    std::string error;
    const auto root = daicho::test::parse_xml(xml, &error);
    INFO(error);
    REQUIRE(root != nullptr);
    CHECK(root->name == "mxfile");
    std::map<std::string, const daicho::test::XmlElement*> cells;
    std::vector<const daicho::test::XmlElement*> edges;
    root->walk([&](const daicho::test::XmlElement& e) {
        if (e.name == "mxCell") {
            cells[e.attr("id")] = &e;
            if (e.attr("edge") == "1") {
                edges.push_back(&e);
            }
        }
    });
    // Every edge joins two cells of the file.
    REQUIRE_FALSE(edges.empty());
    for (const auto* e : edges) {
        CHECK(cells.count(e->attr("source")) == 1);
        CHECK(cells.count(e->attr("target")) == 1);
    }
    // Every department's container, labelled with its name (XML entities decoded).
    std::vector<std::string> values;
    for (const auto& [id, cell] : cells) {
        values.push_back(cell->attr("value"));
    }
    for (const auto& d : t.departments) {
        INFO(d.name);
        CHECK(any_starts(values, d.name.empty() ? "No department" : d.name));
    }
    // The hostile switch's name as announced, control byte escaped (XML 1.0 cannot carry it).
    const auto* sw = cells.at("g" + std::to_string(f.id_of(kHostile)));
    CHECK(sw->attr("value").rfind(daicho::ledger::text::escape(kHostileName) + "\n", 0) == 0);
    // Positions from the layout: a child's box lies inside its container's.
    for (const auto& [id, cell] : cells) {
        const auto parent = cell->attr("parent");
        if (parent == "0" || parent == "1" || parent.empty() || cell->children.empty()) {
            continue;
        }
        const auto& geo = *cell->children.front();
        const auto& pgeo = *cells.at(parent)->children.front();
        INFO(id << " in " << parent);
        CHECK(std::stod(geo.attr("x")) >= 0);
        CHECK(std::stod(geo.attr("y")) >= 0);
        CHECK(std::stod(geo.attr("x")) + std::stod(geo.attr("width")) <=
              std::stod(pgeo.attr("width")) + 1);
        CHECK(std::stod(geo.attr("y")) + std::stod(geo.attr("height")) <=
              std::stod(pgeo.attr("height")) + 1);
    }
    CHECK(cells.at("title")->attr("value").find("Generated 2026-12-07T00:00:00Z") !=
          std::string::npos);
}

TEST_CASE("topology SVG and draw.io: refused where Graphviz has no pango text layout",
          "[.no-pango]") {
    // GVBINDIR points Graphviz at its plugins; an empty folder is a Graphviz without any, whose
    // label widths would be guesses. Graphviz reads it once per process (gvconfig caches the
    // folder), so this case is hidden and runs alone: ctest daicho_topology_no_pango.
    const Fixture f;
    const auto t = fixture_topology(f);
    REQUIRE(::setenv("GVBINDIR", f.dir.path().c_str(), 1) == 0);
    std::ostringstream out;
    CHECK_THROWS_AS(write_topology_svg(out, t, Lang::ja), daicho::survey::LayoutError);
    CHECK_THROWS_AS(write_topology_drawio(out, t, Lang::ja), daicho::survey::LayoutError);
    CHECK_NOTHROW(write_topology_dot(out, t, Lang::ja));  // DOT needs no layout
}
