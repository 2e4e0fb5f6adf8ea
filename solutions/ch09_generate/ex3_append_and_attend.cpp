// Reference solution. Try the exercise in homework/ch09_generate/ first!
#include "ch09_generate/exercises.hpp"

#include <cmath>

namespace homework {

std::vector<float> append_and_attend(HeadCache& cache, const std::vector<float>& q, const std::vector<float>& k,
                                     const std::vector<float>& v) {
    // The new position's key and value join the cache; the rows before it stay as they are.
    cache.keys.push_back(k);
    cache.values.push_back(v);
    const std::size_t n = cache.keys.size(), D = q.size();  // n = positions so far, itself included
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));

    // Scores against every cached key (no mask: they all come before), and their max.
    std::vector<float> p(n);
    float max = 0;
    for (std::size_t j = 0; j < n; ++j) {
        float s = 0;
        for (std::size_t d = 0; d < D; ++d) s += q[d] * cache.keys[j][d];
        p[j] = s * scale;
        if (j == 0 || p[j] > max) max = p[j];
    }
    float sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
        p[j] = std::exp(p[j] - max);
        sum += p[j];
    }
    // out = Σ_j p_j v_j
    std::vector<float> out(D, 0.0f);
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t d = 0; d < D; ++d) out[d] += p[j] / sum * cache.values[j][d];
    return out;
}

}  // namespace homework
