// Regex over PCRE2 (8-bit library). PCRE2 rather than std::regex: libstdc++'s executor asks
// the locale for a character class and dynamic_casts a facet per character compared, which
// was most of the cost of classifying a device with many facts; PCRE2 compiles to machine code
// (JIT) and matches bytes against static tables. Rather than RE2: software_patterns.json uses
// a backreference (\1) and MakerCatalogue's whole-word patterns a lookahead, neither of which
// RE2 has.

#include "classify/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>

#include "daicho/ledger/data_file.h"

namespace daicho::ledger {

namespace {

// What makes PCRE2 read and match a pattern as ECMAScript (std::regex's default grammar) does,
// for the constructs the data files use and a user's replacement files may: see regex.h.
// NEVER_UTF and NEVER_UCP also refuse (*UTF) / (*UCP) in a pattern, so a subject is never
// checked as UTF-8; NEVER_BACKSLASH_C refuses \C, which has no ECMAScript meaning.
constexpr std::uint32_t kCompileOptions =
    PCRE2_DOLLAR_ENDONLY | PCRE2_MATCH_UNSET_BACKREF | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
    PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | PCRE2_NEVER_BACKSLASH_C;
// Newline LF: the settings that count CR as a newline too (ANYCRLF, ANY) also make a failed
// attempt at a CRLF pair move on past both bytes, so a match that starts at the LF (a
// [^a-z0-9] before a maker name on the next line) would never be tried; ECMAScript tries every
// position. '.' is rewritten instead (ecmascript_dots).
constexpr std::uint32_t kNewline = PCRE2_NEWLINE_LF;
// Groups the per-thread match data holds from the start: every data-file pattern fits.
constexpr std::uint32_t kInitialPairs = 16;

// The pattern with every '.' outside a character class written [^\n\r]: ECMAScript's dot
// excludes line terminators, of which a byte subject can hold LF and CR, and PCRE2's excludes
// only its newline. origin[i] is the pattern offset character i of the text comes from, to
// report a compile error where the data file has it.
struct Rewritten {
    std::string text;
    std::vector<std::size_t> origin;
};

// Past the end of a [:alpha:] (or [.x.], [=x=]; both grammars have them) starting at `at`
// inside a class, whose ']' does not close the class; 0 when there is none there.
std::size_t posix_class_end(std::string_view pattern, std::size_t at) {
    if (pattern[at] != '[' || at + 1 >= pattern.size() ||
        std::string_view(":.=").find(pattern[at + 1]) == std::string_view::npos) {
        return 0;
    }
    const char close[] = {pattern[at + 1], ']'};
    const std::size_t end = pattern.find(std::string_view(close, 2), at + 2);
    return end == std::string_view::npos ? 0 : end + 2;
}

Rewritten ecmascript_dots(std::string_view pattern) {
    constexpr std::string_view kDot = "[^\\n\\r]";
    Rewritten out;
    out.text.reserve(pattern.size());
    out.origin.reserve(pattern.size());
    const auto copy = [&out](std::string_view text, std::size_t from) {
        out.text += text;
        out.origin.insert(out.origin.end(), text.size(), from);
    };
    bool in_class = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            copy(pattern.substr(i, 2), i);
            out.origin.back() = i + 1;
            ++i;
        } else if (const std::size_t end = in_class ? posix_class_end(pattern, i) : 0; end != 0) {
            copy(pattern.substr(i, end - i), i);
            i = end - 1;
        } else if (in_class) {
            copy(pattern.substr(i, 1), i);
            in_class = c != ']';
        } else if (c == '[') {
            // As in ECMAScript (and PCRE2 with ALLOW_EMPTY_CLASS) the first ']', even right
            // after '[' or '[^', closes the class.
            const std::size_t caret = i + 1 < pattern.size() && pattern[i + 1] == '^' ? 1 : 0;
            copy(pattern.substr(i, 1 + caret), i);
            i += caret;
            in_class = true;
        } else if (c == '.') {
            copy(kDot, i);
        } else {
            copy(pattern.substr(i, 1), i);
        }
    }
    return out;
}

