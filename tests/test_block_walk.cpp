// Chapter 7's block walk (common/lens/block_walk.hpp) on every bundled model.
//
// walk_block computes each step of a block from its formula and compares it with the
// library; here we check those comparisons all pass (walk_check_passes: 1e-4, relative
// above 1; every model, every block, every reference prompt with and without
// <|endoftext|>; a fixed 1e-5 absolute was inside the float noise of some OpenBLAS
// kernels: 7.6e-06 measured), and — so that the walk
// is not only checked against the code it explains — we check it against the
// independent references too:
//   * its attention pattern against data/reference/<checkpoint>.attention.json
//     (tools/teaching_model/make_reference.py --attention), 1e-5 absolute;
//   * the L2 norm of its input and output at every position against the hidden-state norms
//     of data/reference/<checkpoint>.reference.json (transformers for the tiny models,
//     make_reference.py for the teaching model), 1e-4 relative, as tests/test_reference_model.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xtensor/xview.hpp>

#include "display/block_walk_report.hpp"
#include "lens/block_walk.hpp"
#include "model/checkpoint.hpp"
#include "model/layer_norm.hpp"
#include "reference_compare.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"

using nlohmann::json;

namespace {

using Case = gpt2::test::BundledModel;
constexpr const auto& kCases = gpt2::test::kBundledModels;

json load(const std::string& file) {
    std::ifstream in(gpt2::data_dir() / "reference" / file);
    if (!in.good()) FAIL("missing reference file data/reference/" << file << " (it is in the repository)");
    return json::parse(in);
}

double l2(const xt::xtensor<float, 2>& m, std::size_t t) {
    double s = 0;
    for (std::size_t c = 0; c < m.shape(1); ++c) s += double(m(t, c)) * double(m(t, c));
    return std::sqrt(s);
}

}  // namespace

TEST_CASE("block walk: every step agrees with the library and the independent references", "[reference][ch07]") {
    for (const Case& c : kCases) {
        const gpt2::Checkpoint ck = gpt2::Checkpoint::open(c.model);
        const json att = load(std::string(c.checkpoint) + ".attention.json");
        const json ref = load(std::string(c.checkpoint) + ".reference.json");
        const std::size_t L = std::size_t(ck.model.config().n_layer);
        double worst_check = 0, worst_pattern = 0, worst_norm = 0;
        std::size_t walks = 0, norms = 0;
        for (const json& p : att["prompts"]) {
            const std::vector<int> ids = p["input_ids"].get<std::vector<int>>();
            const json* states = nullptr;  // the reference's hidden states of the same ids
            for (const json& r : ref["prompts"])
                if (r["input_ids"].get<std::vector<int>>() == ids) states = &r["hidden_states"];
            REQUIRE((states != nullptr || p["prepend_bos"].get<bool>()));
            for (std::size_t l = 0; l < L; ++l) {
                INFO(c.model << ", prompt \"" << p["prompt"].get<std::string>() << "\"" << (p["prepend_bos"].get<bool>() ? " with <|endoftext|>" : "")
                             << ", layer " << l);
                const gpt2::BlockWalk w = gpt2::walk_block(ck.model, ids, l);
                ++walks;
                REQUIRE(w.checks.size() == 7);
                for (const gpt2::WalkCheck& k : w.checks) {
                    INFO("step " << k.step << " vs " << k.library);
                    CHECK(gpt2::walk_check_passes(k));
                    CHECK(k.max_abs_value > 0);  // it compared something
                    worst_check = std::max(worst_check, k.max_abs_diff);
                }
                const json& pattern = p["attention"][l];
                for (std::size_t h = 0; h < w.probs.shape(0); ++h)
                    for (std::size_t i = 0; i < ids.size(); ++i)
                        for (std::size_t j = 0; j < ids.size(); ++j)
                            worst_pattern = std::max(worst_pattern, std::abs(double(w.probs(h, i, j)) - pattern[h][i][j].get<double>()));
                if (!states) continue;
                // Input x = hidden_states[l]; output = hidden_states[l + 1], except that the
                // last one is ln_f of the output.
                const xt::xtensor<float, 2> out =
                    l + 1 < L ? w.out
                              : gpt2::layer_norm(w.out, ck.model.weights().ln_f, ck.model.config().layer_norm_epsilon);
                for (std::size_t t = 0; t < ids.size(); ++t) {
                    for (auto [m, s] : {std::pair{&w.x, l}, std::pair{&out, l + 1}}) {
                        const double want = (*states)[s]["norm"][t].get<double>();
                        worst_norm = std::max(worst_norm, std::abs(l2(*m, t) - want) / want);
                        ++norms;
                    }
                }
            }
        }
        std::cout << c.model << ": " << walks << " walks; largest step-vs-library difference " << worst_check
                  << ", pattern vs reference " << worst_pattern << ", " << norms << " norms vs reference (relative) "
                  << worst_norm << "\n";
        CHECK(worst_pattern <= 1e-5);
        CHECK(worst_norm <= 1e-4);
        CHECK(norms > 0);
    }
}

