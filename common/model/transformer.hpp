// model/transformer.hpp — the GPT-2 forward pass, returning every hidden state.
//
//   x = wte[ids] + wpe[positions]                      hidden_states[0]
//   for each block:  x = x + attn(ln_1(x))
//                    x = x + mlp(ln_2(x))              hidden_states[1 .. n_layer-1]
//   ln_f(x)                                            hidden_states[n_layer]
//
// The convention is transformers' output_hidden_states: n_layer + 1 states, [0] the
// embeddings, [i] the output of block i-1 — except the LAST, which is ln_f applied to
// the last block's output (what the head sees), not the raw block output.
#pragma once

#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/forward_hooks.hpp"
#include "model/model.hpp"

namespace gpt2 {

enum class PositionScheme {
    Default,   // 0 .. T-1 in every row, as transformers' forward without position_ids
    FromMask,  // cumsum(mask) - 1, clipped at 0: a left-padded row counts from its first token
};

// A batch: input_ids, attention_mask, position_ids all [B, T].
// Returns n_layer + 1 tensors of shape [B, T, C]. Throws gpt2::Error when T exceeds
// n_positions or an id is outside the vocabulary.
// With `attention`, also each layer's attention probabilities [B, H, T, T]. With `hooks`, each
// hook that is set is called at its point and may edit its tensor (model/forward_hooks.hpp).
std::vector<xt::xtensor<float, 3>> hidden_states(const Model& model, const xt::xtensor<int, 2>& input_ids,
                                                 const xt::xtensor<int, 2>& attention_mask,
                                                 const xt::xtensor<int, 2>& position_ids,
                                                 std::vector<xt::xtensor<float, 4>>* attention = nullptr,
                                                 const ForwardHooks* hooks = nullptr);

// One unpadded sequence, positions 0 .. T-1. Returns n_layer + 1 tensors of shape [T, C].
// When `attention` is given it receives each layer's attention probabilities, [H, T, T]
// (row i: how much query i attends to each key 0 .. i). Hooks see x as [T, C] (B = 1).
std::vector<xt::xtensor<float, 2>> hidden_states(const Model& model, const std::vector<int>& ids,
                                                 std::vector<xt::xtensor<float, 3>>* attention = nullptr,
                                                 const ForwardHooks* hooks = nullptr);

}  // namespace gpt2
