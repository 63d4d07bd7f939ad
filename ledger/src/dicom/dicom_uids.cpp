// DicomUids: loads dicom_uids.json (format: its "about" text) into hash maps, validating every
// entry at load so a bad user copy fails at start with the file and entry named.

#include "daicho/ledger/dicom_uids.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "daicho/ledger/data_file.h"
#include "daicho/ledger/embedded_data.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/once.h"

namespace daicho::ledger {
namespace {

using nlohmann::json;

constexpr std::string_view kFile = "dicom_uids.json";

[[noreturn]] void fail(const std::string& what) { classify_data::fail(kFile, what); }

// PS3.5 §9.1: components of digits separated by '.', no leading zero, at most 64 characters.
bool valid_uid(std::string_view uid) noexcept {
    if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.') {
        return false;
    }
    bool component_start = true;
    for (std::size_t i = 0; i < uid.size(); ++i) {
        const char c = uid[i];
        if (c == '.') {
            if (component_start) {
                return false;  // empty component
            }
            component_start = true;
            continue;
        }
        if (c < '0' || c > '9') {
            return false;
        }
        if (component_start && c == '0' && i + 1 < uid.size() && uid[i + 1] != '.') {
            return false;  // leading zero
        }
        component_start = false;
    }
    return true;
}

std::string text_at(const json& entry, const char* key, const std::string& where,
                    bool required = true) {
    if (!entry.contains(key) || entry.at(key).is_null()) {
        if (required) {
            fail(where + ": \"" + key + "\" is missing");
        }
        return {};
    }
    if (!entry.at(key).is_string() || (required && entry.at(key).get<std::string>().empty())) {
        fail(where + ": \"" + key + "\" must be a non-empty string");
    }
    return entry.at(key).get<std::string>();
}

const json& list_at(const json& doc, const char* key) {
    if (!doc.contains(key) || !doc.at(key).is_array()) {
        fail(std::string("needs a \"") + key + "\" list");
    }
    return doc.at(key);
}

}  // namespace

struct DicomUids::Impl {
    // from_json loads at once; builtin() leaves it to the first lookup (thread-safe; once).
    OnceFlag loaded;
    Impl& ready() {
        loaded.call([this] { load(data::embedded_file(kFile)); });
        return *this;
    }
    // Parses and checks the file into the members below (from_json's throws).
    void load(std::string_view text);

    std::unordered_map<std::string, SopClassName> sop_classes;
    std::unordered_map<std::string, std::string> transfer_syntaxes;
    std::vector<DicomImplementation> implementations;  // longest root first
};

DicomUids::DicomUids(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DicomUids::DicomUids(DicomUids&&) noexcept = default;
DicomUids& DicomUids::operator=(DicomUids&&) noexcept = default;
DicomUids::~DicomUids() = default;

DicomUids DicomUids::from_json(std::string_view text) {
    auto impl = std::make_unique<Impl>();
    impl->load(text);
    impl->loaded.set();
    return DicomUids(std::move(impl));
}

DicomUids DicomUids::builtin() { return DicomUids(std::make_unique<Impl>()); }

void DicomUids::Impl::load(std::string_view text) {
    sop_classes.clear();
    transfer_syntaxes.clear();
    implementations.clear();
    const json doc = classify_data::parse(kFile, text);
    if (!doc.is_object() || !doc.contains("version") || !doc.at("version").is_number_integer() ||
        !doc.contains("about") || !doc.at("about").is_string() || !doc.contains("source") ||
        !doc.at("source").is_array() || doc.at("source").empty()) {
        fail(R"(needs an integer "version", an "about" text and a non-empty "source" list)");
    }
    std::vector<std::string> sources;
    for (const auto& s : doc.at("source")) {
        sources.push_back(text_at(s, "id", "source entry"));
        text_at(s, "url", "source '" + sources.back() + "'");
    }
    // The UID and source every entry has; returns the UID.
    const auto checked_uid = [&](const json& e, const char* key, const char* list) {
        auto uid = text_at(e, key, std::string(list) + " entry");
        const std::string where = std::string(list) + " '" + uid + "'";
        if (!valid_uid(uid)) {
            fail(where + ": not a UID (dotted decimal, PS3.5 §9.1)");
        }
        const auto source = text_at(e, "source", where);
        if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
            fail(where + ": source '" + source + "' is not in the source list");
        }
        return uid;
    };
    for (const auto& e : list_at(doc, "sop_classes")) {
        const auto uid = checked_uid(e, "uid", "sop_classes");
        SopClassName v{text_at(e, "name", "sop_classes '" + uid + "'"),
                       text_at(e, "modality", "sop_classes '" + uid + "'", false)};
        if (!sop_classes.emplace(uid, std::move(v)).second) {
            fail("sop_classes '" + uid + "': listed twice");
        }
    }
    for (const auto& e : list_at(doc, "transfer_syntaxes")) {
        const auto uid = checked_uid(e, "uid", "transfer_syntaxes");
        if (!transfer_syntaxes.emplace(uid, text_at(e, "name", "transfer_syntaxes '" + uid + "'"))
                 .second) {
            fail("transfer_syntaxes '" + uid + "': listed twice");
        }
    }
    for (const auto& e : list_at(doc, "implementations")) {
        const auto root = checked_uid(e, "root", "implementations");
        const std::string where = "implementations '" + root + "'";
        if (std::any_of(implementations.begin(), implementations.end(),
                        [&](const auto& i) { return i.root == root; })) {
            fail(where + ": listed twice");
        }
        implementations.push_back(
            {root, text_at(e, "name", where), text_at(e, "note", where, false)});
    }
    std::stable_sort(implementations.begin(), implementations.end(),
                     [](const auto& a, const auto& b) { return a.root.size() > b.root.size(); });
}

const SopClassName* DicomUids::sop_class(std::string_view uid) const {
    const Impl& im = impl_->ready();
    const auto it = im.sop_classes.find(std::string(uid));
    return it == im.sop_classes.end() ? nullptr : &it->second;
}

std::string_view DicomUids::transfer_syntax(std::string_view uid) const {
    const Impl& im = impl_->ready();
    const auto it = im.transfer_syntaxes.find(std::string(uid));
    return it == im.transfer_syntaxes.end() ? std::string_view() : it->second;
}

const DicomImplementation* DicomUids::implementation(std::string_view uid) const {
    for (const auto& i : impl_->ready().implementations) {  // longest root first
        if (uid.size() >= i.root.size() && uid.substr(0, i.root.size()) == i.root &&
            (uid.size() == i.root.size() || uid[i.root.size()] == '.')) {
            return &i;
        }
    }
    return nullptr;
}

std::size_t DicomUids::sop_class_count() const { return impl_->ready().sop_classes.size(); }
std::size_t DicomUids::transfer_syntax_count() const {
    return impl_->ready().transfer_syntaxes.size();
}
std::size_t DicomUids::implementation_count() const {
    return impl_->ready().implementations.size();
}

}  // namespace daicho::ledger
