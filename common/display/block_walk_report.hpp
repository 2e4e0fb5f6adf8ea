// display/block_walk_report.hpp — chapter 7's walk through a block (lens/block_walk.hpp), as text.
//
// Eleven numbered steps, each with the formula, a small slice of the numbers (one
// position's first few components; one head's score, mask and pattern matrices) and, for
// the steps the library computes too, the largest absolute difference to it:
//
//   1. ln_1: layer norm of the block's input, one position at a time
//      x[4]                       [ 0.184, -0.062, … ]
//      μ = mean(x[4])             0.0213
//      …
//      max |diff| to layer_norm(x, ln_1): 4.8e-07 ✓
//
// A check passes (✓) when the difference is at most kWalkTolerance times the larger of 1
// and the largest |value| compared: 1e-4 absolute for values up to 1, relative beyond
// (distilgpt2's residual stream holds values in the hundreds). The differences are float32
// rounding, whose last digits depend on the CPU's OpenBLAS kernels: every block of the
// bundled models and of a random distilgpt2-shaped one, under the Prescott, Haswell,
// SkylakeX and Zen kernels with 1 and 2 threads, gave at most 1.7e-6 on that scale, so
// 1e-4 leaves a margin of 60× (1e-5 left 6×); a real mistake is far larger (leaving out
// c_attn's bias: 0.03 to 0.2 on these models).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lens/block_walk.hpp"

namespace gpt2 {

constexpr double kWalkTolerance = 1e-4;

bool walk_check_passes(const WalkCheck& check);

struct WalkView {
    std::size_t position = 0;      // whose vectors are shown
    std::size_t head = 0;          // whose q, k, v, scores and pattern are shown
    std::size_t components = 6;    // how many numbers of a vector are shown
    std::size_t max_positions = 10;  // matrices show at most this many queries and keys
};

// tokens: display_token() text of each position. Throws gpt2::Error when the position or
// head is out of range.
std::string block_walk_text(const BlockWalk& walk, const std::vector<std::string>& tokens, const WalkView& view);

// {"layer", "tolerance", "checks": [{"step", "compared_with", "max_abs_diff", "max_abs_value", "passes"}]}
nlohmann::ordered_json block_walk_json(const BlockWalk& walk);

}  // namespace gpt2
