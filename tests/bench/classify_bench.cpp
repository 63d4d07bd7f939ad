// Classification cost per device, on the devices of a real ledger: DAICHO_BENCH_LEDGER names
// the ledger file (e.g. one `daicho ingest` of a capgen hospital capture); without it the
// benchmark is skipped. Reports ns per device classified (items_per_second inverted).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <vector>

#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"

namespace {

const std::vector<daicho::ledger::DeviceRecord>* devices() {
    static const auto* list = []() -> std::vector<daicho::ledger::DeviceRecord>* {
        const char* path = std::getenv("DAICHO_BENCH_LEDGER");
        if (path == nullptr) {
            return nullptr;
        }
        daicho::ledger::Ledger ledger(path, daicho::ledger::Ledger::Mode::read_only);
        return new std::vector<daicho::ledger::DeviceRecord>(ledger.devices());
    }();
    return list;
}

void BM_ClassifyDevice(benchmark::State& state) {
    const auto* list = devices();
    if (list == nullptr || list->empty()) {
        state.SkipWithError("set DAICHO_BENCH_LEDGER to a ledger with devices");
        return;
    }
    const auto& classifier = daicho::ledger::Knowledge::builtin()->classifier();
    for (auto _ : state) {
        for (const auto& d : *list) {
            benchmark::DoNotOptimize(classifier.classify(d));
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(list->size()));
}
BENCHMARK(BM_ClassifyDevice)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
