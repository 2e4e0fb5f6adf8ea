// Chapter 7 homework: inside a block (book/07-attention.md; the library's versions are
// common/model/layer_norm.cpp, common/model/attention.cpp and gelu_new in common/model/mlp.cpp).
//
// Write the bodies in ex1_layer_norm.cpp, ex2_attention_head.cpp and ex3_gelu_new.cpp,
// then run `make homework`. The tests are in homework/tests/ch07_attention.test.cpp: they
// feed your functions the teaching model's real numbers and compare with the library to
// 1e-5. Work from the formulas below (the chapter's), with plain loops: no need to look
// at common/.
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

namespace homework {

// Exercise 1: LayerNorm of one row x of C numbers (what ln_1, ln_2 and ln_f do to every
// position), with gamma (γ) and beta (β) of size C:
//   μ  = (1/C) Σ_c x_c
//   σ² = (1/C) Σ_c (x_c − μ)²                  (biased: divide by C, not C − 1)
//   y_c = (x_c − μ) / √(σ² + ε) · γ_c + β_c
// Return y, C numbers. (By hand: x = {1, 2, 3, 4}, γ = 1, β = 0, ε = 0 gives
// ±1.342…, ±0.447….)
std::vector<float> layer_norm_row(const std::vector<float>& x, const std::vector<float>& gamma,
                                  const std::vector<float>& beta, float eps);

// What one attention head computes: its probabilities and its output.
struct HeadOutput {
    xt::xtensor<float, 2> probs;  // [T, T]: row i = how query i spreads over keys 0 .. i
    xt::xtensor<float, 2> out;    // [T, D]: row i = the mix of value rows query i gets
};

// Exercise 2: one causal attention head. q, k, v are [T, D] each (D = head_dim: row t is
// position t's query, key, value). For every query i:
//   s_ij = q_i · k_j / √D                      for j ≤ i (a token never sees later ones)
//   p_i  = softmax over j = 0 .. i of s_ij     (subtract the row's max before exp)
//   p_ij = 0                                   for j > i
//   out_i = Σ_j p_ij v_j
// Return both p ([T, T]) and out ([T, D]).
HeadOutput attention_head(const xt::xtensor<float, 2>& q, const xt::xtensor<float, 2>& k,
                          const xt::xtensor<float, 2>& v);

// Exercise 3: the MLP's activation, the tanh approximation of GELU that GPT-2 uses:
//   gelu_new(x) = 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 x³)))
// (gelu_new(0) = 0, gelu_new(1) ≈ 0.841192, and very negative x gives ≈ 0, never NaN.)
float gelu_new(float x);

}  // namespace homework
