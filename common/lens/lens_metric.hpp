// lens/lens_metric.hpp — one number per cell of the logit-lens grid, and how it is coloured.
//
// Which number colours a cell (ch06_logit_lens --metric):
//   prob     p(final top-1) at this state        0 … 1, brighter = higher
//   rank     rank of the final top-1 (0 = top)   log scale, brighter = closer to 0
//   kl       KL(final ‖ this state), nats        0 … largest in the grid, brighter = smaller
//   entropy  entropy of this state, nats         0 … ln V (uniform), brighter = lower (surer)
//   norm     ‖h‖₂ of the hidden state            0 … largest in the grid, brighter = larger
// Every metric is mapped to a "shade" in [0, 1] where 1 is always the bright end of the
// colour scale (display/color_scale.hpp): for prob, rank, kl and entropy bright means "confident
// and/or close to the final answer"; for norm it simply means "large".
//
// Deliberately not here: computing the numbers (lens/logit_lens.hpp) or drawing (display/ansi_grid.hpp,
// display/heatmap_html.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lens/logit_lens.hpp"

namespace gpt2 {

enum class LensMetric { Prob, Rank, Kl, Entropy, Norm };

// Every metric, in the order of --help and of the HTML menu.
const std::vector<LensMetric>& all_lens_metrics();
// "prob", "rank", "kl", "entropy", "norm"
std::string metric_name(LensMetric m);
// Throws gpt2::Error (one line listing the choices) for an unknown name.
LensMetric parse_metric(const std::string& name);
// One line for the legend, e.g. "prob = probability of the final top-1 token".
std::string metric_description(LensMetric m);

double metric_value(const LensCell& cell, LensMetric m);
// Short text for a grid cell: prob "0.931" or "0.00412" (3 significant digits), rank "12",
// kl/entropy "3.25", norm "123.4".
std::string format_metric(double value, LensMetric m);

// How values become shades in [0, 1] for one grid (kl and norm scale to the grid's max).
struct MetricScale {
    LensMetric metric = LensMetric::Prob;
    double max = 1;                // the value range is 0 … max (rank: 0 … V - 1)
    double shade(double value) const;     // 0 = dark end, 1 = bright end
    std::string dark_label() const;       // the value at the dark end, for the legend
    std::string bright_label() const;     // the value at the bright end
};
MetricScale metric_scale(LensMetric m, const LensResult& lens, std::size_t vocab_size);

}  // namespace gpt2
