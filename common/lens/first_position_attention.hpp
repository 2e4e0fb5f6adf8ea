// lens/first_position_attention.hpp — how much attention each head pays to position 0.
//
// Chapter 6's question (why do the logits at the first position look wrong?) has a
// candidate answer from the literature: trained models park attention on the first
// position (an "attention sink"). This measures it: for each layer l and head h,
//
//   share(l, h) = mean over queries t = 1 .. T-1 of p_{l,h}(t, 0)
//
// (query 0 can only see itself, so it is left out). For comparison, a head attending
// uniformly to everything it can see gives mean_t 1/(t+1).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

struct FirstPositionAttention {
    xt::xtensor<double, 2> share;  // [n_layer, n_head]
    double uniform = 0;            // the share under uniform attention, for the same T
    std::size_t num_positions = 0;
};

// ids: one unpadded sequence of at least 2 tokens (throws gpt2::Error otherwise).
FirstPositionAttention first_position_attention(const Model& model, const std::vector<int>& ids);
// The same from attention probabilities already computed: per layer [H, T, T], as
// hidden_states(model, ids, &attention) gives them (T >= 2).
FirstPositionAttention first_position_attention(const std::vector<xt::xtensor<float, 3>>& attention);

// The [layer × head] table with a mean column, numbers to 2 decimals.
std::string first_position_attention_table(const FirstPositionAttention& a);

// {"share": [[layer 0's heads], …], "uniform": …}
nlohmann::ordered_json first_position_attention_json(const FirstPositionAttention& a);

}  // namespace gpt2
