// Version comparison (daicho/answers/version.h): tokens of digits and letters, compared part by
// part; no allocation, versions come from the wire and from data files.

#include "daicho/answers/version.h"

#include <cstddef>

namespace daicho::answers {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view strip_prefix(std::string_view v) {
    if (v.size() >= 4 && lower(v[0]) == 'r' && lower(v[1]) == 'e' && lower(v[2]) == 'v' &&
        v[3] == '.') {
        return v.substr(4);
    }
    if (!v.empty() && (v[0] == 'v' || v[0] == 'V') && v.size() > 1 && is_digit(v[1])) {
        return v.substr(1);
    }
    return v;
}

struct Token {
    std::string_view text;
    bool number = false;
};

// The next token from `pos`; empty text at the end.
Token next(std::string_view v, std::size_t& pos) {
    while (pos < v.size() && !is_digit(v[pos]) && !is_alpha(v[pos])) {
        ++pos;
    }
    const std::size_t start = pos;
    if (pos >= v.size()) {
        return {};
    }
    const bool number = is_digit(v[pos]);
    while (pos < v.size() && (number ? is_digit(v[pos]) : is_alpha(v[pos]))) {
        ++pos;
    }
    return {v.substr(start, pos - start), number};
}

int compare_numbers(std::string_view a, std::string_view b) {
    while (a.size() > 1 && a.front() == '0') {
        a.remove_prefix(1);
    }
    while (b.size() > 1 && b.front() == '0') {
        b.remove_prefix(1);
    }
    if (a.size() != b.size()) {
        return a.size() < b.size() ? -1 : 1;
    }
    return a < b ? -1 : (a > b ? 1 : 0);
}

int compare_words(std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return lower(a[i]) < lower(b[i]) ? -1 : 1;
        }
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int compare_tokens(const Token& a, const Token& b) {
    // A missing part is a 0.
    const Token za = a.text.empty() ? Token{"0", true} : a;
    const Token zb = b.text.empty() ? Token{"0", true} : b;
    if (za.number != zb.number) {
        return za.number ? 1 : -1;  // a word (beta, rc) sorts before a number
    }
    return za.number ? compare_numbers(za.text, zb.text) : compare_words(za.text, zb.text);
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) {
        return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
    }
    a = strip_prefix(a);
    b = strip_prefix(b);
    std::size_t pa = 0;
    std::size_t pb = 0;
    while (true) {
        const Token ta = next(a, pa);
        const Token tb = next(b, pb);
        if (ta.text.empty() && tb.text.empty()) {
            return 0;
        }
        if (const int c = compare_tokens(ta, tb); c != 0) {
            return c;
        }
    }
}

bool in_release(std::string_view version, std::string_view release) {
    version = strip_prefix(version);
    release = strip_prefix(release);
    std::size_t pv = 0;
    std::size_t pr = 0;
    bool any = false;
    while (true) {
        const Token tr = next(release, pr);
        if (tr.text.empty()) {
            return any;
        }
        const Token tv = next(version, pv);
        if (tv.text.empty() || tv.number != tr.number ||
            (tr.number ? compare_numbers(tv.text, tr.text) : compare_words(tv.text, tr.text)) !=
                0) {
            return false;
        }
        any = true;
    }
}

bool in_range(std::string_view v, const VersionRange& range) {
    if (v.empty() || range.version.empty()) {
        return false;
    }
    if (compare_versions(v, range.version) < 0) {
        return false;
    }
    if (!range.less_than.empty()) {
        return compare_versions(v, range.less_than) < 0;
    }
    if (!range.less_than_or_equal.empty()) {
        return compare_versions(v, range.less_than_or_equal) <= 0;
    }
    return compare_versions(v, range.version) == 0;
}

}  // namespace daicho::answers
