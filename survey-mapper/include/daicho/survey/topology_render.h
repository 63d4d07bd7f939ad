#pragma once
// The network picture's writers: JSON (the model, English keys), DOT (Graphviz source), SVG
// (laid out hierarchically by Graphviz's dot, text measured with a Japanese font through
// pango) and draw.io (mxGraph XML a person can edit and print; positions from the same
// Graphviz layout). Every picture carries its generation time and observation window; every
// string from the network is escaped for the format it lands in.

#include <ostream>
#include <stdexcept>
#include <string_view>

#include "daicho/survey/topology.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

// The font the DOT, SVG and draw.io pictures name (Debian: fonts-noto-cjk).
inline constexpr std::string_view kTopologyFont = "Noto Sans CJK JP";

// Graphviz cannot lay out the picture here (no dot layout, or no pango text layout: without it
// Graphviz guesses label widths and Japanese labels overflow their boxes). what() says which.
class LayoutError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

void write_topology_json(std::ostream& out, const Topology& topology);
void write_topology_dot(std::ostream& out, const Topology& topology, Lang lang);
// Throws LayoutError.
void write_topology_svg(std::ostream& out, const Topology& topology, Lang lang);
// Throws LayoutError.
void write_topology_drawio(std::ostream& out, const Topology& topology, Lang lang);

}  // namespace daicho::survey
