#pragma once
// ledger::Error: an environment error in the ledger and the files the core reads (the ledger
// file, the knowledge data files, a table handed in for import). what() is one English line
// naming the file and the problem, for logs and for the tests that read it; code() and args()
// say the same thing as data, so a front end can say it in the user's language (the CLI's
// message table, agent/src/cli/error_text.cpp) without parsing English. The core holds no
// words of its own: it does not know the CLI's table.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace daicho::ledger {

// What went wrong; the comment lists args() in order. `other` is said by what() alone: our
// own "cannot happen" cases and rare ones a person cannot act on differently.
enum class ErrorCode : std::uint8_t {
    other,
    // the ledger file
    no_ledger,         // {1} file
    empty_ledger,      // {1} file
    not_a_ledger,      // {1} file
    newer_schema,      // {1} file, {2} its schema version, {3} this daicho's
    older_schema,      // {1} file, {2} its schema version, {3} this daicho's
    ledger_directory,  // {1} file (a directory where the ledger should be)
    no_parent,         // {1} file, {2} the directory that does not exist
    cannot_open,       // {1} file, {2} the system's reason (permission denied, ...)
    read_only,         // {1} file
    disk_full,         // {1} file
    io_error,          // {1} file, {2} SQLite's reason
    busy,              // {1} file
    damaged,           // {1} file, {2} SQLite's reason
    no_wal,            // {1} file, {2} the journal mode SQLite kept
    // knowledge data files (classification_rules.json, ...) and the data directory
    data_not_directory,  // {1} directory
    data_unreadable,     // {1} file, {2} the system's reason
    data_syntax,         // {1} file, {2} line, {3} column, {4} the parser's words
    data_invalid,        // {1} file, {2} where in the file and the problem
    // a table read in (import ledger / import training)
    table_unreadable,  // {1} file, {2} the system's reason
    table_too_large,   // {1} file, {2} the limit in bytes
    table_invalid,     // {1} file, {2} the problem
    // the IEEE registry the vendor names come from
    no_vendor_registry,  // {1} directory
    // annotations a person writes (annotate, import ledger)
    unknown_annotation_key,  // {1} ledger file, {2} key, {3} the keys
    bad_status,              // {1} ledger file, {2} the value
};

// An error that carries its code and arguments beside its English what(). One template, so
// that each stage keeps its own type and codes (ledger::Error, config::Error) without copying
// the class.
template <typename Code>
class CodedError : public std::runtime_error {
   public:
    // An `other` error: what() is all there is.
    using std::runtime_error::runtime_error;
    CodedError(Code code, std::vector<std::string> args, const std::string& what)
        : std::runtime_error(what), code_(code), args_(std::move(args)) {}

    [[nodiscard]] Code code() const noexcept { return code_; }
    [[nodiscard]] const std::vector<std::string>& args() const noexcept { return args_; }

   private:
    Code code_ = Code::other;
    std::vector<std::string> args_;
};

using Error = CodedError<ErrorCode>;

}  // namespace daicho::ledger
