#pragma once
// Aligned text columns for a terminal, shared by the reports' table formats: every cell is
// escaped (a wire string cannot move the cursor or recolour the screen: ledger/text.h), cut to
// its column's width, and padded by display width (a Japanese character takes two columns).

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace daicho::survey {

// rows[0] is the header. A row shorter than `max_width` leaves the rest empty.
void write_aligned(std::ostream& out, std::vector<std::vector<std::string>> rows,
                   std::span<const std::size_t> max_width);

}  // namespace daicho::survey
