#pragma once
// The `daicho` command line: subcommands, shared options, and the one place that turns
// stage errors into a single message line and an exit status.

namespace daicho::agent {

// Exit statuses: 0 success, 1 a run-time problem (bad capture, ledger error), 2 usage error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int run_cli(int argc, char** argv);

}  // namespace daicho::agent
