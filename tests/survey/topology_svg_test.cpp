// The network picture's SVG checked as a picture: rendered to PNG by rsvg-convert (librsvg2-bin)
// it is not blank and has the SVG's size; every department's label is in the SVG text; and no
// label's text is wider than its box, the text measured here with pango and the same font
// (Noto Sans CJK JP, fonts-noto-cjk) against the box geometry Graphviz wrote.
// Skips (exit 77) with the reason when rsvg-convert, the font or Graphviz's pango text layout
// is missing: Debian packages librsvg2-bin, fonts-noto-cjk, libgvc6 (deploy/install-deps.sh).

#define CATCH_CONFIG_RUNNER
#include <cairo.h>
#include <pango/pangoft2.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "daicho/survey/topology_render.h"
#include "shared_captures.h"
#include "topology_fixture.h"
#include "xml_tree.h"

using daicho::survey::Lang;
using daicho::test::XmlElement;
using namespace daicho::test::topology;

namespace {

// Text measured with pango at 72 dpi, so a font size in points gives widths in points, the
// unit of Graphviz's SVG coordinates.
class TextMeasure {
   public:
    TextMeasure() : map_(pango_ft2_font_map_new()) {
        pango_ft2_font_map_set_resolution(reinterpret_cast<PangoFT2FontMap*>(map_), 72, 72);
        context_ = pango_font_map_create_context(map_);
    }
    ~TextMeasure() {
        g_object_unref(context_);
        g_object_unref(map_);
    }
    TextMeasure(const TextMeasure&) = delete;
    TextMeasure& operator=(const TextMeasure&) = delete;

    // The family fontconfig gives for `family` ("" when none).
    [[nodiscard]] std::string resolved_family(const std::string& family) const {
        PangoFontDescription* desc = pango_font_description_from_string(family.c_str());
        PangoFont* font = pango_font_map_load_font(map_, context_, desc);
        std::string out;
        if (font != nullptr) {
            PangoFontDescription* got = pango_font_describe(font);
            out = pango_font_description_get_family(got);
            pango_font_description_free(got);
            g_object_unref(font);
        }
        pango_font_description_free(desc);
        return out;
    }

    [[nodiscard]] double width(const std::string& family, double points,
                               const std::string& text) const {
        PangoLayout* layout = pango_layout_new(context_);
        PangoFontDescription* desc = pango_font_description_from_string(family.c_str());
        pango_font_description_set_size(desc, static_cast<gint>(points * PANGO_SCALE));
        pango_layout_set_font_description(layout, desc);
        pango_layout_set_text(layout, text.c_str(), -1);
        PangoRectangle ink{};
        PangoRectangle logical{};
        pango_layout_get_extents(layout, &ink, &logical);
        pango_font_description_free(desc);
        g_object_unref(layout);
        return static_cast<double>(logical.width) / PANGO_SCALE;
    }

   private:
    PangoFontMap* map_;
    PangoContext* context_ = nullptr;
};

const TextMeasure& measure() {
    static const TextMeasure m;
    return m;
}

struct Box {
    double left = 1e18;
    double right = -1e18;
};

// The horizontal extent of a path's "d" or a polygon's "points": every other number is an x.
Box extent(const std::string& coordinates) {
    static const std::regex number(R"(-?\d+(\.\d+)?)");
    Box b;
    bool is_x = true;
    for (auto it = std::sregex_iterator(coordinates.begin(), coordinates.end(), number);
         it != std::sregex_iterator(); ++it) {
        if (is_x) {
            const double v = std::stod(it->str());
            b.left = std::min(b.left, v);
            b.right = std::max(b.right, v);
        }
        is_x = !is_x;
    }
    return b;
}

struct Overflow {
    std::string node;
    std::string text;
    double text_width = 0;
    double box_width = 0;
};

// Every text of every node group wider than its box, or sticking out of it.
std::vector<Overflow> overflowing_labels(const XmlElement& svg) {
    std::vector<Overflow> out;
    svg.walk([&](const XmlElement& g) {
        if (g.name != "g" || g.attr("class") != "node") {
            return;
        }
        Box box;
        std::string title;
        for (const auto& c : g.children) {
            if (c->name == "path") {
                box = extent(c->attr("d"));
            } else if (c->name == "polygon") {
                box = extent(c->attr("points"));
            } else if (c->name == "title") {
                title = c->text;
            }
        }
        for (const auto& c : g.children) {
            if (c->name != "text") {
                continue;
            }
            const double w = measure().width(c->attr("font-family"),
                                             std::stod(c->attr("font-size")), c->text);
            const double x = std::stod(c->attr("x"));
            const double left = c->attr("text-anchor") == "middle" ? x - w / 2 : x;
            // Half a point: rounding in the SVG's coordinates, not a width the eye sees.
            if (left < box.left - 0.5 || left + w > box.right + 0.5) {
                out.push_back({title, c->text, w, box.right - box.left});
            }
        }
    });
    return out;
}

std::vector<std::string> cluster_texts(const XmlElement& svg) {
    std::vector<std::string> out;
    svg.walk([&](const XmlElement& g) {
        if (g.name == "g" && g.attr("class") == "cluster") {
            for (const auto& c : g.children) {
                if (c->name == "text") {
                    out.push_back(c->text);
                }
            }
        }
    });
    return out;
}

std::string svg_of(const daicho::survey::Topology& t, Lang lang) {
    std::ostringstream out;
    write_topology_svg(out, t, lang);
    return out.str();
}

// The share of a PNG's pixels that are drawn dark (text, lines, borders); -1 when unreadable.
double ink_share(const std::string& png, int& width, int& height) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_surface_flush(s);
    width = cairo_image_surface_get_width(s);
    height = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    std::uint64_t dark = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint32_t px = 0;
            std::memcpy(&px, data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4);
            const auto a = (px >> 24) & 0xffU;
            const auto r = (px >> 16) & 0xffU;
            const auto g = (px >> 8) & 0xffU;
            const auto b = px & 0xffU;
            if (a > 128 && r + g + b < 3 * 128) {
                ++dark;
            }
        }
    }
    cairo_surface_destroy(s);
    return static_cast<double>(dark) / (static_cast<double>(width) * height);
}

}  // namespace

