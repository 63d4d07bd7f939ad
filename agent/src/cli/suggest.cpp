#include "cli/suggest.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace daicho::agent {

namespace {

// Code points of s as their byte ranges; a byte that starts no valid sequence stands alone.
std::vector<std::string_view> code_points(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t n = 1;
        if (lead >= 0xF0 && lead < 0xF8) {
            n = 4;
        } else if (lead >= 0xE0) {
            n = lead < 0xF0 ? 3 : 1;
        } else if (lead >= 0xC0) {
            n = 2;
        }
        if (i + n > s.size()) {
            n = 1;
        }
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0U) != 0x80U) {
                n = 1;
                break;
            }
        }
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto x = code_points(a);
    const auto y = code_points(b);
    std::vector<std::size_t> row(y.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

std::vector<std::string> nearest(std::string_view typed, const std::vector<std::string>& candidates,
                                 std::size_t limit, std::size_t max_distance) {
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // distance, index
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::size_t d = edit_distance(typed, candidates[i]);
        if (d <= max_distance) {
            scored.emplace_back(d, i);
        }
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& l, const auto& r) { return l.first < r.first; });
    std::vector<std::string> out;
    for (const auto& [distance, index] : scored) {
        if (out.size() == limit) {
            break;
        }
        if (std::find(out.begin(), out.end(), candidates[index]) == out.end()) {
            out.push_back(candidates[index]);
        }
    }
    return out;
}

std::size_t typo_distance(std::string_view typed) {
    return std::max<std::size_t>(2, code_points(typed).size() / 3);
}

}  // namespace daicho::agent
