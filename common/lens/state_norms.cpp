// lens/state_norms.cpp — see lens/state_norms.hpp.
#include "lens/state_norms.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace gpt2 {

std::vector<double> position_norms(const xt::xtensor<float, 2>& h) {
    std::vector<double> out(h.shape(0), 0.0);
    for (std::size_t t = 0; t < h.shape(0); ++t) {
        for (std::size_t c = 0; c < h.shape(1); ++c) out[t] += double(h(t, c)) * h(t, c);
        out[t] = std::sqrt(out[t]);
    }
    return out;
}

Table norms_table(const std::vector<xt::xtensor<float, 2>>& states) {
    std::vector<std::string> cols, rows;
    const std::size_t T = states.empty() ? 0 : states[0].shape(0);
    for (std::size_t t = 0; t < T; ++t) cols.push_back(std::to_string(t));
    for (std::size_t i = 0; i < states.size(); ++i) rows.push_back("hidden_states[" + std::to_string(i) + "]");
    Table table(cols, rows);
    for (std::size_t i = 0; i < states.size(); ++i) {
        const std::vector<double> n = position_norms(states[i]);
        for (std::size_t t = 0; t < n.size(); ++t) {
            char cell[32];
            std::snprintf(cell, sizeof cell, "%.2f", n[t]);
            table.set(i, t, cell);
        }
    }
    return table;
}

}  // namespace gpt2
