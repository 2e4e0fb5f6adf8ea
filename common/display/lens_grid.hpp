// display/lens_grid.hpp — the logit lens as a terminal grid: hidden states × positions, the final
// state (the model's output) at the top, each cell's background coloured by a metric.
//
// Two grids, as ch06_logit_lens prints them: the top-1 token of every state (with ✓ where
// it is the next input token), and the metric's value itself. The numbers come from
// lens/logit_lens.hpp, the colours from lens/lens_metric.hpp, the drawing from display/ansi_grid.hpp.
#pragma once

#include <string>

#include "display/ansi_grid.hpp"
#include "lens/lens_metric.hpp"
#include "lens/logit_lens.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

// Cell text: the state's top-1 token, followed by ✓ when it is the next input token.
std::string lens_top1_grid(const LensResult& lens, const Tokenizer& tok, LensMetric metric, const GridStyle& style);

// Cell text: the metric's value (format_metric).
std::string lens_metric_grid(const LensResult& lens, const Tokenizer& tok, LensMetric metric, const GridStyle& style);

}  // namespace gpt2
