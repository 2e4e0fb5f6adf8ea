// test_config.cpp — reading a model's config.json (common/model/config.hpp).
//
// The bundled configs must parse to the numbers their README promises; every field we
// cannot honour must be refused with a one-line gpt2::Error naming the file and the field.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "model/config.hpp"
#include "model_fixtures.hpp"

using Catch::Matchers::Contains;
using fixtures::error_message;
using fixtures::TempDir;
using gpt2::Config;
using json = nlohmann::json;

namespace {

// A minimal valid GPT-2 config (distilgpt2's numbers).
json distilgpt2_config() {
    return {{"model_type", "gpt2"}, {"n_layer", 6},       {"n_head", 12},
            {"n_embd", 768},        {"n_positions", 1024}, {"vocab_size", 50257},
            {"n_inner", nullptr},   {"layer_norm_epsilon", 1e-5},
            {"activation_function", "gelu_new"},           {"tie_word_embeddings", true}};
}

// The error parse_config gives for `j`, read as if from "dir/config.json".
std::string config_error(const json& j) {
    return error_message([&] { gpt2::parse_config(j, "dir/config.json"); });
}

}  // namespace

TEST_CASE("The bundled configs parse") {
    SECTION("tiny-gpt2-f32") {
        const Config c = gpt2::load_config(fixtures::bundled_dir("tiny-gpt2-f32") / "config.json");
        CHECK(c.n_layer == 2);
        CHECK(c.n_embd == 48);
        CHECK(c.n_head == 4);
        CHECK(c.head_dim() == 12);
        CHECK(c.n_positions == 64);
        CHECK(c.vocab_size == 50257);
        CHECK(c.n_inner == 4 * 48);  // "n_inner": null
        CHECK(c.layer_norm_epsilon == 1e-5f);
        CHECK(c.activation_function == "gelu_new");
        CHECK(c.tie_word_embeddings);
    }
    SECTION("tiny-gpt2-bf16") {
        const Config c = gpt2::load_config(fixtures::bundled_dir("tiny-gpt2-bf16") / "config.json");
        CHECK(c.n_layer == 1);
        CHECK(c.n_embd == 24);
        CHECK(c.n_head == 3);
        CHECK(c.head_dim() == 8);
        CHECK(c.n_positions == 64);
        CHECK(c.vocab_size == 50257);
        CHECK(c.n_inner == 4 * 24);
        CHECK(c.layer_norm_epsilon == 1e-5f);
        CHECK(c.tie_word_embeddings);
    }
}

TEST_CASE("Config defaults and optional fields") {
    json j = distilgpt2_config();
    SECTION("n_inner given explicitly is used") {
        j["n_inner"] = 1000;
        CHECK(gpt2::parse_config(j, "x").n_inner == 1000);
    }
    SECTION("n_inner absent means 4 * n_embd") {
        j.erase("n_inner");
        CHECK(gpt2::parse_config(j, "x").n_inner == 3072);
    }
    SECTION("optional fields absent: the GPT-2 defaults") {
        for (const char* k : {"model_type", "layer_norm_epsilon", "activation_function", "tie_word_embeddings"})
            j.erase(k);
        const Config c = gpt2::parse_config(j, "x");
        CHECK(c.layer_norm_epsilon == 1e-5f);
        CHECK(c.activation_function == "gelu_new");
        CHECK(c.tie_word_embeddings);
    }
    SECTION("an untied config") {
        j["tie_word_embeddings"] = false;
        CHECK_FALSE(gpt2::parse_config(j, "x").tie_word_embeddings);
    }
    SECTION("a different epsilon") {
        j["layer_norm_epsilon"] = 1e-6;
        CHECK(gpt2::parse_config(j, "x").layer_norm_epsilon == 1e-6f);
    }
}

TEST_CASE("Config: a missing or unreadable config.json") {
    TempDir tmp;
    SECTION("missing file") {
        const auto path = tmp / "config.json";
        CHECK_THAT(error_message([&] { gpt2::load_config(path); }), Contains(path.string()) && Contains("cannot open"));
    }
    SECTION("not JSON") {
        const auto path = tmp / "config.json";
        fixtures::write_bytes(path, "{\"n_layer\": 2,\n oops\n}");
        CHECK_THAT(error_message([&] { gpt2::load_config(path); }),
                   Contains(path.string()) && Contains("not valid JSON"));
    }
    SECTION("empty file") {
        const auto path = tmp / "config.json";
        fixtures::write_bytes(path, "");
        CHECK_THAT(error_message([&] { gpt2::load_config(path); }),
                   Contains(path.string()) && Contains("not valid JSON"));
    }
    SECTION("JSON, but not an object") {
        const auto path = tmp / "config.json";
        fixtures::write_bytes(path, "[1, 2]");
        CHECK_THAT(error_message([&] { gpt2::load_config(path); }), Contains(path.string()) && Contains("object"));
    }
}

