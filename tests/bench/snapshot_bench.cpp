// daicho_bench_snapshot LEDGER [--verify] [QUERY]...: how long the read API takes on a real ledger,
// in one process (what a daemon pays per request; process start and the built-in data files are not
// counted). Prints the median of 5 runs of Snapshot::devices() and, per QUERY (an id, MAC, IP or
// host name as `daicho explain` takes it), of Snapshot::find + the explain report.
// --verify: also find every device by its id, MAC and addresses and say how many found records
// differ from the listed one (the JSON export of both is compared).
// A measurement, not a test (STYLE.md §4.8).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/explain_report.h"
#include "daicho/survey/export.h"

namespace {

template <typename F>
double median_ms(F&& run) {
    constexpr int kRuns = 5;
    std::vector<double> ms;
    for (int i = 0; i < kRuns; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[kRuns / 2];
}

std::string json(const daicho::ledger::DeviceRecord& d) {
    std::ostringstream out;
    daicho::survey::write_devices_json(out, std::span<const daicho::ledger::DeviceRecord>(&d, 1));
    return out.str();
}

// Every device by its id, MAC and each address: the found record must be the listed one.
void verify(const daicho::ledger::Ledger& ledger) {
    using daicho::ledger::Snapshot;
    const Snapshot snapshot(ledger);
    std::size_t lookups = 0;
    std::size_t differ = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& d : snapshot.devices()) {
        const std::string expected = json(d);
        std::vector<std::string> keys{std::to_string(d.id)};
        if (!d.mac.empty()) {
            keys.push_back(d.mac);
        }
        for (const auto& a : d.addresses) {
            keys.push_back(a.address);
        }
        for (const auto& key : keys) {
            ++lookups;
            const auto found = snapshot.find(key);
            const bool same = std::any_of(found.begin(), found.end(),
                                          [&](const auto& f) { return json(f) == expected; });
            if (!same) {
                ++differ;
                std::printf("differs: device %lld by %s\n", static_cast<long long>(d.id),
                            key.c_str());
            }
        }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("verify: %zu lookups, %zu differ, %.1f ms in all\n", lookups, differ, ms);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace daicho::ledger;
    if (argc < 2) {
        std::fprintf(stderr, "usage: daicho_bench_snapshot LEDGER [--verify] [QUERY]...\n");
        return 2;
    }
    try {
        const Ledger ledger(argv[1], Ledger::Mode::read_only);
        (void)ledger.knowledge();  // loaded once per process; not what a lookup costs
        std::size_t count = 0;
        const double all = median_ms([&] { count = Snapshot(ledger).devices().size(); });
        std::printf("devices(): %zu devices, %.1f ms\n", count, all);
        int first = 2;
        if (argc > 2 && std::string(argv[2]) == "--verify") {
            verify(ledger);
            first = 3;
        }
        for (int i = first; i < argc; ++i) {
            std::size_t found = 0;
            std::size_t bytes = 0;
            const double one = median_ms([&] {
                const auto records = Snapshot(ledger).find(argv[i]);
                std::ostringstream out;
                for (const auto& d : records) {
                    daicho::survey::write_explain(out, d, ledger.knowledge().classifier(),
                                                  daicho::survey::Lang::en);
                }
                found = records.size();
                bytes = out.str().size();
            });
            std::printf("find + explain %s: %zu found, %zu bytes, %.2f ms\n", argv[i], found, bytes,
                        one);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "daicho_bench_snapshot: %s\n", e.what());
        return 1;
    }
    return 0;
}
