// The picture as Graphviz DOT: hierarchical (rankdir TB), one cluster per site and department,
// the font named on graph, nodes and edges so pango measures labels with it.
// Ref: Graphviz "The DOT Language" (quoted strings: only \" is an escape of the parser) and
//   "Node, Edge and Graph Attributes" (escString: \n \l \r \N \G \E \T \H \L are expanded in
//   labels, "\\" stands for one backslash; non-HTML labels also expand HTML entities, so a
//   literal & is written &amp;).

#include <ostream>
#include <string>

#include "daicho/survey/topology_render.h"
#include "topology/picture.h"

namespace daicho::survey {

namespace topology {

namespace {

// One label line as the inside of a DOT quoted escString: a wire string cannot end the
// string, start an escape sequence Graphviz expands (\N, \G, \l ...) or an entity.
void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '"': out += "\\\""; break;
            case '&': out += "&amp;"; break;
            case '\n': out += "\\n"; break;
            case '\r': break;
            default: out += c;
        }
    }
}

std::string quoted_lines(const std::vector<std::string>& lines) {
    std::string out = "\"";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            out += "\\n";
        }
        append_escaped(out, lines[i]);
    }
    return out + "\"";
}

std::string quoted(std::string_view text) { return quoted_lines({std::string(text)}); }

void write_cluster(std::string& out, const Picture& p, const std::string& id, int depth) {
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    for (const auto& c : p.clusters) {
        if (c.parent != id) {
            continue;
        }
        out += indent + "subgraph " + c.id + " {\n";
        out += indent + "  label=" + quoted(c.label) + "; style=\"rounded,filled\"; fillcolor=\"" +
               c.fill + "\"; color=\"#888888\";\n";
        write_cluster(out, p, c.id, depth + 1);
        out += indent + "}\n";
    }
    for (const auto& n : p.nodes) {
        if (n.cluster != id) {
            continue;
        }
        out += indent + n.id + " [label=" + quoted_lines(n.lines) + ", fillcolor=\"" + n.fill +
               "\"" + (n.bold_border ? ", penwidth=2" : "") + "];\n";
    }
}

const char* style_name(PictureEdge::Style s) {
    switch (s) {
        case PictureEdge::Style::dashed: return "dashed";
        case PictureEdge::Style::dotted: return "dotted";
        case PictureEdge::Style::invisible: return "invis";
        case PictureEdge::Style::solid: return "solid";
    }
    return "solid";
}

}  // namespace

std::string dot_source(const Picture& p) {
    const std::string font = quoted(kTopologyFont);
    std::string out = "digraph topology {\n";
    out += "  graph [rankdir=TB, newrank=true, labelloc=t, fontsize=14, fontname=" + font +
           ", nodesep=0.3, ranksep=0.55, label=" + quoted_lines(p.title) + "];\n";
    out += "  node [shape=box, style=\"rounded,filled\", fontsize=11, margin=\"0.12,0.06\", "
           "fontname=" + font + "];\n";
    out += "  edge [fontsize=9, color=\"#555555\", fontname=" + font + "];\n";
    write_cluster(out, p, "", 1);
    for (const auto& e : p.edges) {
        out += "  " + e.from + " -> " + e.to + " [style=" + style_name(e.style);
        if (!e.label.empty()) {
            out += ", label=" + quoted(e.label);
        }
        if (!e.ranks) {
            out += ", constraint=false";
        }
        out += "];\n";
    }
    return out + "}\n";
}

}  // namespace topology

void write_topology_dot(std::ostream& out, const Topology& topology, Lang lang) {
    out << topology::dot_source(topology::make_picture(topology, lang));
}

}  // namespace daicho::survey
