// test_position_zero_report.cpp — how chapter 8 words an experiment's loss change
// (display/position_zero_report.hpp): the paired difference over windows, its standard error, and the
// three wordings, on hand-made results whose numbers can be checked by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "display/position_zero_report.hpp"

using Catch::Matchers::Contains;

namespace {

// A result with only what the sentence reads: per-window losses on positions ≥ 1, the loss at
// position 0, and the attention share on position 0 per layer.
gpt2::ExperimentResult result(const std::string& name, std::vector<double> rest_by_window, double loss0, double share) {
    gpt2::ExperimentResult r;
    r.name = name;
    r.loss_rest_by_window = rest_by_window;
    double sum = 0;
    for (double x : rest_by_window) sum += x;
    r.loss_rest = sum / double(rest_by_window.size());
    r.loss_by_position = {loss0, r.loss_rest};
    r.sink_share_by_layer = {share, share};
    return r;
}

const gpt2::ExperimentResult kBase = result("baseline", {3.0, 3.2, 2.8}, 5.0, 0.6);

}  // namespace

TEST_CASE("position_zero_report: the paired difference is the mean and standard error of run − baseline per window") {
    // d = {0.1, -0.1, 0.05}: mean 0.05/3, se = sqrt(Σ(d − mean)² / 2 / 3).
    const gpt2::PairedDifference d = gpt2::paired_difference(result("zero", {3.1, 3.1, 2.85}, 5.0, 0.6), kBase);
    const double mean = 0.05 / 3;
    const double ss = std::pow(0.1 - mean, 2) + std::pow(-0.1 - mean, 2) + std::pow(0.05 - mean, 2);
    CHECK(d.windows == 3);
    CHECK(d.mean == Approx(mean).margin(1e-12));
    CHECK(d.se == Approx(std::sqrt(ss / 2 / 3)).epsilon(1e-12));
    CHECK_FALSE(gpt2::beyond_noise(d));  // 0.017 < 2 × 0.06
    // One window has no spread to compare with: never beyond the noise.
    const gpt2::ExperimentResult one = result("baseline", {3.0}, 5.0, 0.6);
    CHECK_FALSE(gpt2::beyond_noise(gpt2::paired_difference(result("zero", {4.0}, 5.0, 0.6), one)));
}

TEST_CASE("position_zero_report: an experiment's sentence is worded from its numbers") {
    CHECK(gpt2::experiment_sentence(kBase, kBase, "", 64) ==
          "baseline: the forward as it is; the loss is 5.00 at position 0 against 3.00 on positions 1 … 62, and "
          "the heads give position 0 0.60 of their attention on average.");
    // +0.1 in every window: beyond twice its standard error (0) and above 0.01 nats.
    CHECK(gpt2::experiment_sentence(result("zero", {3.1, 3.3, 2.9}, 7.0, 0.2), kBase, "zeroing it", 64) ==
          "zero: zeroing it raises the loss on positions 1 … 62 by +0.100 ± 0.000 nats (mean ± standard error over "
          "3 windows): beyond twice its standard error, so on these windows the other positions depend on what was "
          "changed; attention on position 0 goes from 0.60 to 0.20, and the loss at position 0 from 5.00 to 7.00.");
    CHECK_THAT(gpt2::experiment_sentence(result("mean", {2.9, 3.1, 2.7}, 5.0, 0.6), kBase, "x", 64),
               Contains("x lowers the loss") && Contains("attention on position 0 stays at 0.60"));
    // Steady but under 0.01 nats: beyond the noise, a small effect, and not "raises".
    CHECK_THAT(gpt2::experiment_sentence(result("scale", {3.005, 3.206, 2.804}, 5.0, 0.6), kBase, "x", 64),
               Contains("x changes the loss") && Contains("+0.005") &&
                   Contains("beyond twice its standard error but under 0.01 nats, a small effect"));
    // Large but the windows disagree: within the noise.
    CHECK_THAT(gpt2::experiment_sentence(result("transplant", {3.5, 2.7, 2.9}, 5.0, 0.6), kBase, "x", 64),
               Contains("x changes the loss") && Contains("these windows cannot tell it from no change"));
    gpt2::ExperimentResult skipped;
    skipped.name = "prepend_eot";
    skipped.skipped = "too long";
    CHECK(gpt2::experiment_sentence(skipped, kBase, "x", 64) == "prepend_eot: skipped (too long).");
}
