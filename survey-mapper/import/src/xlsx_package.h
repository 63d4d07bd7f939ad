#pragma once
// The zip package of an XLSX file (ECMA-376 Part 2, Open Packaging Conventions) and a
// streaming XML reader over one of its parts. libzip opens the archive from memory; expat
// parses each part in 64 KiB pieces as it is inflated, so a part is never held whole and a
// zip bomb stops at ReadLimits::max_part_bytes of output whatever the headers claim.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/import/table_reader.h"

namespace daicho::import::detail {

// Element and attribute names arrive as local names (namespace URIs dropped), because both
// Transitional and Strict SpreadsheetML, and prefixed or default namespaces, occur in the wild.
struct XmlAttribute {
    std::string_view name;
    std::string_view value;
};

class XmlHandler {
   public:
    virtual ~XmlHandler() = default;
    virtual void start(std::string_view name, const std::vector<XmlAttribute>& attributes) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view data) = 0;
    // A handler that finds the content unacceptable says so here; parsing stops and the
    // package reports it with the part's name (an exception must not cross expat's C frames).
    void refuse(std::string what) { refusal_ = std::move(what); }
    [[nodiscard]] const std::string& refusal() const noexcept { return refusal_; }

   private:
    std::string refusal_;
};

struct Relationship {
    std::string id;
    std::string type;    // the URI; compare its last path segment
    std::string target;  // resolved to a part name ("xl/worksheets/sheet1.xml")
};

class Package {
   public:
    Package(std::string_view bytes, std::string_view file, const ReadLimits& limits);
    ~Package();
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    [[nodiscard]] bool has(const std::string& part) const;
    // Streams `part` through `handler`. Throws Error "<file>: <part>: <problem>".
    void parse(const std::string& part, XmlHandler& handler) const;
    // The relationships of `part` (its _rels/<name>.rels), targets resolved; none when absent.
    [[nodiscard]] std::vector<Relationship> relationships(const std::string& part) const;
    [[noreturn]] void fail(const std::string& what) const;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "worksheets/sheet1.xml" from "xl/workbook.xml" -> "xl/worksheets/sheet1.xml"; "" when the
// target leaves the package.
[[nodiscard]] std::string resolve_target(std::string_view source_part, std::string_view target);

// The last path segment of a relationship type URI ("officeDocument", "worksheet").
[[nodiscard]] std::string_view relationship_kind(std::string_view type);

}  // namespace daicho::import::detail
