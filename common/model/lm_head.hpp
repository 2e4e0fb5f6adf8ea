// model/lm_head.hpp — the output head: hidden state -> one logit per vocabulary entry.
//
//   logits = h · lm_headᵀ        h: [N, C], lm_head: [V, C] -> [N, V]
//
// In GPT-2 the head is tied: lm_head *is* wte, the same [V, C] matrix that embeds tokens
// (model/model.hpp points both at the same memory). A logit is therefore a dot product with a
// token's embedding. BLAS reads wte transposed in place; no [C, V] copy is ever made.
//
// Two ways to use it:
//   lm_head_logits()  all N×V logits (fine for a few rows; 50257 floats = 200 KB per row);
//   lm_head_top_k()   the lens: top-k (and optionally logsumexp/mean) of many rows without
//                     materialising N×V — the vocabulary is walked in blocks, each block
//                     of wte multiplied by all N rows at once, so the 154 MB matrix is
//                     streamed from memory once however many hidden states we look at.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"
#include "model/top_k.hpp"

namespace gpt2 {

// h: [N, C] -> logits [N, V]
xt::xtensor<float, 2> lm_head_logits(const Model& model, const xt::xtensor<float, 2>& h);

// One row, h: [C] -> logits: [V] (room for V floats), through sgemv: the head of a generation
// step. wte is read once, row by row, as one dot product per token; sgemm with M = 1 would pack
// (copy) all of wteᵀ first — 51 MB read and written for teaching's head, every step. The sums
// run in another order than lm_head_logits()'s, so the last bits may differ from it.
void lm_head_row(const Model& model, const float* h, float* logits);

struct HeadRow {
    TopK top;               // the k largest logits
    double logsumexp = 0;   // log Σ_v exp(logit_v): softmax's normaliser (only with stats)
    double mean = 0;        // mean logit (only with stats)
};

// For every row of h [N, C]: top-k of h · lm_headᵀ (and the statistics when asked).
std::vector<HeadRow> lm_head_top_k(const Model& model, const xt::xtensor<float, 2>& h, std::size_t k,
                                   bool with_stats = false);

}  // namespace gpt2
