// `daicho ingest`: checks every capture's header first (so a typo or a stray README names
// itself before anything is written), then ingests the readable ones, one transaction each.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <vector>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/error_text.h"
#include "cli/messages.h"
#include "cli/progress.h"
#include "cli/text.h"
#include "daicho/collectors/source.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "daicho/ledger/vendor_registry.h"
#include "pipeline/ingest.h"

namespace daicho::agent {

namespace {

// Re-running over a folder would otherwise print a line per capture already ingested.
constexpr std::size_t kSkippedNamedOneByOne = 3;

ledger::VendorRegistry load_vendors(const std::filesystem::path& dir, survey::Lang lang) {
    try {
        return ledger::VendorRegistry::load(dir);
    } catch (const ledger::Error& e) {
        std::cerr << "daicho: warning: "
                  << message(Msg::vendors_unavailable, lang, {escape_control(error_text(e, lang))})
                  << '\n';
        return {};
    }
}

// Why a capture failed or was cut, in the user's language when the capture said it as a code.
std::string said(const FileResult& result, survey::Lang lang) {
    return result.error ? error_text(*result.error, lang) : result.message;
}

void print_counters(std::span<const collectors::NamedCounters> counters) {
    std::printf("%-12s %12s %12s %10s %10s %10s %8s %12s\n", "decoder", "frames", "decoded",
                "truncated", "malformed", "unsupp.", "limited", "observations");
    for (const auto& c : counters) {
        if (c.counters.frames == 0) {
            continue;
        }
        std::printf("%-12.*s %12llu %12llu %10llu %10llu %10llu %8llu %12llu\n",
                    static_cast<int>(c.name.size()), c.name.data(),
                    static_cast<unsigned long long>(c.counters.frames),
                    static_cast<unsigned long long>(c.counters.decoded),
                    static_cast<unsigned long long>(c.counters.truncated),
                    static_cast<unsigned long long>(c.counters.malformed),
                    static_cast<unsigned long long>(c.counters.unsupported),
                    static_cast<unsigned long long>(c.counters.limited),
                    static_cast<unsigned long long>(c.counters.observations));
    }
}

}  // namespace

int run_ingest(const CommonOptions& common, const IngestCommand& cmd) {
    const auto started = std::chrono::steady_clock::now();

    // 1. Every capture's header, before the ledger is touched.
    std::vector<std::filesystem::path> readable;
    std::uint64_t total_bytes = 0;
    std::size_t failed = 0;
    for (const auto& path : cmd.captures) {
        try {
            collectors::CaptureFile probe(path);
            total_bytes += probe.progress().bytes_total;
            readable.push_back(path);
        } catch (const collectors::CaptureError& e) {
            std::cerr << "daicho: error: " << escape_control(error_text(e, common.lang)) << '\n';
            ++failed;
        }
    }
    if (readable.empty()) {
        std::cerr << "daicho: " << message(Msg::nothing_ingested, common.lang) << '\n';
        return kExitFailure;
    }

    // 2. The ledger (created on first use) and the pipeline.
    ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_write, common.knowledge);
    ledger.set_address_plan(ledger::AddressPlan(common.departments));
    const auto vendors = load_vendors(common.ieee_data, common.lang);
    IngestOptions options;
    options.decoders.disabled_decoders = cmd.disabled_decoders;
    options.accept_damaged = cmd.accept_damaged;
    options.writer.absent_days = cmd.absent_days;
    options.flood = common.flood;
    IngestPipeline pipeline(ledger, vendors, options);

