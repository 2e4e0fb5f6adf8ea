// ch05_hidden_states --json against Hugging Face transformers.
//
// Runs the chapter's executable (path from tests/ch05_cli.cmake) on both bundled
// checkpoints — F32 with bare tensor names, BF16 with "transformer." names — for every
// prompt of data/reference/<checkpoint>.reference.json, and checks what it prints:
// the model fields, input_ids and tokens exactly; every hidden state's L2 norms within
// 1e-4 relative; and the raw lens top-k (lm_head(hidden_states[i]), the notebook's cells
// 18–19) within 1e-4, near-ties allowed to swap (reference_compare.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "reference_compare.hpp"
#include "run_program.hpp"

#ifndef CH05_EXE
#error "CH05_EXE (the path of ch05_hidden_states) is defined by tests/ch05_cli.cmake"
#endif

using nlohmann::json;

namespace {

json run_ch05(const std::string& model, const std::string& prompt) {
    return json::parse(gpt2::test::run_program(CH05_EXE, {"--model", model, "--prompt", prompt, "--top-k", "10", "--json"}));
}

}  // namespace

TEST_CASE("ch05_hidden_states --json matches transformers", "[ch05][reference]") {
    const std::pair<const char*, const char*> cases[] = {{"tiny", "tiny-gpt2-f32"}, {"tiny-bf16", "tiny-gpt2-bf16"}, {"teaching", "teaching-gpt2"}, {"teaching-small", "teaching-small-gpt2"}};
    for (const auto& [model, checkpoint] : cases) {
        const json ref = gpt2::test::load_reference(checkpoint);
        const json& cfg = ref["oracle"]["config"];
        for (const json& p : ref["prompts"]) {
            const std::string prompt = p["prompt"];
            INFO(model << ", prompt " << json(prompt).dump());
            const json ours = run_ch05(model, prompt);

            const json& m = ours.at("model");
            CHECK(m.at("n_layer") == cfg["n_layer"]);
            CHECK(m.at("n_head") == cfg["n_head"]);
            CHECK(m.at("n_embd") == cfg["n_embd"]);
            CHECK(m.at("n_positions") == cfg["n_positions"]);
            CHECK(m.at("vocab_size") == cfg["vocab_size"]);
            CHECK(m.at("path").get<std::string>().find(checkpoint) != std::string::npos);
            CHECK(ours.at("prompt") == prompt);
            CHECK(ours.at("input_ids") == p["input_ids"]);
            CHECK(ours.at("tokens") == p["tokens"]);

            const json& states = ours.at("hidden_states");
            REQUIRE(states.size() == p["hidden_states"].size());
            REQUIRE(states.size() == cfg["n_layer"].get<std::size_t>() + 1);
            double worst_norm = 0, worst_logit = 0;
            for (std::size_t i = 0; i < states.size(); ++i) {
                const json& s = states[i];
                const json& r = p["hidden_states"][i];
                CHECK(s.at("index") == i);
                REQUIRE(s.at("norm").size() == r["norm"].size());
                REQUIRE(s.at("top_k").size() == r["raw"].size());
                for (std::size_t t = 0; t < r["norm"].size(); ++t) {
                    const double ref_norm = r["norm"][t];
                    const double rel = std::abs(s["norm"][t].get<double>() - ref_norm) / ref_norm;
                    worst_norm = std::max(worst_norm, rel);
                    CHECK(rel <= 1e-4);
                    const json& top = s["top_k"][t];
                    const std::string where = "hidden_states[" + std::to_string(i) + "] position " + std::to_string(t);
                    worst_logit = std::max(worst_logit, gpt2::test::check_top_k(gpt2::test::top_k_from_json(top), r["raw"][t], 1e-4, where));
                    // Token strings are decode([id]) of the ids we printed.
                    for (std::size_t k = 0; k < top["ids"].size(); ++k)
                        for (std::size_t rk = 0; rk < r["raw"][t]["ids"].size(); ++rk)
                            if (top["ids"][k] == r["raw"][t]["ids"][rk]) CHECK(top["tokens"][k] == r["raw"][t]["tokens"][rk]);
                }
            }
            std::cout << "ch05 --json " << model << " \"" << prompt.substr(0, 24) << "\": maxdiff norm(rel) "
                      << worst_norm << ", raw top-k logits " << worst_logit << "\n";
        }
    }
}
