// Tests of the chapter 9 homework (homework/ch09_generate/exercises.hpp).
// Run them with `make homework ARGS='[ch09]'`.
//
// Each exercise is checked on a case you can follow on paper, then on the bundled teaching
// model (data/models/teaching-gpt2: 6 blocks of 256 dimensions, 8 heads of 32) against the
// library: exercises 1 and 2 against gpt2::sampling_distribution / gpt2::draw_token
// (common/generate/sampler.hpp) on the model's logits after "This weekend I plan to", both in double,
// to 1e-12 relative; exercise 3 against gpt2::KVCache (common/generate/kv_cache.hpp) and the
// whole-sequence causal_self_attention (common/model/attention.hpp), in float, to 1e-5. The lines
// starting "ch09 exN" are what your code computed: compare them with your predictions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "ch09_generate/exercises.hpp"
#include "generate/kv_cache.hpp"
#include "generate/sampler.hpp"
#include "model/attention.hpp"
#include "model/checkpoint.hpp"
#include "model/layer_norm.hpp"
#include "model/lm_head.hpp"
#include "model/matmul.hpp"
#include "model/transformer.hpp"
#include "show.hpp"
#include "teaching_phrase.hpp"

namespace {

using homework::TokenProbs;
using homework_tests::phrase_ids;
using homework_tests::phrase_run;
using homework_tests::teaching;

// The teaching model's logits for the token after "This weekend I plan to": [V].
const std::vector<float>& phrase_logits() {
    static const std::vector<float> row = [] {
        const xt::xtensor<float, 2> logits = gpt2::lm_head_logits(teaching().model, phrase_run().states.back());
        const std::size_t T = logits.shape(0), V = logits.shape(1);  // [T, V]
        return std::vector<float>(logits.data() + (T - 1) * V, logits.data() + T * V);
    }();
    return row;
}

// The library's distribution after temperature, top-k (0: all tokens) and top-p.
TokenProbs library(double temperature, std::size_t k, double top_p = 1.0) {
    gpt2::SamplerOptions o;
    o.temperature = temperature;
    if (k) o.top_k = k;
    o.top_p = top_p;
    const std::vector<float>& l = phrase_logits();
    return gpt2::sampling_distribution(l.data(), l.size(), o);
}

std::vector<int> ids_of(const TokenProbs& d) {
    std::vector<int> ids;
    for (const auto& [id, q] : d) ids.push_back(id);
    return ids;
}
std::vector<double> probs_of(const TokenProbs& d) {
    std::vector<double> q;
    for (const auto& [id, p] : d) q.push_back(p);
    return q;
}
std::vector<std::string> tokens_of(const TokenProbs& d, std::size_t n) {
    std::vector<std::string> t;
    for (std::size_t i = 0; i < d.size() && i < n; ++i) t.push_back(teaching().tokenizer.decode({d[i].first}));
    return t;
}

// Largest |got − want| / want over two distributions with the same ids in the same order
// (infinite when the ids differ, or on a NaN).
double max_rel_diff(const TokenProbs& got, const TokenProbs& want) {
    if (ids_of(got) != ids_of(want)) return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double d = std::fabs(got[i].second - want[i].second) / std::max(want[i].second, 1e-300);
        worst = std::isnan(d) ? INFINITY : std::max(worst, d);
    }
    return worst;
}

double sum_of(const TokenProbs& d) {
    double s = 0;
    for (const auto& [id, q] : d) s += q;
    return s;
}

// Element-wise Approx of a whole vector (fails on a size mismatch, or a NaN): CHECK_THAT.
template <class T>
Catch::Matchers::Vector::ApproxMatcher<T, std::allocator<T>, std::allocator<T>> near(const std::vector<T>& v) {
    return Catch::Matchers::Approx(v);
}
using Rows = std::vector<std::vector<float>>;  // a HeadCache's keys or values

