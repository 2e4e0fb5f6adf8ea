// model/forward_hooks.hpp — named points in the forward pass where a caller reads or replaces a tensor.
//
// Chapter 8 asks "what if position 0 were different?" and answers by editing the forward pass
// while it runs. hidden_states() (model/transformer.hpp) calls each hook that is set, at its point:
//
//   x = wte[ids] + wpe[positions]
//   embeddings(x)                                    "after the embeddings"  → hidden_states[0]
//   for each block l:
//       inside attention, for every sequence b and head h:
//           p = softmax(q·kᵀ/√D + causal mask)
//           attention(l, b, h, p)                    "attention probabilities of layer l"
//           out_h = p · v
//       x = x + attn(ln_1(x));  x = x + mlp(ln_2(x))
//       block_output(l, x)                           "after block l"  → hidden_states[l + 1]
//   ln_f(x)                                                            → hidden_states[n_layer]
//
// A hook may read its tensor or change it in place (same shape); what it leaves there is what
// the rest of the forward — and the returned hidden states and attention — see. For one
// unpadded sequence (B = 1) the residual x is [T, C]: row t is position t. In a batch it is
// [B·T, C], sequence b's rows b·T … b·T + T − 1. After the last block, block_output sees the
// residual before ln_f, so hidden_states[n_layer] = ln_f(the edited x).
//
// No hooks (a null pointer, or members left empty) cost one test per point and leave every
// number bit-for-bit as before (tests/test_forward_hooks.cpp checks both).
#pragma once

#include <cstddef>
#include <functional>

#include <xtensor/xtensor.hpp>

namespace gpt2 {

struct ForwardHooks {
    // The residual stream right after wte + wpe: [B·T, C].
    std::function<void(xt::xtensor<float, 2>& x)> embeddings;
    // The residual stream after block `layer` (0-based): [B·T, C].
    std::function<void(std::size_t layer, xt::xtensor<float, 2>& x)> block_output;
    // Head `head`'s attention probabilities in block `layer` for sequence `b`, [T, T] (row i: query
    // i over keys 0 … i, zeros after i), after the softmax and before they weight the values.
    std::function<void(std::size_t layer, std::size_t b, std::size_t head, xt::xtensor<float, 2>& probs)> attention;
};

}  // namespace gpt2
