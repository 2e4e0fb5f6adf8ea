// Tests of the chapter 3 homework (homework/ch03_embeddings/exercises.hpp).
// Run them with `make homework`.
#include <catch2/catch.hpp>

#include <cmath>

#include "ch03_embeddings/exercises.hpp"
#include "model/embeddings.hpp"
#include "model/lm_head.hpp"
#include "show.hpp"
#include "support/model_files.hpp"

namespace {

const gpt2::Model& tiny_model() {
    static const gpt2::Model model = gpt2::Model::load(gpt2::resolve_model("tiny"));
    return model;
}

gpt2::Config gpt2_config(int n_layer) {  // distilgpt2 (6 layers) and gpt2 (12) differ only here
    gpt2::Config c;
    c.n_layer = n_layer;
    c.n_head = 12;
    c.n_embd = 768;
    c.n_positions = 1024;
    c.vocab_size = 50257;
    c.n_inner = 4 * 768;
    return c;
}

// Your count_parameters(c, tied), after printing "count_parameters(what, tied) = n   (label m)".
std::size_t count_parameters(const std::string& what, const gpt2::Config& c, bool tied, const std::string& label,
                        std::size_t expected) {
    const std::size_t n = homework::count_parameters(c, tied);
    show::value("ch03 ex1", "count_parameters(" + what + (tied ? ", tied)" : ", untied)"), n, label, expected);
    return n;
}

}  // namespace

TEST_CASE("ex1: count_parameters gives the notebook's 81,912,576 for distilgpt2", "[homework][ch03]") {
    CHECK(count_parameters("distilgpt2", gpt2_config(6), true, "expected", 81912576) == 81912576);
    CHECK(count_parameters("gpt2", gpt2_config(12), true, "expected", 124439808) == 124439808);  // gpt2: "124M"
}

TEST_CASE("ex1: count_parameters agrees with the loaded tiny model", "[homework][ch03]") {
    const gpt2::Model& model = tiny_model();
    const std::size_t n = count_parameters("tiny", model.config(), true, "library", model.num_parameters());
    CHECK(n == model.num_parameters());
    CHECK(n == 2472048);
}

TEST_CASE("ex1: count_parameters agrees with the teaching model (the book's)", "[homework][ch03]") {
    const gpt2::Model model = gpt2::Model::load(gpt2::resolve_model("teaching"));
    const std::size_t n = count_parameters("teaching", model.config(), true, "library", model.num_parameters());
    CHECK(n == model.num_parameters());
    CHECK(n == 17735936);  // 6 x 256, 50257 tokens, 512 positions
}

TEST_CASE("ex1: tying saves one [V, C] matrix", "[homework][ch03]") {
    const gpt2::Config c = gpt2_config(6);
    const std::size_t tied = homework::count_parameters(c, true);
    const std::size_t untied = count_parameters("distilgpt2", c, false, "expected", 81912576u + 50257u * 768u);
    REQUIRE(tied > 0);
    CHECK(untied - tied == 50257u * 768u);  // 38,597,376: almost half
}

TEST_CASE("ex2: embedding_norms has one norm per token", "[homework][ch03]") {
    const gpt2::Model& model = tiny_model();
    const std::vector<float> norms = homework::embedding_norms(model);
    show::value("ch03 ex2", "embedding_norms(tiny).size()", norms.size(), "expected", 50257);
    std::vector<float> mine, lib;  // tokens 0, 284, 770, 50256
    for (int id : {0, 284, 770, 50256}) {
        const auto row = gpt2::token_embeddings(model, {id});
        double sum = 0;
        for (float x : row) sum += double(x) * x;
        mine.push_back(std::size_t(id) < norms.size() ? norms[id] : NAN);
        lib.push_back(float(std::sqrt(sum)));
    }
    show::value("ch03 ex2", "  norms of tokens 0, 284, 770, 50256", mine, "|wte[id]|", lib);
    REQUIRE(norms.size() == 50257);
    for (int id : {0, 284, 770, 50256}) {
        const auto row = gpt2::token_embeddings(model, {id});  // [1, C]
        double sum = 0;
        for (float x : row) sum += double(x) * x;
        INFO("token " << id);
        CHECK(norms[id] == Approx(std::sqrt(sum)).epsilon(1e-5));
    }
}

TEST_CASE("ex2: a token's own logit is its norm squared", "[homework][ch03]") {
    // Chapter 4 in one line: lm_head(wte[id])[id] = wte[id] · wte[id] = |wte[id]|².
    const gpt2::Model& model = tiny_model();
    const std::vector<float> norms = homework::embedding_norms(model);
    REQUIRE(norms.size() == 50257);
    const auto logits = gpt2::lm_head_logits(model, gpt2::token_embeddings(model, {284}));  // [1, V]
    show::value("ch03 ex2", "embedding_norms(tiny)[284]²", norms[284] * norms[284], "lm_head(wte[284])[284]",
                logits(0, 284));
    CHECK(logits(0, 284) == Approx(norms[284] * norms[284]).epsilon(1e-4));
}
