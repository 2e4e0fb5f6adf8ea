// model/attention.hpp — GPT-2's causal multi-head self-attention.
//
//   q | k | v = x · c_attn                      [B·T, 3C]   (one fused Conv1D)
//   per sequence b and head h (head_dim = C / n_head):
//     scores = q_h · k_hᵀ / sqrt(head_dim)      [T, T]
//     a query may look only at keys j <= i (causal), and never at padding keys
//     p = softmax(scores) row by row;  out_h = p · v_h   [T, head_dim]
//   y = concat_h(out_h) · c_proj                [B·T, C]
//
// A masked score is set to the lowest float, as transformers does, rather than -inf:
// a padding query whose every visible key is padding then gets a uniform (finite)
// distribution instead of 0/0 = NaN. What padding positions compute is meaningless
// but must stay finite, because the next layer reads the whole tensor.
#pragma once

#include <cstddef>
#include <functional>

#include <xtensor/xtensor.hpp>

#include "model/config.hpp"
#include "model/model.hpp"

namespace gpt2 {

// The softmax step for one head, in place. scores: [n_q, n_k] (row stride n_k), q · kᵀ already
// scaled; the n_q queries are the LAST n_q positions of the n_k keys (n_q = n_k without a
// cache; with one, the keys before them come from it), so query i may see keys 0 .. n_k - n_q + i.
// key_mask: n_k flags (0 = padding key, never seen) or nullptr for none. Each row becomes p:
// the visible keys' probabilities, then zeros.
void causal_softmax(float* scores, std::size_t n_q, std::size_t n_k, const int* key_mask);

// x: [B·T, C] (already layer-normed), attention_mask: [B, T] (1 = token, 0 = padding)
// -> [B·T, C]. When `probs` is given it receives every head's p: [B, H, T, T], row i is
// how query i spreads its attention over keys 0 .. i (zeros after i).
// When `edit_probs` is set it is called with (b, h, p [T, T]) after the softmax and before
// p · v, and may change p (model/forward_hooks.hpp); `probs` then receives what it left.
using ProbsHook = std::function<void(std::size_t b, std::size_t h, xt::xtensor<float, 2>& p)>;
xt::xtensor<float, 2> causal_self_attention(const xt::xtensor<float, 2>& x,
                                            const xt::xtensor<int, 2>& attention_mask,
                                            const BlockParams& block, const Config& config,
                                            xt::xtensor<float, 4>* probs = nullptr,
                                            const ProbsHook& edit_probs = {});

}  // namespace gpt2
