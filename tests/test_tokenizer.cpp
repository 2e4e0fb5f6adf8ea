// test_tokenizer.cpp — the GPT-2 tokenizer against outside oracles.
//
//  * data/reference/*.reference.json: ids, token strings and pieces from transformers 4.27;
//  * tests/data/tokenizer_edge_cases.json: ids from Hugging Face's tokenizers library for
//    awkward text (whitespace variants, emoji, CJK, a 10,000-letter word...); see the
//    oracle script beside it for how it was made;
//  * properties that need no oracle: decode(encode(x)) round-trips, long words finish,
//    bad input gives a gpt2::Error with a one-line message.
//
// Not tested here: speed (tools/bench_tokenizer.cpp and scripts/bench-tokenizer do that).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "support/utf8.hpp"
#include "text/bpe_reference.hpp"
#include "text/byte_unicode.hpp"
#include "text/pretokenizer.hpp"
#include "text/tokenizer.hpp"

using gpt2::Tokenizer;
using Ids = std::vector<int>;

namespace {

const std::filesystem::path kTestData = std::filesystem::path(GPT2_TEST_DIR) / "data";

const Tokenizer& tok() {
    static const Tokenizer t =
        Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json", gpt2::data_dir() / "gpt2" / "merges.txt");
    return t;
}

nlohmann::json read_json(const std::filesystem::path& p) {
    std::ifstream in(p);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

// What the add_prefix_space tokenizer's round trip gives back for text without specials.
std::string with_prefix_space(const std::string& s) {
    return s.empty() || s[0] == ' ' ? s : " " + s;
}

// The message of the gpt2::Error that f throws (fails the test if it throws none).
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const gpt2::Error& e) {
        return e.what();
    }
    FAIL("expected a gpt2::Error");
    return {};
}

}  // namespace

TEST_CASE("reference prompts: ids, token strings and pieces as transformers") {
    for (const char* name : {"tiny-gpt2-f32", "tiny-gpt2-bf16"}) {
        const auto ref = read_json(gpt2::data_dir() / "reference" / (std::string(name) + ".reference.json"));
        for (const auto& p : ref.at("prompts")) {
            const std::string prompt = p.at("prompt");
            INFO(name << ": " << prompt);
            const Ids ids = tok().encode(prompt);
            CHECK(ids == p.at("input_ids").get<Ids>());
            for (std::size_t i = 0; i < ids.size(); ++i) {
                CHECK(tok().token_string(ids[i]) == p.at("tokens")[i].get<std::string>());
                CHECK(tok().decode({ids[i]}, false) == p.at("tokens_no_cleanup")[i].get<std::string>());
                CHECK(tok().piece(ids[i]) == p.at("pieces")[i].get<std::string>());
                CHECK(tok().piece_id(tok().piece(ids[i])) == ids[i]);
            }
        }
    }
}

TEST_CASE("the notebook's examples") {
    CHECK(tok().vocab_size() == 50257);
    CHECK(tok().encode("Hi") == Ids{15902});
    CHECK(tok().encode("This weekend I plan to") == Ids{770, 5041, 314, 1410, 284});
    CHECK(tok().decode({447}) == "\xEF\xBF\xBD");  // half a character: one U+FFFD
    CHECK(tok().decode({764}) == ".");              // " ." cleaned up
    CHECK(tok().decode({764}, false) == " .");
    CHECK(tok().eos_id() == 50256);
    CHECK(tok().require_eos("padding") == 50256);
    CHECK(tok().token_string(50256) == "<|endoftext|>");
    CHECK(tok().piece(284) == "\xC4\xA0to");  // "Ġto"
    CHECK(tok().piece_id("\xC4\xA0to") == 284);
    CHECK(tok().piece_id("no such piece") == -1);
}

TEST_CASE("edge cases match Hugging Face's tokenizers") {
    const auto doc = read_json(kTestData / "tokenizer_edge_cases.json");
    REQUIRE(doc.at("cases").size() > 50);
    for (const auto& c : doc.at("cases")) {
        const std::string text = c.at("text");
        INFO("text: " << nlohmann::json(text).dump() << "  " << c.value("note", ""));
        const Ids ids = tok().encode(text);
        CHECK(ids == c.at("ids").get<Ids>());
        if (text.find("<|endoftext|>") == std::string::npos)
            CHECK(tok().decode(ids, false) == with_prefix_space(text));
    }
}

