#include "embedded_data.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "daicho/ledger/ledger.h"

namespace daicho::answers::data {

std::string file_text(const std::filesystem::path& dir, std::string_view name, std::string& label) {
    if (!dir.empty()) {
        const auto path = dir / name;
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) {
            std::ifstream in(path, std::ios::binary);
            std::ostringstream text;
            if (!in || !(text << in.rdbuf())) {
                throw ledger::Error(path.string() + ": cannot be read");
            }
            label = path.string();
            return text.str();
        }
    }
    label = std::string(name);
    return std::string(ledger::data::embedded_file(embedded_files(), name));
}

}  // namespace daicho::answers::data
