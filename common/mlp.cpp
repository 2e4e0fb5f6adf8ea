#include "mlp.hpp"

#include <cmath>

#include "matmul.hpp"

namespace gpt2 {

float gelu_new(float x) {
    constexpr float k = 0.7978845608028654f;  // sqrt(2 / pi)
    return 0.5f * x * (1.0f + std::tanh(k * (x + 0.044715f * x * x * x)));
}

xt::xtensor<float, 2> mlp(const xt::xtensor<float, 2>& x, const BlockParams& block) {
    xt::xtensor<float, 2> hidden = linear(x, block.c_fc);  // [N, n_inner]
    for (float& v : hidden) v = gelu_new(v);
    return linear(hidden, block.mlp_proj);  // [N, C]
}

}  // namespace gpt2
