// ch03_embeddings --json and ch04_tied_head --json against Hugging Face transformers.
//
// Runs the chapters' executables (paths from tests/ch0304_cli.cmake) on both bundled
// checkpoints for every prompt of data/reference/<checkpoint>.reference.json:
//   ch03: the model's sizes, parameter count (tied matrix once), ids, tokens, shapes;
//   ch04: the tied check, and `embedding_only` — top-k of lm_head(wte[ids]), the
//         notebook's cell 15 — within 1e-4 of transformers, near-ties allowed to swap
//         (reference_compare.hpp); top_k_last is the last row of the same table.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "reference_compare.hpp"
#include "run_program.hpp"

#if !defined(CH03_EXE) || !defined(CH04_EXE)
#error "CH03_EXE and CH04_EXE (the programs' paths) are defined by tests/ch0304_cli.cmake"
#endif

using nlohmann::json;

namespace {

constexpr double kLogitTol = 1e-4;

json run_json(const std::string& exe, const std::string& model, const std::string& prompt) {
    return json::parse(gpt2::test::run_program(exe, {"--model", model, "--prompt", prompt, "--json"}));
}

const std::pair<const char*, const char*> kCases[] = {{"tiny", "tiny-gpt2-f32"}, {"tiny-bf16", "tiny-gpt2-bf16"}, {"teaching", "teaching-gpt2"}, {"teaching-small", "teaching-small-gpt2"}};

}  // namespace

TEST_CASE("ch03_embeddings --json: sizes, ids, tokens and shapes", "[ch03][reference]") {
    for (const auto& [model, checkpoint] : kCases) {
        const json ref = gpt2::test::load_reference(checkpoint);
        const json& cfg = ref["oracle"]["config"];
        const std::size_t V = cfg["vocab_size"], C = cfg["n_embd"];
        for (const json& p : ref["prompts"]) {
            const std::string prompt = p["prompt"];
            INFO(model << ", prompt " << json(prompt).dump());
            const json ours = run_json(CH03_EXE, model, prompt);

            const json& m = ours.at("model");
            CHECK(m.at("path").get<std::string>().find(checkpoint) != std::string::npos);
            CHECK(m.at("n_layer") == cfg["n_layer"]);
            CHECK(m.at("n_head") == cfg["n_head"]);
            CHECK(m.at("n_embd") == cfg["n_embd"]);
            CHECK(m.at("n_positions") == cfg["n_positions"]);
            CHECK(m.at("vocab_size") == cfg["vocab_size"]);
            CHECK(ours.at("vocab_size_tokenizer") == 50257);
            CHECK(ours.at("prompt") == prompt);
            CHECK(ours.at("input_ids") == p["input_ids"]);
            CHECK(ours.at("tokens") == p["tokens"]);
            CHECK(ours.at("wte_shape") == json::array({V, C}));
            CHECK(ours.at("last_token").at("id") == p["input_ids"].back());
            CHECK(ours.at("last_token").at("token") == p["tokens"].back());
            CHECK(ours.at("vector_shape") == json::array({C}));
        }
    }
    // transformers' num_parameters() of the two checkpoints: the tied matrix counted once.
    CHECK(run_json(CH03_EXE, "tiny", "Hi").at("model").at("parameters") == 2472048);
}

TEST_CASE("ch04_tied_head --json: embedding_only matches transformers", "[ch04][reference]") {
    for (const auto& [model, checkpoint] : kCases) {
        const json ref = gpt2::test::load_reference(checkpoint);
        for (const json& p : ref["prompts"]) {
            const std::string prompt = p["prompt"];
            INFO(model << ", prompt " << json(prompt).dump());
            const json ours = run_json(CH04_EXE, model, prompt);

            CHECK(ours.at("prompt") == prompt);
            CHECK(ours.at("input_ids") == p["input_ids"]);
            CHECK(ours.at("tokens") == p["tokens"]);
            CHECK(ours.at("tied") == true);
            const json& rows = ours.at("embedding_only");
            REQUIRE(rows.size() == p["embedding_only"].size());
            double worst = 0;
            for (std::size_t t = 0; t < rows.size(); ++t) {
                const std::string at = std::string(checkpoint) + " embedding_only pos " + std::to_string(t);
                worst = std::max(worst, gpt2::test::check_top_k(gpt2::test::top_k_from_json(rows[t]), p["embedding_only"][t], kLogitTol, at));
                // The printed tokens are the ids' token strings (same order as the ids).
                REQUIRE(rows[t].at("tokens").size() == rows[t].at("ids").size());
                for (std::size_t r = 0; r < rows[t].at("ids").size(); ++r)
                    if (rows[t]["ids"][r] == p["embedding_only"][t]["ids"][r])
                        CHECK(rows[t]["tokens"][r] == p["embedding_only"][t]["tokens"][r]);
            }
            // Out[14] is the last row of Out[15]: the same ids (values from another BLAS call).
            const std::string at = std::string(checkpoint) + " top_k_last";
            gpt2::test::check_top_k(gpt2::test::top_k_from_json(ours.at("top_k_last")), p["embedding_only"].back(), kLogitTol, at);
            std::printf("%s %-40.40s embedding_only maxdiff %.2e\n", checkpoint, json(prompt).dump().c_str(), worst);
        }
    }
}
