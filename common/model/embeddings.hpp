// model/embeddings.hpp — the model's first step: token id -> vector.
//
//   hidden_states[0][t] = wte[ids[t]] + wpe[positions[t]]
//
// wte ("word token embeddings", [V, C]) gives each of the 50257 tokens a vector; wpe
// ([n_positions, C]) gives each position one, so that the same token at different
// places starts out different. Lookups are row copies: no matrix product.
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

// Rows of wte for the ids, without positions (the notebook's cell 15).  -> [N, C]
xt::xtensor<float, 2> token_embeddings(const Model& model, const std::vector<int>& ids);

// wte[ids] + wpe[positions] for a batch.  ids, positions: [B, T] -> [B·T, C]
xt::xtensor<float, 2> embed(const Model& model, const xt::xtensor<int, 2>& ids,
                            const xt::xtensor<int, 2>& positions);

}  // namespace gpt2
