#include "model/layer_norm.hpp"

#include <cmath>

namespace gpt2 {

xt::xtensor<float, 2> layer_norm(const xt::xtensor<float, 2>& x, const LayerNormParams& p, float eps) {
    const std::size_t N = x.shape(0), C = x.shape(1);
    xt::xtensor<float, 2> y = xt::empty<float>({N, C});  // [N, C]
    const float* gamma = p.weight.data;
    const float* beta = p.bias.data;
    for (std::size_t n = 0; n < N; ++n) {
        const float* row = x.data() + n * C;
        float* out = y.data() + n * C;
        double mean = 0, var = 0;  // double: C is small, and it keeps us close to torch
        for (std::size_t c = 0; c < C; ++c) mean += row[c];
        mean /= C;
        for (std::size_t c = 0; c < C; ++c) var += (row[c] - mean) * (row[c] - mean);
        var /= C;
        const float inv_std = static_cast<float>(1.0 / std::sqrt(var + eps));
        for (std::size_t c = 0; c < C; ++c)
            out[c] = (row[c] - static_cast<float>(mean)) * inv_std * gamma[c] + beta[c];
    }
    return y;
}

}  // namespace gpt2
