#include "pipeline/ingest.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

#include "daicho/collectors/packet_digest.h"
#include "daicho/ledger/time.h"
#include "pipeline/known_prefix.h"

namespace daicho::agent {

namespace {

// Progress callbacks every 2^16 frames: cheap enough to ignore, frequent enough for a bar.
constexpr std::uint64_t kProgressEvery = 1U << 16U;
// A live capture looks at the clock every 2^10 frames and whenever the wire is idle.
constexpr std::uint64_t kClockEvery = 1U << 10U;

bool is_device_source(const collectors::PacketContext& ctx) noexcept {
    return ctx.has_l2 && !ctx.src_mac.is_group() && !ctx.src_mac.is_zero();
}

// The stations the ledger holds already always pass the gate.
StationGate known_stations(const ledger::Ledger& ledger, const FloodLimits& limits) {
    StationGate gate(limits, ledger.device_count());
    ledger.for_each_link_device([&gate](std::uint16_t domain, const collectors::MacAddress& mac) {
        gate.know(domain, mac);
    });
    return gate;
}

std::string flood_note(const FloodEpisode& f, const FloodLimits& limits) {
    return "sensor " + std::to_string(f.sensor) + ", " + ledger::format_time_utc(f.first_us) +
           " to " + ledger::format_time_utc(f.last_us) + ": " + std::to_string(f.refused) +
           " new stations counted and not stored (" + std::to_string(f.refused_frames) +
           " sightings), " + std::to_string(f.admitted) + " stored meanwhile; budget " +
           std::to_string(limits.new_stations_burst) + " + " +
           std::to_string(limits.new_stations_per_minute) +
           " a minute (config flood.new_stations_burst, flood.new_stations_per_minute)";
}

// The conversation table on, sized and fed the hospital's address plan (issue 13). A writer
// that stores a capture once, at its end, gets as many evicted rows kept as the table holds:
// on the benchmark corpus 5,627 conversations were evicted before the end and lost.
collectors::FrameDecoderConfig with_conversations(collectors::FrameDecoderConfig config,
                                                  const ledger::AddressPlan& plan,
                                                  ledger::WriterOptions::Merge merge) {
    auto& table = config.conversations;
    if (table.entries == 0) {
        table.entries = collectors::ConversationConfig::kDefaultEntries;
    }
    if (merge == ledger::WriterOptions::Merge::whole_capture && table.keep_evicted == 0) {
        table.keep_evicted = table.entries;
    }
    std::vector<collectors::InsidePrefix> prefixes;
    prefixes.reserve(plan.ranges().size());
    for (const ledger::Prefix& p : plan.ranges()) {
        collectors::InsidePrefix inside;
        inside.network = p.v6 ? collectors::IpAddress::v6(p.bytes)
                              : collectors::IpAddress::v4((std::uint32_t{p.bytes[0]} << 24U) |
                                                          (std::uint32_t{p.bytes[1]} << 16U) |
                                                          (std::uint32_t{p.bytes[2]} << 8U) |
                                                          std::uint32_t{p.bytes[3]});
        inside.length = static_cast<std::uint8_t>(p.length);
        prefixes.push_back(inside);
    }
    table.inside = collectors::InsidePlan(std::move(prefixes));
    return config;
}

}  // namespace

IngestPipeline::IngestPipeline(ledger::Ledger& ledger, const ledger::VendorRegistry& vendors,
                               const IngestOptions& options)
    : writer_(ledger, vendors, options.writer),
      ledger_(ledger),
      options_(options),
      decoder_(with_conversations(options.decoders, ledger.address_plan(), options.writer.merge)),
      activity_(options.activity_slots),
      facts_(options.fact_slots),
      gate_(known_stations(ledger, options.flood)) {}

void IngestPipeline::reserve_batch() {
    batch_.observations.reserve(options_.fact_slots / 2);
    batch_.activity.reserve(options_.activity_slots / 2);
}

bool IngestPipeline::admitted(const collectors::Observation& o) noexcept {
    const collectors::Subject& s = o.subject;
    if (s.has_mac && !s.mac.is_group() && !s.mac.is_zero() &&
        !gate_.admit_mac(s.sensor, s.mac, o.evidence)) {
        return false;
    }
    // An address bound to a MAC becomes a row of its own: an IP flood is bounded here. Other
    // facts naming an address (a DNS answer) share the MAC's fate only.
    return o.kind != collectors::FactKind::ip_address ||
           s.ip.family == collectors::IpAddress::Family::none ||
           gate_.admit_ip(s.sensor, s.ip, o.evidence);
}

void IngestPipeline::record_floods(FileResult& result) {
    result.floods = gate_.take_floods();
    for (const FloodEpisode& f : result.floods) {
        // after: the stations not stored, the number a person asks for first.
        writer_.record_link_event("station_flood", f.first_us, f.evidence.frame_no, "",
                                  std::to_string(f.refused), flood_note(f, gate_.limits()));
    }
}

std::vector<collectors::Conversation> IngestPipeline::conversation_rows(FileResult& result) {
    std::vector<collectors::Conversation> rows;
    const auto& counted = decoder_.conversation_counters();
    rows.reserve(static_cast<std::size_t>(
        std::min<std::uint64_t>(counted.new_rows, decoder_.conversation_capacity()) +
        counted.evictions_kept));
    decoder_.conversations(rows);
    result.connections.rows = rows.size();
    // What the ledger cannot have: rows evicted and not kept.
    result.connections.evictions = counted.evictions - counted.evictions_kept;
    result.connections.plan_configured = decoder_.inside_plan_configured();
    return rows;
}

void IngestPipeline::record_connections(FileResult& result) {
    auto rows = conversation_rows(result);
    writer_.record_connections(std::move(rows), result.connections);
}

void IngestPipeline::record_live_connections(FileResult& result) {
    auto rows = live_connections_.take(conversation_rows(result));
    writer_.record_connections(std::move(rows), result.connections);
}

void IngestPipeline::flush() {
    // The senders' traffic totals go with the facts, whichever table filled: a device's first
    // frame then reaches the ledger no later than its facts (staging replays in first-staged
    // order), so a new device is created with its earliest sighting and its device_new event
    // cites that frame. Flushing the facts alone, as when the fact table was the smaller,
    // made the generated 12,500-host capture create 3,337 devices from a later fact.
    activity_.drain_into(batch_.activity);
    if (!batch_.empty()) {
        // Handed over, not copied: a capture file's writer keeps its first batch and merges
        // it from memory. The next batch's capacity is reserved by whoever goes on reading
        // (reserve_batch), not here: after a capture's last flush it would only take memory
        // the merge needs (4 MiB of peak RSS on the benchmark corpus).
        writer_.apply(std::move(batch_));
        batch_ = ledger::Batch{};
    }
    facts_.clear();
}

void IngestPipeline::process(collectors::Frame& frame, collectors::PacketContext& ctx) {
    sink_.clear();
    decoder_.decode(frame, ctx, sink_);
    if (is_device_source(ctx) &&
        activity_.add(ctx, frame.wire_len, gate_) == ActivityTable::Added::full) {
        flush();
        reserve_batch();
        static_cast<void>(activity_.add(ctx, frame.wire_len, gate_));
    }
    for (const auto& o : sink_.observations()) {
        if (!admitted(o)) {
            continue;  // counted by the gate, not stored
        }
        if (!facts_.add(o, batch_.observations)) {
            flush();
            reserve_batch();
            static_cast<void>(facts_.add(o, batch_.observations));
        }
    }
}

FileResult IngestPipeline::ingest(const std::filesystem::path& path, const ProgressFn& progress) {
    FileResult result;
    result.path = path;
    try {
        // Opened first so an unreadable file fails before anything else; closed once its first
        // frames are compared (its buffers would otherwise live through the whole ingest).
        auto probe = std::make_unique<collectors::CaptureFile>(path);
        // Captures recorded before packet digests (schema 007) are known by their bytes only.
        const auto print = collectors::fingerprint_capture(path);
        if (auto known = ledger_.find_capture(print.size, print.digest)) {
            result.status = FileResult::Status::already_present;
            result.message = "already in the ledger (as " + known->path + ")";
            result.known_as = known->path;  // the CLI says it in the user's language
            result.frames = known->frames;
            return result;
        }
        const KnownPrefix prefix = find_known_prefix(ledger_, *probe);
        probe.reset();
        if (prefix.whole) {
            result.status = FileResult::Status::already_present;
            result.message = "its packets are already in the ledger (as " + prefix.path + ")";
            result.known_as = prefix.path;
            result.frames = prefix.frames;
            return result;
        }
        const auto source = collectors::open_capture_file(path);
        ledger::CaptureInfo info;
        info.path = path.string();
        info.size = print.size;
        info.digest = print.digest;
        info.link_type = static_cast<std::uint16_t>(source->link_type());
        info.prefix_capture = prefix.capture;
        info.prefix_frames = prefix.frames;
        result = run(*source, info, progress);
        result.path = path;
        result.known_as = prefix.path;
    } catch (const collectors::CaptureError& e) {
        result.status = FileResult::Status::failed;
        result.message = e.what();
        result.error = e;
    }
    return result;
}

FileResult IngestPipeline::ingest(collectors::PacketSource& source, const ProgressFn& progress) {
    FileResult result;
    result.path = source.name();
    try {
        ledger::CaptureInfo info;
        info.path = source.name();
        info.link_type = static_cast<std::uint16_t>(source.link_type());
        result = run(source, info, progress);
        result.path = source.name();
    } catch (const collectors::CaptureError& e) {
        result.status = FileResult::Status::failed;
        result.message = e.what();
        result.error = e;
    }
    return result;
}

FileResult IngestPipeline::run(collectors::PacketSource& source, const ledger::CaptureInfo& info,
                               const ProgressFn& progress) {
    FileResult result;
    try {
        const std::uint32_t capture_id = writer_.begin_capture(info);
        const std::uint64_t errors_before = decoder_.decode_errors();
        decoder_.clear_conversations();  // each capture stores its own rows
        reserve_batch();                 // the last capture's went to its writer
        collectors::Frame frame;
        collectors::PacketContext ctx;
        // A file source digests on its reader thread; any other is digested here.
        const bool own_digest = !source.digest().has_value();
        collectors::PacketDigest digest;
        std::string head = digest.hex();  // of no frames, until there is a first one
        std::uint64_t frames = 0;
        try {
            while (source.next(frame)) {
                ++frames;
                if (own_digest) {
                    digest.add(frame);
                }
                if (progress && frames % kProgressEvery == 0) {
                    progress(source.progress());
                }
                if (frames == 1) {
                    head = own_digest ? digest.hex() : source.digest()->hex();
                }
                if (frames <= info.prefix_frames) {
                    continue;  // in the ledger already, as capture info.prefix_capture
                }
                frame.evidence.capture_id = capture_id;
                process(frame, ctx);
            }
        } catch (const collectors::CaptureError& e) {
            if (!options_.accept_damaged) {
                writer_.abort_capture();
                activity_.drain_into(batch_.activity);
                batch_.clear();
                facts_.clear();
                throw;
            }
            result.message = e.what();
            result.error = e;
        }
        flush();
        if (!own_digest) {
            digest = *source.digest();
        }
        result.known_frames = std::min(info.prefix_frames, frames);
        result.frames = frames - result.known_frames;
        result.decode_errors = decoder_.decode_errors() - errors_before;
        writer_.record_packets(head, digest.hex(), digest.frames());
        record_connections(result);
        record_floods(result);
        result.stats = writer_.commit_capture(result.frames, result.decode_errors);
        result.status = FileResult::Status::ingested;
        if (progress) {
            progress(source.progress());
        }
    } catch (...) {
        writer_.abort_capture();
        activity_.drain_into(batch_.activity);
        batch_.clear();
        facts_.clear();
        throw;
    }
    return result;
}

}  // namespace daicho::agent

