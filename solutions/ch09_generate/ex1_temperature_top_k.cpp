// Reference solution. Try the exercise in homework/ch09_generate/ first!
#include "ch09_generate/exercises.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace homework {

TokenProbs temperature_top_k(const std::vector<float>& logits, double temperature, std::size_t k) {
    const std::size_t V = logits.size();
    // z = l / T in double: T > 0 keeps the order, so ranking the logits ranks the z's.
    std::vector<double> z(V);
    for (std::size_t i = 0; i < V; ++i) z[i] = double(logits[i]) / temperature;

    // Ids by z descending, ties by the smaller id; only the first k need to be in order.
    std::vector<int> ids(V);
    std::iota(ids.begin(), ids.end(), 0);
    k = std::min(k, V);
    std::partial_sort(ids.begin(), ids.begin() + std::ptrdiff_t(k), ids.end(),
                      [&](int a, int b) { return z[a] > z[b] || (z[a] == z[b] && a < b); });

    // Softmax over the k kept: z_max = z[ids[0]], so every exp is ≤ 1 and never overflows.
    TokenProbs kept;
    double sum = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const double w = std::exp(z[ids[i]] - z[ids[0]]);
        kept.emplace_back(ids[i], w);
        sum += w;
    }
    for (auto& [id, q] : kept) q /= sum;
    return kept;
}

int draw(const TokenProbs& dist, double u) {
    double cumulative = 0;
    for (const auto& [id, q] : dist) {
        cumulative += q;
        if (u < cumulative) return id;  // strict: u = q_1 exactly belongs to the next token
    }
    // Rounding left the total below u: the last token that can be drawn at all.
    for (auto it = dist.rbegin(); it != dist.rend(); ++it)
        if (it->second > 0) return it->first;
    return dist.empty() ? -1 : dist.front().first;
}

}  // namespace homework
