#include "topology/layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

#include "daicho/survey/topology_render.h"

// Graphviz (its plugin configuration, the dot layout's tables), pango and fontconfig keep caches
// for the life of the process that LeakSanitizer reports at exit; the ASan builds (CI runs them
// with detect_leaks=1) suppress leaks allocated inside those libraries, nothing of daicho's.
#if defined(__SANITIZE_ADDRESS__)
#define DAICHO_LEAK_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DAICHO_LEAK_SANITIZER 1
#endif
#endif
#ifdef DAICHO_LEAK_SANITIZER
// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): LSan's hook
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libgvc.so\nleak:libcgraph.so\nleak:libcdt.so\nleak:libpango\n"
           "leak:libfontconfig.so\nleak:libcairo.so\nleak:libglib-2.0.so\n"
           "leak:libgobject-2.0.so\nleak:libharfbuzz.so\nleak:libfreetype.so\n";
}
#endif

namespace daicho::survey::topology {

namespace {

// One Graphviz context for the process, used under one lock. Graphviz is not reentrant, and its
// pango plugin keeps a pointer to the last font name, which lives in the context's font table:
// freeing the context and laying out again in a new one reads freed memory (ASan caught it,
// Graphviz 2.42). The context is never freed; it stays reachable, so no leak is reported.
GVC_t* shared_context() {
    static GVC_t* const gvc = gvContext();
    return gvc;
}
std::mutex& graphviz_lock() {
    static std::mutex lock;
    return lock;
}

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
    const std::lock_guard<std::mutex> hold(graphviz_lock());
    GVC_t* const gvc = shared_context();
    if (gvc == nullptr) {
        throw LayoutError("Graphviz could not start");
    }
    if (plugin_count(gvc, "textlayout") == 0) {
        throw LayoutError(
            "Graphviz has no pango text layout (Debian: libgvc6 with fonts-noto-cjk); without "
            "it label widths are guessed and Japanese labels overflow their boxes");
    }
    if (plugin_count(gvc, "layout") == 0) {
        throw LayoutError("Graphviz has no layout plugins (Debian: libgvc6)");
    }
    std::unique_ptr<Agraph_t, GraphClose> g(agmemread(dot.c_str()));
    if (!g) {
        throw LayoutError("Graphviz rejected the picture's DOT source");
    }
    if (gvLayout(gvc, g.get(), "dot") != 0) {
        throw LayoutError("Graphviz could not lay the picture out with dot");
    }
    // Freed before the graph is closed (declared after it), also when a render throws.
    struct LayoutFree {
        LayoutFree(GVC_t* c, Agraph_t* graph) : gvc_(c), g_(graph) {}
        ~LayoutFree() { gvFreeLayout(gvc_, g_); }
        LayoutFree(const LayoutFree&) = delete;
        LayoutFree& operator=(const LayoutFree&) = delete;
        GVC_t* gvc_;
        Agraph_t* g_;
    } const laid_out(gvc, g.get());
    Layout out;
    if (want_svg) {
        out.svg = render(gvc, g.get(), "svg");
    }
    (void)render(gvc, g.get(), "dot");  // writes pos, width, height and bb onto the graph
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
    return out;
}

}  // namespace daicho::survey::topology
