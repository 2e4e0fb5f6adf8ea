// test_deep_json.cpp — JSON nested 75,000 levels deep (150 KB of "[[[[…") in config.json,
// in a safetensors header, in vocab.json, or on a line of --jsonl input must be one clean
// gpt2::Error, not a stack overflow (issue 7 §4.1: nlohmann's dump() recursed while the
// message was built). The deep inputs are generated here, not stored.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "message_checks.hpp"
#include "model/config.hpp"
#include "model/safetensors.hpp"
#include "model_fixtures.hpp"
#include "support/data_dir.hpp"
#include "text/encode_jsonl.hpp"
#include "text/tokenizer.hpp"

using Catch::Matchers::Contains;
using fixtures::clean_error_of;
using fixtures::TempDir;
using fixtures::write_bytes;

namespace {

constexpr std::size_t kDepth = 75000;

// "[[[…]]]", kDepth levels.
std::string deep_array() { return std::string(kDepth, '[') + std::string(kDepth, ']'); }

}  // namespace

TEST_CASE("deep JSON in config.json is an error, not a crash") {
    TempDir tmp;
    const auto path = tmp / "config.json";
    SECTION("as a field's value") {
        write_bytes(path, R"({"model_type": "gpt2", "n_layer": )" + deep_array() + "}");
        CHECK_THAT(clean_error_of([&] { gpt2::load_config(path); }), Contains(path.string()) && Contains("nested"));
    }
    SECTION("as model_type") {
        write_bytes(path, R"({"model_type": )" + deep_array() + "}");
        CHECK_THAT(clean_error_of([&] { gpt2::load_config(path); }), Contains(path.string()) && Contains("nested"));
    }
    SECTION("already parsed: parse_config does not print the value") {
        nlohmann::json deep = nlohmann::json::array();
        for (std::size_t i = 0; i < kDepth; ++i) {
            nlohmann::json outer = nlohmann::json::array();
            outer.push_back(std::move(deep));
            deep = std::move(outer);
        }
        for (const char* key : {"model_type", "n_layer", "layer_norm_epsilon"}) {
            nlohmann::json config = {{"n_layer", 2}, {"n_head", 4}, {"n_embd", 48}, {"n_positions", 64},
                                     {"vocab_size", 50257}};
            config[key] = std::move(deep);
            CHECK_THAT(clean_error_of([&] { gpt2::parse_config(config, "dir/config.json"); }),
                       Contains("dir/config.json"));
            deep = std::move(config[key]);
        }
    }
}

TEST_CASE("deep JSON in a safetensors header is an error, not a crash") {
    TempDir tmp;
    const auto path = tmp / "model.safetensors";
    SECTION("as a dtype") {
        write_bytes(path, fixtures::safetensors_file(
                              R"({"x":{"dtype":)" + deep_array() + R"(,"shape":[1],"data_offsets":[0,4]}})", "abcd"));
        CHECK_THAT(clean_error_of([&] { gpt2::SafeTensors st(path); }), Contains(path.string()) && Contains("nested"));
    }
    SECTION("as a shape, as data_offsets, in __metadata__") {
        for (const std::string& header :
             {R"({"x":{"dtype":"F32","shape":)" + deep_array() + R"(,"data_offsets":[0,4]}})",
              R"({"x":{"dtype":"F32","shape":[1],"data_offsets":)" + deep_array() + "}}",
              R"({"__metadata__":)" + deep_array() + "}"}) {
            write_bytes(path, fixtures::safetensors_file(header, "abcd"));
            CHECK_THAT(clean_error_of([&] { gpt2::SafeTensors st(path); }), Contains(path.string()) && Contains("nested"));
        }
    }
}

TEST_CASE("deep JSON in vocab.json is an error, not a crash") {
    TempDir tmp;
    write_bytes(tmp / "vocab.json", R"({"a": )" + deep_array() + "}");
    CHECK_THAT(clean_error_of([&] {
                   gpt2::Tokenizer::load(tmp / "vocab.json", gpt2::data_dir() / "gpt2" / "merges.txt");
               }),
               Contains("vocab.json") && Contains("nested"));
}

TEST_CASE("deep JSON on a --jsonl line is an error, not a crash") {
    const auto tok = gpt2::Tokenizer::load(gpt2::data_dir() / "gpt2" / "vocab.json",
                                           gpt2::data_dir() / "gpt2" / "merges.txt");
    std::istringstream in("\"fine\"\n" + deep_array() + "\n");
    std::ostringstream out;
    CHECK_THAT(clean_error_of([&] { gpt2::encode_jsonl(tok, in, out); }), Contains("line 2: "));
}
