#pragma once
// Runs the daicho executable as a user would, for the agent's CLI tests: stdout and stderr go
// to files (so neither is a terminal and no progress bar shows), the environment is cleared of
// the variables that would point it at another ledger or config, and vendors come from the
// IEEE registry the build was configured with.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.h"

namespace daicho::test {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A path quoted for the shell.
inline std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// Runs a shell command line with the environment cleared as for daicho itself (`env` adds
// variables), stdout and stderr to files in `tmp`.
inline Run run_clean(const TempDir& tmp, const std::string& command, const std::string& env = "") {
    const auto out = tmp.path() / "stdout.txt";
    const auto err = tmp.path() / "stderr.txt";
    const std::string cmd =
        std::string(
            "env -u CI -u DAICHO_DB -u DAICHO_CONFIG -u LANG -u LC_ALL -u LC_MESSAGES "
            "DAICHO_IEEE_DATA=") +
        DAICHO_IEEE_DATA_DIR + " " + env + " " + command + " >'" + out.string() + "' 2>'" +
        err.string() + "' </dev/null";
    const int rc = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

inline Run run_daicho(const TempDir& tmp, const std::string& args, const std::string& env = "") {
    return run_clean(tmp, "'" + std::string(DAICHO_BIN) + "' " + args, env);
}

}  // namespace daicho::test
