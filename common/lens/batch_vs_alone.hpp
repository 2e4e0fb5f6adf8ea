// lens/batch_vs_alone.hpp — does a prompt get the same logits inside a padded batch as alone?
//
// The notebook's In[5] pads ["Hi", phrase] on the left. The attention mask keeps the pad
// tokens out of attention, but the *positions* are another matter: with the default
// position ids 0..T-1 a left-padded "Hi" is embedded at position 4 instead of 0, so its
// logits change; positions counted from the mask (cumsum(mask) - 1) put it back at 0.
// This runs the batch under one scheme and each row's real tokens alone, and compares
// the final logits (the whole vocabulary) at the row's real positions.
//
// Deliberately not compared: pad positions (what a model computes there is arbitrary),
// intermediate hidden states.
#pragma once

#include <cstddef>
#include <vector>

#include "model/model.hpp"
#include "model/top_k.hpp"
#include "model/transformer.hpp"
#include "text/batch.hpp"

namespace gpt2 {

struct RowVsAlone {
    std::vector<int> ids;   // the row's real tokens (its mask's 1s), as run alone
    double max_abs_diff;    // max |batched - alone| over real positions × vocabulary
    double max_abs_logit;   // max |alone| over the same: the scale of float rounding in max_abs_diff
    TopK batched_last;      // top-k of the batched logits at the row's last real position
    TopK alone_last;        // top-k of the alone logits at the same token
};

// The position ids a scheme gives a batch: position_ids_default or position_ids_from_mask.
xt::xtensor<int, 2> position_ids(const Batch& batch, PositionScheme scheme);

// One entry per row of the batch. A row that is all padding gets max_abs_diff and max_abs_logit 0 and
// empty top-k lists. Throws gpt2::Error as hidden_states() does (too long, bad ids).
std::vector<RowVsAlone> compare_batch_with_alone(const Model& model, const Batch& batch, PositionScheme scheme,
                                                 std::size_t k);

}  // namespace gpt2
