// ByteReader: every read, no advance on failure, take() bounds and cut propagation.

#include <catch2/catch.hpp>

#include "daicho/collectors/byte_reader.h"
#include "hex.h"

using daicho::collectors::ByteReader;
using daicho::collectors::DecodeResult;
using daicho::test::hex;

TEST_CASE("ByteReader reads each width in its byte order", "[collectors][byte_reader]") {
    const auto b = hex("01 02 03 04 05 06 07 08");
    ByteReader r(b);
    CHECK(r.size() == 8);
    CHECK(*r.u8() == 0x01);
    CHECK(*r.be16() == 0x0203);
    CHECK(r.offset() == 3);
    CHECK(*r.be24() == 0x040506);
    CHECK(*r.le16() == 0x0807);
    CHECK(r.empty());

    ByteReader r32(b);
    CHECK(*r32.be32() == 0x01020304U);
    CHECK(*r32.le32() == 0x08070605U);
    ByteReader r64(b);
    CHECK(*r64.be64() == 0x0102030405060708ULL);
    ByteReader l64(b);
    CHECK(*l64.le64() == 0x0807060504030201ULL);
}

TEST_CASE("ByteReader does not advance on a failed read", "[collectors][byte_reader]") {
    const auto b = hex("aa bb cc");
    ByteReader r(b);
    CHECK_FALSE(r.be32());
    CHECK_FALSE(r.le32());
    CHECK_FALSE(r.be64());
    CHECK_FALSE(r.le64());
    CHECK_FALSE(r.bytes(4));
    CHECK_FALSE(r.chars(4));
    CHECK_FALSE(r.array<4>());
    CHECK_FALSE(r.skip(4));
    CHECK_FALSE(r.take(4));
    CHECK(r.offset() == 0);
    CHECK(*r.be24() == 0xaabbccU);
    CHECK_FALSE(r.u8());
    CHECK_FALSE(r.be16());
    CHECK_FALSE(r.le16());
    CHECK_FALSE(r.be24());
    CHECK(r.offset() == 3);
    CHECK(r.remaining() == 0);
}

TEST_CASE("ByteReader peeks without advancing", "[collectors][byte_reader]") {
    const auto b = hex("10 20 30");
    ByteReader r(b);
    CHECK(*r.peek_u8() == 0x10);
    CHECK(*r.peek_u8(2) == 0x30);
    CHECK_FALSE(r.peek_u8(3));
    CHECK(*r.peek_be16(1) == 0x2030);
    CHECK_FALSE(r.peek_be16(2));
    CHECK_FALSE(r.peek_be16(10));
    CHECK(r.offset() == 0);
}

TEST_CASE("ByteReader take() bounds a sub-reader and propagates the cut",
          "[collectors][byte_reader]") {
    const auto b = hex("01 02 03 04 05 06");
    SECTION("a sub-reader cannot read past its n bytes") {
        ByteReader r(b);
        auto sub = r.take(2);
        REQUIRE(sub);
        CHECK(sub->size() == 2);
        CHECK(r.offset() == 2);
        CHECK(*sub->be16() == 0x0102);
        CHECK_FALSE(sub->u8());
        CHECK(*r.u8() == 0x03);
    }
    SECTION("cut only when the sub-reader reaches the parent's cut end") {
        ByteReader r(b, true);
        auto head = r.take(2);
        REQUIRE(head);
        CHECK_FALSE(head->capture_cut());
        CHECK(head->shortfall() == DecodeResult::malformed);
        auto tail = r.take(4);
        REQUIRE(tail);
        CHECK(tail->capture_cut());
        CHECK(tail->shortfall() == DecodeResult::truncated);
        CHECK(r.empty());
    }
    SECTION("take_rest empties the parent and keeps its cut") {
        ByteReader r(b, true);
        CHECK(r.skip(1));
        auto rest = r.take_rest();
        CHECK(r.empty());
        CHECK(rest.size() == 5);
        CHECK(rest.capture_cut());
        ByteReader uncut(b);
        CHECK_FALSE(uncut.take_rest().capture_cut());
    }
    SECTION("take(0) is an empty reader") {
        ByteReader r(b);
        auto none = r.take(0);
        REQUIRE(none);
        CHECK(none->empty());
        CHECK(r.offset() == 0);
    }
}

TEST_CASE("ByteReader shortfall() says truncated only for a cut capture",
          "[collectors][byte_reader]") {
    const auto b = hex("01");
    CHECK(ByteReader(b).shortfall() == DecodeResult::malformed);
    CHECK(ByteReader(b, true).shortfall() == DecodeResult::truncated);
    CHECK(ByteReader().shortfall() == DecodeResult::malformed);
    CHECK(ByteReader().empty());
}

TEST_CASE("ByteReader chars, rest and starts_with view the frame", "[collectors][byte_reader]") {
    const auto b = daicho::test::bytes_of("SSH-2.0-x");
    ByteReader r(b);
    CHECK(r.starts_with("SSH-"));
    CHECK_FALSE(r.starts_with("SSH-2.0-xyz"));
    CHECK(*r.chars(4) == "SSH-");
    CHECK(r.rest_chars() == "2.0-x");
    CHECK(r.rest().size() == 5);
    auto arr = r.array<2>();
    REQUIRE(arr);
    CHECK((*arr)[0] == '2');
    CHECK(r.offset() == 6);
}
