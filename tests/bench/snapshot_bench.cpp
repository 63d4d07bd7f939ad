// daicho_bench_snapshot LEDGER [QUERY]...: how long the read API takes on a real ledger, in
// one process (what a daemon pays per request; process start and the built-in data files are
// not counted). Prints the median of 5 runs of Snapshot::devices() and, per QUERY (an id, MAC,
// IP or host name as `daicho explain` takes it), of Snapshot::find + the explain report.
// A measurement, not a test (STYLE.md §4.8).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/explain_report.h"

namespace {

template <typename F>
double median_ms(F&& run) {
    constexpr int kRuns = 5;
    std::vector<double> ms;
    for (int i = 0; i < kRuns; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                         .count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[kRuns / 2];
}

}  // namespace

int main(int argc, char** argv) {
    using namespace daicho::ledger;
    if (argc < 2) {
        std::fprintf(stderr, "usage: daicho_bench_snapshot LEDGER [QUERY]...\n");
        return 2;
    }
    try {
        const Ledger ledger(argv[1], Ledger::Mode::read_only);
        (void)Classifier::builtin();  // loaded once per process; not what a lookup costs
        std::size_t count = 0;
        const double all = median_ms([&] { count = Snapshot(ledger).devices().size(); });
        std::printf("devices(): %zu devices, %.1f ms\n", count, all);
        for (int i = 2; i < argc; ++i) {
            std::size_t found = 0;
            std::size_t bytes = 0;
            const double one = median_ms([&] {
                const auto records = Snapshot(ledger).find(argv[i]);
                std::ostringstream out;
                for (const auto& d : records) {
                    daicho::survey::write_explain(out, d, daicho::survey::Lang::en);
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
