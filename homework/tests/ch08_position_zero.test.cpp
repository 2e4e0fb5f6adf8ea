// Tests of the chapter 8 homework (homework/ch08_position_zero/exercises.hpp).
// Run them with `make homework ARGS='[ch08]'`.
//
// Each exercise is checked on a case you can follow on paper, then on the bundled teaching
// model (data/models/teaching-gpt2: 6 blocks of 256 dimensions, 8 heads) and the notebook's
// phrase, against numbers this file computes from the library (hidden_states(),
// first_position_attention()) in its own way. The lines starting "ch08 exN" are what your
// code measured: compare them with the prediction you wrote down.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ch08_position_zero/exercises.hpp"
#include "lens/first_position_attention.hpp"
#include "model/attention.hpp"
#include "model/checkpoint.hpp"
#include "model/embeddings.hpp"
#include "model/layer_norm.hpp"
#include "model/lm_head.hpp"
#include "model/mlp.hpp"
#include "model/transformer.hpp"
#include "show.hpp"
#include "teaching_phrase.hpp"

namespace {

constexpr std::size_t kDim = 44;  // the teaching model's massive dimension (its training-log.json)

using homework_tests::phrase_ids;
using homework_tests::phrase_run;
using homework_tests::teaching;

// Largest |a - b| over two tensors of the same shape (NaN counts as infinitely far).
double max_abs_diff(const xt::xtensor<float, 2>& a, const xt::xtensor<float, 2>& b) {
    if (a.shape() != b.shape()) return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = std::fabs(double(a.data()[i]) - double(b.data()[i]));
        worst = std::isnan(d) ? INFINITY : std::max(worst, d);
    }
    return worst;
}

// ---- exercise 1: the expected answer, written independently of the solution ----

struct Expected1 {
    std::size_t dim = 0;
    double value = 0, median_other = 0, ratio = 0;
};
Expected1 expected_massive(const xt::xtensor<float, 2>& h) {  // h: [T, C]
    Expected1 e;
    const std::size_t T = h.shape(0), C = h.shape(1);
    std::vector<std::size_t> order(C);
    for (std::size_t d = 0; d < C; ++d) order[d] = d;
    // |h[0, d]| descending, ties by the smaller d (stable_sort keeps index order).
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return std::fabs(h(0, a)) > std::fabs(h(0, b)); });
    e.dim = order[0];
    e.value = h(0, e.dim);
    std::vector<double> rest;
    for (std::size_t t = 1; t < T; ++t) rest.push_back(std::fabs(h(t, e.dim)));
    std::nth_element(rest.begin(), rest.begin() + rest.size() / 2, rest.end());
    const double upper = rest[rest.size() / 2];
    if (rest.size() % 2 == 1) {
        e.median_other = upper;
    } else {
        const double lower = *std::max_element(rest.begin(), rest.begin() + rest.size() / 2);
        e.median_other = (lower + upper) / 2;
    }
    e.ratio = std::fabs(e.value) / e.median_other;
    return e;
}

// ---- exercise 2: the edited forward, built here block by block from the library's parts ----

// model/transformer.cpp's loop, with position 0's dimension `dim` set to 0 at the input of block
// `from` and after every block from there on: the same functions in the same order, so the
// same floats as hidden_states() with a correct hook.
std::vector<xt::xtensor<float, 2>> edited_forward(const std::vector<int>& ids, std::size_t dim, std::size_t from) {
    const gpt2::Model& model = teaching().model;
    const gpt2::Config& cfg = model.config();
    const std::size_t T = ids.size(), L = model.weights().h.size();
    xt::xtensor<int, 2> input = xt::empty<int>({std::size_t(1), T}), positions = input;
    for (std::size_t t = 0; t < T; ++t) {
        input(0, t) = ids[t];
        positions(0, t) = int(t);
    }
    const xt::xtensor<int, 2> mask = xt::ones<int>({std::size_t(1), T});

    std::vector<xt::xtensor<float, 2>> states;
    xt::xtensor<float, 2> x = gpt2::embed(model, input, positions);  // [T, C]
    if (from == 0) x(0, dim) = 0;
    states.push_back(x);
    for (std::size_t l = 0; l < L; ++l) {
        const gpt2::BlockParams& block = model.weights().h[l];
        x += gpt2::causal_self_attention(gpt2::layer_norm(x, block.ln_1, cfg.layer_norm_epsilon), mask, block, cfg);
        x += gpt2::mlp(gpt2::layer_norm(x, block.ln_2, cfg.layer_norm_epsilon), block);
        if (l + 1 >= from) x(0, dim) = 0;  // the input of block l + 1 (or ln_f's)
        if (l + 1 < L) states.push_back(x);
    }
    states.push_back(gpt2::layer_norm(x, model.weights().ln_f, cfg.layer_norm_epsilon));
    return states;
}

