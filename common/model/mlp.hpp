// model/mlp.hpp — GPT-2's feed-forward layer: x · c_fc -> gelu_new -> · c_proj.
//
// gelu_new is the tanh approximation of GELU that GPT-2 was trained with:
//   0.5 · x · (1 + tanh(sqrt(2/π) · (x + 0.044715 · x³)))
// (not torch's exact erf GELU: the two differ by up to ~1e-3, enough to fail our
// 1e-4 comparison with transformers.)
#pragma once

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

float gelu_new(float x);

// x: [N, C] (already layer-normed) -> [N, C]
xt::xtensor<float, 2> mlp(const xt::xtensor<float, 2>& x, const BlockParams& block);

}  // namespace gpt2