// Largest |a − b| (NaN counts as infinitely far); infinite when the sizes differ.
template <class A, class B>
double max_abs_diff(const A& a, const B& b) {
    if (a.size() != b.size()) return INFINITY;
    double worst = 0;
    auto ib = b.begin();
    for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
        const double d = std::fabs(double(*ia) - double(*ib));
        worst = std::isnan(d) ? INFINITY : std::max(worst, d);
    }
    return worst;
}

// ---- exercise 3: one head's q, k, v from a layer's fused c_attn, as chapter 7 splits them ----

struct LayerQKV {
    xt::xtensor<float, 2> xn;   // [T, C]: ln_1 of the block's input
    xt::xtensor<float, 2> qkv;  // [T, 3C]: q | k | v, heads side by side in each
};
LayerQKV layer_qkv(const xt::xtensor<float, 2>& block_input, std::size_t layer) {
    const gpt2::Model& model = teaching().model;
    const gpt2::BlockParams& block = model.weights().h[layer];
    LayerQKV r;
    r.xn = gpt2::layer_norm(block_input, block.ln_1, model.config().layer_norm_epsilon);
    r.qkv = gpt2::linear(r.xn, block.c_attn);
    return r;
}
// Row t, columns from .. from + n of m.
std::vector<float> slice(const xt::xtensor<float, 2>& m, std::size_t t, std::size_t from, std::size_t n) {
    const float* row = m.data() + t * m.shape(1) + from;
    return {row, row + n};
}

// The layer's attention output [T, C] for the heads' outputs [T, C] (side by side): c_proj.
xt::xtensor<float, 2> project(const xt::xtensor<float, 2>& heads, std::size_t layer) {
    return gpt2::linear(heads, teaching().model.weights().h[layer].attn_proj);
}
// What the library computes over the whole sequence: [T, C].
xt::xtensor<float, 2> full_attention(const xt::xtensor<float, 2>& xn, std::size_t layer) {
    const gpt2::Model& model = teaching().model;
    const xt::xtensor<int, 2> mask = xt::ones<int>({std::size_t(1), xn.shape(0)});
    return gpt2::causal_self_attention(xn, mask, model.weights().h[layer], model.config());
}

}  // namespace

// ---------------------------------------------------------------------------- exercise 1

TEST_CASE("ex1: temperature_top_k by hand", "[homework][ch09]") {
    // T = 1, k = 3: ids 1 and 2 tie at 3 (the smaller id first), then id 3 at 2.
    // Weights e^0, e^0, e^-1 over the three kept; ids 0 and 4 are dropped.
    const double e1 = std::exp(-1.0), s = 2 + e1;
    const TokenProbs a = homework::temperature_top_k({1, 3, 3, 2, 0}, 1.0, 3);
    show::value("ch09 ex1", "temperature_top_k({1, 3, 3, 2, 0}, T = 1, k = 3) ids", ids_of(a), "expected",
                std::vector<int>{1, 2, 3});
    show::value("ch09 ex1", "  probabilities", probs_of(a), "expected", std::vector<double>{1 / s, 1 / s, e1 / s});
    CHECK(ids_of(a) == std::vector<int>{1, 2, 3});
    // Renormalised over the 3 kept, not over all 5.
    CHECK_THAT(probs_of(a), near(std::vector<double>{1 / s, 1 / s, e1 / s}));

    // A tie at the k-th place: ids 0 and 3 both have 2; exactly k = 2 are kept, id 0 wins.
    const TokenProbs tie = homework::temperature_top_k({2, 5, 1, 2}, 1.0, 2);
    CHECK(ids_of(tie) == std::vector<int>{1, 0});

    // Temperature divides the logits: {0, ln 9} at T = 2 is {0, ln 3}: q = (3/4, 1/4).
    const TokenProbs t2 = homework::temperature_top_k({0, float(std::log(9.0))}, 2.0, 2);
    show::value("ch09 ex1", "temperature_top_k({0, ln 9}, T = 2, k = 2)", probs_of(t2), "expected",
                std::vector<double>{0.75, 0.25});
    CHECK(ids_of(t2) == std::vector<int>{1, 0});
    CHECK_THAT(probs_of(t2), near(std::vector<double>{0.75, 0.25}));

    // T → 0 is greedy: all the probability on the largest logit (exp(−1000) is 0 in double).
    // exp(3 / 0.001) without the max subtracted is inf, and inf / inf is NaN.
    const TokenProbs cold = homework::temperature_top_k({1, 3, 2}, 1e-3, 3);
    show::value("ch09 ex1", "temperature_top_k({1, 3, 2}, T = 0.001, k = 3)", probs_of(cold), "expected",
                std::vector<double>{1, 0, 0});
    CHECK(ids_of(cold) == std::vector<int>{1, 2, 0});
    CHECK_THAT(probs_of(cold), near(std::vector<double>{1, 0, 0}).margin(1e-300));  // NaN fails

    // T large flattens: the logits barely differ once divided by a million.
    const TokenProbs hot = homework::temperature_top_k({1, 3, 2}, 1e6, 3);
    show::value("ch09 ex1", "temperature_top_k({1, 3, 2}, T = 1e6, k = 3)", probs_of(hot), "expected about",
                std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3});
    CHECK(ids_of(hot) == std::vector<int>{1, 2, 0});  // the order stays: T > 0
    CHECK_THAT(probs_of(hot), near(std::vector<double>(3, 1.0 / 3)).epsilon(1e-5));
}

