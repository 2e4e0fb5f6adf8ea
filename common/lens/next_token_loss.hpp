// lens/next_token_loss.hpp — how surprised the model is by each next token: the training loss, per position.
//
//   loss[t] = −log softmax(lm_head(final[t]))[ids[t + 1]],   t = 0 … T−2     (nats)
//
// final is hidden_states[n_layer] (ln_f already applied, model/transformer.hpp), so lm_head_logits()
// gives the model's own logits. The mean of loss[] is the cross-entropy a trainer minimises;
// exp(mean) the perplexity. logsumexp in double.
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/model.hpp"

namespace gpt2 {

// final_state: [T, C]; ids: the T ids that were run. Returns T − 1 losses (none when T < 2).
std::vector<double> next_token_loss(const Model& model, const xt::xtensor<float, 2>& final_state,
                                    const std::vector<int>& ids);

}  // namespace gpt2