struct FreeContext {
    void operator()(pcre2_compile_context* c) const noexcept { pcre2_compile_context_free(c); }
};

// The calling thread's match data, grown to the most groups any pattern searched on this
// thread has had. Searches do not nest, so one per thread serves every Regex.
//
// Held by a plain thread_local pointer and freed by a pthread key's destructor, never by a
// thread_local object's destructor: with MinGW-w64 (emulated TLS over winpthreads) such a
// destructor runs after the thread's TLS block has been freed, so it read a freed pointer
// and the thread faulted on exit (the ledger suite under Wine; a daemon thread ending on
// Windows likewise). A key's destructor is handed the pointer itself, on both platforms.
struct ThreadScratch {
    pcre2_match_data* data = nullptr;
    std::uint32_t pairs = 0;
};

void free_scratch(void* data) noexcept {
    pcre2_match_data_free(static_cast<pcre2_match_data*>(data));
}

pthread_key_t scratch_key() {
    static const pthread_key_t key = [] {
        pthread_key_t k{};
        if (pthread_key_create(&k, free_scratch) != 0) {
            throw std::bad_alloc();
        }
        return k;
    }();
    return key;
}

pcre2_match_data* scratch(std::size_t groups) {
    thread_local ThreadScratch s;  // trivially destructible: see above
    const auto pairs = static_cast<std::uint32_t>(groups + 1);
    if (pairs > s.pairs) {
        const std::uint32_t want = std::max(pairs, kInitialPairs);
        pcre2_match_data* grown = pcre2_match_data_create(want, nullptr);
        if (grown == nullptr || pthread_setspecific(scratch_key(), grown) != 0) {
            pcre2_match_data_free(grown);
            throw std::bad_alloc();
        }
        pcre2_match_data_free(s.data);
        s.data = grown;
        s.pairs = want;
    }
    return s.data;
}

// PCRE2's result: > 0 a match (highest group set + 1), otherwise none. JIT code runs on a
// small machine stack; a search that outgrows it is run again by the interpreter, which keeps
// its backtracking state on the heap, so the answer never depends on the JIT stack size.
// Interpreter and JIT give the same answers; only a search past PCRE2's default match limit
// (ten million steps, a pathological pattern in a user's file) may end differently, since the
// two count steps differently: it counts as no match either way.
int run(const pcre2_code* code, std::string_view subject, pcre2_match_data* data) {
    // PCRE2 10.42 refuses a null subject even when empty (an empty string_view may be null).
    static constexpr char kEmpty = '\0';
    const auto* bytes = reinterpret_cast<PCRE2_SPTR>(subject.empty() ? &kEmpty : subject.data());
    int rc = pcre2_match(code, bytes, subject.size(), 0, 0, data, nullptr);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        rc = pcre2_match(code, bytes, subject.size(), 0, PCRE2_NO_JIT, data, nullptr);
    }
    return rc;
}

// The pattern compiled as ECMAScript reads it (see regex.h); throws CompileError.
pcre2_code* compile_pattern(std::string_view pattern) {
    const std::unique_ptr<pcre2_compile_context, FreeContext> context(
        pcre2_compile_context_create(nullptr));
    if (!context) {
        throw std::bad_alloc();
    }
    pcre2_set_newline(context.get(), kNewline);
    const Rewritten source = ecmascript_dots(pattern);
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code =
        pcre2_compile(reinterpret_cast<PCRE2_SPTR>(source.text.data()), source.text.size(),
                      kCompileOptions, &error, &offset, context.get());
    if (code == nullptr) {
        const std::size_t at =
            offset < source.origin.size() ? source.origin[offset] : pattern.size();
        std::array<PCRE2_UCHAR, 256> message{};
        if (pcre2_get_error_message(error, message.data(), message.size()) < 0) {
            throw Regex::CompileError("error " + std::to_string(error), at);
        }
        throw Regex::CompileError(reinterpret_cast<const char*>(message.data()), at);
    }
    return code;
}

}  // namespace

Regex::State::~State() {
    pcre2_code_free(jit.load(std::memory_order_acquire));
    pcre2_code_free(code.load(std::memory_order_acquire));
}

