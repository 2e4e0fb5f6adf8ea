#include "model/lm_head.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/matmul.hpp"
#include "support/memory_limit.hpp"

namespace gpt2 {

xt::xtensor<float, 2> lm_head_logits(const Model& model, const xt::xtensor<float, 2>& h) {
    const Param<2>& head = model.weights().lm_head;  // [V, C]
    const std::size_t N = h.shape(0), V = head.shape[0], C = head.shape[1];
    AllocationLabel label("the %zu×%zu logits", N, V);  // names it if memory runs out
    xt::xtensor<float, 2> logits = xt::empty<float>({N, V});  // [N, V]
    sgemm(N, V, C, h.data(), C, head.data, C, /*trans_b=*/true, logits.data(), V);
    return logits;
}

void lm_head_row(const Model& model, const float* h, float* logits) {
    const Param<2>& head = model.weights().lm_head;  // [V, C]
    sgemv(/*trans=*/false, head.shape[0], head.shape[1], head.data, head.shape[1], h, logits);
}

std::vector<HeadRow> lm_head_top_k(const Model& model, const xt::xtensor<float, 2>& h, std::size_t k,
                                   bool with_stats) {
    const Param<2>& head = model.weights().lm_head;  // [V, C]
    const std::size_t N = h.shape(0), V = head.shape[0], C = head.shape[1];
    constexpr std::size_t block = 4096;  // vocabulary rows per step: 12 MB of wte
    AllocationLabel label("the %zu×%zu logits of one step of lm_head's top-k", N, std::min(block, V));

    std::vector<TopKAccumulator> best(N, TopKAccumulator(k));
    std::vector<double> run_max(N, -std::numeric_limits<double>::infinity()), run_sum(N, 0.0), total(N, 0.0);
    xt::xtensor<float, 2> logits = xt::empty<float>({N, std::min(block, V)});  // [N, block]

    for (std::size_t v0 = 0; v0 < V; v0 += block) {
        const std::size_t nv = std::min(block, V - v0);
        sgemm(N, nv, C, h.data(), C, head.data + v0 * C, C, /*trans_b=*/true, logits.data(), nv);
        for (std::size_t n = 0; n < N; ++n) {
            const float* row = logits.data() + n * nv;
            best[n].offer(row, nv, static_cast<int>(v0));
            if (!with_stats) continue;
            // Online logsumexp: rescale the running sum when the maximum grows.
            const double m = std::max(run_max[n], double(*std::max_element(row, row + nv)));
            double s = run_sum[n] * std::exp(run_max[n] - m);
            for (std::size_t i = 0; i < nv; ++i) {
                s += std::exp(double(row[i]) - m);
                total[n] += row[i];
            }
            run_max[n] = m;
            run_sum[n] = s;
        }
    }

    std::vector<HeadRow> out(N);
    for (std::size_t n = 0; n < N; ++n) {
        out[n].top = best[n].take();
        if (with_stats) {
            out[n].logsumexp = run_max[n] + std::log(run_sum[n]);
            out[n].mean = total[n] / double(V);
        }
    }
    return out;
}

}  // namespace gpt2
