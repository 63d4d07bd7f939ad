// read_table_file: a ledger file from disk, XLSX or CSV by what it holds.

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "daicho/import/table_reader.h"
#include "daicho/ledger/ledger.h"

namespace daicho::import {

using namespace ledger;  // the core's device model, annotations and errors

Table read_table_file(const std::filesystem::path& path, std::string_view sheet,
                      const ReadLimits& limits) {
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw Error(
            ErrorCode::table_unreadable,
            {name, std::filesystem::exists(path, ec) ? "not a regular file" : "no such file"},
            name + ": not a readable file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        throw Error(ErrorCode::table_unreadable, {name, ec.message()}, name + ": " + ec.message());
    }
    if (size > limits.max_file_bytes) {
        throw Error(ErrorCode::table_too_large, {name, std::to_string(limits.max_file_bytes)},
                    name + ": larger than " + std::to_string(limits.max_file_bytes) + " bytes");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const std::string why = std::strerror(errno);
        throw Error(ErrorCode::table_unreadable, {name, why}, name + ": cannot open: " + why);
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::size_t>(in.gcount()) != bytes.size()) {
        throw Error(name + ": cannot read");
    }
    std::string ext = path.extension().string();
    for (char& c : ext) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (bytes.starts_with("PK\x03\x04") || ext == ".xlsx" || ext == ".xlsm") {
        return read_xlsx(bytes, name, sheet, limits);
    }
    if (!sheet.empty()) {
        throw Error(name + ": --sheet applies to XLSX workbooks, and this is CSV");
    }
    return read_csv(bytes, name, limits);
}

}  // namespace daicho::import
