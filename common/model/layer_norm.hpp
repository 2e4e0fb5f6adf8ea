// model/layer_norm.hpp — LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta.
//
// As torch.nn.LayerNorm: the biased variance (divide by C, not C - 1), eps inside the
// square root, statistics accumulated per row.
#pragma once

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

// x: [N, C] -> [N, C]
xt::xtensor<float, 2> layer_norm(const xt::xtensor<float, 2>& x, const LayerNormParams& p, float eps);

}  // namespace gpt2
