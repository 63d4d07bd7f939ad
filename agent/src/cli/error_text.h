#pragma once
// The libraries' errors in the user's language. ledger::Error, config::Error and
// collectors::CaptureError carry a code and its arguments beside their English what(); here
// each code becomes a message of the CLI's table (messages.h). An error without a code (our
// own "cannot happen" cases) is said by its what(). The result is not yet escaped: callers
// pass it through escape_control as they did what().

#include <string>

#include "config/config.h"
#include "daicho/collectors/source.h"
#include "daicho/ledger/error.h"
#include "daicho/survey/words.h"

namespace daicho::agent {

[[nodiscard]] std::string error_text(const ledger::Error& e, survey::Lang lang);
[[nodiscard]] std::string error_text(const config::Error& e, survey::Lang lang);
[[nodiscard]] std::string error_text(const collectors::CaptureError& e, survey::Lang lang);

}  // namespace daicho::agent
