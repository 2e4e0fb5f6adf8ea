// Tests of the chapter 1 homework (homework/ch01_tokenizer/exercises.hpp).
// Run them with `make homework`.
#include <catch2/catch.hpp>

#include "ch01_tokenizer/exercises.hpp"
#include "show.hpp"
#include "support/data_dir.hpp"
#include "text/tokenizer.hpp"

namespace {

const gpt2::Tokenizer& gpt2_tokenizer() {
    static const gpt2::Tokenizer tok = gpt2::Tokenizer::load(
        gpt2::data_dir() / "gpt2" / "vocab.json", gpt2::data_dir() / "gpt2" / "merges.txt");
    return tok;
}

// Your count_tokens(text, with_space), after printing "count_tokens("text", with space) = n   (expected m)".
std::size_t count_tokens(const std::string& text, bool with_space, std::size_t expected) {
    const std::size_t n = homework::count_tokens(gpt2_tokenizer(), text, with_space);
    show::value("ch01 ex1", "count_tokens(" + show::text(text) + (with_space ? ", with space)" : ", no space)"), n,
                "expected", expected);
    return n;
}

}  // namespace

TEST_CASE("ex1: count_tokens counts the notebook's phrase", "[homework][ch01]") {
    // The notebook: " This", " weekend", " I", " plan", " to".
    CHECK(count_tokens("This weekend I plan to", true, 5) == 5);
    CHECK(count_tokens("Hi", true, 1) == 1);
    // 1,000,000 is not one token: "1" "," "000" "," "000" (with the leading space on "1").
    CHECK(count_tokens("1,000,000", true, 5) == 5);
}

TEST_CASE("ex1: the prefix space can change the count", "[homework][ch01]") {
    // " unbelievable" is one token of GPT-2's vocabulary; "unbelievable" without the
    // space is not, and falls apart into un|bel|iev|able.
    CHECK(count_tokens("unbelievable", true, 1) == 1);
    CHECK(count_tokens("unbelievable", false, 4) == 4);
}

TEST_CASE("ex2: longest_token finds the longest token text", "[homework][ch01]") {
    const auto& tok = gpt2_tokenizer();
    const std::string longest = homework::longest_token(tok);
    show::value("ch01 ex2", "longest_token()", longest, "expected token 35496,", tok.token_string(35496));
    INFO("longest_token returned \"" << longest << "\" (" << longest.size() << " bytes)");
    // No token may be longer than the answer...
    REQUIRE(longest.size() == 128);
    // ...and it is token 35496: "ÃÂ" 32 times. Mojibake: UTF-8 text that was decoded as
    // Latin-1 and encoded again, over and over, common enough in scraped web pages for
    // BPE to give it its own token.
    CHECK(longest == tok.token_string(35496));
    CHECK(longest.substr(0, 4) == "\xC3\x83\xC3\x82");
}

TEST_CASE("ex3: tokens_with_and_without_space", "[homework][ch01]") {
    using Strings = std::vector<std::string>;
    const auto& tok = gpt2_tokenizer();
    const auto result =
        homework::tokens_with_and_without_space(tok, {"This", "weekend", "unbelievable", "Hello"});
    const auto word = [&](std::size_t i) { return i < result.size() ? result[i] : homework::WordTokens{}; };
    show::value("ch01 ex3", "\"weekend\" without space", word(1).without_space, "expected", Strings{"week", "end"});
    show::value("ch01 ex3", "\"unbelievable\" with space", word(2).with_space, "expected", Strings{" unbelievable"});
    show::value("ch01 ex3", "\"unbelievable\" without space", word(2).without_space, "expected",
                Strings{"un", "bel", "iev", "able"});
    REQUIRE(result.size() == 4);
    // The notebook's first word: two different single tokens, 770 and 1212.
    CHECK(result[0].with_space == Strings{" This"});
    CHECK(result[0].without_space == Strings{"This"});
    // Words seen mostly inside sentences (after a space) are one token only with the space.
    CHECK(result[1].with_space == Strings{" weekend"});
    CHECK(result[1].without_space == Strings{"week", "end"});
    CHECK(result[2].with_space == Strings{" unbelievable"});
    CHECK(result[2].without_space == Strings{"un", "bel", "iev", "able"});
    // A word that often starts a text (a greeting) has both.
    CHECK(result[3].with_space == Strings{" Hello"});
    CHECK(result[3].without_space == Strings{"Hello"});
}
