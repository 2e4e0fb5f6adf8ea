// Tests of the chapter 7 homework (homework/ch07_attention/exercises.hpp).
// Run them with `make homework`.
//
// Each exercise is checked on a case you can follow on paper, then against the library
// (common/model/layer_norm.cpp, common/model/attention.cpp, common/model/mlp.cpp) on the bundled teaching
// model and the notebook's prompt: the largest difference must stay within 1e-5.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <xtensor/xview.hpp>

#include "ch07_attention/exercises.hpp"
#include "model/attention.hpp"
#include "model/checkpoint.hpp"
#include "model/layer_norm.hpp"
#include "model/matmul.hpp"
#include "model/mlp.hpp"
#include "model/transformer.hpp"
#include "show.hpp"
#include "teaching_phrase.hpp"

namespace {

constexpr float kTol = 1e-5f;

using homework_tests::phrase_ids;
using homework_tests::phrase_run;
using homework_tests::teaching;

std::vector<float> to_vector(const gpt2::Param<1>& p) { return {p.data, p.data + p.size()}; }

std::vector<float> row(const xt::xtensor<float, 2>& m, std::size_t t) {
    return {m.data() + t * m.shape(1), m.data() + (t + 1) * m.shape(1)};
}

// Columns from .. from + n of m, as a [rows, n] matrix.
xt::xtensor<float, 2> columns(const xt::xtensor<float, 2>& m, std::size_t from, std::size_t n) {
    return xt::view(m, xt::all(), xt::range(from, from + n));
}

// Largest |a - b| (NaN counts as infinitely far). Shapes must agree (checked by callers).
template <class A, class B>
float max_abs_diff(const A& a, const B& b) {
    float worst = 0;
    auto ia = a.begin();
    for (auto ib = b.begin(); ib != b.end(); ++ia, ++ib) {
        const float d = std::fabs(float(*ia) - float(*ib));
        worst = std::isnan(d) ? INFINITY : std::max(worst, d);
    }
    return worst;
}

}  // namespace

TEST_CASE("ex1: layer_norm_row by hand", "[homework][ch07]") {
    // μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, √1.25 = 1.1180…
    const std::vector<float> y = homework::layer_norm_row({1, 2, 3, 4}, {1, 1, 1, 1}, {0, 0, 0, 0}, 0.0f);
    show::value("ch07 ex1", "layer_norm_row({1, 2, 3, 4}, γ = 1, β = 0, ε = 0)", y, "expected",
                std::vector<float>{-1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f});
    REQUIRE(y.size() == 4);
    CHECK(y[0] == Approx(-1.3416408).margin(1e-6));
    CHECK(y[1] == Approx(-0.4472136).margin(1e-6));
    CHECK(y[2] == Approx(0.4472136).margin(1e-6));
    CHECK(y[3] == Approx(1.3416408).margin(1e-6));

    // γ scales and β shifts each normalised number: 2·(−1.342…) + 1, …
    const std::vector<float> g = homework::layer_norm_row({1, 2, 3, 4}, {2, 2, 2, 2}, {1, 1, 1, 1}, 0.0f);
    REQUIRE(g.size() == 4);
    CHECK(g[0] == Approx(-1.6832816).margin(1e-6));
    CHECK(g[3] == Approx(3.6832816).margin(1e-6));

    // ε goes inside the square root: with ε = 1, √(1.25 + 1) = 1.5 and the row is ±1, ±1/3.
    const std::vector<float> e = homework::layer_norm_row({1, 2, 3, 4}, {1, 1, 1, 1}, {0, 0, 0, 0}, 1.0f);
    show::value("ch07 ex1", "layer_norm_row({1, 2, 3, 4}, γ = 1, β = 0, ε = 1)", e, "expected",
                std::vector<float>{-1, -1.0f / 3, 1.0f / 3, 1});
    REQUIRE(e.size() == 4);
    CHECK(e[0] == Approx(-1.0));
    CHECK(e[1] == Approx(-1.0 / 3));
    CHECK(e[3] == Approx(1.0));

    // A flat row has σ² = 0: ε keeps the division finite, and every output is β.
    const std::vector<float> flat = homework::layer_norm_row({5, 5, 5}, {3, 3, 3}, {0.5f, -1, 2}, 1e-5f);
    REQUIRE(flat.size() == 3);
    CHECK(flat[0] == Approx(0.5));
    CHECK(flat[1] == Approx(-1.0));
    CHECK(flat[2] == Approx(2.0));
}