TEST_CASE("special tokens split the text into segments") {
    CHECK(tok().encode("a<|endoftext|>b") == Ids{257, 50256, 275});
    gpt2::EncodeOptions as_text;
    as_text.special_as_text = true;
    const Ids plain = tok().encode("a<|endoftext|>b", as_text);
    CHECK(std::find(plain.begin(), plain.end(), 50256) == plain.end());
    CHECK(tok().decode(plain, false) == " a<|endoftext|>b");
    gpt2::EncodeOptions no_prefix;
    no_prefix.add_prefix_space = false;
    CHECK(tok().encode("Hi", no_prefix) == Ids{17250});  // "Hi" without the space
    CHECK(tok().encode(" Hi", no_prefix) == Ids{15902});
}

TEST_CASE("decode cleans up spaces as transformers 4.27") {
    const std::string text = "He said ' hi ' . Do n't , I 'm sure they 're ok ! Why ?";
    const Ids ids = tok().encode(text);
    CHECK(tok().decode(ids, false) == " " + text);
    CHECK(tok().decode(ids) == " He said'hi '. Don't, I'm sure they're ok! Why?");
    CHECK(tok().decode(tok().encode("a  . b")) == " a . b");  // one " ." replaced, as str.replace
}

TEST_CASE("round trip on seeded random text") {
    // Code points chosen to poke at the regex: all the whitespace kinds, letters, digits,
    // marks, symbols, apostrophes, emoji with modifiers.
    const std::vector<char32_t> pool = {
        'a', 'b', 'Z', 'q', '0', '7', '.', ',', '!', '\'', '\'', 's', 't', ' ', ' ', ' ', '\n', '\t', '\r',
        0x0B, 0x0C, 0x1C, 0x85, 0xA0, 0x1680, 0x2003, 0x2028, 0x2029, 0x202F, 0x3000, 0xFEFF, 0x200B,
        0x200D, 0xE9, 0x301, 0x4E2D, 0x65E5, 0xD55C, 0x3B1, 0x416, 0x5D0, 0x661, 0xBD, 0x2167, 0x1F44B,
        0x1F3FD, 0x1F468, 0x1F1EB, 0x20AC};
    std::mt19937 rng(2024);
    for (int trial = 0; trial < 300; ++trial) {
        std::string text;
        const int n = 1 + int(rng() % 120);
        for (int i = 0; i < n; ++i) gpt2::utf8_append(text, pool[rng() % pool.size()]);
        INFO("text: " << nlohmann::json(text).dump());
        const Ids ids = tok().encode(text);
        CHECK(tok().decode(ids, false) == with_prefix_space(text));
    }
}

TEST_CASE("the word cache of long texts changes no ids") {
    // Sentences " w w w.\n" split the same alone or together, so a long text (which turns the
    // per-call word cache on) must give the ids of its sentences, which are too short for it.
    // Random words make slots collide and evict each other.
    const std::vector<std::string> common = {" the", " of", " and", " état", " 東京", " 42", " it's", " don't"};
    std::mt19937 rng(99);
    std::string text;
    Ids expected;
    for (int i = 0; i < 2000; ++i) {
        std::string sentence;
        for (int w = 0; w < 6; ++w) {
            if (rng() % 2) {
                sentence += common[rng() % common.size()];
            } else {
                sentence += ' ';
                for (int k = 1 + rng() % 12; k > 0; --k) sentence += char('a' + rng() % 26);
            }
        }
        sentence += ".\n";
        const Ids ids = tok().encode(sentence);
        expected.insert(expected.end(), ids.begin(), ids.end());
        text += sentence;
    }
    REQUIRE(text.size() > 50000);
    CHECK(tok().encode(text) == expected);
}

TEST_CASE("a 30,000-character word finishes (no quadratic BPE)") {
    // No timing assertion: a quadratic merge loop would make this test take minutes.
    std::string same(30000, 'a'), mixed;
    std::mt19937 rng(7);
    for (int i = 0; i < 30000; ++i) mixed += char('a' + rng() % 26);
    for (const std::string* word : {&same, &mixed}) {
        const Ids ids = tok().encode(*word);
        CHECK(ids.size() > 1000);
        CHECK(tok().decode(ids, false) == " " + *word);
    }
    const std::string spaces(100000, ' ');  // long whitespace runs must not exhaust PCRE2's stack
    CHECK(tok().encode(spaces + "x").size() == 100000);
}

