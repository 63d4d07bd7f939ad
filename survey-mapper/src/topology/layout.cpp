#include "topology/layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "daicho/survey/topology_render.h"

namespace daicho::survey::topology {

namespace {

struct ContextFree {
    void operator()(GVC_t* gvc) const noexcept { gvFreeContext(gvc); }
};
struct GraphClose {
    void operator()(Agraph_t* g) const noexcept { agclose(g); }
};

// Graphviz's attribute API takes the name as char*.
std::string attr(void* object, std::string name) {
    const char* value = agget(object, name.data());
    return value == nullptr ? std::string() : std::string(value);
}

// How many plugins of one kind ("textlayout", "layout") this Graphviz loaded.
int plugin_count(GVC_t* gvc, std::string kind) {
    int count = 0;
    char** list = gvPluginList(gvc, kind.c_str(), &count, nullptr);
    for (int i = 0; i < count; ++i) {
        std::free(list[i]);  // NOLINT(cppcoreguidelines-no-malloc): Graphviz allocated it
    }
    std::free(list);  // NOLINT(cppcoreguidelines-no-malloc)
    return count;
}

std::string render(GVC_t* gvc, Agraph_t* g, const char* format) {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, g, format, &data, &length) != 0 || data == nullptr) {
        throw LayoutError(std::string("Graphviz could not render ") + format);
    }
    std::string out(data, length);
    gvFreeRenderData(data);
    return out;
}

// "llx,lly,urx,ury" in points, y up, as a Box with y down in a picture `height` high.
Box bounding_box(const std::string& bb, double height) {
    double llx = 0;
    double lly = 0;
    double urx = 0;
    double ury = 0;
    if (std::sscanf(bb.c_str(), "%lf,%lf,%lf,%lf", &llx, &lly, &urx, &ury) != 4) {
        return {};
    }
    return {llx, height - ury, urx - llx, ury - lly};
}

void clusters(Agraph_t* g, double height, Layout& out) {
    for (Agraph_t* sub = agfstsubg(g); sub != nullptr; sub = agnxtsubg(sub)) {
        const std::string name = agnameof(sub);
        if (name.rfind("cluster", 0) == 0) {
            out.clusters[name] = bounding_box(attr(sub, "bb"), height);
        }
        clusters(sub, height, out);
    }
}

}  // namespace

Layout lay_out(const std::string& dot, bool want_svg) {
    std::unique_ptr<GVC_t, ContextFree> gvc(gvContext());
    if (!gvc) {
        throw LayoutError("Graphviz could not start");
    }
    if (plugin_count(gvc.get(), "textlayout") == 0) {
        throw LayoutError(
            "Graphviz has no pango text layout (Debian: libgvc6 with fonts-noto-cjk); without "
            "it label widths are guessed and Japanese labels overflow their boxes");
    }
    if (plugin_count(gvc.get(), "layout") == 0) {
        throw LayoutError("Graphviz has no layout plugins (Debian: libgvc6)");
    }
    std::unique_ptr<Agraph_t, GraphClose> g(agmemread(dot.c_str()));
    if (!g) {
        throw LayoutError("Graphviz rejected the picture's DOT source");
    }
    if (gvLayout(gvc.get(), g.get(), "dot") != 0) {
        throw LayoutError("Graphviz could not lay the picture out with dot");
    }
    Layout out;
    if (want_svg) {
        out.svg = render(gvc.get(), g.get(), "svg");
    }
    (void)render(gvc.get(), g.get(), "dot");  // writes pos, width, height and bb onto the graph
    const Box whole = bounding_box(attr(g.get(), "bb"), 0);
    out.width = whole.width;
    out.height = whole.height;
    for (Agnode_t* n = agfstnode(g.get()); n != nullptr; n = agnxtnode(g.get(), n)) {
        double x = 0;
        double y = 0;
        const double w = std::atof(attr(n, "width").c_str()) * 72.0;
        const double h = std::atof(attr(n, "height").c_str()) * 72.0;
        if (std::sscanf(attr(n, "pos").c_str(), "%lf,%lf", &x, &y) == 2) {
            out.nodes[agnameof(n)] = {x - w / 2, out.height - y - h / 2, w, h};
        }
    }
    clusters(g.get(), out.height, out);
    gvFreeLayout(gvc.get(), g.get());
    return out;
}

}  // namespace daicho::survey::topology
