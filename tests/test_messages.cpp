// test_messages.cpp — error messages that quote input stay one short printable line
// (issue 7 §4.3): a vocabulary entry with a newline or a NUL, a 5 KB line of merges.txt
// with \r and ESC, a tensor name with escape sequences, a path with a newline, a JSON
// Lines input with invalid UTF-8. The input is escaped and cut, never pasted raw.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "message_checks.hpp"
#include "model/config.hpp"
#include "model/safetensors.hpp"
#include "model_fixtures.hpp"
#include "support/data_dir.hpp"
#include "support/model_files.hpp"
#include "text/encode_jsonl.hpp"
#include "text/tokenizer.hpp"

using Catch::Matchers::Contains;
using fixtures::clean_error_of;
using fixtures::TempDir;
using fixtures::write_bytes;
using gpt2::Tokenizer;

namespace {

const std::filesystem::path kVocab = gpt2::data_dir() / "gpt2" / "vocab.json";
const std::filesystem::path kMerges = gpt2::data_dir() / "gpt2" / "merges.txt";

const Tokenizer& tok() {
    static const Tokenizer t = Tokenizer::load(kVocab, kMerges);
    return t;
}

const std::string kNasty = std::string("x\ry\x1b[31mred\x1b[0m\x07") + std::string(5000, 'a');

}  // namespace

TEST_CASE("vocab.json: a piece with a newline or a NUL is escaped in the message") {
    TempDir tmp;
    SECTION("newline") {
        write_bytes(tmp / "vocab.json", R"({"a\nb": 7})");
        const auto msg = clean_error_of([&] { Tokenizer::load(tmp / "vocab.json", kMerges); });
        CHECK_THAT(msg, Contains(R"("a\nb")") && Contains("ids must be 0..0"));
    }
    SECTION("NUL: the message goes on past it") {
        write_bytes(tmp / "vocab.json", R"({"a\u0000b": 7})");
        const auto msg = clean_error_of([&] { Tokenizer::load(tmp / "vocab.json", kMerges); });
        CHECK_THAT(msg, Contains(R"("a\x00b")") && Contains("ids must be 0..0"));
    }
    SECTION("5 KB of escape sequences") {
        write_bytes(tmp / "vocab.json", "{" + nlohmann::json(kNasty).dump() + ": 7}");
        const auto msg = clean_error_of([&] { Tokenizer::load(tmp / "vocab.json", kMerges); });
        CHECK_THAT(msg, Contains(R"("x\ry\x1B[31mred)") && Contains("…\"") && Contains("ids must be"));
    }
}

