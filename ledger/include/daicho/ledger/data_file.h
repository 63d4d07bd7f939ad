#pragma once
// Checks shared by the classification data files (medical_makers.json,
// classification_rules.json): every failure is a ledger::Error "<file>: <where>: <problem>".

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/ledger.h"

namespace daicho::ledger::classify_data {

using nlohmann::json;

[[noreturn]] inline void fail(std::string_view file, const std::string& what) {
    throw Error(std::string(file) + ": " + what);
}

inline json parse(std::string_view file, std::string_view text) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        fail(file, std::string("not valid JSON: ") + e.what());
    }
}

// The top-level "version", "about" and "source" list every data file carries; returns the
// source ids.
inline std::vector<std::string> check_header(std::string_view file, const json& doc) {
    if (!doc.is_object() || !doc.contains("version") || !doc.at("version").is_number_integer() ||
        !doc.contains("about") || !doc.at("about").is_string() || !doc.contains("source") ||
        !doc.at("source").is_array() || doc.at("source").empty()) {
        fail(file,
             "needs an integer \"version\", an \"about\" text and a non-empty \"source\" list");
    }
    std::vector<std::string> ids;
    for (const auto& s : doc.at("source")) {
        if (!s.is_object() || !s.contains("id") || !s.at("id").is_string() ||
            s.at("id").get<std::string>().empty()) {
            fail(file, "every \"source\" entry needs an \"id\"");
        }
        ids.push_back(s.at("id").get<std::string>());
    }
    return ids;
}

inline std::string string_at(std::string_view file, const json& entry, const char* key,
                             const std::string& where) {
    if (!entry.is_object() || !entry.contains(key) || !entry.at(key).is_string() ||
        entry.at(key).get<std::string>().empty()) {
        fail(file, where + ": \"" + key + "\" must be a non-empty string");
    }
    return entry.at(key).get<std::string>();
}

// An optional list of strings ([] when absent).
inline std::vector<std::string> strings_at(std::string_view file, const json& entry,
                                           const char* key, const std::string& where) {
    std::vector<std::string> out;
    if (!entry.contains(key)) {
        return out;
    }
    if (!entry.at(key).is_array()) {
        fail(file, where + ": \"" + key + "\" must be a list of strings");
    }
    for (const auto& v : entry.at(key)) {
        if (!v.is_string() || v.get<std::string>().empty()) {
            fail(file, where + ": \"" + key + "\" must be a list of non-empty strings");
        }
        out.push_back(v.get<std::string>());
    }
    return out;
}

inline std::regex compile(std::string_view file, const std::string& where,
                          const std::string& pattern) {
    try {
        return std::regex(pattern,
                          std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
    } catch (const std::regex_error& e) {
        fail(file, where + ": bad regex '" + pattern + "': " + e.what());
    }
}

inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

}  // namespace daicho::ledger::classify_data
