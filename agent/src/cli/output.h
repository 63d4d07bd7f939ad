#pragma once
// Where a subcommand writes its report: the file given with -o, else stdout. Every subcommand
// that writes one goes through here, so an unwritable file and a failed write (a full disk, a
// closed pipe) are reported the same way: one ledger::Error naming the file, exit 1.

#include <filesystem>
#include <functional>
#include <ostream>

#include "daicho/ledger/departments.h"

namespace daicho::agent {

// One line on stderr when the config gives no address plan (ledger/address_plan.h), so the
// reader knows that RFC 1918/ULA decided what is inside; nothing otherwise. stdout (the
// report's format) is left alone.
void note_address_plan(const ledger::DepartmentMap& departments);

void write_output(const std::filesystem::path& file,
                  const std::function<void(std::ostream&)>& write);

}  // namespace daicho::agent
