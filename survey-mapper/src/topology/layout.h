#pragma once
// Graphviz (libgvc, dot layout) behind one call: lays the DOT source out with the text measured
// by the pango plugin, and gives the SVG and/or the boxes of every node and cluster.

#include <map>
#include <string>

namespace daicho::survey::topology {

// A box in points (1/72 inch), origin at the picture's top left, y growing downwards.
struct Box {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
};

struct Layout {
    double width = 0;
    double height = 0;
    std::map<std::string, Box> nodes;     // by node id
    std::map<std::string, Box> clusters;  // by cluster id
    std::string svg;                      // when asked for
};

// Throws LayoutError (daicho/survey/topology_render.h) when Graphviz has no pango text layout
// or no dot layout, or rejects the source.
[[nodiscard]] Layout lay_out(const std::string& dot, bool want_svg);

}  // namespace daicho::survey::topology
