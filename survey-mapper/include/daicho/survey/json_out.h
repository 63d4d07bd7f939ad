#pragma once
// Compact JSON written straight into a string, for documents too large to build as a tree
// first (`devices --format json` on a 12,000-device ledger spent half its time building and
// freeing nlohmann objects). Strings are escaped as nlohmann's dump(-1, ' ', false,
// error_handler_t::replace) escapes them, byte for byte: control characters escaped, UTF-8
// kept, each invalid UTF-8 sequence replaced by U+FFFD (tests/survey/json_out_test.cpp holds
// the two to the same output). Wire strings may be any bytes; the output is always valid
// JSON in valid UTF-8.

#include <cstdint>
#include <string>
#include <string_view>

namespace daicho::survey {

// Appends `s` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view s);

class JsonOut {
   public:
    explicit JsonOut(std::string& out) : out_(out) {}

    JsonOut& open_object() { return open('{'); }
    JsonOut& close_object() { return close('}'); }
    JsonOut& open_array() { return open('['); }
    JsonOut& close_array() { return close(']'); }
    // An object member's name; the next call writes its value.
    JsonOut& key(std::string_view name);

    JsonOut& value(std::string_view s);
    JsonOut& value(const char* s) { return value(std::string_view(s)); }
    JsonOut& value(std::int64_t n);
    JsonOut& value(std::uint64_t n);
    JsonOut& value(int n) { return value(static_cast<std::int64_t>(n)); }
    JsonOut& value(bool b);
    JsonOut& null();

    // key(name).value(v) in one call.
    template <typename T>
    JsonOut& field(std::string_view name, const T& v) {
        return key(name).value(v);
    }

   private:
    void before_value();
    JsonOut& open(char bracket);
    JsonOut& close(char bracket);
    template <typename Integer>
    JsonOut& number(Integer n);

    std::string& out_;
    std::uint64_t filled_ = 0;  // bit d: the container at depth d already holds a value
    int depth_ = 0;
    bool after_key_ = false;
};

}  // namespace daicho::survey
