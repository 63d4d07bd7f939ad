#include "aligned_table.h"

#include <algorithm>

#include "daicho/ledger/text.h"

namespace daicho::survey {

void write_aligned(std::ostream& out, std::vector<std::vector<std::string>> rows,
                   std::span<const std::size_t> max_width) {
    const std::size_t columns = max_width.size();
    std::vector<std::size_t> width(columns, 0);
    for (auto& row : rows) {
        row.resize(columns);
        for (std::size_t i = 0; i < columns; ++i) {
            row[i] = ledger::text::truncate_to_width(ledger::text::escape(row[i]), max_width[i]);
            width[i] = std::max(width[i], ledger::text::display_width(row[i]));
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < columns; ++i) {
            line += row[i];
            if (i + 1 < columns) {
                line.append(width[i] - ledger::text::display_width(row[i]) + 2, ' ');
            }
        }
        out << line << '\n';
    }
}

}  // namespace daicho::survey
