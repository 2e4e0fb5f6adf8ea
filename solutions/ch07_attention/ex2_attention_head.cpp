// Reference solution. Try the exercise in homework/ch07_attention/ first!
#include "ch07_attention/exercises.hpp"

#include <cmath>

namespace homework {

HeadOutput attention_head(const xt::xtensor<float, 2>& q, const xt::xtensor<float, 2>& k,
                          const xt::xtensor<float, 2>& v) {
    const std::size_t T = q.shape(0), D = q.shape(1);
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));
    HeadOutput r;
    r.probs = xt::zeros<float>({T, T});  // zeros: p_ij stays 0 for j > i
    r.out = xt::zeros<float>({T, D});

    for (std::size_t i = 0; i < T; ++i) {
        // Scores of query i against keys 0 .. i, and their max.
        float max = 0;
        for (std::size_t j = 0; j <= i; ++j) {
            float s = 0;
            for (std::size_t d = 0; d < D; ++d) s += q(i, d) * k(j, d);
            r.probs(i, j) = s * scale;
            if (j == 0 || r.probs(i, j) > max) max = r.probs(i, j);
        }
        // Softmax over j = 0 .. i: exp(s - max) can never overflow.
        float sum = 0;
        for (std::size_t j = 0; j <= i; ++j) {
            r.probs(i, j) = std::exp(r.probs(i, j) - max);
            sum += r.probs(i, j);
        }
        for (std::size_t j = 0; j <= i; ++j) r.probs(i, j) /= sum;
        // out_i = Σ_j p_ij v_j
        for (std::size_t j = 0; j <= i; ++j)
            for (std::size_t d = 0; d < D; ++d) r.out(i, d) += r.probs(i, j) * v(j, d);
    }
    return r;
}

}  // namespace homework
