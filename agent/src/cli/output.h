#pragma once
// Where a subcommand writes its report: the file given with -o, else stdout. Every subcommand
// that writes one goes through here, so an unwritable file and a failed write (a full disk, a
// closed pipe) are reported the same way: one ledger::Error naming the file, exit 1.

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>

#include "daicho/ledger/departments.h"
#include "daicho/survey/words.h"

namespace daicho::agent {

// One line on stderr when the config gives no address plan (ledger/address_plan.h), so the
// reader knows that RFC 1918/ULA decided what is inside; nothing otherwise. stdout (the
// report's format) is left alone.
void note_address_plan(const ledger::DepartmentMap& departments, survey::Lang lang);

// The format a command writes: --format when given (`given`), else the one -o's extension
// names (.csv, .json, .xlsx, .txt for the table; any case), else `fallback`. Throws CliError
// (exit 2) when --format contradicts the extension, when the extension names a format this
// command does not write (`formats`), or for xlsx without -o. An extension that names no
// format (report.out) leaves the choice to --format or the fallback.
[[nodiscard]] std::string resolve_format(std::string_view given,
                                         const std::filesystem::path& output,
                                         std::initializer_list<std::string_view> formats,
                                         std::string_view fallback, survey::Lang lang);

void write_output(const std::filesystem::path& file,
                  const std::function<void(std::ostream&)>& write);

}  // namespace daicho::agent