// The model's top-1 next token at position t of the last hidden state, as text.
std::string top1(const xt::xtensor<float, 2>& last_state, std::size_t t) {
    const xt::xtensor<float, 2> logits = gpt2::lm_head_logits(teaching().model, last_state);  // [T, V]
    std::size_t best = 0;
    for (std::size_t v = 1; v < logits.shape(1); ++v)
        if (logits(t, v) > logits(t, best)) best = v;
    return teaching().tokenizer.decode({int(best)});
}

// ---- exercise 3 ----

// Gu et al.'s score from chapter 7's share: share = mean over t = 1 … T-1 of p(t, 0), and
// p(0, 0) = 1, so the mean over all T queries is (share · (T - 1) + 1) / T.
std::vector<std::vector<double>> gu_from_share(const gpt2::FirstPositionAttention& a) {
    const double T = double(a.num_positions);
    std::vector<std::vector<double>> gu(a.share.shape(0), std::vector<double>(a.share.shape(1)));
    for (std::size_t l = 0; l < gu.size(); ++l)
        for (std::size_t h = 0; h < gu[l].size(); ++h) gu[l][h] = (a.share(l, h) * (T - 1) + 1) / T;
    return gu;
}

double rate_above(const std::vector<std::vector<double>>& score, double eps) {
    std::size_t n = 0, above = 0;
    for (const auto& layer : score)
        for (double s : layer) {
            ++n;
            above += s > eps;
        }
    return double(above) / double(n);
}

// A paragraph of at least 64 tokens: Gu et al. measure at T = 64.
const std::vector<int>& paragraph_ids() {
    static const std::vector<int> ids = [] {
        std::vector<int> all = teaching().encode_prompt(
            "The river runs through the middle of the old town, under seven stone bridges. In the "
            "summer the children swim near the mill, and in the winter the water freezes so hard "
            "that the farmers drive their carts across it. Nobody remembers when the first bridge "
            "was built, but the church records say that it was already old when the great fire of "
            "the year 1600 burned half of the houses on the northern bank.");
        all.resize(std::min<std::size_t>(all.size(), 64));
        return all;
    }();
    return ids;
}

}  // namespace

TEST_CASE("ex1: find_massive_dimension by hand", "[homework][ch08]") {
    // Row 0 is position 0. |−7| and |7| tie: the smaller dimension, 1, wins, sign kept.
    // Its column at t = 1 … 4 is {1, −3, 2, 0.5}: |·| sorted {0.5, 1, 2, 3}, median (1 + 2) / 2.
    const xt::xtensor<float, 2> even = {{2, -7, 7, 1},  //
                                        {9, 1, 0, 0},
                                        {9, -3, 0, 0},
                                        {9, 2, 0, 0},
                                        {9, 0.5f, 0, 0}};
    const homework::MassiveDimension a = homework::find_massive_dimension(even);
    show::value("ch08 ex1", "find_massive_dimension(5×4 by hand).dim", a.dim, "expected", 1);
    show::value("ch08 ex1", "find_massive_dimension(5×4 by hand).ratio", a.ratio, "expected", 7 / 1.5);
    CHECK(a.dim == 1);
    CHECK(a.value == -7.0f);
    CHECK(a.median_other == Approx(1.5));
    CHECK(a.ratio == Approx(7 / 1.5));

    // Three other positions: the median is the middle one, |4| > |−2| > |1| → 2 (not the
    // signed median, 1). Column 0 is large everywhere except at position 0: it does not count.
    const xt::xtensor<float, 2> odd = {{0.5f, 3, -1}, {50, -2, 0}, {50, 4, 0}, {50, 1, 0}};
    const homework::MassiveDimension b = homework::find_massive_dimension(odd);
    CHECK(b.dim == 1);
    CHECK(b.value == 3.0f);
    CHECK(b.median_other == Approx(2.0));
    CHECK(b.ratio == Approx(1.5));
}

