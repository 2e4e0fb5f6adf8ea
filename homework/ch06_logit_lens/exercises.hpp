// Chapter 6 homework: reading the logit lens (common/lens/logit_lens.hpp).
//
// Write the bodies in ex1_first_settled_state.cpp, ex2_top1_disagreements.cpp and
// ex3_steepest_kl_drop.cpp, then run `make homework`. The tests are in
// homework/tests/ch06_logit_lens.test.cpp. You only need LensResult's accessors:
//   lens.num_states, lens.num_positions(), lens.last_state(),
//   lens.at(i, t).top.ids[0]          state i's top-1 token at position t
//   lens.at(i, t).final_top1_rank     rank of the model's final answer there (0 = top-1)
//   lens.at(i, t).kl_to_final         KL(final || state i) in nats
//   lens.final_top1(t)                the model's final answer at t
#pragma once

#include <cstddef>

#include "lens/logit_lens.hpp"

namespace homework {

// Exercise 1: at which layer does the model "make up its mind"? Return the smallest state
// index i such that the final answer at position t is the top-1 token of state i AND of
// every later state (i + 1, …, last). The last state always qualifies, so the answer is
// at most lens.last_state(). Run `ch06_logit_lens --metric rank` to see it by eye.
std::size_t first_settled_state(const gpt2::LensResult& lens, std::size_t t);

// Exercise 2: compare the two ln_f modes. `raw` and `normed` are the lenses of the same
// ids with LnF::None and LnF::Intermediate. Count the cells (state i, position t) where
// their top-1 tokens differ. (Why is the last state never among them?)
std::size_t top1_disagreements(const gpt2::LensResult& raw, const gpt2::LensResult& normed);

// Exercise 3: which layer closes the most of the gap to the final distribution? Return the
// state i ≥ 1 for which kl_to_final(i - 1, t) - kl_to_final(i, t) is largest (on a tie,
// the smallest such i). The drop can be negative: a layer may move away from the answer.
std::size_t steepest_kl_drop(const gpt2::LensResult& lens, std::size_t t);

}  // namespace homework
