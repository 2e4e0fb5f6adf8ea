// Chapter 2 homework: padding a batch (common/text/batch.hpp), by hand.
//
// Write the bodies in ex1_pad_right.cpp, ex2_positions_from_mask.cpp and
// ex3_last_real_columns.cpp, then run `make homework`. The tests are in
// homework/tests/ch02_padding.test.cpp; common/text/batch.cpp has the library's own versions
// (look after you have tried).
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "text/batch.hpp"

namespace homework {

// Exercise 1: pad `sequences` on the RIGHT to the longest one, with `pad_id`, and build
// the attention mask (1 = real token, 0 = padding). Both are [B, T].
// For {{15902}, {770, 5041, 314, 1410, 284}} and pad_id 50256:
//   input_ids      {{15902, 50256, 50256, 50256, 50256}, {770, 5041, 314, 1410, 284}}
//   attention_mask {{1, 0, 0, 0, 0}, {1, 1, 1, 1, 1}}
// An empty sequence among others becomes a row of padding. (Assume at least one sequence
// is not empty.)
gpt2::Batch pad_right(const std::vector<std::vector<int>>& sequences, int pad_id);

// Exercise 2: position ids counted from the mask, cumsum(mask) - 1 along each row, with
// the -1 of leading padding clipped to 0, so every row's real tokens are at 0, 1, 2, ...
// wherever the padding is:  {{0, 0, 1, 1}, {1, 1, 1, 1}}  ->  {{0, 0, 0, 1}, {0, 1, 2, 3}}.
// Try it in two lines of xtensor: xt::cumsum(mask, 1) and xt::maximum(..., 0)
// (NumPy: np.maximum(mask.cumsum(axis=1) - 1, 0)).
xt::xtensor<int, 2> positions_from_mask(const xt::xtensor<int, 2>& attention_mask);

// Exercise 3: for each row, the column of its last real token: where the model's logits
// predict that row's next token. With left padding it is T-1 for every row; with right
// padding it is not. A row with no real token at all gets -1.
std::vector<int> last_real_columns(const xt::xtensor<int, 2>& attention_mask);

}  // namespace homework
