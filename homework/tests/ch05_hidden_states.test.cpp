// Tests of the chapter 5 homework (homework/ch05_hidden_states/exercises.hpp).
// Run them with `make homework`.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ch05_hidden_states/exercises.hpp"
#include "model/embeddings.hpp"
#include "model/model.hpp"
#include "model/transformer.hpp"
#include "show.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "support/model_files.hpp"

namespace {

const gpt2::Model& tiny_model() {  // data/models/tiny-gpt2-f32: 2 layers, n_embd 48
    static const gpt2::Model model = gpt2::Model::load(gpt2::resolve_model("tiny"));
    return model;
}

const std::vector<int> kPhrase{770, 5041, 314, 1410, 284};  // " This weekend I plan to"

gpt2::Config with_layers(int n_layer) {
    gpt2::Config c;
    c.n_layer = n_layer;
    return c;
}

}  // namespace

TEST_CASE("ex1: state_norms by hand", "[homework][ch05]") {
    const xt::xtensor<float, 2> state = {{3, 4}, {0, 0}, {1, 1}};  // [T=3, C=2]
    const std::vector<double> n = homework::state_norms(state);
    show::value("ch05 ex1", "state_norms({{3, 4}, {0, 0}, {1, 1}})", n, "expected", std::vector<double>{5, 0, std::sqrt(2.0)});
    REQUIRE(n.size() == 3);
    CHECK(n[0] == Approx(5.0));
    CHECK(n[1] == Approx(0.0));
    CHECK(n[2] == Approx(std::sqrt(2.0)));
}

TEST_CASE("ex1: state_norms matches transformers' norms on the tiny model", "[homework][ch05]") {
    // data/reference/tiny-gpt2-f32.reference.json: what Hugging Face transformers computed.
    std::ifstream in(gpt2::data_dir() / "reference" / "tiny-gpt2-f32.reference.json");
    REQUIRE(in.good());
    const nlohmann::json ref = nlohmann::json::parse(in)["prompts"][0];
    REQUIRE(ref["input_ids"].get<std::vector<int>>() == kPhrase);
    const auto states = gpt2::hidden_states(tiny_model(), kPhrase);
    for (std::size_t i = 0; i < states.size(); ++i) {
        INFO("hidden_states[" << i << "]");
        const std::vector<double> ours = homework::state_norms(states[i]);
        const auto theirs = ref["hidden_states"][i]["norm"].get<std::vector<double>>();
        show::value("ch05 ex1", "state_norms(tiny, hidden_states[" + std::to_string(i) + "])", ours, "transformers",
                    theirs);
        REQUIRE(ours.size() == theirs.size());
        for (std::size_t t = 0; t < ours.size(); ++t) CHECK(ours[t] == Approx(theirs[t]).epsilon(1e-4));
    }
}

TEST_CASE("ex2: num_hidden_states is n_layer + 1", "[homework][ch05]") {
    std::vector<std::size_t> got;
    for (int n_layer : {2, 6, 12, 48}) got.push_back(homework::num_hidden_states(with_layers(n_layer)));
    show::value("ch05 ex2", "num_hidden_states(n_layer = 2, 6, 12, 48)", got, "expected", std::vector<int>{3, 7, 13, 49});
    CHECK(homework::num_hidden_states(tiny_model().config()) == 3);  // 2 blocks
    CHECK(homework::num_hidden_states(with_layers(6)) == 7);         // distilgpt2: the notebook's Out[17]
    CHECK(homework::num_hidden_states(with_layers(12)) == 13);       // gpt2
    CHECK(homework::num_hidden_states(with_layers(48)) == 49);       // gpt2-xl
}

TEST_CASE("ex2: hidden_state_index reads indices as Python does", "[homework][ch05]") {
    const gpt2::Config distil = with_layers(6);  // 7 hidden states: 0 .. 6
    std::vector<std::string> got;  // what each call returned, or "throws"
    for (int i : {0, 6, -1, -7, 7, -8}) {
        try {
            got.push_back(std::to_string(homework::hidden_state_index(distil, i)));
        } catch (const gpt2::Error&) {
            got.push_back("throws");
        } catch (...) {
            got.push_back("throws, not gpt2::Error");
        }
    }
    show::value("ch05 ex2", "hidden_state_index(6 layers, 0, 6, -1, -7, 7, -8)", got, "expected",
                std::vector<std::string>{"0", "6", "6", "0", "throws", "throws"});
    CHECK(homework::hidden_state_index(distil, 0) == 0);
    CHECK(homework::hidden_state_index(distil, 6) == 6);
    CHECK(homework::hidden_state_index(distil, -1) == 6);  // the notebook's hidden_states[-1]
    CHECK(homework::hidden_state_index(distil, -7) == 0);
    CHECK(homework::hidden_state_index(tiny_model().config(), -2) == 1);
    CHECK_THROWS_AS(homework::hidden_state_index(distil, 7), gpt2::Error);
    CHECK_THROWS_AS(homework::hidden_state_index(distil, -8), gpt2::Error);
}

TEST_CASE("ex3: first_hidden_state is wte[ids] + wpe[positions], not Out[15]'s wte[ids]", "[homework][ch05]") {
    const gpt2::Model& model = tiny_model();
    const xt::xtensor<float, 2> ours = homework::first_hidden_state(model, kPhrase);
    const xt::xtensor<float, 2> model_h0 = gpt2::hidden_states(model, kPhrase)[0];     // [T, C]
    const xt::xtensor<float, 2> out15_input = gpt2::token_embeddings(model, kPhrase);  // [T, C], no positions
    show::value("ch05 ex3", "first_hidden_state(tiny, phrase).shape", std::vector<std::size_t>(ours.shape().begin(), ours.shape().end()),
                "expected", std::vector<std::size_t>{kPhrase.size(), std::size_t(model.config().n_embd)});
    REQUIRE(ours.dimension() == 2);
    REQUIRE(ours.shape(0) == kPhrase.size());
    REQUIRE(ours.shape(1) == std::size_t(model.config().n_embd));
    double vs_model = 0, vs_out15 = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
        vs_model = std::max(vs_model, double(std::abs(ours.data()[i] - model_h0.data()[i])));
        vs_out15 = std::max(vs_out15, double(std::abs(ours.data()[i] - out15_input.data()[i])));
    }
    show::value("ch05 ex3", "  max |diff| from hidden_states[0]", vs_model, "allowed", 1e-6);
    show::value("ch05 ex3", "  max |diff| from wte[ids] alone", vs_out15, "must be over", 1e-3);
    CHECK(vs_model <= 1e-6);  // the same numbers as the forward pass's hidden_states[0]
    CHECK(vs_out15 > 1e-3);   // and not the embedding-only input of Out[15]: positions matter
}
