// generate/kv_cache.hpp — the KV cache: generate one token at a time without recomputing the past.
//
// Attention is causal, so what a position computes depends on the positions before it and never
// on those after. Once the prompt has gone through the model, every layer's keys and values of
// those positions are final: a new token's query needs them, but recomputing them (as
// hidden_states() on the whole sequence does) gives the same numbers again. So we keep them:
//
//   prefill   forward_with_cache(model, cache, prompt)   every prompt token, one pass;
//                                                        each layer stores its k and v rows
//   decode    forward_with_cache(model, cache, {id})     one token: embeddings at position
//                                                        cache.size(), its q attends to the
//                                                        cached keys 0 .. size-1 and its own
//
// Each step then costs one token's matrix products (a read of every weight) plus attention over
// the cached rows, instead of a forward over the whole sequence.
//
// Layout: per layer, keys and values are [capacity, C] each, heads side by side in the columns
// as in the fused q|k|v matrix, so one head's keys are a strided column block that BLAS reads in
// place (row stride C): sgemm for the prefill's many queries, sgemv for a step's one. A step
// appends whole rows. Preallocated: nothing grows during decode.
//
// Not handled: batches (one sequence per cache) and the forward hooks (model/forward_hooks.hpp); the
// uncached path for both stays hidden_states() (model/transformer.hpp).
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "model/config.hpp"
#include "model/model.hpp"

namespace gpt2 {

class KVCache {
public:
    // Room for `capacity` positions (0: the model's n_positions, the most it can ever hold).
    // Throws gpt2::Error when capacity exceeds n_positions: no position embedding beyond it.
    explicit KVCache(const Config& config, std::size_t capacity = 0);

    std::size_t size() const { return size_; }          // positions stored so far
    std::size_t capacity() const { return capacity_; }  // positions it can hold
    std::size_t n_layer() const { return keys_.size(); }
    void clear() { size_ = 0; }                         // start a new sequence; keeps the memory

    // Layer l's keys / values, [capacity, C]: rows 0 .. size()-1 hold the positions so far.
    xt::xtensor<float, 2>& keys(std::size_t l) { return keys_.at(l); }
    xt::xtensor<float, 2>& values(std::size_t l) { return values_.at(l); }
    const xt::xtensor<float, 2>& keys(std::size_t l) const { return keys_.at(l); }
    const xt::xtensor<float, 2>& values(std::size_t l) const { return values_.at(l); }

    // Throws gpt2::Error (one line) unless n_new more positions fit; changes nothing.
    void check_room(std::size_t n_new) const;
    // The rows size() .. size()+n_new-1 of every layer now hold positions: count them.
    void commit(std::size_t n_new);

private:
    std::size_t capacity_ = 0, size_ = 0;
    int n_positions_ = 0;
    std::vector<xt::xtensor<float, 2>> keys_, values_;  // n_layer × [capacity, C]
};

// Runs new_ids (positions cache.size() onwards) through the model, appending their keys and
// values to the cache. Returns their final hidden states, after ln_f: [n_new, C], what the head
// reads (the last state of hidden_states()). Throws gpt2::Error, leaving the cache as it was,
// when new_ids is empty, does not fit, or holds an id outside the vocabulary.
xt::xtensor<float, 2> forward_with_cache(const Model& model, KVCache& cache, const std::vector<int>& new_ids);

// forward_with_cache, then the logits of the last new position only: [V]. What a generation
// step needs (the earlier positions' logits are never read, so never computed).
std::vector<float> next_token_logits(const Model& model, KVCache& cache, const std::vector<int>& new_ids);

}  // namespace gpt2
