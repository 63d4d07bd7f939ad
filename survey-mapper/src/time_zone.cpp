// TimeZone (daicho/survey/time_zone.h): a TZif file (RFC 8536) read into its transitions.
// The file is the system's, but read with every length checked all the same: a truncated or
// foreign file is "no such zone", never a read past the end.

#include "daicho/survey/time_zone.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>

#include "daicho/ledger/time.h"

namespace daicho::survey {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::size_t kMaxTzifBytes = 1U << 20U;  // real ones are a few KiB

// Big-endian reads over the file's bytes, each checked against its end.
class Cursor {
   public:
    explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
    bool skip(std::size_t n) {
        if (n > bytes_.size() - pos_) {
            return false;
        }
        pos_ += n;
        return true;
    }
    bool be(std::size_t width, std::uint64_t& out) {
        if (width > bytes_.size() - pos_) {
            return false;
        }
        out = 0;
        for (std::size_t i = 0; i < width; ++i) {
            out = (out << 8U) | static_cast<unsigned char>(bytes_[pos_ + i]);
        }
        pos_ += width;
        return true;
    }
    [[nodiscard]] std::string_view rest() const { return bytes_.substr(pos_); }

   private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

struct Counts {
    std::uint64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool header(Cursor& c, char& version, Counts& n) {
    const std::string_view magic = c.rest().substr(0, 4);
    std::uint64_t v = 0;
    if (magic != "TZif" || !c.skip(4) || !c.be(1, v) || !c.skip(15)) {
        return false;
    }
    version = static_cast<char>(v);
    return c.be(4, n.isut) && c.be(4, n.isstd) && c.be(4, n.leap) && c.be(4, n.time) &&
           c.be(4, n.type) && c.be(4, n.chars) && n.type > 0;
}

std::int64_t signed_of(std::uint64_t v, std::size_t width) {
    if (width == 4) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    }
    return static_cast<std::int64_t>(v);
}

// The data block after a header, with times `width` bytes wide.
bool transitions(Cursor& c, const Counts& n, std::size_t width,
                 std::vector<std::pair<std::int64_t, std::int64_t>>& out) {
    std::vector<std::int64_t> times;
    std::vector<std::uint64_t> index;
    std::vector<std::int64_t> offsets;
    for (std::uint64_t i = 0; i < n.time; ++i) {
        std::uint64_t v = 0;
        if (!c.be(width, v)) {
            return false;
        }
        times.push_back(signed_of(v, width));
    }
    for (std::uint64_t i = 0; i < n.time; ++i) {
        std::uint64_t v = 0;
        if (!c.be(1, v) || v >= n.type) {
            return false;
        }
        index.push_back(v);
    }
    for (std::uint64_t i = 0; i < n.type; ++i) {
        std::uint64_t off = 0;
        if (!c.be(4, off) || !c.skip(2)) {  // utoff, then isdst and desigidx
            return false;
        }
        offsets.push_back(signed_of(off, 4));
    }
    out.clear();
    out.emplace_back(std::numeric_limits<std::int64_t>::min(), offsets.front());
    for (std::size_t i = 0; i < times.size(); ++i) {
        out.emplace_back(times[i], offsets[index[i]]);
    }
    return std::is_sorted(out.begin(), out.end());
}

bool parse_tzif(std::string_view bytes, std::vector<std::pair<std::int64_t, std::int64_t>>& out) {
    Cursor c(bytes);
    char version = 0;
    Counts n;
    if (!header(c, version, n)) {
        return false;
    }
    if (version == '\0') {
        return transitions(c, n, 4, out);
    }
    // Version 2+: skip the 32-bit block, read the 64-bit one after its own header.
    if (!c.skip(n.time * 5 + n.type * 6 + n.chars + n.leap * 8 + n.isstd + n.isut) ||
        !header(c, version, n)) {
        return false;
    }
    return transitions(c, n, 8, out);
}

// A name inside the zone directory: letters, digits, '_', '-', '+', and '/' between parts.
bool zone_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/' ||
        name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
               ch == '_' || ch == '-' || ch == '+' || ch == '/';
    });
}

// "YYYY-MM-DDTHH:MM..." of the local time.
std::string local_text(const TimeZone& zone, std::int64_t utc_us) {
    return ledger::format_time_utc(utc_us + zone.offset_s(utc_us) * kMicrosPerSecond);
}

}  // namespace

TimeZone::TimeZone() { transitions_.emplace_back(std::numeric_limits<std::int64_t>::min(), 0); }

std::optional<TimeZone> TimeZone::load(std::string_view name, const std::filesystem::path& dir) {
    if (!zone_name(name)) {
        return std::nullopt;
    }
    TimeZone zone;
    zone.name_ = name;
    std::ifstream in(dir / std::string(name), std::ios::binary);
    if (in) {
        std::string bytes;
        bytes.resize(kMaxTzifBytes);
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        bytes.resize(static_cast<std::size_t>(in.gcount()));
        if (parse_tzif(bytes, zone.transitions_)) {
            return zone;
        }
    }
    // Built in: Japan has kept UTC+9 without daylight saving since 1951.
    zone.transitions_.assign(1, {std::numeric_limits<std::int64_t>::min(), 0});
    if (name == "Asia/Tokyo" || name == "Japan") {
        zone.transitions_.front().second = 9 * 3600;
        return zone;
    }
    if (name == "UTC" || name == "Etc/UTC") {
        return zone;
    }
    return std::nullopt;
}

std::int64_t TimeZone::offset_s(std::int64_t utc_us) const noexcept {
    const std::int64_t s = utc_us >= 0 ? utc_us / kMicrosPerSecond
                                       : -((-utc_us + kMicrosPerSecond - 1) / kMicrosPerSecond);
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s,
                               [](std::int64_t t, const auto& tr) { return t < tr.first; });
    return it == transitions_.begin() ? transitions_.front().second : std::prev(it)->second;
}

std::string TimeZone::minutes(std::int64_t utc_us) const { return seconds(utc_us).substr(0, 16); }

std::string TimeZone::seconds(std::int64_t utc_us) const {
    std::string t = local_text(*this, utc_us).substr(0, 19);  // YYYY-MM-DDTHH:MM:SS
    t[4] = '/';
    t[7] = '/';
    t[10] = ' ';
    return t;
}

std::string TimeZone::date(std::int64_t utc_us) const { return minutes(utc_us).substr(0, 10); }

double TimeZone::excel_serial(std::int64_t utc_us) const noexcept {
    // 1899-12-30 is serial 0 in the 1900 date system (Excel's 1900 leap-year bug included).
    constexpr std::int64_t kEpochOffsetDays = 25569;  // 1899-12-30 to 1970-01-01
    const std::int64_t local_s = utc_us / kMicrosPerSecond + offset_s(utc_us);
    return static_cast<double>(kEpochOffsetDays) + static_cast<double>(local_s) / 86400.0;
}

}  // namespace daicho::survey