TEST_CASE("encode is safe from several threads") {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "The quick brown fox jumps over the lazy dog, again and again. ";
    const Ids expected = tok().encode(text);
    std::vector<Ids> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results)
        threads.emplace_back([&] { for (int i = 0; i < 20; ++i) r = tok().encode(text); });
    for (auto& t : threads) t.join();
    for (const auto& r : results) CHECK(r == expected);
}

TEST_CASE("invalid UTF-8 input is a gpt2::Error naming the byte") {
    CHECK_THAT(error_of([] { tok().encode("ab\xFF" "cd"); }), Catch::Contains("not valid UTF-8 at byte 2"));
    CHECK_THAT(error_of([] { tok().encode("\xE2\x82"); }), Catch::Contains("at byte 0"));
    CHECK_THAT(error_of([] { tok().encode("x<|endoftext|>\xC0\xAF"); }), Catch::Contains("at byte 14"));
    CHECK_THAT(error_of([] { gpt2::PreTokenizer().split("\xED\xA0\x80"); }), Catch::Contains("at byte 0"));
}

TEST_CASE("bad token ids are a gpt2::Error") {
    CHECK_THAT(error_of([] { tok().decode({50257}); }), Catch::Contains("token id 50257"));
    CHECK_THAT(error_of([] { tok().decode({1, -1}); }), Catch::Contains("token id -1"));
    CHECK_THAT(error_of([] { tok().piece(99999); }), Catch::Contains("out of range"));
    CHECK_THAT(error_of([] { tok().token_string(-5); }), Catch::Contains("token id -5"));
}

TEST_CASE("load errors name the file and say what is wrong, on one line") {
    const auto vocab = gpt2::data_dir() / "gpt2" / "vocab.json";
    const auto merges = gpt2::data_dir() / "gpt2" / "merges.txt";
    const auto check = [](const std::filesystem::path& v, const std::filesystem::path& m, const std::string& what,
                          const std::filesystem::path& named) {
        const std::string msg = error_of([&] { Tokenizer::load(v, m); });
        INFO(msg);
        CHECK_THAT(msg, Catch::Contains(named.string()) && Catch::Contains(what));
        CHECK(msg.find('\n') == std::string::npos);
    };
    check(kTestData / "no_such_vocab.json", merges, "cannot open", kTestData / "no_such_vocab.json");
    check(vocab, kTestData / "no_such_merges.txt", "cannot open", kTestData / "no_such_merges.txt");
    check(kTestData / "tokenizer_bad_syntax.json", merges, "not valid JSON", kTestData / "tokenizer_bad_syntax.json");
    check(kTestData / "tokenizer_not_object.json", merges, "JSON object", kTestData / "tokenizer_not_object.json");
    check(kTestData / "tokenizer_duplicate_ids.json", merges, "each used once", kTestData / "tokenizer_duplicate_ids.json");
    check(kTestData / "tokenizer_id_gap.json", merges, "ids must be 0..1", kTestData / "tokenizer_id_gap.json");
    check(vocab, kTestData / "tokenizer_three_part_merge.txt", "tokenizer_three_part_merge.txt:3: expected two pieces",
          kTestData / "tokenizer_three_part_merge.txt");
    check(vocab, kTestData / "tokenizer_unknown_merge.txt", ":3: \"qqqqzzzz xxxxyyyy\" uses or makes a piece missing",
          kTestData / "tokenizer_unknown_merge.txt");
    check(vocab, vocab, ":1: expected two pieces", vocab);  // the files swapped
}

TEST_CASE("utf8_lossy: one U+FFFD per maximal invalid subsequence") {
    const std::string R = "\xEF\xBF\xBD";
    // The example of the Unicode standard (section 3.9, "U+FFFD substitution of maximal subparts").
    CHECK(gpt2::utf8_lossy("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") ==
          "a" + R + R + R + "b" + R + "c" + R + R + "d");
    CHECK(gpt2::utf8_lossy("\xF0\x9F\x91") == R);            // a truncated emoji
    CHECK(gpt2::utf8_lossy("\xC0\xAF") == R + R);            // overlong: C0 is never valid
    CHECK(gpt2::utf8_lossy("\xED\xA0\x80") == R + R + R);    // a surrogate
    CHECK(gpt2::utf8_lossy("\xF4\x90\x80\x80") == R + R + R + R);  // above U+10FFFF
    CHECK(gpt2::utf8_lossy("h\xC3\xA9\xF0\x9F\x91\x8B") == "h\xC3\xA9\xF0\x9F\x91\x8B");  // valid stays
    CHECK(gpt2::utf8_find_invalid("ok \xE2\x82\xAC") == std::string_view::npos);
    CHECK(gpt2::utf8_find_invalid("ok \xE2\x82") == 3);
}