TEST_CASE("ex1: find_massive_dimension on the teaching model's hidden states", "[homework][ch08]") {
    const auto& states = phrase_run().states;  // 7 states [5, 256]
    std::vector<std::size_t> dims;
    std::vector<double> ratios;
    for (std::size_t s = 0; s < states.size(); ++s) {
        const homework::MassiveDimension got = homework::find_massive_dimension(states[s]);
        dims.push_back(got.dim);
        ratios.push_back(got.ratio);
    }
    const Expected1 e2 = expected_massive(states[2]);
    show::value("ch08 ex1", "find_massive_dimension(state 2).dim", dims[2], "expected", kDim);
    show::value("ch08 ex1", "find_massive_dimension(state 2).ratio", ratios[2], "computed here", e2.ratio);
    // The prediction you wrote down: where does it first appear, and how large is it?
    show::note("ch08 ex1", "  dim   of states 0 … 6: " + show::text(dims));
    show::note("ch08 ex1", "  ratio of states 0 … 6: " + show::text(ratios));

    // State 2 (block 1's output) on the notebook's phrase: dimension 44, as the training log
    // says. Checked on the test's own computation too, so that a retrained model shows up here.
    CHECK(e2.dim == kDim);
    for (std::size_t s = 0; s < states.size(); ++s) {
        INFO("hidden state " << s);
        const homework::MassiveDimension got = homework::find_massive_dimension(states[s]);
        const Expected1 e = expected_massive(states[s]);
        CHECK(got.dim == e.dim);
        CHECK(got.value == float(e.value));
        CHECK(got.median_other == Approx(e.median_other).epsilon(1e-5));
        CHECK(got.ratio == Approx(e.ratio).epsilon(1e-5));
        if (got.dim != e.dim || !(got.ratio == Approx(e.ratio).epsilon(1e-5))) break;  // one state is enough to read
    }
}

TEST_CASE("ex2: hold_at_zero from block 0 edits the embeddings", "[homework][ch08]") {
    const gpt2::ForwardHooks hooks = homework::hold_at_zero(kDim, 0);
    const auto states = gpt2::hidden_states(teaching().model, phrase_ids(), nullptr, &hooks);
    const auto expected = edited_forward(phrase_ids(), kDim, 0);
    REQUIRE(states.size() == expected.size());
    std::vector<float> held;  // states 0 … L-1 at [0, 44]: all 0 (state L is ln_f's output)
    for (std::size_t s = 0; s + 1 < states.size(); ++s) held.push_back(states[s](0, kDim));
    show::value("ch08 ex2", "hold_at_zero(44, 0): states 0 … 5 at [0, 44]", held, "expected all", 0);
    CHECK(held == std::vector<float>(held.size(), 0.0f));
    double worst = 0;
    for (std::size_t s = 0; s < states.size(); ++s) worst = std::max(worst, max_abs_diff(states[s], expected[s]));
    show::value("ch08 ex2", "  max |diff| from the edited forward", worst, "allowed", 1e-5);
    CHECK(worst <= 1e-5);
}

TEST_CASE("ex2: hold_at_zero from blocks 1, 3, 5 against the edited forward", "[homework][ch08]") {
    const std::vector<xt::xtensor<float, 2>>& plain = phrase_run().states;
    const std::size_t L = plain.size() - 1;  // 6 blocks; states 0 … 6
    for (std::size_t b : {1, 3, 5}) {
        INFO("from block " << b);
        const gpt2::ForwardHooks hooks = homework::hold_at_zero(kDim, b);
        const auto states = gpt2::hidden_states(teaching().model, phrase_ids(), nullptr, &hooks);
        const auto expected = edited_forward(phrase_ids(), kDim, b);
        REQUIRE(states.size() == plain.size());

        std::vector<float> held;  // states b … L-1 at [0, 44]: all 0
        for (std::size_t s = b; s < L; ++s) held.push_back(states[s](0, kDim));
        double worst = 0;
        for (std::size_t s = 0; s <= L; ++s) worst = std::max(worst, max_abs_diff(states[s], expected[s]));
        if (b == 1) {
            show::value("ch08 ex2", "hold_at_zero(44, 1): states 1 … 5 at [0, 44]", held, "expected all", 0);
            show::value("ch08 ex2", "  max |diff| from the edited forward", worst, "allowed", 1e-5);
            // The prediction you wrote down: does the next-token guess move?
            show::value("ch08 ex2", "  top-1 after \" to\" (position 4)", top1(states[L], 4), "plain forward:",
                        top1(plain[L], 4));
            show::value("ch08 ex2", "  top-1 after \" This\" (position 0)", top1(states[L], 0), "plain forward:",
                        top1(plain[L], 0));
        }
        for (std::size_t s = 0; s < b; ++s) {  // before block b: nothing happened yet
            INFO("hidden state " << s << " must be the plain forward's, bit for bit");
            CHECK(max_abs_diff(states[s], plain[s]) == 0.0);
        }
        CHECK(held == std::vector<float>(held.size(), 0.0f));  // states b … L-1
        // Everything else, the last state (ln_f of the held residual) included, is what the
        // test's own edited forward gives: the same library functions in the same order.
        CHECK(worst <= 1e-5);
        // And so are the final logits, lm_head(last state): [T, V].
        const gpt2::Model& model = teaching().model;
        CHECK(max_abs_diff(gpt2::lm_head_logits(model, states[L]), gpt2::lm_head_logits(model, expected[L])) <= 1e-5);
    }
}

