// topology/layout.h in a build without Graphviz (DAICHO_WITH_GRAPHVIZ off: the Windows build,
// since Debian builds Graphviz for Linux only). The picture's positions and its SVG come
// from Graphviz's layout, so both formats say what to use instead; JSON and DOT need no
// layout and stay.

#include "daicho/survey/topology_render.h"
#include "topology/layout.h"

namespace daicho::survey::topology {

Layout lay_out(const std::string& /*dot*/, bool /*want_svg*/) {
    throw LayoutError(
        "この daicho は Graphviz なしでビルドされています (Windows 版): SVG と draw.io の図は "
        "Linux 版で作るか、--format dot (Graphviz の dot で描けます) / json を使ってください / "
        "this daicho was built without Graphviz (the Windows build): draw the SVG or draw.io "
        "picture with the Linux build, or use --format dot (Graphviz's dot draws it) or json");
}

}  // namespace daicho::survey::topology
