#pragma once
// The one ranking of decode outcomes, shared by every decoder that combines the results of
// its parts (TLVs, varbinds, PDU items) into the frame's result.

#include "daicho/collectors/byte_reader.h"

namespace daicho::collectors {

// The worse of two results: truncated > malformed > unsupported > limited > decoded/not_mine.
// truncated ranks first because it is the only one more bytes can cure (the first-bytes table
// and the counters treat it so); a broken part of a whole message outranks a part we chose not
// to read or a limit we hit, which only cost facts. On a tie the first argument wins.
[[nodiscard]] constexpr DecodeResult worse(DecodeResult a, DecodeResult b) noexcept {
    const auto rank = [](DecodeResult r) {
        switch (r) {
            case DecodeResult::truncated:
                return 4;
            case DecodeResult::malformed:
                return 3;
            case DecodeResult::unsupported:
                return 2;
            case DecodeResult::limited:
                return 1;
            case DecodeResult::decoded:
            case DecodeResult::not_mine:
                return 0;
        }
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

}  // namespace daicho::collectors
