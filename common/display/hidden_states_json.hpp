// display/hidden_states_json.hpp — ch05_hidden_states --json: every hidden state on one line.
//
//   {"model": model_json(ck), "prompt", "input_ids", "tokens",
//    "hidden_states": [{"index": i, "norm": [T], "top_k": [T × top_k_json]}, ...]}
//
// for i = 0 … n_layer: the L2 norm of hidden_states[i] at every position (lens/state_norms.hpp)
// and the raw lens, the top-k of lm_head(hidden_states[i]) without ln_f (the notebook's
// cells 18–19), for all states in one pass over wte (lens/lens_top_k.hpp).
// tests/test_ch05_json.cpp compares this document with Hugging Face transformers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xtensor/xtensor.hpp>

#include "model/checkpoint.hpp"

namespace gpt2 {

// states: hidden_states(ck.model, ids), n_layer + 1 tensors [T, C] (model/transformer.hpp).
nlohmann::ordered_json hidden_states_json(const Checkpoint& ck, const std::string& prompt,
                                          const std::vector<int>& ids,
                                          const std::vector<xt::xtensor<float, 2>>& states, std::size_t k);

}  // namespace gpt2
