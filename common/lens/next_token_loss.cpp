// lens/next_token_loss.cpp — see lens/next_token_loss.hpp.
#include "lens/next_token_loss.hpp"

#include <algorithm>
#include <cmath>

#include <xtensor/xview.hpp>

#include "model/lm_head.hpp"
#include "support/error.hpp"

namespace gpt2 {

std::vector<double> next_token_loss(const Model& model, const xt::xtensor<float, 2>& final_state,
                                    const std::vector<int>& ids) {
    const std::size_t T = final_state.shape(0);
    if (ids.size() != T) throw Error("next_token_loss: " + std::to_string(ids.size()) + " ids for " + std::to_string(T) + " positions");
    if (T < 2) return {};
    // The last position predicts a token we do not have: leave it out.
    const xt::xtensor<float, 2> rows = xt::view(final_state, xt::range(0, T - 1), xt::all());
    const xt::xtensor<float, 2> logits = lm_head_logits(model, rows);  // [T−1, V]
    const std::size_t V = logits.shape(1);
    std::vector<double> loss(T - 1);
    for (std::size_t t = 0; t + 1 < T; ++t) {
        const float* row = &logits(t, 0);
        const double top = *std::max_element(row, row + V);
        double sum = 0;
        for (std::size_t v = 0; v < V; ++v) sum += std::exp(double(row[v]) - top);
        loss[t] = top + std::log(sum) - double(row[std::size_t(ids[t + 1])]);
    }
    return loss;
}

}  // namespace gpt2
