// display/batch_report.hpp — ch05_hidden_states --batch: the notebook's padded batch, printed and
// checked against each prompt run alone.
//
// For the notebook's In[5] batch ["Hi", prompt] (left-padded, pad_batch() in text/batch.hpp):
//   * the batch: input_ids, attention_mask, and the position ids of both schemes;
//   * a table of max |logit difference| batched vs alone (compare_batch_with_alone(),
//     lens/batch_vs_alone.hpp) for row 0, row 1 and whether row 0's top-k is unchanged, under
//     position_ids "default" and "from-mask"; a difference within float32 rounding (1e-4 of
//     the largest |logit|, far above what any OpenBLAS kernel gives) is shown as "≈ 0";
//   * the top-k at each row's last position, batched and alone, under the scheme `shown`.
//
// Deliberately not general: the row labels say "Hi" and "the prompt", so the batch must
// have exactly those two rows (else gpt2::Error).
#pragma once

#include <cstddef>
#include <string>

#include "model/model.hpp"
#include "model/transformer.hpp"
#include "text/batch.hpp"
#include "text/tokenizer.hpp"

namespace gpt2 {

// Batched and alone do the same arithmetic in another order (other matrix shapes, so other
// BLAS blocking), so their logits may differ by float32 rounding, and by how much depends
// on the CPU's OpenBLAS kernels: on the bundled models and a random distilgpt2-shaped one,
// under the Prescott, Haswell, Zen and SkylakeX kernels with 1 and 2 threads, at most
// 1.5e-6 of the largest |logit| (exactly 0 with SkylakeX). A difference below
// kBatchEqualWithin of it is shown as ≈ 0: a margin of 70× over that noise
// (tests/test_float_noise.cpp checks 10× on this CPU), and 1000× under the smallest real
// difference measured (default positions: 0.12 of it).
constexpr double kBatchEqualWithin = 1e-4;
constexpr const char* kBatchEqualWithinText = "1e-4";  // as the report prints it

std::string batch_report(const Model& model, const Tokenizer& tok, const Batch& batch, std::size_t k,
                         PositionScheme shown);

}  // namespace gpt2
