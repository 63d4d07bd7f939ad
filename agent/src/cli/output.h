#pragma once
// Where a subcommand writes its report: the file given with -o, else stdout. Every subcommand
// that writes one goes through here, so an unwritable file and a failed write (a full disk, a
// closed pipe) are reported the same way: one ledger::Error naming the file, exit 1.

#include <filesystem>
#include <functional>
#include <ostream>

namespace daicho::agent {

void write_output(const std::filesystem::path& file,
                  const std::function<void(std::ostream&)>& write);

}  // namespace daicho::agent
