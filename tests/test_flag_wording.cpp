// test_flag_wording.cpp — a numeric flag that has no validator of its own is still worded as
// whole_number() and integer() word theirs (support/cli.hpp's parse_flags), never CLI11's
// "Could not convert: --n = abc"; and a usage error is exit status 2 with one line.
#include <catch2/catch.hpp>

#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli.hpp"

namespace {

struct Parsed {
    int rc;
    std::string err;
};

// parse_flags on a program with an int --n, an unsigned --u and a double --x, none validated.
Parsed parse(std::vector<std::string> args) {
    CLI::App app{"test", "prog"};
    int n = 0;
    std::uint64_t u = 0;
    double x = 0;
    app.add_option("--n", n);
    app.add_option("--u", u);
    app.add_option("--x", x);
    args.insert(args.begin(), "prog");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::ostringstream err;
    std::streambuf* old = std::cerr.rdbuf(err.rdbuf());
    const int rc = gpt2::parse_flags(app, int(argv.size()), argv.data());
    std::cerr.rdbuf(old);
    return {rc, err.str()};
}

}  // namespace

TEST_CASE("parse_flags: a numeric flag without a validator is worded as ours are, exit 2") {
    const auto check = [](std::vector<std::string> args, const std::string& expected) {
        const Parsed p = parse(std::move(args));
        CHECK(p.rc == 2);
        CHECK(p.err == "prog: error: " + expected + " (run with --help to see the options)\n");
    };
    check({"--n", "abc"}, "--n: 'abc' is not a whole number");
    check({"--n", "99999999999999999999"}, "--n: '99999999999999999999' is too large");
    check({"--n", "-99999999999999999999"}, "--n: '-99999999999999999999' is too small");
    check({"--u", "abc"}, "--u: 'abc' is not a whole number >= 0");
    // (CLI11 itself takes "-1" for an unsigned flag, as strtoull does: hence whole_number() on
    // every unsigned flag of the chapters.)
    check({"--x", "ten"}, "--x: 'ten' is not a number");
    check({"--n", "a\nb"}, "--n: 'a\\nb' is not a whole number");  // one line, whatever was typed
}

TEST_CASE("parse_flags: good flags go on (-1), an unknown one is exit 2") {
    CHECK(parse({"--n", "-3", "--u", "7", "--x", "1.5"}).rc == -1);
    const Parsed p = parse({"--bogus"});
    CHECK(p.rc == 2);
    CHECK(p.err.find('\n') == p.err.size() - 1);
}
