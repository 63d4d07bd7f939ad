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

// Reads a version's tokens in order under a scheme (version.h): which words count, and where
// the comparable part ends.
class Tokens {
   public:
    Tokens(std::string_view v, VersionScheme scheme) : v_(strip_prefix(v)), scheme_(scheme) {}

    // The next token; empty text at the end.
    Token next() {
        while (!done_) {
            bool dash = false;
            while (pos_ < v_.size() && !is_digit(v_[pos_]) && !is_alpha(v_[pos_])) {
                dash = dash || v_[pos_] == '-';
                ++pos_;
            }
            if (pos_ >= v_.size()) {
                break;
            }
            const std::size_t start = pos_;
            const bool number = is_digit(v_[pos_]);
            while (pos_ < v_.size() && (number ? is_digit(v_[pos_]) : is_alpha(v_[pos_]))) {
                ++pos_;
            }
            const Token t{v_.substr(start, pos_ - start), number};
            if (skipped(t, dash)) {
                continue;
            }
            if (number) {
                // SonicOS: the first number after a '-' is the build, and the last part read.
                done_ = scheme_ == VersionScheme::sonicos && dash && numbers_ > 0;
                ++numbers_;
            }
            return t;
        }
        done_ = true;
        return {};
    }

   private:
    [[nodiscard]] bool skipped(const Token& t, bool dash) const {
        if (t.number) {
            return false;
        }
        switch (scheme_) {
            case VersionScheme::netscaler:
            case VersionScheme::sonicos:
                return true;  // "NS", "Build", "nc", "Enhanced", platform letters, "R"
            case VersionScheme::pan_os:
                // "-h<digits>": a hotfix, numbered after the release it fixes.
                return dash && t.text.size() == 1 && lower(t.text[0]) == 'h' && pos_ < v_.size() &&
                       is_digit(v_[pos_]);
            case VersionScheme::standard:
                break;
        }
        return false;
    }

    std::string_view v_;
    VersionScheme scheme_;
    std::size_t pos_ = 0;
    std::size_t numbers_ = 0;
    bool done_ = false;
};

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

std::optional<VersionScheme> version_scheme(std::string_view name) {
    if (name == "standard") {
        return VersionScheme::standard;
    }
    if (name == "pan-os") {
        return VersionScheme::pan_os;
    }
    if (name == "netscaler") {
        return VersionScheme::netscaler;
    }
    if (name == "sonicos") {
        return VersionScheme::sonicos;
    }
    return std::nullopt;
}

int compare_versions(std::string_view a, std::string_view b, VersionScheme scheme) {
    if (a.empty() || b.empty()) {
        return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
    }
    Tokens ta(a, scheme);
    Tokens tb(b, scheme);
    while (true) {
        const Token x = ta.next();
        const Token y = tb.next();
        if (x.text.empty() && y.text.empty()) {
            return 0;
        }
        if (const int c = compare_tokens(x, y); c != 0) {
            return c;
        }
    }
}

bool in_release(std::string_view version, std::string_view release, VersionScheme scheme) {
    Tokens tv(version, scheme);
    Tokens tr(release, scheme);
    bool any = false;
    while (true) {
        const Token r = tr.next();
        if (r.text.empty()) {
            return any;
        }
        const Token v = tv.next();
        if (v.text.empty() || v.number != r.number ||
            (r.number ? compare_numbers(v.text, r.text) : compare_words(v.text, r.text)) != 0) {
            return false;
        }
        any = true;
    }
}

bool in_range(std::string_view v, const VersionRange& range, VersionScheme scheme) {
    if (v.empty() || range.version.empty()) {
        return false;
    }
    if (compare_versions(v, range.version, scheme) < 0) {
        return false;
    }
    if (!range.less_than.empty()) {
        return compare_versions(v, range.less_than, scheme) < 0;
    }
    if (!range.less_than_or_equal.empty()) {
        return compare_versions(v, range.less_than_or_equal, scheme) <= 0;
    }
    return compare_versions(v, range.version, scheme) == 0;
}

}  // namespace daicho::answers
