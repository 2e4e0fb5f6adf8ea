// test_jsonl_input.cpp — what ch01_tokenizer --jsonl reads (issue 7 §4.4): a line longer
// than the limit (say /dev/zero, which never has a newline) is one clear error naming the
// line, instead of memory growing without bound.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "data_dir.hpp"
#include "encode_jsonl.hpp"
#include "message_checks.hpp"
#include "tokenizer.hpp"

using Catch::Matchers::Contains;
using fixtures::clean_error_of;

namespace {

const gpt2::Tokenizer& tok() {
    static const gpt2::Tokenizer t = gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json",
                                                           gpt2::data_dir() / "gpt2" / "merges.txt");
    return t;
}

}  // namespace

TEST_CASE("JSON Lines input: a line longer than 1 MiB is an error naming the line") {
    const std::string big = "\"" + std::string((1 << 20) + 10, 'a') + "\"";
    std::istringstream in("\"ok\"\n" + big + "\n\"after\"\n");
    std::ostringstream out;
    CHECK_THAT(clean_error_of([&] { gpt2::encode_jsonl(tok(), in, out); }),
               Contains("line 2 is longer than 1048576 bytes"));
}

TEST_CASE("JSON Lines input: NUL bytes without a newline (like /dev/zero) stop at the limit") {
    std::istringstream in(std::string(3 << 20, '\0'));
    std::ostringstream out;
    CHECK_THAT(clean_error_of([&] { gpt2::encode_jsonl(tok(), in, out); }), Contains("line 1 is longer than"));
}

TEST_CASE("JSON Lines input: a line of exactly 1 MiB (with its \\r\\n) is still fine") {
    const std::string text((1 << 20) - 2, 'a');
    std::istringstream in("\"" + text + "\"\r\n\"b\"");
    std::ostringstream out;
    CHECK(gpt2::encode_jsonl(tok(), in, out) == 2);
}
