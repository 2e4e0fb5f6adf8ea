// Chapter 5 homework: hidden states (common/model/transformer.hpp, book/05-hidden-states.md).
//
// Write the bodies in ex1_state_norms.cpp, ex2_hidden_state_index.cpp and
// ex3_first_hidden_state.cpp, then run `make homework`. The tests are in
// homework/tests/ch05_hidden_states.test.cpp.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/config.hpp"
#include "model/model.hpp"

namespace homework {

// Exercise 1: the length of the residual stream. For a hidden state [T, C], return the
// L2 norm of each position's vector: out[t] = sqrt(sum over c of state(t, c)^2), [T].
// (Then run `ch05_hidden_states --norms` on distilgpt2: what is odd about position 0?)
std::vector<double> state_norms(const xt::xtensor<float, 2>& state);

// Exercise 2a: how many hidden states does model(..., output_hidden_states=True) return
// for a model with this configuration? (The notebook's In[17] prints 7 for distilgpt2.)
std::size_t num_hidden_states(const gpt2::Config& config);

// Exercise 2b: hidden_states[python_index] as Python reads it: 0, 1, ... from the start,
// -1 for the last, -2 for the one before... Return the index counted from the start.
// Throw gpt2::Error (support/error.hpp) when there is no such hidden state, as Python raises
// IndexError.
std::size_t hidden_state_index(const gpt2::Config& config, int python_index);

// Exercise 3: hidden_states[0] without running the transformer. It is NOT the notebook's
// Out[15] input, token_embedding_module(input_ids) = wte[ids]: the model also adds the
// position embedding of each position t = 0, 1, ..., T-1 (wpe, [n_positions, C]).
// Return wte[ids[t]] + wpe[t] for every t, [T, C]. (model.weights().wte.view() and
// .wpe.view() are [V, C] and [n_positions, C] xtensor views.)
xt::xtensor<float, 2> first_hidden_state(const gpt2::Model& model, const std::vector<int>& ids);

}  // namespace homework
