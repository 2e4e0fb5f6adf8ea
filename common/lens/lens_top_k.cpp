// lens/lens_top_k.cpp — see lens/lens_top_k.hpp.
#include "lens/lens_top_k.hpp"

#include <algorithm>
#include <string>

#include "model/lm_head.hpp"
#include "support/error.hpp"

namespace gpt2 {

std::vector<std::vector<TopK>> lens_top_k(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                                          const std::vector<std::size_t>& which, std::size_t k, LnF mode) {
    const std::size_t V = model.weights().lm_head.shape[0], C = model.config().n_embd;
    if (k == 0 || k > V)
        throw Error("top-k must be between 1 and the vocabulary size " + std::to_string(V) + ", got " +
                    std::to_string(k));
    for (std::size_t i : which)
        if (i >= states.size())
            throw Error("hidden state " + std::to_string(i) + " does not exist: there are " +
                        std::to_string(states.size()) + " (0 .. " + std::to_string(states.size() - 1) + ")");
    if (which.empty()) return {};

    const std::size_t T = states[which[0]].shape(0);
    xt::xtensor<float, 2> stacked = xt::empty<float>({which.size() * T, C});  // [S·T, C]
    for (std::size_t s = 0; s < which.size(); ++s) {
        const xt::xtensor<float, 2> h = lens_input(model, states, which[s], mode);  // [T, C]
        std::copy(h.begin(), h.end(), stacked.begin() + std::ptrdiff_t(s * T * C));
    }

    const std::vector<HeadRow> rows = lm_head_top_k(model, stacked, k);  // one pass over wte
    std::vector<std::vector<TopK>> tops(which.size(), std::vector<TopK>(T));
    for (std::size_t s = 0; s < which.size(); ++s)
        for (std::size_t t = 0; t < T; ++t) tops[s][t] = rows[s * T + t].top;
    return tops;
}

}  // namespace gpt2
