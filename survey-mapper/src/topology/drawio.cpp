// The picture as a draw.io file (mxGraph XML, uncompressed so it can be read and diffed):
// clusters become containers holding their boxes, each at the position Graphviz's layout gave
// it, so the file opens already arranged and a person edits and prints it from there.
// Ref: draw.io "mxfile" format (mxGraphModel / root / mxCell with mxGeometry; a child's geometry
//   is relative to its parent cell); XML 1.0 §2.4 (& and < escaped in character data), §3.3.3
//   (attribute values: a literal newline is normalised to a space, so line breaks are &#xa;).

#include <cmath>
#include <ostream>
#include <string>

#include "daicho/survey/topology_render.h"
#include "topology/layout.h"
#include "topology/picture.h"

namespace daicho::survey {

namespace topology {

namespace {

// Text as an XML attribute value; ledger::text::escape has already removed control characters,
// which XML 1.0 cannot carry.
std::string xml_attr(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            case '\n': out += "&#xa;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string lines_attr(const std::vector<std::string>& lines) {
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        joined += (i > 0 ? "\n" : "") + lines[i];
    }
    return xml_attr(joined);
}

std::string number(double v) { return std::to_string(static_cast<long long>(std::lround(v))); }

std::string geometry(const Box& b, const Box& parent) {
    return "<mxGeometry x=\"" + number(b.x - parent.x) + "\" y=\"" + number(b.y - parent.y) +
           "\" width=\"" + number(b.width) + "\" height=\"" + number(b.height) +
           "\" as=\"geometry\"/>";
}

class Writer {
   public:
    Writer(const Picture& p, const Layout& l) : p_(p), l_(l) {}

    std::string xml() {
        const std::string font = "fontFamily=" + std::string(kTopologyFont) + ";";
        out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mxfile host=\"daicho\">\n";
        out_ += "<diagram id=\"topology\" name=\"" + xml_attr(p_.title.front()) + "\">\n";
        out_ += "<mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" page=\"1\" pageScale=\"1\" "
                "pageWidth=\"" + number(l_.width + 20) + "\" pageHeight=\"" +
                number(l_.height + 20) + "\">\n<root>\n<mxCell id=\"0\"/>\n"
                "<mxCell id=\"1\" parent=\"0\"/>\n";
        out_ += "<mxCell id=\"title\" value=\"" + lines_attr(p_.title) +
                "\" style=\"text;html=0;align=center;verticalAlign=top;whiteSpace=wrap;" + font +
                "fontSize=14;\" vertex=\"1\" parent=\"1\">" +
                geometry({0, 0, l_.width, 20.0 * static_cast<double>(p_.title.size())}, {}) +
                "</mxCell>\n";
        cells("", "1", {}, font);
        int n = 0;
        for (const auto& e : p_.edges) {
            if (e.style == PictureEdge::Style::invisible) {
                continue;
            }
            std::string style = "endArrow=classic;html=0;" + font + "fontSize=9;";
            style += e.style == PictureEdge::Style::dashed   ? "dashed=1;"
                     : e.style == PictureEdge::Style::dotted ? "dashed=1;dashPattern=1 3;"
                                                             : "";
            out_ += "<mxCell id=\"e" + std::to_string(n++) + "\" value=\"" + xml_attr(e.label) +
                    "\" style=\"" + style + "\" edge=\"1\" parent=\"1\" source=\"" + e.from +
                    "\" target=\"" + e.to +
                    "\"><mxGeometry relative=\"1\" as=\"geometry\"/></mxCell>\n";
        }
        out_ += "</root>\n</mxGraphModel>\n</diagram>\n</mxfile>\n";
        return std::move(out_);
    }

   private:
    // The clusters and boxes whose parent is `cluster`, in the cell `parent_cell` at `origin`.
    void cells(const std::string& cluster, const std::string& parent_cell, const Box& origin,
               const std::string& font) {
        for (const auto& c : p_.clusters) {
            const auto box = l_.clusters.find(c.id);
            if (c.parent != cluster || box == l_.clusters.end()) {
                continue;
            }
            out_ += "<mxCell id=\"" + c.id + "\" value=\"" + xml_attr(c.label) +
                    "\" style=\"rounded=1;arcSize=4;whiteSpace=wrap;html=0;container=1;"
                    "collapsible=0;verticalAlign=top;fillColor=" + c.fill +
                    ";strokeColor=#888888;" + font + "fontSize=12;\" vertex=\"1\" parent=\"" +
                    parent_cell + "\">" + geometry(box->second, origin) + "</mxCell>\n";
            cells(c.id, c.id, box->second, font);
        }
        for (const auto& n : p_.nodes) {
            const auto box = l_.nodes.find(n.id);
            if (n.cluster != cluster || box == l_.nodes.end()) {
                continue;
            }
            out_ += "<mxCell id=\"" + n.id + "\" value=\"" + lines_attr(n.lines) +
                    "\" style=\"rounded=1;whiteSpace=wrap;html=0;fillColor=" + n.fill +
                    (n.bold_border ? ";strokeWidth=2;" : ";") + font +
                    "fontSize=11;\" vertex=\"1\" parent=\"" + parent_cell + "\">" +
                    geometry(box->second, origin) + "</mxCell>\n";
        }
    }

    const Picture& p_;
    const Layout& l_;
    std::string out_;
};

}  // namespace

}  // namespace topology

void write_topology_drawio(std::ostream& out, const Topology& topology, Lang lang) {
    const auto picture = topology::make_picture(topology, lang);
    const auto layout = topology::lay_out(topology::dot_source(picture), false);
    out << topology::Writer(picture, layout).xml();
}

}  // namespace daicho::survey