const pcre2_code* Regex::interpreted() const {
    if (const pcre2_code* code = state_->code.load(std::memory_order_acquire)) {
        return code;
    }
    // Deferred: threads that race here each compile; the first to publish wins and the others
    // free theirs. The pattern text stays (another thread may be reading it).
    pcre2_code* mine = compile_pattern(state_->pattern);
    std::uint32_t groups = 0;
    pcre2_pattern_info(mine, PCRE2_INFO_CAPTURECOUNT, &groups);
    pcre2_code* expected = nullptr;
    state_->groups.store(groups, std::memory_order_relaxed);
    if (state_->code.compare_exchange_strong(expected, mine, std::memory_order_acq_rel)) {
        return mine;
    }
    pcre2_code_free(mine);
    return expected;
}

const pcre2_code* Regex::code_for_search() const {
    if (const pcre2_code* compiled = state_->jit.load(std::memory_order_acquire)) {
        return compiled;
    }
    const pcre2_code* code = interpreted();
    // fetch_add hands kJitAfter - 1 to exactly one search, so one thread compiles; the others
    // go on interpreting until it publishes. pcre2_jit_compile writes into the code it
    // compiles, so it works on a copy that no search is reading.
    if (state_->searches.fetch_add(1, std::memory_order_relaxed) == kJitAfter - 1) {
        if (pcre2_code* copy = pcre2_code_copy(code)) {
            // Without JIT (not built in, or no executable memory) the copy stays interpreted:
            // slower, same answers.
            if (pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) == 0) {
                state_->jit.store(copy, std::memory_order_release);
                return copy;
            }
            pcre2_code_free(copy);
        }
    }
    return code;
}

bool Regex::jit_available() noexcept {
    std::uint32_t jit = 0;
    return pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit != 0;
}

bool Regex::jit_compiled() const noexcept {
    return state_->jit.load(std::memory_order_acquire) != nullptr;
}

Regex::Regex(std::string_view pattern, Compile when) {
    if (when == Compile::on_first_search) {
        state_->pattern = pattern;
        return;
    }
    pcre2_code* code = compile_pattern(pattern);
    std::uint32_t groups = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    state_->groups.store(groups, std::memory_order_relaxed);
    state_->code.store(code, std::memory_order_release);
}

std::size_t Regex::group_count() const {
    static_cast<void>(interpreted());
    return state_->groups.load(std::memory_order_relaxed);
}

bool Regex::search(std::string_view subject) const {
    const pcre2_code* code = code_for_search();
    return run(code, subject, scratch(state_->groups.load(std::memory_order_relaxed))) > 0;
}

bool Regex::search(std::string_view subject, Match& match) const {
    const pcre2_code* code = code_for_search();
    const std::size_t groups = state_->groups.load(std::memory_order_relaxed);
    pcre2_match_data* data = scratch(groups);
    const int rc = run(code, subject, data);
    if (rc <= 0) {
        return false;
    }
    const PCRE2_SIZE* offsets = pcre2_get_ovector_pointer(data);
    match.groups_.assign(groups + 1, std::string_view());
    // Groups past rc - 1 took no part; unset ones inside carry PCRE2_UNSET.
    for (std::size_t g = 0; g < static_cast<std::size_t>(rc) && g <= groups; ++g) {
        const PCRE2_SIZE begin = offsets[2 * g];
        const PCRE2_SIZE end = offsets[2 * g + 1];
        if (begin != PCRE2_UNSET && end >= begin) {
            match.groups_[g] = subject.substr(begin, end - begin);
        }
    }
    return true;
}

namespace classify_data {

Regex compile(std::string_view file, const std::string& where, const std::string& pattern,
              Regex::Compile when) {
    try {
        return Regex(lower_pattern(pattern), when);
    } catch (const Regex::CompileError& e) {
        fail(file, where + ": bad regex '" + pattern + "': " + e.what() + " at offset " +
                       std::to_string(e.offset()));
    }
}

}  // namespace classify_data

}  // namespace daicho::ledger
