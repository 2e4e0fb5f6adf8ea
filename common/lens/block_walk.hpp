// lens/block_walk.hpp — one transformer block taken apart: every step as its own tensor.
//
// common/model/transformer.cpp runs a block in two fused lines; chapter 7 opens it. For block L
// and an unpadded sequence of T tokens (C = n_embd, H heads of D = C / H numbers):
//
//   x                                   [T, C]   the block's input, hidden_states[L]
//   ln_1:  μ_t = mean_c x_tc,  σ²_t = mean_c (x_tc − μ_t)²
//          n = (x − μ) / √(σ² + ε),  a = n · γ + β
//   q | k | v = a · W_attn + b          [T, 3C]  one product; q is columns 0 .. C-1, …
//   per head h (columns h·D .. h·D+D-1 of q, k and v):
//     s = q_h · k_hᵀ / √D               [T, T]   scores
//     s_ij = −∞ for j > i               the causal mask: no query sees a later key
//     p = softmax of each row of s      [T, T]   the attention pattern
//     o_h = p · v_h                     [T, D]
//   attn = [o_0 | … | o_H-1] · W_proj + b        [T, C]
//   m = x + attn                        the first residual add
//   ln_2 as ln_1;  f = ln_2(m) · W_fc + b        [T, n_inner]
//   g = gelu_new(f) = 0.5 f (1 + tanh(√(2/π) (f + 0.044715 f³)))
//   out = m + g · W_mlp + b             [T, C]   the second residual add: hidden_states[L+1]
//
// Each step is written here one formula at a time, with xtensor expressions (the library
// fuses them: model/layer_norm.cpp loops in double, model/attention.cpp computes one head's scores into
// a scratch buffer and never keeps them, model/mlp.cpp uses an exp form of gelu_new). walk_block
// then compares the steps with the library's functions and with the fused forward
// (hidden_states), and records the largest absolute difference of each.
// The products x · W use the library's linear() (model/matmul.hpp, chapter 5), as the fused code does.
#pragma once

#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

struct WalkCheck {
    std::string step;      // "ln_1", "attention pattern", …
    std::string library;   // what it was compared with, e.g. "layer_norm(x, ln_1)"
    double max_abs_diff = 0;
    double max_abs_value = 0;  // the largest |value| compared, for scale
};

struct BlockWalk {
    std::size_t layer = 0;
    float eps = 0;
    xt::xtensor<float, 2> x;           // [T, C] the block's input
    xt::xtensor<float, 1> mean, var;   // [T] ln_1's μ and σ² per position
    xt::xtensor<float, 2> normalized;  // [T, C] (x − μ) / √(σ² + ε)
    xt::xtensor<float, 2> ln_1;        // [T, C] normalized · γ + β
    xt::xtensor<float, 2> qkv;         // [T, 3C]
    xt::xtensor<float, 3> q, k, v;     // [H, T, D]
    xt::xtensor<float, 3> scores;      // [H, T, T] q·kᵀ / √D, before the mask
    xt::xtensor<float, 3> masked;      // [H, T, T] the same with −∞ above the diagonal
    xt::xtensor<float, 3> probs;       // [H, T, T] softmax of each row of `masked`
    xt::xtensor<float, 3> head_out;    // [H, T, D] probs · v
    xt::xtensor<float, 2> heads;       // [T, C] the heads' outputs side by side
    xt::xtensor<float, 2> attn;        // [T, C] heads · W_proj + b
    xt::xtensor<float, 2> mid;         // [T, C] x + attn
    xt::xtensor<float, 2> ln_2;        // [T, C]
    xt::xtensor<float, 2> fc;          // [T, n_inner] before gelu_new
    xt::xtensor<float, 2> gelu;        // [T, n_inner]
    xt::xtensor<float, 2> mlp;         // [T, C]
    xt::xtensor<float, 2> out;         // [T, C] mid + mlp
    std::vector<WalkCheck> checks;     // in the order of the steps
};

// ids: one unpadded sequence (positions 0 .. T-1). Throws gpt2::Error when layer is not a
// block of the model (0 .. n_layer-1), and as hidden_states() for bad ids or lengths.
BlockWalk walk_block(const Model& model, const std::vector<int>& ids, std::size_t layer);
// The same from a fused forward already run, hidden_states(model, ids, &attention): the walk
// starts from states[layer] and compares with states[layer + 1] and attention[layer].
BlockWalk walk_block(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                     const std::vector<xt::xtensor<float, 3>>& attention, std::size_t layer);

}  // namespace gpt2
