#pragma once
// A small element tree read with expat, for tests of XML outputs (draw.io, SVG): parsing fails
// on anything that is not well-formed XML, and entities come back decoded.

#include <expat.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace daicho::test {

struct XmlElement {
    std::string name;
    std::map<std::string, std::string> attrs;
    std::string text;  // character data directly inside
    std::vector<std::unique_ptr<XmlElement>> children;
    XmlElement* parent = nullptr;

    [[nodiscard]] std::string attr(const std::string& key) const {
        const auto it = attrs.find(key);
        return it == attrs.end() ? std::string() : it->second;
    }
    // Every element below (and including) this one, depth first.
    void walk(const std::function<void(const XmlElement&)>& f) const {
        f(*this);
        for (const auto& c : children) {
            c->walk(f);
        }
    }
};

// The document's root element; nullopt and `error` set when it is not well-formed.
inline std::unique_ptr<XmlElement> parse_xml(const std::string& xml, std::string* error = nullptr) {
    struct State {
        std::unique_ptr<XmlElement> root;
        XmlElement* current = nullptr;
    } state;
    XML_Parser parser = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser, &state);
    XML_SetElementHandler(
        parser,
        [](void* data, const XML_Char* name, const XML_Char** attrs) {
            auto& s = *static_cast<State*>(data);
            auto e = std::make_unique<XmlElement>();
            e->name = name;
            for (int i = 0; attrs[i] != nullptr; i += 2) {
                e->attrs[attrs[i]] = attrs[i + 1];
            }
            e->parent = s.current;
            XmlElement* raw = e.get();
            if (s.current == nullptr) {
                s.root = std::move(e);
            } else {
                s.current->children.push_back(std::move(e));
            }
            s.current = raw;
        },
        [](void* data, const XML_Char*) {
            auto& s = *static_cast<State*>(data);
            s.current = s.current->parent;
        });
    XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int len) {
        auto& s = *static_cast<State*>(data);
        if (s.current != nullptr) {
            s.current->text.append(text, static_cast<std::size_t>(len));
        }
    });
    const bool ok =
        XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_OK;
    if (!ok && error != nullptr) {
        *error = XML_ErrorString(XML_GetErrorCode(parser));
    }
    XML_ParserFree(parser);
    return ok ? std::move(state.root) : nullptr;
}

}  // namespace daicho::test