TEST_CASE("byte <-> unicode table") {
    CHECK(gpt2::byte_to_unicode(' ') == 0x120);  // 'Ġ'
    CHECK(gpt2::byte_to_unicode('\n') == 0x10A);  // 'Ċ'
    CHECK(gpt2::byte_to_unicode('A') == 'A');
    CHECK(gpt2::byte_to_unicode(0xAD) == 0x143);  // the last shifted byte
    std::string all;
    for (int b = 0; b < 256; ++b) all += char(b);
    std::string back;
    REQUIRE(gpt2::piece_to_bytes(gpt2::bytes_to_piece(all), back));
    CHECK(back == all);
    CHECK(gpt2::bytes_to_piece(" to") == "\xC4\xA0to");
    CHECK_FALSE(gpt2::piece_to_bytes("\xE2\x82\xAC", back));  // '€' is not a table character
}

TEST_CASE("pre-tokenizer splits as GPT-2's regex") {
    using V = std::vector<std::string_view>;
    const gpt2::PreTokenizer pre;
    CHECK(pre.split(" Hello world's  end!!") == V{" Hello", " world", "'s", " ", " end", "!!"});
    CHECK(pre.split("DON'T stop") == V{"DON", "'", "T", " stop"});
    CHECK(pre.split("x  \n y") == V{"x", "  \n", " y"});
    CHECK(pre.split("a\xC2\x85" "b") == V{"a", "\xC2\x85", "b"});         // U+0085 is whitespace
    CHECK(pre.split("!\xEF\xBB\xBF!") == V{"!\xEF\xBB\xBF!"});            // U+FEFF is not
    CHECK(pre.split("!\x1C!") == V{"!\x1C!"});                            // nor U+001C
    CHECK(pre.split("!\xE2\x80\xA8!") == V{"!", "\xE2\x80\xA8", "!"});    // U+2028 is
    CHECK(pre.split("").empty());
}

TEST_CASE("the plain reference BPE loop gives the fast tokenizer's pieces") {
    // book/01-tokenizer.md shows common/text/bpe_reference.cpp as the algorithm to read; it must
    // agree with the priority-queue version on every word: random words (letters, digits,
    // accents, CJK, emoji, repeated letters) and the words of a real sentence.
    const auto bpe = gpt2::BpeReference::load(gpt2::data_dir() / "gpt2" / "merges.txt");
    const gpt2::PreTokenizer pre;
    const std::vector<std::string> atoms = {"a", "b", "e", "n", "t", "s", "th", "ing", "Z", "0", "7", "\xC3\xA9",
                                            "\xE4\xB8\xAD", "\xF0\x9F\x91\x8B", "'", ".", "aaaa"};
    std::mt19937 rng(11);
    std::vector<std::string> texts = {" This weekend I plan to", " antidisestablishmentarianism", " unbelievably tokenizable",
                                      " I don't", " Z\xC3\xBCrich \xC2\xAB\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD\xC2\xBB"};
    for (int i = 0; i < 400; ++i) {
        std::string t = " ";
        for (int k = 1 + int(rng() % 8); k > 0; --k) t += atoms[rng() % atoms.size()];
        texts.push_back(t);
    }
    std::size_t words = 0;
    for (const std::string& text : texts)
        for (std::string_view word : pre.split(text)) {
            Ids plain;
            for (const std::string& piece : bpe.merge(word)) plain.push_back(tok().piece_id(piece));
            INFO("word: " << nlohmann::json(std::string(word)).dump());
            CHECK(plain == tok().encode(word, {/*add_prefix_space=*/false}));
            ++words;
        }
    CHECK(words > 400);
    CHECK(bpe.merge(" weekend") == std::vector<std::string>{"\xC4\xA0weekend"});  // Ġweekend, id 5041
}

