#pragma once
// Regex: one pattern of the knowledge data files compiled once with PCRE2 (8-bit) and searched
// by any number of threads at once: the compiled code is read-only after construction and each
// search uses its thread's own match data.
//
// A pattern of the built-in files may be compiled by its first search instead of at load
// (Compile::on_first_search): a command that classifies one device searches a few dozen of the
// ~400 patterns, and compiling them all was a third of `explain`'s instructions. Those files
// are known good (the tests compile every pattern in them); a person's files are compiled at
// load, so their errors stop a run at start.
//
// Machine code (JIT) comes later, on a copy: a pattern is interpreted for its first
// kJitAfter searches, then one search compiles a JIT copy and publishes it atomically, and
// later searches run that. A command that classifies one device (explain, a lookup) never
// pays for compiling every rule to machine code, which cost more than its whole classification;
// ingest and whole-ledger reads search each pattern thousands of times and get the JIT code
// after a handful.
//
// Semantics are ECMAScript's (what std::regex gave these patterns) wherever the data files
// can tell: byte mode (no UTF: values are bytes from the wire, not necessarily UTF-8), '$'
// only at the very end, '.' matches neither CR nor LF, a backreference to an unset group
// matches the empty string, \uHHHH and [] / [^] as in JavaScript. PCRE2 accepts more than
// ECMAScript (lookbehind, atomic groups ...): a user's file may use it. The pcre2.h types stay
// in regex.cpp, so the library links PCRE2 privately.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pcre2_real_code_8;

namespace daicho::ledger {

class Regex {
   public:
    // PCRE2's message for a pattern it refuses, and the offset in the pattern where it
    // stopped.
    class CompileError : public std::runtime_error {
       public:
        CompileError(const std::string& message, std::size_t offset)
            : std::runtime_error(message), offset_(offset) {}
        [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

       private:
        std::size_t offset_;
    };

    // The groups of one successful search: [0] the whole match, [N] group N ("" when the
    // group took no part). Views into the searched subject.
    class Match {
       public:
        [[nodiscard]] std::size_t size() const noexcept { return groups_.size(); }
        [[nodiscard]] std::string_view operator[](std::size_t group) const noexcept {
            return group < groups_.size() ? groups_[group] : std::string_view();
        }

       private:
        friend class Regex;
        std::vector<std::string_view> groups_;
    };

    enum class Compile { now, on_first_search };

    // Throws CompileError; with on_first_search, the first search (or group_count()) does,
    // which only a pattern that is not known good can make it do.
    explicit Regex(std::string_view pattern, Compile when = Compile::now);

    // Whether the pattern occurs anywhere in `subject`. A search that exceeds PCRE2's match
    // limit (a pathological pattern against a long value) counts as no match: the limit
    // counts steps, so the answer is the same on every run.
    [[nodiscard]] bool search(std::string_view subject) const;
    // The same, filling `match` when it occurs.
    [[nodiscard]] bool search(std::string_view subject, Match& match) const;

    // Number of capture groups in the pattern.
    [[nodiscard]] std::size_t group_count() const;

    // Searches interpreted before the JIT copy is compiled.
    static constexpr std::uint32_t kJitAfter = 16;
    // Whether later searches run machine code (tests: the switch-over gives the same answers).
    [[nodiscard]] bool jit_compiled() const noexcept;
    // Whether this PCRE2 was built with JIT support.
    [[nodiscard]] static bool jit_available() noexcept;

   private:
    // Behind a pointer so that a Regex stays movable (atomics are not). Each code pointer is
    // set once and owned; `groups` is written before `code` is published.
    struct State {
        std::string pattern;  // kept until compiled (on_first_search)
        std::atomic<pcre2_real_code_8*> code{nullptr};
        std::atomic<std::size_t> groups{0};
        std::atomic<std::uint32_t> searches{0};
        std::atomic<pcre2_real_code_8*> jit{nullptr};
        ~State();
    };

    // The interpreted code, compiled now if the pattern was deferred.
    [[nodiscard]] const pcre2_real_code_8* interpreted() const;
    // The code the next search runs: the JIT copy once published, else the interpreted code
    // (counting the search, and compiling the copy on the kJitAfter-th).
    [[nodiscard]] const pcre2_real_code_8* code_for_search() const;

    std::unique_ptr<State> state_ = std::make_unique<State>();
};

namespace classify_data {

// Compiles a case-insensitive data-file pattern for subjects lower-cased with lower_ascii()
// (data_file.h), or fails with "<file>: <where>: bad regex '<pattern>': <PCRE2's message> at
// offset <n>".
[[nodiscard]] Regex compile(std::string_view file, const std::string& where,
                            const std::string& pattern, Regex::Compile when = Regex::Compile::now);

}  // namespace classify_data

}  // namespace daicho::ledger