TEST_CASE("ex1: layer_norm_row matches ln_1 of the teaching model", "[homework][ch07]") {
    const gpt2::Model& model = teaching().model;
    const float eps = model.config().layer_norm_epsilon;
    float worst = 0;  // over both blocks and every position, for the line below
    for (std::size_t layer : {0, 2}) {
        const gpt2::LayerNormParams& ln_1 = model.weights().h[layer].ln_1;
        const xt::xtensor<float, 2>& x = phrase_run().states[layer];
        const xt::xtensor<float, 2> expected = gpt2::layer_norm(x, ln_1, eps);
        for (std::size_t t = 0; t < x.shape(0); ++t) {
            const std::vector<float> y = homework::layer_norm_row(row(x, t), to_vector(ln_1.weight), to_vector(ln_1.bias), eps);
            worst = std::max(worst, y.size() == x.shape(1) ? max_abs_diff(y, row(expected, t)) : INFINITY);
        }
    }
    show::value("ch07 ex1", "layer_norm_row vs ln_1, blocks 0 and 2: max |diff|", worst, "allowed", kTol);
    for (std::size_t layer : {0, 2}) {
        const gpt2::LayerNormParams& ln_1 = model.weights().h[layer].ln_1;
        const xt::xtensor<float, 2>& x = phrase_run().states[layer];  // block `layer`'s input, [T, C]
        const xt::xtensor<float, 2> expected = gpt2::layer_norm(x, ln_1, eps);
        for (std::size_t t = 0; t < x.shape(0); ++t) {
            INFO("block " << layer << ", position " << t);
            const std::vector<float> y = homework::layer_norm_row(row(x, t), to_vector(ln_1.weight),
                                                                  to_vector(ln_1.bias), eps);
            REQUIRE(y.size() == x.shape(1));
            CHECK(max_abs_diff(y, row(expected, t)) <= kTol);
        }
    }
}

TEST_CASE("ex2: attention_head by hand, two tokens", "[homework][ch07]") {
    // D = 2, so the scores are divided by √2. Query 1 scores key 0 at 0 and key 1 at
    // √2·ln3 / √2 = ln 3: softmax gives (1/4, 3/4). Query 0 would score key 1 at ln 3 too,
    // but it may only look at key 0: its row is (1, 0).
    const float ln3 = std::log(3.0f), r2 = std::sqrt(2.0f);
    const xt::xtensor<float, 2> q = {{1, 0}, {1, 0}};
    const xt::xtensor<float, 2> k = {{0, 0}, {r2 * ln3, 0}};
    const xt::xtensor<float, 2> v = {{4, 0}, {0, 8}};
    const homework::HeadOutput r = homework::attention_head(q, k, v);
    show::value("ch07 ex2", "attention_head(2 tokens by hand).probs", r.probs, "expected",
                xt::xtensor<float, 2>{{1, 0}, {0.25f, 0.75f}});
    show::value("ch07 ex2", "  .out", r.out, "expected", xt::xtensor<float, 2>{{4, 0}, {1, 6}});
    REQUIRE(r.probs.shape(0) == 2);
    REQUIRE(r.probs.shape(1) == 2);
    REQUIRE(r.out.shape(0) == 2);
    REQUIRE(r.out.shape(1) == 2);
    CHECK(r.probs(0, 0) == Approx(1.0));
    CHECK(r.probs(0, 1) == 0.0f);  // causal: exactly zero
    CHECK(r.probs(1, 0) == Approx(0.25));
    CHECK(r.probs(1, 1) == Approx(0.75));
    CHECK(r.out(0, 0) == Approx(4.0));  // out_0 = v_0
    CHECK(r.out(0, 1) == Approx(0.0).margin(1e-6));
    CHECK(r.out(1, 0) == Approx(1.0));  // ¼·(4, 0) + ¾·(0, 8) = (1, 6)
    CHECK(r.out(1, 1) == Approx(6.0));

    // Scores of about 1100: exp overflows unless the row's max is subtracted first.
    const homework::HeadOutput big = homework::attention_head(q * 1000.0f, k, v);
    show::value("ch07 ex2", "attention_head(scores of ~1100).probs", big.probs, "expected",
                xt::xtensor<float, 2>{{1, 0}, {0, 1}});
    REQUIRE(big.probs.shape(0) == 2);
    REQUIRE(big.probs.shape(1) == 2);
    CHECK_FALSE(std::isnan(big.probs(1, 1)));  // inf / inf without the max
    CHECK(big.probs(1, 0) == Approx(0.0).margin(1e-6));
    CHECK(big.probs(1, 1) == Approx(1.0));
}