namespace daicho::agent {

FileResult IngestPipeline::run_live(collectors::LiveCapture& source, const LiveOptions& live) {
    FileResult result;
    result.path = source.name();
    ledger::CaptureInfo info;
    info.path = source.name();
    info.link_type = static_cast<std::uint16_t>(source.link_type());
    // A live capture has no bytes to fingerprint: each run is its own capture, named by its
    // start (a restart on the same interfaces is another capture, not a repeat of the first).
    info.digest = "live " + ledger::format_time_utc(ledger::now_us());
    std::uint64_t frames = 0;
    const std::uint64_t errors_before = decoder_.decode_errors();
    try {
        const std::uint32_t capture_id = writer_.begin_capture(info);
        decoder_.clear_conversations();
        reserve_batch();
        live_connections_ = ConnectionDeltas{};
        collectors::Frame frame;
        collectors::PacketContext ctx;
        auto last_merge = std::chrono::steady_clock::now();
        for (;;) {
            const auto next = source.poll(frame, live.wait);
            if (next == collectors::LiveCapture::Next::stopped) {
                break;
            }
            if (next == collectors::LiveCapture::Next::frame) {
                ++frames;
                frame.evidence.capture_id = capture_id;
                process(frame, ctx);
                // The clock is read once in a while, not per frame.
                if (frames % kClockEvery != 0) {
                    continue;
                }
            }
            const auto now = std::chrono::steady_clock::now();
            if (now - last_merge < live.merge_every) {
                continue;
            }
            // What the tables hold goes to the ledger now: one short transaction, visible at
            // once to readers, annotate and import.
            flush();
            reserve_batch();
            record_floods(result);
            record_live_connections(result);
            writer_.merge_now();
            last_merge = now;
            if (live.after_merge && !live.after_merge(frames)) {
                source.stop();
            }
        }
        flush();
        result.frames = frames;
        result.decode_errors = decoder_.decode_errors() - errors_before;
        record_floods(result);
        record_live_connections(result);
        result.stats = writer_.commit_capture(result.frames, result.decode_errors);
        result.status = FileResult::Status::ingested;
    } catch (const collectors::CaptureError& e) {
        // The interface broke: what was merged stays; the rest is committed as far as it got.
        result.message = e.what();
        result.error = e;
        flush();
        record_live_connections(result);
        result.frames = frames;
        result.decode_errors = decoder_.decode_errors() - errors_before;
        result.stats = writer_.commit_capture(result.frames, result.decode_errors);
        result.status = FileResult::Status::failed;
    } catch (...) {
        writer_.abort_capture();
        activity_.drain_into(batch_.activity);
        batch_.clear();
        facts_.clear();
        throw;
    }
    return result;
}

}  // namespace daicho::agent
