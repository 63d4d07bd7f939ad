#include "cli/output.h"

#include <fstream>
#include <iostream>
#include <string>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

void note_address_plan(const ledger::DepartmentMap& departments) {
    if (!ledger::AddressPlan(departments).configured()) {
        std::cerr << "daicho: note: no address plan in the config (sites, departments, "
                     "internal_ranges): RFC 1918 and IPv6 ULA addresses are taken as the "
                     "hospital's, every other address as outside\n";
    }
}

void write_output(const std::filesystem::path& file,
                  const std::function<void(std::ostream&)>& write) {
    std::ofstream stream;
    if (!file.empty()) {
        stream.open(file, std::ios::binary | std::ios::trunc);
        if (!stream) {
            throw ledger::Error(file.string() + ": cannot write");
        }
    }
    std::ostream& out = file.empty() ? std::cout : stream;
    write(out);
    out.flush();
    if (!out) {
        throw ledger::Error((file.empty() ? std::string("stdout") : file.string()) +
                            ": write failed");
    }
}

}  // namespace daicho::agent