TEST_CASE("ex2: attention_head matches the teaching model's heads", "[homework][ch07]") {
    const gpt2::Model& model = teaching().model;
    const gpt2::Config& cfg = model.config();
    const std::size_t C = cfg.n_embd, H = cfg.n_head, D = cfg.head_dim();
    for (std::size_t layer : {0, 2}) {
        const gpt2::BlockParams& block = model.weights().h[layer];
        const xt::xtensor<float, 2> xn = gpt2::layer_norm(phrase_run().states[layer], block.ln_1,
                                                          cfg.layer_norm_epsilon);  // [T, C]
        const std::size_t T = xn.shape(0);
        const xt::xtensor<float, 2> qkv = gpt2::linear(xn, block.c_attn);  // [T, 3C]: q | k | v
        const xt::xtensor<float, 3>& probs = phrase_run().attention[layer];  // [H, T, T]

        xt::xtensor<float, 2> heads = xt::zeros<float>({T, C});  // every head's out, side by side
        float worst = 0;  // over the layer's heads, for the line below
        for (std::size_t h = 0; h < H; ++h) {
            const homework::HeadOutput r = homework::attention_head(
                columns(qkv, h * D, D), columns(qkv, C + h * D, D), columns(qkv, 2 * C + h * D, D));
            const xt::xtensor<float, 2> expected = xt::view(probs, h, xt::all(), xt::all());
            worst = std::max(worst, r.probs.shape() == expected.shape() ? max_abs_diff(r.probs, expected) : INFINITY);
        }
        show::value("ch07 ex2", "attention_head vs layer " + std::to_string(layer) + "'s heads: max |diff|",
                    worst, "allowed", kTol);
        for (std::size_t h = 0; h < H; ++h) {
            INFO("layer " << layer << ", head " << h);
            const homework::HeadOutput r = homework::attention_head(
                columns(qkv, h * D, D), columns(qkv, C + h * D, D), columns(qkv, 2 * C + h * D, D));
            REQUIRE(r.probs.shape(0) == T);
            REQUIRE(r.probs.shape(1) == T);
            REQUIRE(r.out.shape(0) == T);
            REQUIRE(r.out.shape(1) == D);
            const xt::xtensor<float, 2> expected = xt::view(probs, h, xt::all(), xt::all());
            CHECK(max_abs_diff(r.probs, expected) <= kTol);
            xt::view(heads, xt::all(), xt::range(h * D, (h + 1) * D)) = r.out;
        }
        // The heads, concatenated and projected, are the block's attention output.
        INFO("layer " << layer << ": concat(heads) · attn_proj vs causal_self_attention");
        const xt::xtensor<float, 2> y = gpt2::linear(heads, block.attn_proj);
        const xt::xtensor<int, 2> mask = xt::ones<int>({std::size_t(1), T});
        const xt::xtensor<float, 2> expected = gpt2::causal_self_attention(xn, mask, block, cfg);
        REQUIRE(y.shape() == expected.shape());
        CHECK(max_abs_diff(y, expected) <= kTol);
    }
}

TEST_CASE("ex3: gelu_new by hand", "[homework][ch07]") {
    std::vector<float> got;
    for (float x : {0.0f, 1.0f, -1.0f, 3.0f, -30.0f}) got.push_back(homework::gelu_new(x));
    show::value("ch07 ex3", "gelu_new(0, 1, -1, 3, -30)", got, "expected",
                std::vector<float>{0, 0.841192f, -0.158808f, 2.996363f, 0});
    CHECK(homework::gelu_new(0.0f) == 0.0f);
    CHECK(homework::gelu_new(1.0f) == Approx(0.841192).margin(1e-6));
    CHECK(homework::gelu_new(-1.0f) == Approx(-0.158808).margin(1e-6));
    CHECK(homework::gelu_new(3.0f) == Approx(2.996363).margin(1e-5));  // large x: ≈ x
    for (float x : {-10.0f, -30.0f, -1000.0f}) {                         // large negative: ≈ 0
        INFO("x = " << x);
        const float y = homework::gelu_new(x);
        CHECK_FALSE(std::isnan(y));
        CHECK(y == Approx(0.0).margin(1e-6));
    }
}

TEST_CASE("ex3: gelu_new matches the library over [-10, 10]", "[homework][ch07]") {
    float worst = 0, worst_x = 0;
    for (int i = -1000; i <= 1000; ++i) {
        const float x = i * 0.01f;
        const float d = std::fabs(homework::gelu_new(x) - gpt2::gelu_new(x));
        if (!(d <= worst)) {  // also catches NaN
            worst = std::isnan(d) ? INFINITY : d;
            worst_x = x;
        }
    }
    show::value("ch07 ex3", "gelu_new vs the library on [-10, 10]: max |diff|", worst, "allowed", kTol);
    INFO("largest difference at x = " << worst_x);
    CHECK(worst <= kTol);
}
