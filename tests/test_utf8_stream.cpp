// test_utf8_stream.cpp — common/text/utf8_stream.hpp: a character split over two tokens is printed
// whole, once its second half arrives; what is left at the end is U+FFFD; pushed in any pieces,
// the text is utf8_lossy() of all the bytes (what Tokenizer::decode gives without the clean-up).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "support/data_dir.hpp"
#include "support/utf8.hpp"
#include "text/tokenizer.hpp"
#include "text/utf8_stream.hpp"

using gpt2::Utf8Stream;

namespace {

const gpt2::Tokenizer& gpt2_tok() {
    static const gpt2::Tokenizer tok = gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json",
                                                             gpt2::data_dir() / "gpt2" / "merges.txt");
    return tok;
}

const std::string kFFFD = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("utf8_stream: half an emoji is held until the other half comes", "[utf8_stream]") {
    Utf8Stream s;
    CHECK(s.push("ok \xF0\x9F") == "ok ");  // 😀 is F0 9F 98 80
    CHECK(s.held() == 2);
    CHECK(s.push("\x98") == "");
    CHECK(s.held() == 3);
    CHECK(s.push("\x80!") == "\xF0\x9F\x98\x80!");
    CHECK(s.held() == 0);
    CHECK(s.finish() == "");
}

TEST_CASE("utf8_stream: what is still held at the end is one U+FFFD", "[utf8_stream]") {
    Utf8Stream s;
    CHECK(s.push("a\xE2\x80") == "a");  // the first two bytes of “ (E2 80 9C)
    CHECK(s.finish() == kFFFD);
    CHECK(s.held() == 0);
    CHECK(s.finish() == "");  // finish() resets
}

TEST_CASE("utf8_stream: bytes that can never be a character come out at once as U+FFFD", "[utf8_stream]") {
    Utf8Stream s;
    CHECK(s.push("\x80") == kFFFD);              // a stray continuation byte
    CHECK(s.push("\xFF") == kFFFD);              // never in UTF-8
    CHECK(s.push("\xE0\x80") == kFFFD + kFFFD);  // E0 needs A0..BF next: two maximal subparts
    CHECK(s.push("\xC0") == kFFFD);              // an overlong start
    CHECK(s.push("\xED\xA0") == kFFFD + kFFFD);  // a surrogate's start
    CHECK(s.held() == 0);
    CHECK(gpt2::utf8_incomplete_tail("\xF4\x8F\xBF") == 3);  // U+10FFFF, one byte short
    CHECK(gpt2::utf8_incomplete_tail("\xF4\x90") == 0);      // above U+10FFFF: never
    CHECK(gpt2::utf8_incomplete_tail("\xC3\xA9") == 0);      // é is whole
    CHECK(gpt2::utf8_incomplete_tail("") == 0);
}

TEST_CASE("utf8_stream: GPT-2's tokens of emoji, CJK and curly quotes stream as decode() prints them",
          "[utf8_stream]") {
    // Each of these is split by byte-level BPE into tokens that are not whole characters.
    for (const std::string text : {"Emoji: \xF0\x9F\x98\x80\xF0\x9F\x98\x80", "It\xE2\x80\x99s",
                                   "The Chinese word for water is \xE6\xB0\xB4", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"}) {
        INFO(text);
        const std::vector<int> ids = gpt2_tok().encode(text);
        Utf8Stream s;
        std::string streamed;
        std::size_t held_back = 0;  // pushes that printed less than their token's bytes
        for (int id : ids) {
            const std::string& bytes = gpt2_tok().token_bytes(id);
            const std::string out = s.push(bytes);
            CHECK(gpt2::utf8_find_invalid(out) == std::string::npos);  // never half a character
            if (s.held() > 0) ++held_back;
            streamed += out;
        }
        streamed += s.finish();
        CHECK(streamed == " " + text);  // add_prefix_space
        CHECK(streamed == gpt2_tok().decode(ids, false));
        CHECK(held_back > 0);  // at least one character was split over two tokens
    }
}

TEST_CASE("utf8_stream: random bytes in random pieces give utf8_lossy of the whole", "[utf8_stream]") {
    std::mt19937 rng(12345);
    // Bytes drawn mostly from the interesting ones: leads, continuations, ASCII, never-valid.
    const unsigned char pool[] = {'a', ' ', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF, 0xC0,
                                  0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    for (int trial = 0; trial < 2000; ++trial) {
        std::string all;
        const int n = int(rng() % 24);
        for (int i = 0; i < n; ++i) all += char(pool[rng() % sizeof pool]);
        Utf8Stream s;
        std::string out;
        for (std::size_t i = 0; i < all.size();) {
            const std::size_t piece = 1 + rng() % 4;
            out += s.push(std::string_view(all).substr(i, piece));
            i += piece;
        }
        out += s.finish();
        INFO("trial " << trial);
        REQUIRE(out == gpt2::utf8_lossy(all));
    }
}
