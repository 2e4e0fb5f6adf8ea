// generate/generate.hpp — the loop from logits to text: run the model, choose a token, append it, repeat.
//
//   logits = model(prompt)                 with the cache: one prefill pass (generate/kv_cache.hpp)
//   repeat max_new times:
//     id = choose(logits of the last position)
//     hand id to on_token; stop after it if it is eos (unless told not to)
//     logits = model(id)                   with the cache: one token; without: the whole sequence
//
// How a token is chosen is not this file's business: a Chooser gets the last position's V logits
// and returns an id. greedy (argmax, generate/sampler.hpp) is the default; a sampler (temperature, top-k, top-p)
// plugs in the same way. The cache changes the cost of a step, never its result: both paths give
// the same tokens (tests/test_kv_cache.cpp).
//
// Past n_positions: refused before any token is generated (a gpt2::Error saying how many new
// tokens fit), rather than truncating the context or stopping midway. The model has no position
// embedding beyond n_positions, so it cannot read a longer sequence.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "model/model.hpp"

namespace gpt2 {

// logits: the last position's V scores -> the chosen id, in [0, V).
using Chooser = std::function<int(const float* logits, std::size_t V)>;

struct GenerateOptions {
    bool use_cache = true;    // false: every step runs hidden_states() on the whole sequence
    int eos_id = -1;          // the end-of-text id (Tokenizer::eos_id()); -1: none, never stop early
    bool stop_at_eos = true;  // false: keep going after eos until max_new tokens
    Chooser choose;           // empty: greedy (generate/sampler.hpp)
};

// Called with each id as soon as it is chosen (to stream it), eos included.
using OnToken = std::function<void(int id)>;

// Continues prompt_ids by at most max_new tokens and returns the new ids (the prompt not
// included; eos, when it stopped there, included). Throws gpt2::Error, before generating
// anything, when the prompt is empty or prompt + max_new exceeds n_positions; and when a
// chooser returns an id outside the vocabulary. max_new = 0 returns nothing and runs nothing.
std::vector<int> generate(const Model& model, const std::vector<int>& prompt_ids, std::size_t max_new,
                          const GenerateOptions& options = {}, const OnToken& on_token = {});

}  // namespace gpt2
