#pragma once
// The `daicho` command line: subcommands, shared options, and the one place that turns
// stage errors into a single message line and an exit status.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace daicho::agent {

// Exit statuses: 0 success, 1 a run-time problem (bad capture, ledger error), 2 usage error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// A problem the CLI itself reports (a device no one or several match, a format that
// contradicts -o): what() is the message line, details() the lines under it (the candidates),
// status() the exit status. Printed with the `error:` prefix, every line escaped.
class CliError : public std::runtime_error {
   public:
    CliError(int status, const std::string& what, std::vector<std::string> details = {})
        : std::runtime_error(what), status_(status), details_(std::move(details)) {}
    [[nodiscard]] int status() const noexcept { return status_; }
    [[nodiscard]] const std::vector<std::string>& details() const noexcept { return details_; }

   private:
    int status_;
    std::vector<std::string> details_;
};

int run_cli(int argc, char** argv);

}  // namespace daicho::agent