TEST_CASE("ex1: temperature_top_k on the teaching model's logits", "[homework][ch09]") {
    const std::vector<float>& logits = phrase_logits();
    const std::size_t V = logits.size();

    // The prediction you wrote down: the top token's probability at T = 0.5, 1, 2 with only the
    // two most likely tokens kept (k = 2).
    std::vector<double> top_got, top_want;
    for (double T : {0.5, 1.0, 2.0}) {
        const TokenProbs got = homework::temperature_top_k(logits, T, 2);
        top_got.push_back(got.empty() ? 0.0 : got[0].second);
        top_want.push_back(library(T, 2)[0].second);
    }
    show::value("ch09 ex1", "top token's q at T = 0.5, 1, 2 (k = 2)", top_got, "library", top_want);

    const TokenProbs five = homework::temperature_top_k(logits, 0.7, 5);
    const TokenProbs five_lib = library(0.7, 5);
    show::value("ch09 ex1", "temperature_top_k(after \" to\", T = 0.7, k = 5)", tokens_of(five, 5), "library",
                tokens_of(five_lib, 5));
    show::value("ch09 ex1", "  probabilities", probs_of(five), "library", probs_of(five_lib));

    struct Case {
        double T;
        std::size_t k;
    };
    const std::vector<Case> cases = {{1.0, 40}, {0.7, 5}, {1.5, 200}, {0.5, V}, {1.0, V}, {2.0, V}};
    double worst = 0;  // over every case (infinite when the ids differ)
    for (const Case c : cases)
        worst = std::max(worst, max_rel_diff(homework::temperature_top_k(logits, c.T, c.k), library(c.T, c.k)));
    show::value("ch09 ex1", "  max relative |diff| from the library, 6 (T, k)", worst, "allowed", 1e-12);
    for (const Case c : cases) {
        INFO("T = " << c.T << ", k = " << c.k);
        const TokenProbs got = homework::temperature_top_k(logits, c.T, c.k);
        const TokenProbs want = library(c.T, c.k);
        REQUIRE(got.size() == want.size());  // exactly k
        CHECK(ids_of(got) == ids_of(want));  // the same tokens in the same order
        CHECK(max_rel_diff(got, want) <= 1e-12);  // (Catch prints 1e-12 as 0.0)
        CHECK(sum_of(got) == Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("ex1: draw by hand", "[homework][ch09]") {
    // Cumulative sums 0.5, 0.75, 1: u in [0, 0.5) draws 7, [0.5, 0.75) draws 3, [0.75, 1) draws 9.
    const TokenProbs d = {{7, 0.5}, {3, 0.25}, {9, 0.25}};
    std::vector<int> got;
    for (double u : {0.0, 0.25, 0.5, 0.6, 0.75, 0.999}) got.push_back(homework::draw(d, u));
    show::value("ch09 ex1", "draw({7: .5, 3: .25, 9: .25}, u = 0, .25, .5, .6, .75, .999)", got, "expected",
                std::vector<int>{7, 7, 3, 3, 9, 9});
    CHECK(got == std::vector<int>{7, 7, 3, 3, 9, 9});  // u = 0.5 exactly: u < 0.5 fails, so 3

    // The sum stops at 0.9 (as rounding can leave it just below 1): u = 0.95 reaches no token.
    // The last one that can be drawn at all is 6: 8 has probability 0.
    const TokenProbs short_sum = {{5, 0.5}, {6, 0.4}, {8, 0.0}};
    const int last = homework::draw(short_sum, 0.95);
    show::value("ch09 ex1", "draw({5: .5, 6: .4, 8: 0}, u = 0.95)", last, "expected", 6);
    CHECK(last == 6);
}

TEST_CASE("ex1: draw matches gpt2::draw_token and gpt2::Sampler on the teaching model", "[homework][ch09]") {
    const TokenProbs dist = library(1.0, 40);  // the library's: this test checks draw alone
    // u on a grid, and exactly on each cumulative sum (where < and ≤ part ways).
    std::vector<double> us;
    for (int i = 0; i < 1000; ++i) us.push_back(i / 1000.0);
    double cumulative = 0;
    for (const auto& [id, q] : dist) us.push_back(cumulative += q);
    us.back() = std::nextafter(1.0, 0.0);  // u < 1 always
    std::size_t mismatches = 0;
    for (double u : us) mismatches += homework::draw(dist, u) != gpt2::draw_token(dist, u);
    show::value("ch09 ex1", "draw vs draw_token, " + std::to_string(us.size()) + " u's (T = 1, k = 40): mismatches",
                mismatches, "expected", 0);
    CHECK(mismatches == 0);

    // A seeded sampler is this draw with u from std::mt19937_64: the same seed, the same tokens.
    const std::vector<float>& logits = phrase_logits();
    gpt2::SamplerOptions o;
    o.top_k = 40;
    o.seed = 2024;
    gpt2::Sampler sampler(o);
    std::mt19937_64 engine(o.seed);
    std::vector<int> ours, theirs;
    for (int i = 0; i < 8; ++i) {
        ours.push_back(homework::draw(dist, gpt2::unit_double(engine())));
        theirs.push_back(sampler.next(logits.data(), logits.size()));
    }
    const auto text = [](const std::vector<int>& ids) {
        std::vector<std::string> t;
        for (int id : ids) t.push_back(id >= 0 && id < teaching().model.config().vocab_size ? teaching().tokenizer.decode({id}) : "?");
        return t;
    };
    show::value("ch09 ex1", "8 draws after \" to\", seed 2024 (T = 1, k = 40)", text(ours), "gpt2::Sampler",
                text(theirs));
    CHECK(ours == theirs);
}

// ---------------------------------------------------------------------------- exercise 2

TEST_CASE("ex2: nucleus by hand", "[homework][ch09]") {
    // Powers of 2: every sum below is exact. Cumulative: 0.5, 0.75, 0.875, 1.
    const TokenProbs d = {{4, 0.5}, {1, 0.25}, {2, 0.125}, {3, 0.125}};

    // Exactly top_p after two tokens: ≥ stops there (> would take a third).
    const TokenProbs at = homework::nucleus(d, 0.75);
    show::value("ch09 ex2", "nucleus({4: .5, 1: .25, 2: .125, 3: .125}, 0.75)", probs_of(at), "expected",
                std::vector<double>{2.0 / 3, 1.0 / 3});
    CHECK(ids_of(at) == std::vector<int>{4, 1});
    CHECK_THAT(probs_of(at), near(std::vector<double>{2.0 / 3, 1.0 / 3}));  // renormalised: 0.5 / 0.75

    const TokenProbs over = homework::nucleus(d, 0.8);  // 0.75 < 0.8 ≤ 0.875: three tokens
    show::value("ch09 ex2", "nucleus(same, 0.8) ids", ids_of(over), "expected", std::vector<int>{4, 1, 2});
    CHECK(ids_of(over) == std::vector<int>{4, 1, 2});
    CHECK_THAT(probs_of(over), near(std::vector<double>{0.5 / 0.875, 0.25 / 0.875, 0.125 / 0.875}));

    const TokenProbs one = homework::nucleus(d, 0.3);  // the first token alone passes 0.3
    show::value("ch09 ex2", "nucleus(same, 0.3)", probs_of(one), "expected", std::vector<double>{1});
    CHECK(ids_of(one) == std::vector<int>{4});
    CHECK(probs_of(one) == std::vector<double>{1});

    const TokenProbs all = homework::nucleus(d, 1.0);  // top_p = 1 keeps every token as it was
    show::value("ch09 ex2", "nucleus(same, 1) ids", ids_of(all), "expected", std::vector<int>{4, 1, 2, 3});
    CHECK(ids_of(all) == std::vector<int>{4, 1, 2, 3});
    CHECK(probs_of(all) == probs_of(d));

    // 0.4 + 0.3 + 0.2 + 0.1 is 0.9999999999999999 in double: top_p = 1 is never reached, and
    // still every token stays (and the four, renormalised, sum to 1).
    const TokenProbs tenths = {{0, 0.4}, {1, 0.3}, {2, 0.2}, {3, 0.1}};
    const TokenProbs kept = homework::nucleus(tenths, 1.0);
    show::value("ch09 ex2", "nucleus({0: .4, 1: .3, 2: .2, 3: .1}, 1) ids", ids_of(kept), "expected",
                std::vector<int>{0, 1, 2, 3});
    CHECK(ids_of(kept) == std::vector<int>{0, 1, 2, 3});
    CHECK(sum_of(kept) == Approx(1.0).epsilon(1e-15));
}

TEST_CASE("ex2: nucleus against gpt2::sampling_distribution on the teaching model", "[homework][ch09]") {
    // The prediction you wrote down: how many tokens hold 50%, 90%, 99% of the probability?
    const TokenProbs full = library(1.0, 0);  // all 50257, sorted
    std::vector<std::size_t> got_sizes, want_sizes;
    for (double p : {0.5, 0.9, 0.99}) {
        got_sizes.push_back(homework::nucleus(full, p).size());
        want_sizes.push_back(library(1.0, 0, p).size());
    }
    show::value("ch09 ex2", "nucleus size at top_p = 0.5, 0.9, 0.99 (T = 1)", got_sizes, "library", want_sizes);

    struct Case {
        double T;
        std::size_t k;  // 0: all
        double p;
    };
    const std::vector<Case> cases = {{1.0, 0, 0.5}, {1.0, 0, 0.9}, {1.0, 0, 0.99}, {0.7, 0, 0.9},
                                     {1.3, 0, 0.95}, {1.0, 40, 0.9}, {1.0, 0, 1e-9}};
    double worst = 0;  // over every case (infinite when the ids differ)
    for (const Case c : cases)
        worst = std::max(worst, max_rel_diff(homework::nucleus(library(c.T, c.k), c.p), library(c.T, c.k, c.p)));
    show::value("ch09 ex2", "  max relative |diff| from the library, 7 (T, k, top_p)", worst, "allowed", 1e-12);
    for (const Case c : cases) {
        INFO("T = " << c.T << ", k = " << c.k << ", top_p = " << c.p);
        // The library's distribution before top-p (temperature and top-k: exercise 1's), then yours.
        const TokenProbs got = homework::nucleus(library(c.T, c.k), c.p);
        const TokenProbs want = library(c.T, c.k, c.p);
        REQUIRE(got.size() == want.size());
        CHECK(ids_of(got) == ids_of(want));
        CHECK(max_rel_diff(got, want) <= 1e-12);  // (Catch prints 1e-12 as 0.0)
    }
}

// ---------------------------------------------------------------------------- exercise 3

TEST_CASE("ex3: append_and_attend by hand", "[homework][ch09]") {
    // D = 2: scores are divided by √2. An empty cache: the first token sees only itself, out = v.
    homework::HeadCache cache;
    const std::vector<float> first = homework::append_and_attend(cache, {1, 0}, {0, 0}, {4, 0});
    show::value("ch09 ex3", "append_and_attend(empty cache, v = {4, 0})", first, "expected", std::vector<float>{4, 0});
    show::value("ch09 ex3", "  rows in the cache after it", cache.keys.size(), "expected", 1);
    CHECK_THAT(first, near(std::vector<float>{4, 0}).margin(1e-6));
    CHECK(cache.keys == Rows{{0, 0}});
    CHECK(cache.values == Rows{{4, 0}});

    // The second token scores key 0 at 0 and its own key at √2·ln 3 / √2 = ln 3: p = (1/4, 3/4),
    // out = ¼·(4, 0) + ¾·(0, 8) = (1, 6) (chapter 7's two-token case, one row at a time).
    const float ln3 = std::log(3.0f), r2 = std::sqrt(2.0f);
    homework::HeadCache big = cache;  // for the large scores below
    const std::vector<float> second = homework::append_and_attend(cache, {1, 0}, {r2 * ln3, 0}, {0, 8});
    show::value("ch09 ex3", "append_and_attend(1 cached row, k = {√2 ln 3, 0})", second, "expected",
                std::vector<float>{1, 6});
    CHECK_THAT(second, near(std::vector<float>{1, 6}));
    CHECK(cache.keys == Rows{{0, 0}, {r2 * ln3, 0}});  // the first row untouched, the new one after it
    CHECK(cache.values == Rows{{4, 0}, {0, 8}});

    // Scores of about 1100: exp overflows unless the max is subtracted first.
    const std::vector<float> hot = homework::append_and_attend(big, {1000, 0}, {r2 * ln3, 0}, {0, 8});
    show::value("ch09 ex3", "append_and_attend(scores of ~1100)", hot, "expected", std::vector<float>{0, 8});
    CHECK_THAT(hot, near(std::vector<float>{0, 8}).margin(1e-6));  // NaN fails
}

TEST_CASE("ex3: append_and_attend after the library's KV cache, teaching layers 0 and 3", "[homework][ch09]") {
    // The library fills a gpt2::KVCache with the first T − 1 tokens (prefill); your function
    // takes one head's rows of it and the last token's q, k, v, and must give the last row of
    // the whole-sequence attention.
    const gpt2::Model& model = teaching().model;
    const std::size_t C = model.config().n_embd, H = model.config().n_head, D = model.config().head_dim();
    const std::vector<int>& ids = phrase_ids();
    const std::size_t T = ids.size();
    gpt2::KVCache kv(model.config(), T);
    gpt2::forward_with_cache(model, kv, std::vector<int>(ids.begin(), ids.end() - 1));  // positions 0 … T-2

    for (std::size_t layer : {0, 3}) {
        INFO("layer " << layer);
        const LayerQKV x = layer_qkv(phrase_run().states[layer], layer);  // the full sequence's
        xt::xtensor<float, 2> heads = xt::zeros<float>({std::size_t(1), C});  // the last token's, side by side
        std::size_t bad_rows = 0, bad_growth = 0;
        for (std::size_t h = 0; h < H; ++h) {
            homework::HeadCache cache;
            for (std::size_t j = 0; j + 1 < T; ++j) {
                cache.keys.push_back(slice(kv.keys(layer), j, h * D, D));
                cache.values.push_back(slice(kv.values(layer), j, h * D, D));
            }
            const homework::HeadCache before = cache;
            const std::vector<float> q = slice(x.qkv, T - 1, h * D, D), k = slice(x.qkv, T - 1, C + h * D, D),
                                     v = slice(x.qkv, T - 1, 2 * C + h * D, D);
            const std::vector<float> out = homework::append_and_attend(cache, q, k, v);
            if (out.size() == D) std::copy(out.begin(), out.end(), heads.data() + h * D);
            // One more row each, the new k and v; the cached rows exactly as they were.
            bad_growth += !(cache.keys.size() == T && cache.values.size() == T && cache.keys.back() == k &&
                            cache.values.back() == v);
            for (std::size_t j = 0; j + 1 < T; ++j)
                bad_rows += j >= cache.keys.size() || j >= cache.values.size() || cache.keys[j] != before.keys[j] ||
                            cache.values[j] != before.values[j];
        }
        const xt::xtensor<float, 2> full = full_attention(x.xn, layer);  // [T, C]
        const xt::xtensor<float, 2> last = xt::view(full, xt::range(T - 1, T), xt::all());
        const double worst = max_abs_diff(project(heads, layer), last);
        show::value("ch09 ex3", "layer " + std::to_string(layer) + ", token " + std::to_string(T - 1) +
                                    " after a prefill of " + std::to_string(T - 1) + ": max |diff|",
                    worst, "allowed", 1e-5);
        if (layer == 0) {
            show::value("ch09 ex3", "  heads whose cache did not end with the new k, v", bad_growth, "expected", 0);
            show::value("ch09 ex3", "  cached rows changed or lost (of " + std::to_string(H * (T - 1)) + ")", bad_rows,
                        "expected", 0);
        }
        CHECK(bad_growth == 0);
        CHECK(bad_rows == 0);
        CHECK(worst <= 1e-5);
    }
}

TEST_CASE("ex3: one token at a time gives the whole sequence's attention", "[homework][ch09]") {
    // Decode a 20-odd-token sentence from an empty cache, token by token, in every head of
    // layers 0 and 2: every row must be what attention over the whole sequence computes.
    const gpt2::Model& model = teaching().model;
    const std::size_t C = model.config().n_embd, H = model.config().n_head, D = model.config().head_dim();
    const std::vector<int> ids = teaching().encode_prompt(
        "This weekend I plan to visit my grandmother in the country, where the river runs under "
        "seven stone bridges.");
    const std::size_t T = ids.size();
    const std::vector<xt::xtensor<float, 2>> states = gpt2::hidden_states(model, ids);

    for (std::size_t layer : {0, 2}) {
        INFO("layer " << layer);
        const LayerQKV x = layer_qkv(states[layer], layer);
        xt::xtensor<float, 2> heads = xt::zeros<float>({T, C});
        std::size_t final_rows = 0;  // head 0's cache after the last step
        for (std::size_t h = 0; h < H; ++h) {
            homework::HeadCache cache;
            for (std::size_t t = 0; t < T; ++t) {
                const std::vector<float> out = homework::append_and_attend(
                    cache, slice(x.qkv, t, h * D, D), slice(x.qkv, t, C + h * D, D), slice(x.qkv, t, 2 * C + h * D, D));
                if (out.size() == D) std::copy(out.begin(), out.end(), heads.data() + t * C + h * D);
            }
            if (h == 0) final_rows = cache.keys.size();
        }
        const double worst = max_abs_diff(project(heads, layer), full_attention(x.xn, layer));
        show::value("ch09 ex3", "layer " + std::to_string(layer) + ", " + std::to_string(T) +
                                    " tokens one at a time: max |diff|",
                    worst, "allowed", 1e-5);
        CHECK(final_rows == T);
        CHECK(worst <= 1e-5);
    }
}
