#include "model/mlp.hpp"

#include <cmath>

#include "model/matmul.hpp"

namespace gpt2 {

float gelu_new(float x) {
    // 0.5·x·(1 + tanh(u)) == x / (1 + exp(-2u)): the same function with one exp instead
    // of a tanh, about 4× cheaper; for very negative u, exp overflows to inf and x/inf
    // gives the correct limit, -0.
    constexpr float k = 0.7978845608028654f;  // sqrt(2 / pi)
    const float u = k * (x + 0.044715f * x * x * x);
    return x / (1.0f + std::exp(-2.0f * u));
}

xt::xtensor<float, 2> mlp(const xt::xtensor<float, 2>& x, const BlockParams& block) {
    xt::xtensor<float, 2> hidden = linear(x, block.c_fc);  // [N, n_inner]
    for (float& v : hidden) v = gelu_new(v);
    return linear(hidden, block.mlp_proj);  // [N, C]
}

}  // namespace gpt2
