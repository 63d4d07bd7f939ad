// XLSX packages: ECMA-376 Part 2 (OPC) §9.3 relationship parts and part names, read with
// libzip; parts parsed as a stream with expat. Refused on sight: a DOCTYPE (entity expansion is
// the "billion laughs" bomb, and SpreadsheetML never needs one), entity declarations,
// relationships that point outside the package, parts larger than max_part_bytes once
// inflated (counted on the bytes actually produced, not on the sizes the zip headers claim).

#include "xlsx_package.h"

#include <expat.h>
#include <zip.h>

#include <array>

#include "daicho/ledger/ledger.h"

namespace daicho::import::detail {

using namespace ledger;  // the core's device model, annotations and errors

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr char kNamespaceSeparator = ' ';

std::string_view local_name(const XML_Char* name) {
    const std::string_view n(name);
    const auto sep = n.rfind(kNamespaceSeparator);
    return sep == std::string_view::npos ? n : n.substr(sep + 1);
}

struct ParseState {
    XML_Parser parser = nullptr;
    XmlHandler* handler = nullptr;
    std::vector<XmlAttribute> attributes;  // reused for every element
    std::string refusal;                   // set by the DOCTYPE / entity guards
};

void stop(ParseState& st, std::string what) {
    if (st.refusal.empty() && st.handler->refusal().empty()) {
        st.refusal = std::move(what);
    }
    XML_StopParser(st.parser, XML_FALSE);
}

void on_start(void* user, const XML_Char* name, const XML_Char** atts) {
    auto& st = *static_cast<ParseState*>(user);
    st.attributes.clear();
    for (std::size_t i = 0; atts[i] != nullptr && atts[i + 1] != nullptr; i += 2) {
        st.attributes.push_back({local_name(atts[i]), std::string_view(atts[i + 1])});
    }
    st.handler->start(local_name(name), st.attributes);
    if (!st.handler->refusal().empty()) {
        XML_StopParser(st.parser, XML_FALSE);
    }
}

void on_end(void* user, const XML_Char* name) {
    auto& st = *static_cast<ParseState*>(user);
    st.handler->end(local_name(name));
    if (!st.handler->refusal().empty()) {
        XML_StopParser(st.parser, XML_FALSE);
    }
}

void on_text(void* user, const XML_Char* s, int len) {
    auto& st = *static_cast<ParseState*>(user);
    st.handler->text(std::string_view(s, static_cast<std::size_t>(len)));
    if (!st.handler->refusal().empty()) {
        XML_StopParser(st.parser, XML_FALSE);
    }
}

void on_doctype(void* user, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                const XML_Char* /*pubid*/, int /*has_internal_subset*/) {
    stop(*static_cast<ParseState*>(user), "has a DOCTYPE (refused: XLSX never needs one)");
}

void on_entity(void* user, const XML_Char* /*name*/, int /*is_parameter*/,
               const XML_Char* /*value*/, int /*value_length*/, const XML_Char* /*base*/,
               const XML_Char* /*system_id*/, const XML_Char* /*public_id*/,
               const XML_Char* /*notation*/) {
    stop(*static_cast<ParseState*>(user), "declares an entity (refused)");
}

struct ParserDeleter {
    void operator()(XML_ParserStruct* p) const noexcept { XML_ParserFree(p); }
};

struct FileCloser {
    void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};

// A relationships part: <Relationship Id Type Target [TargetMode]/>.
class RelsHandler : public XmlHandler {
   public:
    explicit RelsHandler(std::string source) : source_(std::move(source)) {}
    void start(std::string_view name, const std::vector<XmlAttribute>& attributes) override {
        if (name != "Relationship") {
            return;
        }
        Relationship r;
        bool external = false;
        for (const auto& a : attributes) {
            if (a.name == "Id") {
                r.id = a.value;
            } else if (a.name == "Type") {
                r.type = a.value;
            } else if (a.name == "Target") {
                r.target = resolve_target(source_, a.value);
            } else if (a.name == "TargetMode") {
                external = a.value == "External";
            }
        }
        if (!external && !r.target.empty() && rels.size() < kMaxRelationships) {
            rels.push_back(std::move(r));
        }
    }
    void end(std::string_view /*name*/) override {}
    void text(std::string_view /*data*/) override {}

    std::vector<Relationship> rels;

   private:
    static constexpr std::size_t kMaxRelationships = 10'000;
    std::string source_;
};

}  // namespace

