// lens/logit_lens_input.hpp — which vector the output head reads for hidden state i.
//
// The notebook applies lm_head to the raw hidden states (LnF::None). The model itself
// always applies ln_f before its head, so a fairer "logit lens" applies ln_f to every
// intermediate state too (LnF::Intermediate). The last hidden state already IS
// ln_f(last block's output) in transformers' convention (model/transformer.hpp): applying
// ln_f to it again is the classic lens bug, and this function never does it.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

enum class LnF {
    None,          // lm_head(h_i) for every i: the notebook's cells 18–19
    Intermediate,  // lm_head(ln_f(h_i)) for i < n_layer; lm_head(h_last) for the last
};

// states: the n_layer + 1 hidden states of one sequence, each [T, C]. -> [T, C]
xt::xtensor<float, 2> lens_input(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                                 std::size_t i, LnF mode);

}  // namespace gpt2
