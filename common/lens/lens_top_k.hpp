// lens/lens_top_k.hpp — the output head's top-k for several hidden states at once.
//
//   for each chosen state i, each position t:   top_k( lm_head( lens_input(states, i)[t] ) )
//
// The notebook's cells 18–19 apply lm_head to one hidden state at a time. Doing that
// state by state would stream the [V, C] head (154 MB for distilgpt2) once per state;
// here the chosen states are stacked into one [S·T, C] matrix and lm_head_top_k()
// (model/lm_head.hpp) walks the vocabulary once for all of them. No [S·T, V] logits are kept.
//
// mode (lens/logit_lens_input.hpp): LnF::None is the notebook's raw lm_head(h);
// LnF::Intermediate applies ln_f to the intermediate states first (never twice to the
// last one). Deliberately not here: statistics over the whole vocabulary (ask
// lm_head_top_k directly), batches (one sequence's states, each [T, C]).
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "lens/logit_lens_input.hpp"
#include "model/model.hpp"
#include "model/top_k.hpp"

namespace gpt2 {

// states: n_layer + 1 tensors [T, C] (model/transformer.hpp); which: indices into states.
// Returns tops[s][t]: the top-k of state which[s] at position t, best first.
// Throws gpt2::Error for an index out of range or k outside 1 .. vocab_size.
std::vector<std::vector<TopK>> lens_top_k(const Model& model, const std::vector<xt::xtensor<float, 2>>& states,
                                          const std::vector<std::size_t>& which, std::size_t k, LnF mode);

}  // namespace gpt2
