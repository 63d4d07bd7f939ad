// The picture as SVG, laid out and drawn by Graphviz (topology/layout.h). Graphviz escapes the
// label text for XML itself; the labels reach it through the DOT escaping of topology/dot.cpp.

#include <ostream>

#include "daicho/survey/topology_render.h"
#include "topology/layout.h"
#include "topology/picture.h"

namespace daicho::survey {

void write_topology_svg(std::ostream& out, const Topology& topology, Lang lang) {
    out << topology::lay_out(topology::dot_source(topology::make_picture(topology, lang)), true)
               .svg;
}

}  // namespace daicho::survey