TEST_CASE("merges.txt: a bad line is escaped and cut in the message") {
    TempDir tmp;
    SECTION("NUL in an unknown pair") {
        write_bytes(tmp / "merges.txt", std::string("#version: 0.2\nĠ t\na") + '\0' + "b c\n");
        const auto msg = clean_error_of([&] { Tokenizer::load(kVocab, tmp / "merges.txt"); });
        CHECK_THAT(msg, Contains(R"(:3: "a\x00b c" uses or makes a piece missing)"));
    }
    SECTION("5 KB line with \\r and ESC, not two pieces") {
        write_bytes(tmp / "merges.txt", "Ġ t\n" + kNasty + " b c\n");
        const auto msg = clean_error_of([&] { Tokenizer::load(kVocab, tmp / "merges.txt"); }, 300);
        CHECK_THAT(msg, Contains(":2: expected two pieces") && Contains(R"("x\ry\x1B[31mred\x1B[0m\x07aaa)"));
    }
    SECTION("5 KB line with \\r and ESC, two unknown pieces") {
        write_bytes(tmp / "merges.txt", "Ġ t\n" + kNasty + " b\n");
        const auto msg = clean_error_of([&] { Tokenizer::load(kVocab, tmp / "merges.txt"); }, 300);
        CHECK_THAT(msg, Contains(":2: \"x\\ry") && Contains("uses or makes a piece missing"));
    }
    SECTION("invalid UTF-8") {
        write_bytes(tmp / "merges.txt", "Ġ t\n\xff\xfe b\n");
        const auto msg = clean_error_of([&] { Tokenizer::load(kVocab, tmp / "merges.txt"); });
        CHECK_THAT(msg, Contains(R"(:2: "\xFF\xFE b" uses)"));
    }
}

TEST_CASE("safetensors: a long tensor name with escape sequences is escaped and cut") {
    TempDir tmp;
    const auto path = tmp / "model.safetensors";
    const std::string header =
        "{" + nlohmann::json(kNasty).dump() + R"(:{"dtype":"F7","shape":[1],"data_offsets":[0,4]}})";
    write_bytes(path, fixtures::safetensors_file(header, "abcd"));
    const auto msg = clean_error_of([&] { gpt2::SafeTensors st(path); }, 400);
    CHECK_THAT(msg, Contains(R"(tensor "x\ry\x1B[31mred)") && Contains("F7"));
}

TEST_CASE("paths with a newline are escaped: --model, config.json") {
    TempDir tmp;
    const auto dir = tmp / "a\nb";
    SECTION("--model") {
        const auto msg = clean_error_of([&] { gpt2::resolve_model(dir.string()); });
        CHECK_THAT(msg, Contains("a\\nb"));
    }
    SECTION("config.json") {
        std::filesystem::create_directories(dir);
        write_bytes(dir / "config.json", "{\"n_layer\": \x1b");
        const auto msg = clean_error_of([&] { gpt2::load_config(dir / "config.json"); });
        CHECK_THAT(msg, Contains("a\\nb/config.json: not valid JSON"));
    }
    SECTION("a path of 5000 bytes is shortened, keeping its end") {
        const std::string long_name = std::string(4000, 'd') + "\x1b";
        const auto msg = clean_error_of([&] { Tokenizer::load(tmp / long_name / "vocab.json", kMerges); });
        CHECK_THAT(msg, Contains("…") && Contains("\\x1B/vocab.json: cannot open"));
    }
}

TEST_CASE("JSON Lines: a line of invalid UTF-8 or control characters gives a clean message") {
    for (const std::string& line : {std::string("\"\xff\xfe\""), std::string("\"a\x1b[2J"), kNasty}) {
        std::istringstream in(line + "\n");
        std::ostringstream out;
        const auto msg = clean_error_of([&] { gpt2::encode_jsonl(tok(), in, out); });
        CHECK_THAT(msg, Contains("line 1: "));
    }
}

TEST_CASE("quote_for_message, path_for_message, printable_for_message") {
    using gpt2::path_for_message;
    using gpt2::printable_for_message;
    using gpt2::quote_for_message;
    CHECK(quote_for_message("Ġto") == "\"Ġto\"");
    CHECK(quote_for_message(std::string("a\n\r\t\"\\\0b\x1b\x7f", 10)) == R"("a\n\r\t\"\\\x00b\x1B\x7F")");
    CHECK(quote_for_message("\xff\xc3(\xe2\x82") == R"("\xFF\xC3(\xE2\x82")");           // invalid UTF-8, byte by byte
    CHECK(quote_for_message("\xc2\x85|\xe2\x80\xa8|\xe2\x80\xae") == R"("\u{0085}|\u{2028}|\u{202E}")");
    CHECK(quote_for_message(std::string(100, 'a')) == "\"" + std::string(80, 'a') + "…\"");
    CHECK(quote_for_message(std::string(79, 'a') + "é") == "\"" + std::string(79, 'a') + "…\"");  // never half a character
    CHECK(quote_for_message(std::string(78, 'a') + "\n") == "\"" + std::string(78, 'a') + "\\n\"");
    CHECK(printable_for_message("say \"hi\"\\\n") == "say \"hi\"\\\\n");
    CHECK(path_for_message("data/models/tiny/config.json") == "data/models/tiny/config.json");
    CHECK(path_for_message("a\nb/config.json") == "a\\nb/config.json");
    const std::string shortened = path_for_message(std::string(1000, 'd') + "/config.json");
    CHECK(shortened.size() <= 200 + 3);
    CHECK_THAT(shortened, Catch::StartsWith("ddd") && Contains("…") && Catch::EndsWith("d/config.json"));
    for (const std::string& s : {kNasty, std::string(5000, '\0'), std::string(3000, '\xff')}) {
        fixtures::check_clean_message(quote_for_message(s), 80 + 2 + 3);
        fixtures::check_clean_message(printable_for_message(s), 300 + 3);
        fixtures::check_clean_message(path_for_message(s), 200 + 3);
    }
}
