#include "cli/output.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <string>

#include "cli/cli.h"
#include "cli/messages.h"
#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

void note_address_plan(const ledger::DepartmentMap& departments, survey::Lang lang) {
    // Once a process: `daicho evidence` runs several reports over one ledger.
    static bool said = false;
    if (!said && !ledger::AddressPlan(departments).configured()) {
        said = true;
        std::cerr << "daicho: note: " << message(Msg::no_address_plan, lang) << '\n';
    }
}

namespace {

// The format a file name's extension names; "" for none.
std::string format_of_extension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    for (char& c : ext) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (ext == ".csv" || ext == ".json" || ext == ".xlsx" || ext == ".svg" || ext == ".dot" ||
        ext == ".drawio") {
        return ext.substr(1);
    }
    if (ext == ".gv") {
        return "dot";
    }
    if (ext == ".md" || ext == ".html") {
        return ext.substr(1);
    }
    return ext == ".txt" ? "table" : "";
}

}  // namespace

std::string resolve_format(std::string_view given, const std::filesystem::path& output,
                           std::initializer_list<std::string_view> formats,
                           std::string_view fallback, survey::Lang lang) {
    const std::string named = output.empty() ? std::string() : format_of_extension(output);
    std::string list;
    for (const auto f : formats) {
        list += (list.empty() ? "" : ", ") + std::string(f);
    }
    if (!given.empty() && !named.empty() && given != named) {
        throw CliError(kExitUsage, message(Msg::format_mismatch, lang, {given, output.string()}));
    }
    if (!named.empty() && std::find(formats.begin(), formats.end(), named) == formats.end()) {
        throw CliError(kExitUsage, message(Msg::format_not_here, lang, {output.string(), list}));
    }
    std::string format(!given.empty()   ? given
                       : !named.empty() ? std::string_view(named)
                                        : fallback);
    if (format == "xlsx" && output.empty()) {
        throw CliError(kExitUsage, message(Msg::xlsx_needs_output, lang));
    }
    return format;
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
