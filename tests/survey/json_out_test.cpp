// JsonOut (daicho/survey/json_out.h) against nlohmann's dump, which it replaced for the
// device export: the same bytes for any string, valid UTF-8 or not, and the same document.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "daicho/survey/json_out.h"

namespace {

std::string nlohmann_text(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ours(const std::string& s) {
    std::string out;
    daicho::survey::append_json_string(out, s);
    return out;
}

}  // namespace

TEST_CASE("JsonOut: strings escape exactly as nlohmann's dump with replacement",
          "[survey][json]") {
    for (const std::string& s :
         {std::string(), std::string("plain"), std::string("q\"b\\s/"),
          std::string("\b\f\n\r\t\x01\x1f\x7f", 8), std::string("\0x", 2),
          std::string("放射線科 CT"), std::string("\xe2\x82"), std::string("\xe2\x82" "A"),
          std::string("\xc0\xaf"), std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"),
          std::string("\xf0\x9f\x98\x80"), std::string("\xff\xfe"), std::string("\x80"),
          std::string("a\xf0\x9f\x98"), std::string("\xe0\x9f\x80"), std::string("\xef\xbf\xbf")}) {
        INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        CHECK(ours(s) == nlohmann_text(s));
    }
    // Random bytes, weighted towards UTF-8 lead and continuation bytes and escapes.
    std::mt19937 rng(20261206);
    const std::string alphabet = std::string("\x80\xbf\xc2\xdf\xe0\xe1\xed\xee\xef\xf0\xf3\xf4"
                                             "\xf5\xff\xa0\x9f\x8f\x90\"\\\n\x01 a",
                                             24);
    std::uniform_int_distribution<int> len(0, 12);
    std::uniform_int_distribution<int> any_byte(0, 255);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int i = 0; i < 50'000; ++i) {
        std::string s(static_cast<std::size_t>(len(rng)), '\0');
        for (char& c : s) {
            c = (i % 3 == 0) ? static_cast<char>(any_byte(rng)) : alphabet[pick(rng)];
        }
        INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        REQUIRE(ours(s) == nlohmann_text(s));
    }
    // Long plain runs with one byte of each kind anywhere in them: the eight-bytes-at-once
    // path must stop at every byte that needs care, whatever its place in the word.
    std::uniform_int_distribution<int> run(0, 40);
    std::uniform_int_distribution<int> printable(0x20, 0x7f);
    for (int i = 0; i < 20'000; ++i) {
        std::string s(static_cast<std::size_t>(run(rng)), '\0');
        for (char& c : s) {
            c = static_cast<char>(printable(rng));
        }
        if (!s.empty()) {
            std::uniform_int_distribution<std::size_t> at(0, s.size() - 1);
            s[at(rng)] = (i % 2 == 0) ? alphabet[pick(rng)] : static_cast<char>(any_byte(rng));
        }
        INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        REQUIRE(ours(s) == nlohmann_text(s));
    }
}

TEST_CASE("JsonOut: commas, nesting and numbers as a compact dump", "[survey][json]") {
    std::string text;
    daicho::survey::JsonOut j(text);
    j.open_object()
        .field("id", std::int64_t{-7})
        .field("frame", std::uint64_t{18'446'744'073'709'551'615ULL})
        .field("ok", true)
        .key("none")
        .null();
    j.key("list").open_array().value("a").open_object().close_object().open_array();
    j.close_array().value(3).close_array();
    j.key("empty").open_object().close_object();
    j.close_object();
    const nlohmann::ordered_json expected = {
        {"id", -7},
        {"frame", 18'446'744'073'709'551'615ULL},
        {"ok", true},
        {"none", nullptr},
        {"list", nlohmann::ordered_json::array({"a", nlohmann::ordered_json::object(),
                                                nlohmann::ordered_json::array(), 3})},
        {"empty", nlohmann::ordered_json::object()}};
    CHECK(text == expected.dump());
}
