// lens/state_norms.hpp — how long each vector of the residual stream is: ‖h[t]‖₂.
//
//   position_norms(h)        [T, C] -> [T]     out[t] = sqrt(Σ_c h[t, c]²), summed in double
//   norms_table(states)      one row "hidden_states[i]" per state, one column per position,
//                            each norm with two decimals (ch05_hidden_states --norms)
//
// The one place the norm of a hidden state is computed: chapter 5 prints it, the logit
// lens (lens/logit_lens.hpp) stores it in every cell, and the --json outputs carry it.
// Deliberately not here: batches ([B, T, C] states), other norms.
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

#include "support/table.hpp"

namespace gpt2 {

// ‖h[t]‖ for every position t of a state [T, C].  -> [T]
std::vector<double> position_norms(const xt::xtensor<float, 2>& h);

// states: n_layer + 1 tensors [T, C] (model/transformer.hpp).
Table norms_table(const std::vector<xt::xtensor<float, 2>>& states);

}  // namespace gpt2
