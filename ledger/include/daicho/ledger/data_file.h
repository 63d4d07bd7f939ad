#pragma once
// Checks shared by the knowledge data files (classification_rules.json, medical_makers.json,
// software_patterns.json, ...): every failure is a ledger::Error "<file>: <where>: <problem>",
// where names the entry by its JSON path ("/rules/12: rule 'x'"), or, for a syntax error,
// "<file>:<line>:<column>: not valid JSON: ...".

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/ledger.h"

namespace daicho::ledger::classify_data {

using nlohmann::json;

[[noreturn]] inline void fail(std::string_view file, const std::string& what) {
    throw Error(ErrorCode::data_invalid, {std::string(file), what},
                std::string(file) + ": " + what);
}

// The line and column (both 1-based) of the byte `byte` counts to (nlohmann's
// parse_error::byte: 1-based, the byte the parser stopped at) in `text`.
struct LineColumn {
    std::size_t line = 1;
    std::size_t column = 1;
};
inline LineColumn line_column_of(std::string_view text, std::size_t byte) {
    const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
    LineColumn at;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else {
            ++at.column;
        }
    }
    return at;
}

// A syntax error is "<file>:<line>:<column>: not valid JSON: <what the parser says>".
inline json parse(std::string_view file, std::string_view text) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        const LineColumn at = line_column_of(text, e.byte);
        const std::string line = std::to_string(at.line);
        const std::string column = std::to_string(at.column);
        // The parser's words without its id and its own "parse error at line L, column C: ".
        const std::string what = e.what();
        const auto words_at = what.find(": ", what.find("] "));
        const std::string words = words_at == std::string::npos ? what : what.substr(words_at + 2);
        throw Error(
            ErrorCode::data_syntax, {std::string(file), line, column, words},
            std::string(file) + ":" + line + ":" + column + ": not valid JSON: " + e.what());
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

// `pattern` with its ASCII letters lower-cased, except the letter of an escape (\b, \w, \d,
// \s and their negations keep their meaning). Patterns are written as case-insensitive; the
// subject is lower-cased once (lower_ascii) and matched by a case-sensitive regex
// (classify/regex.h compiles them): one pass over the value, then plain byte compares.
inline std::string lower_pattern(std::string_view pattern) {
    std::string out;
    out.reserve(pattern.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            out += c;
            out += pattern[++i];
            continue;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
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