TEST_CASE("block walk: ln_1 normalizes each position to mean 0 and variance 1 before γ and β", "[ch07]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("teaching");
    const gpt2::BlockWalk w = gpt2::walk_block(ck.model, ck.encode_prompt("This weekend I plan to"), 1);
    const std::size_t T = w.x.shape(0), C = w.x.shape(1);
    for (std::size_t t = 0; t < T; ++t) {
        double mean = 0, var = 0;
        for (std::size_t c = 0; c < C; ++c) mean += w.normalized(t, c) / double(C);
        for (std::size_t c = 0; c < C; ++c) var += (w.normalized(t, c) - mean) * (w.normalized(t, c) - mean) / double(C);
        CHECK(std::abs(mean) < 1e-5);
        CHECK(std::abs(var - w.var(t) / (w.var(t) + w.eps)) < 1e-4);  // 1, but for ε
    }
    // The mask: nothing above the diagonal, rows sum to 1.
    for (std::size_t h = 0; h < w.probs.shape(0); ++h)
        for (std::size_t i = 0; i < T; ++i) {
            double sum = 0;
            for (std::size_t j = 0; j < T; ++j) {
                if (j > i) CHECK(w.probs(h, i, j) == 0.0f);
                sum += w.probs(h, i, j);
            }
            CHECK(std::abs(sum - 1) < 1e-6);
        }
}

TEST_CASE("block walk: the report prints every step, and a failed check is shown as failed", "[ch07]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("tiny");
    gpt2::BlockWalk w = gpt2::walk_block(ck.model, ck.encode_prompt("This weekend I plan to"), 0);
    const std::vector<std::string> tokens{"␣This", "␣weekend", "␣I", "␣plan", "␣to"};
    gpt2::WalkView view;
    view.position = 4;
    std::string text = gpt2::block_walk_text(w, tokens, view);
    for (const char* step : {"1. ln_1", "2. q | k | v", "3. scores", "4. causal mask", "5. softmax", "6. each query",
                             "7. attention output", "8. first residual", "9. ln_2", "10. MLP", "11. second residual"})
        CHECK(text.find(step) != std::string::npos);
    CHECK(text.find("every step agrees with the library") != std::string::npos);
    // A check that fails must say so, not print ✓.
    w.checks[1].max_abs_diff = 0.5;
    CHECK_FALSE(gpt2::walk_check_passes(w.checks[1]));
    text = gpt2::block_walk_text(w, tokens, view);
    CHECK(text.find("5.0e-01 ✗") != std::string::npos);
    CHECK(text.find("SOME STEPS DISAGREE") != std::string::npos);
    view.head = 4;
    CHECK_THROWS_AS(gpt2::block_walk_text(w, tokens, view), gpt2::Error);
    CHECK_THROWS_AS(gpt2::walk_block(ck.model, {770, 5041}, 2), gpt2::Error);
}
