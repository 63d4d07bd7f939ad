// OnceFlag (daicho/ledger/once.h): run once, a throw leaves the flag unset, and a throw out of
// one flag leaves every other flag usable (std::call_once on MinGW-w64 hung on the next flag).

#include "daicho/ledger/once.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

using daicho::ledger::OnceFlag;

TEST_CASE("OnceFlag: runs once, across threads", "[ledger][once]") {
    OnceFlag flag;
    std::atomic<int> runs{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            for (int j = 0; j < 100; ++j) {
                flag.call([&] { ++runs; });
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(runs == 1);
}

TEST_CASE("OnceFlag: a throw leaves it unset, and other flags still run", "[ledger][once]") {
    OnceFlag failing;
    int attempts = 0;
    const auto fail_first = [&] {
        if (++attempts == 1) {
            throw std::runtime_error("first attempt");
        }
    };
    CHECK_THROWS_AS(failing.call(fail_first), std::runtime_error);
    OnceFlag other;
    bool other_ran = false;
    other.call([&] { other_ran = true; });  // hung here with std::call_once on MinGW
    CHECK(other_ran);
    failing.call(fail_first);
    CHECK(attempts == 2);
    failing.call(fail_first);
    CHECK(attempts == 2);
}

TEST_CASE("OnceFlag: set marks it done without running", "[ledger][once]") {
    OnceFlag flag;
    flag.set();
    bool ran = false;
    flag.call([&] { ran = true; });
    CHECK_FALSE(ran);
}
