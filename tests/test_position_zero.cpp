// Chapter 8's library pieces: the statistics on hand-made numbers a reader can check, the hooks
// of the experiments on the teaching model (what they hold, what they leave alone, bit for bit),
// and the massive dimension each trained model has.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "lens/attention_sink.hpp"
#include "lens/massive_dimension.hpp"
#include "lens/next_token_loss.hpp"
#include "lens/position_zero_experiments.hpp"
#include "model/checkpoint.hpp"
#include "model/transformer.hpp"
#include "model_fixtures.hpp"
#include "support/data_dir.hpp"
#include "support/error.hpp"
#include "text/text_windows.hpp"

namespace {

bool same_bits(const xt::xtensor<float, 2>& a, const xt::xtensor<float, 2>& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
bool same_bits(const xt::xtensor<float, 3>& a, const xt::xtensor<float, 3>& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
bool same_row(const xt::xtensor<float, 2>& a, const xt::xtensor<float, 2>& b, std::size_t t) {
    return a.shape(1) == b.shape(1) && std::memcmp(&a(t, 0), &b(t, 0), a.shape(1) * sizeof(float)) == 0;
}

// "This weekend I plan to buy a new car and drive"
const std::vector<int> kIds = {770, 5041, 314, 1410, 284, 2822, 257, 649, 1097, 290, 3708};

// The text the statistics run on: the bundled held-out sample, or (before it is there) the README.
std::filesystem::path sample_text() {
    const auto p = gpt2::data_dir() / "text" / "heldout-sample.txt";
    if (std::filesystem::exists(p)) return p;
    WARN("data/text/heldout-sample.txt is missing: the README stands in");
    return std::filesystem::path(GPT2_TEST_DIR) / ".." / "README.md";
}

xt::xtensor<float, 3> pattern(const std::vector<std::vector<std::vector<float>>>& heads) {  // [H][T][T]
    const std::size_t H = heads.size(), T = heads[0].size();
    xt::xtensor<float, 3> p = xt::zeros<float>({H, T, T});
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t i = 0; i < T; ++i)
            for (std::size_t j = 0; j < heads[h][i].size(); ++j) p(h, i, j) = heads[h][i][j];
    return p;
}

}  // namespace

// ---- the dimension --------------------------------------------------------------------------

TEST_CASE("median: the middle value, or the mean of the middle two", "[position_zero]") {
    CHECK(gpt2::median({3, 1, 2}) == 2);
    CHECK(gpt2::median({4, 1, 3, 2}) == 2.5);
    CHECK(gpt2::median({7}) == 7);
    CHECK(gpt2::median({5, 5, 1, 9}) == 5);
    CHECK_THROWS_AS(gpt2::median({}), gpt2::Error);
}

TEST_CASE("top dimensions: largest |value| first, ties to the smaller dimension", "[position_zero]") {
    CHECK(gpt2::top_dimensions({1, -3, 3, 2}, 3) == std::vector<std::size_t>{1, 2, 3});
    CHECK(gpt2::top_dimensions({0, 0, 0}, 2) == std::vector<std::size_t>{0, 1});
    CHECK(gpt2::top_dimensions({1, 2}, 5) == std::vector<std::size_t>{1, 0});  // k larger than C: all of them
}

TEST_CASE("position 0 against the others on a hand-made state", "[position_zero]") {
    // T = 4, C = 2. Dimension 0: others |1|, |3|, |2| → median 2 → ratio 5/2.
    // Dimension 1: others 2, 4, 0 → median 2 → ratio 1/2.
    const xt::xtensor<float, 2> h = {{5, -1}, {1, 2}, {-3, -4}, {2, 0}};
    const gpt2::DimensionStats s = gpt2::position_zero_dimensions(h);
    CHECK(s.value == std::vector<double>{5, -1});
    CHECK(s.median_other == std::vector<double>{2, 2});
    CHECK(s.ratio(0) == 2.5);
    CHECK(s.ratio(1) == 0.5);
    // T = 3: an even number of others, the mean of the two.
    const gpt2::DimensionStats e = gpt2::position_zero_dimensions(xt::xtensor<float, 2>{{1, 0}, {1, 0}, {-4, 0}});
    CHECK(e.median_other == std::vector<double>{2.5, 0});
    CHECK(std::isinf(e.ratio(1)));  // a zero median: +inf, sorted last by the chapter
    CHECK_THROWS_AS(gpt2::position_zero_dimensions(xt::xtensor<float, 2>{{1, 2}}), gpt2::Error);
}

TEST_CASE("the mean over windows is the mean of value and of median, then their ratio", "[position_zero]") {
    gpt2::DimensionAverage avg;
    avg.add({xt::xtensor<float, 2>{{4, 1}, {2, 1}, {2, 1}}});
    avg.add({xt::xtensor<float, 2>{{-2, 1}, {6, 1}, {6, 1}}});
    const std::vector<gpt2::DimensionStats> m = avg.mean();
    REQUIRE(m.size() == 1);
    CHECK(m[0].value == std::vector<double>{1, 1});
    CHECK(m[0].median_other == std::vector<double>{4, 1});
    CHECK(m[0].ratio(0) == 0.25);
}

TEST_CASE("the massive dimension: top-1 in the most block outputs, ties by the sum of |value|", "[position_zero]") {
    const auto state = [](std::vector<double> v) { return gpt2::DimensionStats{v, std::vector<double>(v.size(), 1.0)}; };
    SECTION("the most states wins; the embeddings and ln_f's state do not count") {
        // L = 4: states 0 … 4; block outputs 1 … 3. Dimension 2 is top in 2 and 3, dimension 0 in 1,
        // dimension 1 in states 0 and 4 (not counted).
        const auto m = gpt2::find_massive_dimension(
            {state({0, 9, 0}), state({5, 1, 2}), state({1, 1, 7}), state({1, 1, -8}), state({0, 9, 0})});
        CHECK(m.dim == 2);
        CHECK(m.states == std::vector<std::size_t>{2, 3});
        CHECK(m.first_state == 2);
    }
    SECTION("a tie in states goes to the larger sum of |value|, then to the smaller dimension") {
        // L = 3: block outputs 1, 2. Dimension 0 top in 1, dimension 1 top in 2; sums 6+1 vs 5+6.
        auto m = gpt2::find_massive_dimension({state({0, 0}), state({6, 5}), state({1, 6}), state({0, 0})});
        CHECK(m.dim == 1);
        CHECK(m.states == std::vector<std::size_t>{2});
        m = gpt2::find_massive_dimension({state({0, 0}), state({6, 5}), state({5, 6}), state({0, 0})});
        CHECK(m.dim == 0);
    }
    SECTION("one block: state 1 is the only one there is") {
        const auto m = gpt2::find_massive_dimension({state({1, 0}), state({0, 3})});
        CHECK(m.dim == 1);
        CHECK(m.states == std::vector<std::size_t>{1});
    }
}

// ---- the sink -------------------------------------------------------------------------------

TEST_CASE("Gu et al.'s score counts query 0, chapter 7's share does not; the rate is the share of heads above 0.3",
          "[position_zero]") {
    // One layer, two heads, T = 4. Head 0: p[t, 0] = 1, .5, .2, .1 → score 1.8/4 = 0.45, share 0.8/3.
    // Head 1: p[t, 0] = 1, 0, 0, 0 → score 0.25 (query 0 alone), share 0.
    const std::vector<xt::xtensor<float, 3>> att = {pattern({
        {{1}, {.5f, .5f}, {.2f, .3f, .5f}, {.1f, .2f, .3f, .4f}},
        {{1}, {0, 1}, {0, .5f, .5f}, {0, 0, 0, 1}},
    })};
    const xt::xtensor<double, 2> score = gpt2::first_token_score(att);
    CHECK(score(0, 0) == Approx(0.45).margin(1e-7));
    CHECK(score(0, 1) == 0.25);
    CHECK(gpt2::sink_rate(score) == 0.5);
    CHECK(gpt2::sink_rate(score, 0.2) == 1.0);

    gpt2::AttentionSinkAverage avg;
    avg.add(att);
    avg.add({pattern({{{1}, {1, 0}, {1, 0, 0}, {1, 0, 0, 0}}, {{1}, {0, 1}, {0, 0, 1}, {0, 0, 0, 1}}})});
    const gpt2::AttentionSink s = avg.mean();
    CHECK(s.windows == 2);
    CHECK(s.gu_score(0, 0) == Approx((0.45 + 1.0) / 2).margin(1e-7));
    CHECK(s.gu_score(0, 1) == 0.25);
    CHECK(s.share.share(0, 0) == Approx((0.8 / 3 + 1.0) / 2).margin(1e-7));
    CHECK(s.gu_rate == 0.5);  // from the averaged scores: 0.725 and 0.25
    CHECK(s.share.uniform == Approx((1.0 / 2 + 1.0 / 3 + 1.0 / 4) / 3));
}

TEST_CASE("windows: consecutive, non-overlapping, from token 0; the text's errors are one line each", "[position_zero]") {
    const std::vector<int> ids = {0, 1, 2, 3, 4, 5, 6};
    CHECK(gpt2::consecutive_windows(ids, 3, 16) == std::vector<std::vector<int>>{{0, 1, 2}, {3, 4, 5}});
    CHECK(gpt2::consecutive_windows(ids, 3, 1) == std::vector<std::vector<int>>{{0, 1, 2}});
    CHECK(gpt2::consecutive_windows(ids, 8, 16).empty());

    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("tiny");
    fixtures::TempDir dir;
    fixtures::write_bytes(dir / "empty.txt", "");
    fixtures::write_bytes(dir / "short.txt", "Hello world, hello.");
    fixtures::write_bytes(dir / "ok.txt", "\xEF\xBB\xBF" "one two three four five six seven eight");
    const auto windows = [&](const std::string& file, std::size_t W) {
        return gpt2::text_windows((dir / file).string(), file, ck.tokenizer, W, 16, 64, "tiny");
    };
    CHECK_THROWS_WITH(windows("empty.txt", 8), "--text empty.txt is empty; give a text of at least 8 tokens (one --window)");
    CHECK_THROWS_WITH(windows("short.txt", 8), "--text short.txt has 5 tokens, fewer than one window of 8; give a longer "
                                               "text or a smaller --window");
    CHECK_THROWS_WITH(windows("ok.txt", 65), "--window 65: tiny reads at most 64 tokens (n_positions); give a smaller --window");
    CHECK_THROWS_WITH(windows("missing.txt", 8), Catch::Contains("--text missing.txt: cannot open the file"));
    const gpt2::TextWindows ok = windows("ok.txt", 4);
    CHECK(ok.ids == ck.tokenizer.encode("one two three four five six seven eight"));  // no BOM; the prompt's prefix space
    CHECK(ok.windows.size() == ok.ids.size() / 4);
}

// ---- the experiments' hooks -----------------------------------------------------------------

TEST_CASE("zero, mean and scale hold position 0's dimension from block b on and leave the states before b untouched",
          "[position_zero]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("teaching");
    const std::size_t L = std::size_t(ck.model.config().n_layer), d = 44, T = kIds.size();
    const auto plain = gpt2::hidden_states(ck.model, kIds);
    for (std::size_t b : {std::size_t(0), std::size_t(2), L - 1}) {
        DYNAMIC_SECTION("from block " << b) {
            struct Case {
                const char* name;
                gpt2::ForwardHooks hooks;
            };
            for (Case c : {Case{"zero", gpt2::zero_hooks(d, b)}, Case{"mean", gpt2::mean_hooks(d, b)},
                           Case{"scale", gpt2::scale_hooks(d, b, 0.25f)}}) {
                INFO(c.name);
                // What the hooks leave after the last block (before ln_f), read after they ran.
                std::vector<float> after(L), mean_of_others(L);
                const auto edit = c.hooks.block_output;
                c.hooks.block_output = [&](std::size_t l, xt::xtensor<float, 2>& x) {
                    edit(l, x);
                    after[l] = x(0, d);
                    double sum = 0;
                    for (std::size_t t = 1; t < T; ++t) sum += x(t, d);
                    mean_of_others[l] = float(sum / double(T - 1));
                };
                const auto edited = gpt2::hidden_states(ck.model, kIds, nullptr, &c.hooks);
                for (std::size_t s = 0; s < b; ++s) CHECK(same_bits(edited[s], plain[s]));  // bit for bit
                // At the input of block b the residual is still the plain one, but for the edit.
                for (std::size_t t = 1; t < T; ++t) CHECK(same_row(edited[b], plain[b], t));
                double others = 0;  // the mean's rule, from the plain rows t ≥ 1 (the same here)
                for (std::size_t t = 1; t < T; ++t) others += plain[b](t, d);
                const float expected_b = std::string(c.name) == "zero"   ? 0.0f
                                         : std::string(c.name) == "scale" ? plain[b](0, d) * 0.25f
                                                                          : float(others / double(T - 1));
                CHECK(edited[b](0, d) == expected_b);
                // Every block output from b on holds the rule (states b … L−1 and the residual before ln_f).
                for (std::size_t s = std::max<std::size_t>(b, 1); s <= L; ++s) {
                    const std::size_t l = s - 1;  // block l's output is state s (ln_f's input for s = L)
                    if (std::string(c.name) == "zero") CHECK(after[l] == 0.0f);
                    if (std::string(c.name) == "mean") CHECK(after[l] == mean_of_others[l]);
                    if (s < L) CHECK(edited[s](0, d) == after[l]);
                }
                CHECK_FALSE(same_bits(edited[L], plain[L]));  // and it reached the output
            }
        }
    }
}

TEST_CASE("transplant: from block b on, position 0 evolves as the donor token run alone", "[position_zero]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("teaching");
    const std::size_t L = std::size_t(ck.model.config().n_layer), b = 1;
    const int donor = 34668;  // " Yesterday"
    const auto alone = gpt2::hidden_states(ck.model, std::vector<int>{donor});
    const gpt2::ForwardHooks hooks = gpt2::transplant_hooks(b, gpt2::donor_residual(ck.model, donor, b));
    const auto edited = gpt2::hidden_states(ck.model, kIds, nullptr, &hooks);
    const auto plain = gpt2::hidden_states(ck.model, kIds);
    for (std::size_t s = 0; s < b; ++s) CHECK(same_bits(edited[s], plain[s]));
    CHECK(same_row(edited[b], alone[b], 0));  // the row put there, exactly
    // Later: the same arithmetic on a [1, C] and a [T, C] matrix; BLAS may sum in another order.
    // Measured on teaching (states 2 … 6): identical under OPENBLAS_CORETYPE=Haswell; under Prescott
    // and SkylakeX at most 3.8e-6, i.e. 3.5e-7 of the row's largest |value|. 1e-5 of it allowed.
    for (std::size_t s = b + 1; s <= L; ++s) {
        float worst = 0, scale = 0;
        for (std::size_t c = 0; c < alone[s].shape(1); ++c) {
            worst = std::max(worst, std::abs(edited[s](0, c) - alone[s](0, c)));
            scale = std::max(scale, std::abs(alone[s](0, c)));
        }
        INFO("state " << s << ": largest difference " << worst << " of " << scale);
        CHECK(worst <= 1e-5f * scale);
    }
}

TEST_CASE("the baseline experiment is the plain forward, bit for bit; prepend_eot runs [EOT] + window",
          "[position_zero]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("teaching");
    const int eot = ck.tokenizer.eos_id();
    gpt2::ExperimentSettings settings;
    settings.dim = 44;
    settings.from_block = 1;
    settings.donor_row = gpt2::donor_residual(ck.model, 34668, 1);
    settings.eot_id = eot;
    const std::vector<gpt2::Experiment> runs = gpt2::position_zero_experiments(settings);
    REQUIRE(runs.size() == 6);
    CHECK(runs[0].name == "baseline");
    CHECK(runs[5].name == "prepend_eot");

    std::vector<xt::xtensor<float, 3>> attention;
    const auto plain = gpt2::hidden_states(ck.model, kIds, &attention);
    const gpt2::ExperimentForward base = gpt2::run_experiment(ck.model, runs[0], kIds, eot);
    REQUIRE(base.states.size() == plain.size());
    for (std::size_t s = 0; s < plain.size(); ++s) CHECK(same_bits(base.states[s], plain[s]));
    for (std::size_t l = 0; l < attention.size(); ++l) CHECK(same_bits(base.attention[l], attention[l]));

    const gpt2::ExperimentForward eot_first = gpt2::run_experiment(ck.model, runs[5], kIds, eot);
    CHECK(eot_first.offset == 1);
    CHECK(eot_first.ids.front() == eot);
    CHECK(std::vector<int>(eot_first.ids.begin() + 1, eot_first.ids.end()) == kIds);

    // The baseline's loss is the plain forward's next-token loss.
    const std::vector<std::vector<int>> windows = {kIds};
    const gpt2::ExperimentResult r = gpt2::measure_experiment(ck.model, runs[0], windows, eot);
    const std::vector<double> loss = gpt2::next_token_loss(ck.model, plain.back(), kIds);
    CHECK(r.loss_by_position == loss);
    CHECK(r.lens_kl_pos0.back() == 0);  // the final state against itself
    CHECK(r.lens_agree_pos0.back() == 1);
}

TEST_CASE("prepend_eot is skipped, saying why, when the window fills the context", "[position_zero]") {
    const gpt2::Checkpoint ck = gpt2::Checkpoint::open("tiny");
    std::vector<int> window(64);
    for (std::size_t i = 0; i < window.size(); ++i) window[i] = int(i % 50);
    gpt2::ExperimentSettings settings;
    settings.eot_id = ck.tokenizer.eos_id();
    settings.donor_row = gpt2::donor_residual(ck.model, 5, 0);
    const auto runs = gpt2::position_zero_experiments(settings);
    const gpt2::ExperimentResult r = gpt2::measure_experiment(ck.model, runs[5], {window}, settings.eot_id);
    CHECK(r.skipped == "<|endoftext|> and a window of 64 are 65 tokens, more than n_positions 64");
    CHECK(r.loss_by_position.empty());
}

// ---- the trained models ---------------------------------------------------------------------

TEST_CASE("the massive dimension: 44 on teaching (every block output), 55 on teaching-small (h2, h3 only)",
          "[position_zero]") {
    struct Expect {
        const char* model;
        std::size_t dim;
        std::vector<std::size_t> states;
    };
    for (const Expect& e : {Expect{"teaching", 44, {1, 2, 3, 4, 5}}, Expect{"teaching-small", 55, {2, 3}}}) {
        DYNAMIC_SECTION(e.model) {
            const gpt2::Checkpoint ck = gpt2::Checkpoint::open(e.model);
            const auto text = gpt2::text_windows(sample_text().string(), "sample", ck.tokenizer, 64, 16,
                                                 std::size_t(ck.model.config().n_positions), e.model);
            gpt2::DimensionAverage avg;
            for (const auto& w : text.windows) avg.add(gpt2::hidden_states(ck.model, w));
            const gpt2::MassiveDimension m = gpt2::find_massive_dimension(avg.mean());
            CHECK(m.dim == e.dim);
            CHECK(m.states == e.states);
        }
    }
}