    // 3. One transaction per file.
    ProgressBar bar(!cmd.quiet, total_bytes);
    std::uint64_t bytes_before = 0;
    std::uint64_t frames = 0;
    std::uint64_t decode_errors = 0;
    std::size_t ingested = 0;
    std::size_t already = 0;
    std::uint64_t floods = 0;
    std::uint64_t not_stored = 0;
    ledger::WriteStats stats;
    for (const auto& path : readable) {
        const std::string label = escape_control(path.filename().string());
        auto result = pipeline.ingest(path, [&](const collectors::CaptureProgress& p) {
            bar.update(bytes_before, p.bytes_read, frames + p.frames, label);
        });
        bar.clear();
        bytes_before += std::filesystem::file_size(path);
        switch (result.status) {
            case FileResult::Status::ingested:
                ++ingested;
                frames += result.frames;
                decode_errors += result.decode_errors;
                stats.devices_new += result.stats.devices_new;
                stats.devices_updated += result.stats.devices_updated;
                stats.facts_new += result.stats.facts_new;
                stats.events_new += result.stats.events_new;
                stats.connections_new += result.stats.connections_new;
                if (result.connections.evictions != 0) {
                    std::cerr << "daicho: warning: "
                              << message(Msg::capture_connections_evicted, common.lang,
                                         {label, with_commas(result.connections.evictions)})
                              << '\n';
                }
                if (result.known_frames != 0) {
                    std::cerr << "daicho: "
                              << message(
                                     Msg::known_prefix, common.lang,
                                     {escape_control(path.string()),
                                      with_commas(result.known_frames),
                                      escape_control(result.known_as), with_commas(result.frames)})
                              << '\n';
                }
                for (const auto& f : result.floods) {
                    ++floods;
                    not_stored += f.refused;
                    std::cerr << "daicho: warning: "
                              << message(
                                     Msg::station_flood, common.lang,
                                     {label, ledger::format_time_utc(f.first_us),
                                      ledger::format_time_utc(f.last_us), with_commas(f.refused),
                                      with_commas(options.flood.new_stations_burst),
                                      with_commas(options.flood.new_stations_per_minute)})
                              << '\n';
                }
                if (!result.message.empty()) {
                    std::cerr << "daicho: warning: "
                              << message(Msg::damaged_kept, common.lang,
                                         {with_commas(result.frames),
                                          escape_control(said(result, common.lang))})
                              << '\n';
                }
                break;
            case FileResult::Status::already_present:
                ++already;
                if (already <= kSkippedNamedOneByOne) {
                    std::cerr << "daicho: "
                              << message(Msg::already_ingested, common.lang,
                                         {escape_control(path.string()),
                                          escape_control(result.known_as)})
                              << '\n';
                }
                break;
            case FileResult::Status::failed:
                ++failed;
                std::cerr << "daicho: error: "
                          << message(Msg::capture_not_recorded, common.lang,
                                     {escape_control(said(result, common.lang))})
                          << '\n';
                break;
        }
    }

    if (already > kSkippedNamedOneByOne) {
        std::cerr << "daicho: "
                  << message(Msg::skipped_more, common.lang,
                             {std::to_string(already - kSkippedNamedOneByOne)})
                  << '\n';
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::size_t given = cmd.captures.size();
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", seconds);
    std::cout << message(Msg::ingest_summary, common.lang,
                         {std::to_string(ingested),
                          common.lang == survey::Lang::ja
                              ? std::to_string(given)
                              : std::to_string(given) + (given == 1 ? " capture" : " captures"),
                          std::to_string(already), std::to_string(failed), with_commas(frames),
                          with_commas(stats.devices_new), with_commas(stats.devices_updated),
                          with_commas(stats.events_new), with_commas(decode_errors)})
              << message(Msg::ingest_seconds, common.lang, {secs}) << '\n';
    if (stats.connections_new != 0) {
        std::cout << message(Msg::ingest_connections, common.lang,
                             {with_commas(stats.connections_new)})
                  << '\n';
    }
    if (floods != 0) {
        std::cout << message(Msg::ingest_floods, common.lang,
                             {with_commas(floods), with_commas(not_stored)})
                  << '\n';
    }
    std::cout.flush();
    if (cmd.counters) {
        print_counters(pipeline.counters());
    }
    return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace daicho::agent