TEST_CASE("Config: required integer fields") {
    json j = distilgpt2_config();
    SECTION("missing n_layer") {
        j.erase("n_layer");
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("missing") && Contains("n_layer"));
    }
    SECTION("missing vocab_size") {
        j.erase("vocab_size");
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("vocab_size"));
    }
    SECTION("n_head = 0") {
        j["n_head"] = 0;
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("n_head") && Contains("positive"));
    }
    SECTION("negative n_embd") {
        j["n_embd"] = -768;
        CHECK_THAT(config_error(j), Contains("n_embd") && Contains("-768"));
    }
    SECTION("n_layer as a string") {
        j["n_layer"] = "6";
        CHECK_THAT(config_error(j), Contains("n_layer"));
    }
    SECTION("n_layer as a fraction") {
        j["n_layer"] = 6.5;
        CHECK_THAT(config_error(j), Contains("n_layer"));
    }
    SECTION("n_positions absurdly large") {
        j["n_positions"] = 1ULL << 40;
        CHECK_THAT(config_error(j), Contains("n_positions"));
    }
    SECTION("n_inner = 0 (null is fine, 0 is not)") {
        j["n_inner"] = 0;
        CHECK_THAT(config_error(j), Contains("n_inner"));
    }
}

TEST_CASE("Config: n_embd must be divisible by n_head") {
    json j = distilgpt2_config();
    j["n_head"] = 5;  // 768 / 5 is not whole
    CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("768") && Contains("5") &&
                                    Contains("not divisible"));
}

TEST_CASE("Config: what we would compute differently is refused") {
    json j = distilgpt2_config();
    SECTION("model_type llama") {
        j["model_type"] = "llama";
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("llama") && Contains("gpt2"));
    }
    SECTION("activation relu") {
        j["activation_function"] = "relu";
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("relu") && Contains("gelu_new"));
    }
    SECTION("activation not a string") {
        j["activation_function"] = 1;
        CHECK_THAT(config_error(j), Contains("activation_function"));
    }
    SECTION("tie_word_embeddings \"yes\"") {
        j["tie_word_embeddings"] = "yes";
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("tie_word_embeddings"));
    }
    SECTION("layer_norm_epsilon negative") {
        j["layer_norm_epsilon"] = -1e-5;
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("layer_norm_epsilon"));
    }
    SECTION("layer_norm_epsilon zero") {
        j["layer_norm_epsilon"] = 0;
        CHECK_THAT(config_error(j), Contains("layer_norm_epsilon"));
    }
    SECTION("layer_norm_epsilon positive but 0 as a float (found by fuzz/config.cpp)") {
        j["layer_norm_epsilon"] = 1e-50;
        CHECK_THAT(config_error(j), Contains("layer_norm_epsilon") && Contains("1e-50"));
    }
    SECTION("layer_norm_epsilon as a string") {
        j["layer_norm_epsilon"] = "1e-5";
        CHECK_THAT(config_error(j), Contains("layer_norm_epsilon"));
    }
}

// Issue 7 §4.2: 4 * n_embd overflowed int (UBSan) for n_embd > 2^29 with no n_inner; every
// size is now checked against a sane upper bound before any arithmetic.
TEST_CASE("Config: sizes beyond what a GPT-2 can be are refused before any arithmetic") {
    json j = distilgpt2_config();
    SECTION("n_embd 600000000, no n_inner (4 * n_embd would overflow)") {
        j.erase("n_inner");
        j["n_embd"] = 600000000;
        j["n_head"] = 1;
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("n_embd") && Contains("600000000"));
    }
    SECTION("n_embd 2^30, n_inner null") {
        j["n_embd"] = 1 << 30;
        j["n_head"] = 1;
        CHECK_THAT(config_error(j), Contains("n_embd") && Contains("at most"));
    }
    for (const char* key : {"n_layer", "n_head", "n_positions", "vocab_size", "n_inner"}) {
        SECTION(std::string(key) + " 2^30") {
            j[key] = 1 << 30;
            CHECK_THAT(config_error(j), Contains(key) && Contains("at most"));
        }
    }
    SECTION("the weights' element count would not fit: vocab_size x n_embd") {
        j["n_embd"] = 65536;
        j["n_head"] = 1;
        j["vocab_size"] = 4000000;
        CHECK_THAT(config_error(j), Contains("dir/config.json") && Contains("too large"));
    }
}
