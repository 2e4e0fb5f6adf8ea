// Chapter 8 homework: position 0 dissected (book/08-position-zero.md; the library's versions
// are in chapters/ch08_position_zero and common/lens/first_position_attention.hpp).
//
// Write the bodies in ex1_massive_dimension.cpp, ex2_hold_at_zero.cpp and ex3_sink_metric.cpp,
// then run `make homework ARGS='[ch08]'`. The tests (homework/tests/ch08_position_zero.test.cpp)
// feed your functions the bundled teaching model's real numbers (6 blocks of 256 dimensions,
// 8 heads) on the notebook's phrase "This weekend I plan to", and print what your code
// measured next to what the library gives.
//
// Each exercise asks you to PREDICT first. Write your prediction down (a comment in the
// exercise's file will do) before you run the test, then compare with the line it prints.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/forward_hooks.hpp"

namespace homework {

// Exercise 1: find the massive dimension yourself. `state` is one hidden state [T, C] of one
// sequence (T ≥ 2), as gpt2::hidden_states() returns it: row t is position t. Return
//   dim           the dimension d with the largest |state(0, d)| (a tie: the smaller d)
//   value         state(0, dim), with its sign
//   median_other  the median over t = 1 … T−1 of |state(t, dim)| (an even count of numbers:
//                 the mean of the two middle ones)
//   ratio         |value| / median_other: how many times larger position 0 is there than
//                 a typical other position
// Before you run the test, write down your prediction: on the teaching model, in which hidden
// state (0 = the embeddings … 6) will one dimension first stand out at position 0, and how
// large will its ratio be: 2×, 20×, 200×?
struct MassiveDimension {
    std::size_t dim = 0;
    float value = 0;
    double median_other = 0;
    double ratio = 0;
};
MassiveDimension find_massive_dimension(const xt::xtensor<float, 2>& state);

// Exercise 2: an ablation, written as a hook (common/model/forward_hooks.hpp). Return hooks that
// hold position 0's dimension `dim` at 0 from block `from_block` on: set x(0, dim) = 0 at the
// input of block `from_block` (after the embeddings when from_block = 0, else after block
// from_block − 1) and again after every later block, the last one included (before ln_f).
// Touch nothing else. Then hidden_states(model, ids, nullptr, &hooks) runs the edited model:
// hidden state s has 0 there for from_block ≤ s < n_layer, and states before from_block are
// exactly the plain forward's.
// Before you run the test, write down your prediction: with dimension 44 held at 0 from block 1
// on, will the model's prediction after "This weekend I plan to" (position 4) change, or not?
// And its prediction after "This" (position 0)?
gpt2::ForwardHooks hold_at_zero(std::size_t dim, std::size_t from_block);

// Exercise 3: Gu et al.'s attention-sink metric ("When Attention Sink Emerges in Language
// Models", ICLR 2025). `attention` holds each layer's probabilities [H, T, T] (row t: how much
// query t attends to each key 0 … t), as hidden_states(model, ids, &attention) gives them.
// For layer l and head h return
//   score[l][h] = the mean over ALL queries t = 0 … T−1 of p(t, 0)
// (query 0 included: it can only see itself, so its p(0, 0) is 1), and
//   rate = the fraction of the n_layer × n_head heads whose score is above 0.3 (their ε).
// Chapter 7's first_position_attention leaves query 0 out instead; the test relates the two.
// Before you run the test, write down your prediction: what fraction of the teaching model's
// 48 heads will pass 0.3 on the 5-token phrase? On a 64-token paragraph (Gu et al.'s length)?
struct SinkMetric {
    std::vector<std::vector<double>> score;  // [n_layer][n_head]
    double rate = 0;
};
SinkMetric sink_metric(const std::vector<xt::xtensor<float, 3>>& attention);

}  // namespace homework
