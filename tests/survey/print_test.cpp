// The Q8 workbook as it is printed for an inspection: LibreOffice renders it to PDF (as a
// hospital's Excel would print it), and poppler reads the PDF back. Every page is A4
// landscape, the first and the last column are on every page (one page wide: no column
// spills onto pages of its own) and the header row is repeated on each. One rendering only:
// LibreOffice takes seconds to start. Where libreoffice or poppler-utils are missing the test
// says so and checks nothing.

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/device.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/survey_ledger.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::ledger::AddressEntry;
using daicho::ledger::DeviceRecord;
using daicho::survey::LedgerKind;
using daicho::test::kT0;
using daicho::test::TempDir;

namespace {

bool have(const char* tool) {
    return std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) == 0;
}

std::string run(const std::string& cmd, const std::filesystem::path& out) {
    const int rc = std::system((cmd + " >'" + out.string() + "' 2>&1").c_str());
    std::ifstream in(out);
    std::stringstream s;
    s << in.rdbuf();
    INFO(cmd << "\n" << s.str());
    REQUIRE(WIFEXITED(rc));
    REQUIRE(WEXITSTATUS(rc) == 0);
    return s.str();
}

// Enough PCs with long software statements to need several pages down.
std::vector<DeviceRecord> devices() {
    std::vector<DeviceRecord> out;
    for (int i = 1; i <= 400; ++i) {
        DeviceRecord d;
        d.id = i;
        char mac[18];
        std::snprintf(mac, sizeof mac, "00:0b:5d:00:%02x:%02x", i / 256, i % 256);
        d.mac = mac;
        d.vendor = "FUJITSU LIMITED";
        d.hostnames = {"NS-PC-" + std::to_string(i)};
        d.category = "pc";
        d.confidence = 84;
        d.band = "medium";
        d.software = {{"Microsoft DHCP client", "5.0", "dhcp", "software"},
                      {"Windows", "10.0.19045", "smb", "os"}};
        d.services = {"tcp/135", "tcp/139", "tcp/445", "tcp/3389"};
        d.addresses = {AddressEntry{"10.30." + std::to_string(i / 250) + "." + std::to_string(i % 250), "arp", kT0, kT0 + 1, {}},
                       AddressEntry{"fe80::7324:5fb8:ee24:" + std::to_string(1000 + i), "ndp",
                                    kT0, kT0 + 1, {}}};
        d.vlans = {30};
        d.first_seen_us = kT0;
        d.last_seen_us = kT0 + 86'400'000'000;
        d.department = "看護部（病棟）";
        d.department_source = "subnet 10.30.0.0/16";
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

TEST_CASE("print: the Q8 workbook prints one A4 landscape page wide, the header on every page",
          "[survey][xlsx][print]") {
    if (!have("soffice") || !have("pdfinfo") || !have("pdftotext")) {
        WARN("libreoffice (soffice) or poppler-utils (pdfinfo, pdftotext) not installed: the "
             "printed-workbook check is skipped (apt-get install libreoffice-calc-nogui "
             "poppler-utils)");
        return;
    }
    TempDir tmp;
    const auto ds = devices();
    // English labels: the check reads the PDF's text, which needs no CJK font then.
    daicho::survey::LedgerOptions options;
    options.lang = daicho::survey::Lang::en;
    auto sheet = daicho::survey::survey_ledger(ds, LedgerKind::it, options);
    daicho::survey::LedgerTitle title;
    title.hospital = "Sakura General Hospital";
    title.observed_from_us = kT0;
    title.observed_until_us = kT0 + 86'400'000'000;
    title.generated_us = kT0 + 2 * 86'400'000'000;
    title.by = "IT office";
    sheet.title = daicho::survey::ledger_title(LedgerKind::it, title, options.lang, options.zone);
    const auto xlsx = tmp.path() / "q8.xlsx";
    daicho::survey::write_xlsx(xlsx, {sheet});

    // A profile of its own, so that a user's LibreOffice (or another test) is left alone.
    run("timeout 180 soffice -env:UserInstallation=file://" + (tmp.path() / "profile").string() +
            " --headless --convert-to pdf --outdir '" + tmp.path().string() + "' '" +
            xlsx.string() + "'",
        tmp.path() / "soffice.log");
    const auto pdf = tmp.path() / "q8.pdf";
    const std::string info = run("pdfinfo '" + pdf.string() + "'", tmp.path() / "info.txt");
    INFO(info);
    CHECK(info.find("Page size:       841.89 x 595.") != std::string::npos);  // A4 landscape
    const auto at = info.find("Pages:");
    REQUIRE(at != std::string::npos);
    const int pages = std::stoi(info.substr(at + 6));
    CHECK(pages >= 2);  // 400 rows: the repeated header is seen on later pages
    for (int p = 1; p <= pages; ++p) {
        const std::string text =
            run("pdftotext -layout -f " + std::to_string(p) + " -l " + std::to_string(p) + " '" +
                    pdf.string() + "' -",
                tmp.path() / "page.txt");
        INFO("page " << p << ":\n" << text);
        CHECK(text.find("Asset tag") != std::string::npos);  // the first column's header
        CHECK(text.find("Note") != std::string::npos);       // the last column's header
        CHECK(text.find("Category") != std::string::npos);
        std::string packed;  // the footer's "P / N", however the PDF spaces it
        for (const char ch : text) {
            packed += ch == ' ' ? "" : std::string(1, ch);
        }
        CHECK(packed.find(std::to_string(p) + "/" + std::to_string(pages)) != std::string::npos);
        if (p == 1) {
            CHECK(text.find("Sakura General Hospital") != std::string::npos);
        }
    }
}
