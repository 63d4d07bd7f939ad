#pragma once
// The picture every drawing writer shares: clusters (sites, departments, the outside), boxes
// with their label lines, and edges. Labels are in the chosen language, wire strings already
// passed through ledger::text::escape and cut to a readable width; each writer escapes them
// once more for its own format.

#include <string>
#include <vector>

#include "daicho/survey/topology.h"
#include "daicho/survey/words.h"

namespace daicho::survey::topology {

struct PictureCluster {
    std::string id;      // "cluster_..." (Graphviz draws a subgraph as a box only so named)
    std::string parent;  // "" at the top
    std::string label;
    std::string fill;  // "#rrggbb"
};

struct PictureNode {
    std::string id;
    std::string cluster;  // "" at the top
    std::vector<std::string> lines;
    std::string fill;
    bool bold_border = false;  // gateways and egress points
};

struct PictureEdge {
    std::string from;
    std::string to;
    std::string label;
    enum class Style { solid, dashed, dotted, invisible } style = Style::solid;
    bool ranks = true;  // false: the edge does not push its head a rank lower
};

struct Picture {
    std::vector<std::string> title;  // title, generation time and window, plan note
    std::vector<PictureCluster> clusters;
    std::vector<PictureNode> nodes;
    std::vector<PictureEdge> edges;
};

[[nodiscard]] Picture make_picture(const Topology& topology, Lang lang);

// The picture as DOT source (the font named, labels escaped for DOT).
[[nodiscard]] std::string dot_source(const Picture& picture);

}  // namespace daicho::survey::topology