TEST_CASE("picture check: a label wider than its box is caught", "[survey][topology][svg]") {
    // The checker itself: a box Graphviz would draw had it guessed a Japanese label's width.
    const std::string svg =
        R"(<svg xmlns="http://www.w3.org/2000/svg"><g class="node"><title>n</title>)"
        R"(<polygon points="0,0 40,0 40,-20 0,-20 0,0"/>)"
        R"(<text text-anchor="middle" x="20" y="-6" font-family="Noto Sans CJK JP" )"
        R"(font-size="11.00">放射線科の読影端末</text></g>)"
        R"(<g class="node"><title>m</title><polygon points="0,0 400,0 400,-20 0,-20 0,0"/>)"
        R"(<text text-anchor="middle" x="200" y="-6" font-family="Noto Sans CJK JP" )"
        R"(font-size="11.00">放射線科の読影端末</text></g></svg>)";
    const auto root = daicho::test::parse_xml(svg);
    REQUIRE(root != nullptr);
    const auto found = overflowing_labels(*root);
    REQUIRE(found.size() == 1);
    CHECK(found.front().node == "n");
    CHECK(found.front().text_width > 40);
}

TEST_CASE("picture: every label inside its box, every department named", "[survey][topology][svg]") {
    const Fixture f;
    daicho::survey::TopologyOptions options;
    options.generated_us = 1'796'601'600'000'000;
    for (const Lang lang : {Lang::ja, Lang::en}) {
        for (const std::string expand : {"", "放射線科"}) {
            options.expand = expand;
            const auto t = build_topology(f.list.devices, f.list.external, f.map, options);
            const auto svg = svg_of(t, lang);
            std::string error;
            const auto root = daicho::test::parse_xml(svg, &error);
            INFO("lang " << (lang == Lang::ja ? "ja" : "en") << ", expanded '" << expand << "' "
                         << error);
            REQUIRE(root != nullptr);
            for (const auto& o : overflowing_labels(*root)) {
                FAIL_CHECK(o.node << ": \"" << o.text << "\" is " << o.text_width
                                  << " pt wide, its box " << o.box_width << " pt");
            }
            const auto texts = cluster_texts(*root);
            for (const auto& d : t.departments) {
                const std::string name =
                    d.name.empty() ? (lang == Lang::ja ? "部署未割当" : "No department") : d.name;
                INFO(name);
                CHECK(std::any_of(texts.begin(), texts.end(), [&](const std::string& s) {
                    return s.rfind(name, 0) == 0;
                }));
            }
        }
    }
}

TEST_CASE("picture: rendered to PNG it is not blank", "[survey][topology][svg]") {
    const Fixture f;
    daicho::survey::TopologyOptions options;
    options.generated_us = 1'796'601'600'000'000;
    const auto t = build_topology(f.list.devices, f.list.external, f.map, options);
    const daicho::test::TempDir dir;
    const auto svg_file = (dir.path() / "topology.svg").string();
    const auto png_file = (dir.path() / "topology.png").string();
    const auto svg = svg_of(t, Lang::ja);
    std::ofstream(svg_file) << svg;
    REQUIRE(std::system(("rsvg-convert -o '" + png_file + "' '" + svg_file + "'").c_str()) == 0);
    int width = 0;
    int height = 0;
    const double ink = ink_share(png_file, width, height);
    INFO(width << "x" << height << ", ink " << ink);
    REQUIRE(ink >= 0);
    // Text, borders and edges: well above nothing, far below a filled page.
    CHECK(ink > 0.002);
    CHECK(ink < 0.5);
    // rsvg renders the SVG's pt size at 96 dpi.
    const auto root = daicho::test::parse_xml(svg);
    const double svg_width = std::stod(root->attr("width")) * 96.0 / 72.0;
    CHECK(std::abs(width - svg_width) <= 2);
}

int main(int argc, char** argv) {
    const auto skip = [](const std::string& why) {
        std::cout << "SKIP: " << why << '\n';
        return daicho::test::kSkipReturnCode;
    };
    if (std::system("command -v rsvg-convert >/dev/null 2>&1") != 0) {
        return skip("rsvg-convert not found (Debian: librsvg2-bin; deploy/install-deps.sh)");
    }
    if (const auto family = measure().resolved_family(std::string(daicho::survey::kTopologyFont));
        family != daicho::survey::kTopologyFont) {
        return skip("font " + std::string(daicho::survey::kTopologyFont) +
                    " not installed (fontconfig gives '" + family + "'; Debian: fonts-noto-cjk)");
    }
    try {
        std::ostringstream probe;
        write_topology_svg(probe, daicho::survey::Topology{}, Lang::ja);
    } catch (const daicho::survey::LayoutError& e) {
        return skip(e.what());
    }
    return Catch::Session().run(argc, argv);
}
