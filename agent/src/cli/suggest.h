#pragma once
// "Did you mean": the candidates nearest to what a person typed, by edit distance
// (Levenshtein) over Unicode code points, so 放射線部 is one edit from 放射線科 as devcies is two
// from devices. Used for mistyped subcommands and options and for department names.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace daicho::agent {

// Insertions, deletions and substitutions of code points (invalid UTF-8 bytes count as one
// each) that turn a into b; ASCII case counts as a difference.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` candidates nearest to `typed`, nearest first (ties in the candidates' order),
// each at most `max_distance` edits away.
[[nodiscard]] std::vector<std::string> nearest(std::string_view typed,
                                               const std::vector<std::string>& candidates,
                                               std::size_t limit, std::size_t max_distance);

// The distance a typo may have for a word of this length: 2, or a third of the code points.
[[nodiscard]] std::size_t typo_distance(std::string_view typed);

}  // namespace daicho::agent