TEST_CASE("ex3: sink_metric by hand", "[homework][ch08]") {
    // Two layers of three heads, T = 4. Rows are queries, columns keys; each row sums to 1.
    const std::size_t T = 4;
    xt::xtensor<float, 3> l0 = xt::zeros<float>({std::size_t(3), T, T});
    xt::xtensor<float, 3> l1 = xt::zeros<float>({std::size_t(3), T, T});
    for (std::size_t t = 0; t < T; ++t) {
        l0(0, t, 0) = 1;                                           // all on position 0: score 1
        for (std::size_t j = 0; j <= t; ++j) l0(1, t, j) = 1.0f / float(t + 1);  // uniform: 0.5208
        l0(2, t, t) = 1;                                           // itself: (1 + 0 + 0 + 0) / 4
        // 0.1 on position 0 for t ≥ 1: (1 + 3 · 0.1) / 4 = 0.325, above 0.3 only because
        // query 0 counts; 0.05: (1 + 0.15) / 4 = 0.2875, below.
        l1(0, t, 0) = t == 0 ? 1.0f : 0.1f;
        if (t > 0) l1(0, t, t) = 0.9f;
        l1(1, t, 0) = t == 0 ? 1.0f : 0.05f;
        if (t > 0) l1(1, t, t) = 0.95f;
        l1(2, t, t) = 1;
    }
    const homework::SinkMetric m = homework::sink_metric({l0, l1});
    show::value("ch08 ex3", "sink_metric(by hand).score", m.score, "expected",
                std::vector<std::vector<double>>{{1, 0.520833, 0.25}, {0.325, 0.2875, 0.25}});
    show::value("ch08 ex3", "sink_metric(by hand).rate", m.rate, "expected", 0.5);
    REQUIRE(m.score.size() == 2);
    REQUIRE(m.score[0].size() == 3);
    REQUIRE(m.score[1].size() == 3);
    CHECK(m.score[0][0] == Approx(1.0));
    CHECK(m.score[0][1] == Approx((1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4) / 4));
    CHECK(m.score[0][2] == Approx(0.25));
    CHECK(m.score[1][0] == Approx(0.325));
    CHECK(m.score[1][1] == Approx(0.2875));
    CHECK(m.score[1][2] == Approx(0.25));
    CHECK(m.rate == Approx(0.5));  // 3 of 6 heads above 0.3
}

TEST_CASE("ex3: sink_metric on the teaching model, 5 and 64 tokens", "[homework][ch08]") {
    const gpt2::Model& model = teaching().model;
    struct Case {
        const char* name;
        const std::vector<int>& ids;
    };
    for (const Case& c : {Case{"phrase, T = 5", phrase_ids()}, Case{"paragraph, T = 64", paragraph_ids()}}) {
        INFO(c.name);
        std::vector<xt::xtensor<float, 3>> attention;
        gpt2::hidden_states(model, c.ids, &attention);
        const auto gu = gu_from_share(gpt2::first_position_attention(attention));
        const double rate = rate_above(gu, 0.3);

        const homework::SinkMetric m = homework::sink_metric(attention);
        show::value("ch08 ex3", std::string("sink_metric(") + c.name + ").rate", m.rate,
                    "library", rate);  // via first_position_attention
        REQUIRE(m.score.size() == gu.size());
        double worst = 0;
        for (std::size_t l = 0; l < gu.size(); ++l) {
            REQUIRE(m.score[l].size() == gu[l].size());
            for (std::size_t h = 0; h < gu[l].size(); ++h) worst = std::max(worst, std::fabs(m.score[l][h] - gu[l][h]));
        }
        // float32 probabilities summed in double or in float: far below 1e-6.
        CHECK(worst <= 1e-6);
        CHECK(m.rate == Approx(rate));
    }
}
