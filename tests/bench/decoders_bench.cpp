// Per-decoder cost: each application decoder of the registry, called directly on the payload
// of every test fixture that reaches it (tests/collectors/fixtures/), with the PacketContext
// the frame walk produced for that frame. This is the decoder alone — the frame walk and the
// TCP first-bytes table are measured by daicho_bench_collectors — so the figures say which
// protocol costs what when its traffic shows up. CPU time per call.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "all_fixtures.h"
#include "daicho/collectors/frame_decoder.h"
#include "hex.h"
#include "registry.h"

namespace {

namespace dc = daicho::collectors;

struct Case {
    std::vector<std::byte> frame;
    std::size_t payload_offset = 0;
    dc::PacketContext ctx;
    dc::DecodeFn decode = nullptr;
};

void run(benchmark::State& state, const Case& c) {
    auto sink = std::make_unique<dc::ObservationSink>();
    const std::span<const std::byte> payload =
        std::span<const std::byte>(c.frame).subspan(c.payload_offset);
    std::size_t observations = 0;
    for (auto _ : state) {
        sink->clear();
        const auto r = c.decode(dc::ByteReader(payload), c.ctx, *sink);
        benchmark::DoNotOptimize(r);
        observations += sink->size();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(payload.size()));
    state.counters["obs/call"] =
        benchmark::Counter(static_cast<double>(observations) /
                           static_cast<double>(std::max<std::int64_t>(1, state.iterations())));
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::unique_ptr<Case>> cases;
    for (const auto& f : daicho::test::fixtures::all_frames()) {
        if (f.proto == "frame" || f.payload_offset == 0) {
            continue;
        }
        dc::DecodeFn fn = nullptr;
        for (const auto& row : dc::registry::rows()) {
            if (row.name == f.proto) {
                fn = row.decode;
            }
        }
        if (fn == nullptr) {
            continue;
        }
        auto c = std::make_unique<Case>();
        c->frame = daicho::test::hex(f.hex);
        c->payload_offset = f.payload_offset;
        c->decode = fn;
        // The context the walk gives this frame (ports, addresses, VLAN, cut flag).
        dc::FrameDecoder walker;
        dc::Frame frame;
        frame.link = f.link;
        frame.bytes = c->frame;
        frame.wire_len = static_cast<std::uint32_t>(c->frame.size());
        auto sink = std::make_unique<dc::ObservationSink>();
        walker.decode(frame, c->ctx, *sink);
        const Case* raw = c.get();
        benchmark::RegisterBenchmark((std::string(f.proto) + "/" + std::string(f.name)).c_str(),
                                     [raw](benchmark::State& s) { run(s, *raw); });
        cases.push_back(std::move(c));
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