std::string resolve_target(std::string_view source_part, std::string_view target) {
    std::vector<std::string> segments;
    if (!target.starts_with('/')) {
        std::string_view dir = source_part.substr(0, source_part.rfind('/') + 1);
        while (!dir.empty()) {
            const auto slash = dir.find('/');
            segments.emplace_back(dir.substr(0, slash));
            dir.remove_prefix(slash + 1);
        }
    }
    std::string_view rest = target;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const std::string_view seg = rest.substr(0, slash);
        rest.remove_prefix(slash == std::string_view::npos ? rest.size() : slash + 1);
        if (seg.empty() || seg == ".") {
            continue;
        }
        if (seg == "..") {
            if (segments.empty()) {
                return {};  // above the package root
            }
            segments.pop_back();
            continue;
        }
        segments.emplace_back(seg);
    }
    std::string out;
    for (const auto& s : segments) {
        out += (out.empty() ? "" : "/") + s;
    }
    return out;
}

std::string_view relationship_kind(std::string_view type) {
    const auto slash = type.rfind('/');
    return slash == std::string_view::npos ? type : type.substr(slash + 1);
}

struct Package::Impl {
    std::string file;
    const ReadLimits* limits = nullptr;
    zip_t* zip = nullptr;
};

Package::Package(std::string_view bytes, std::string_view file, const ReadLimits& limits)
    : impl_(std::make_unique<Impl>()) {
    impl_->file = std::string(file);
    impl_->limits = &limits;
    if (bytes.size() > limits.max_file_bytes) {
        fail("larger than " + std::to_string(limits.max_file_bytes) + " bytes");
    }
    if (!bytes.starts_with("PK")) {
        fail("not an XLSX workbook (not a zip archive)");
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        fail("cannot read the zip archive: " + why);
    }
    impl_->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (impl_->zip == nullptr) {
        zip_source_free(source);
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        fail("not an XLSX workbook (damaged zip archive: " + why + ")");
    }
    zip_error_fini(&error);
}

Package::~Package() {
    if (impl_->zip != nullptr) {
        zip_discard(impl_->zip);
    }
}

void Package::fail(const std::string& what) const {
    throw Error(ErrorCode::table_invalid, {impl_->file, what}, impl_->file + ": " + what);
}

bool Package::has(const std::string& part) const {
    return zip_name_locate(impl_->zip, part.c_str(), ZIP_FL_NOCASE) >= 0;
}

void Package::parse(const std::string& part, XmlHandler& handler) const {
    const zip_int64_t index = zip_name_locate(impl_->zip, part.c_str(), ZIP_FL_NOCASE);
    if (index < 0) {
        fail(part + ": missing from the workbook");
    }
    const auto at = static_cast<zip_uint64_t>(index);
    const std::size_t cap = impl_->limits->max_part_bytes;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(impl_->zip, at, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0 &&
        st.size > cap) {
        fail(part + ": larger than " + std::to_string(cap) + " bytes when unpacked");
    }
    const std::unique_ptr<zip_file_t, FileCloser> in(zip_fopen_index(impl_->zip, at, 0));
    if (!in) {
        fail(part + ": cannot unpack: " + zip_strerror(impl_->zip));
    }
    const std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(
        XML_ParserCreateNS(nullptr, kNamespaceSeparator));
    if (!parser) {
        fail(part + ": out of memory");
    }
    ParseState state;
    state.parser = parser.get();
    state.handler = &handler;
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
    XML_SetEntityDeclHandler(parser.get(), on_entity);
    XML_SetParamEntityParsing(parser.get(), XML_PARAM_ENTITY_PARSING_NEVER);

    std::array<char, kChunkBytes> chunk{};
    std::size_t total = 0;
    for (;;) {
        const zip_int64_t n = zip_fread(in.get(), chunk.data(), chunk.size());
        if (n < 0) {
            fail(part + ": cannot unpack: " + zip_file_strerror(in.get()));
        }
        total += static_cast<std::size_t>(n);
        if (total > cap) {
            fail(part + ": larger than " + std::to_string(cap) + " bytes when unpacked");
        }
        const bool last = n == 0;
        if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(n), last ? 1 : 0) !=
            XML_STATUS_OK) {
            std::string why = !handler.refusal().empty() ? handler.refusal()
                              : !state.refusal.empty()
                                  ? state.refusal
                                  : std::string("not well-formed XML (") +
                                        XML_ErrorString(XML_GetErrorCode(parser.get())) + ")";
            fail(part + ": line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                 why);
        }
        if (last) {
            break;
        }
    }
}

std::vector<Relationship> Package::relationships(const std::string& part) const {
    const auto slash = part.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? part : part.substr(slash + 1);
    const std::string rels = dir + "_rels/" + name + ".rels";
    if (!has(rels)) {
        return {};
    }
    RelsHandler handler(part);
    parse(rels, handler);
    return std::move(handler.rels);
}

}  // namespace daicho::import::detail
