// Chapter 9 homework: from logits to text (book/09-generate.md; the library's versions are
// common/generate/sampler.cpp and common/generate/kv_cache.cpp).
//
// Write the bodies in ex1_temperature_top_k.cpp, ex2_nucleus.cpp and ex3_append_and_attend.cpp,
// then run `make homework ARGS='[ch09]'`. The tests (homework/tests/ch09_generate.test.cpp)
// check each function on a case you can follow on paper, then on the bundled teaching model's
// real numbers (its logits after "This weekend I plan to", its layer weights) against the
// library: gpt2::sampling_distribution and gpt2::draw_token (common/generate/sampler.hpp) for
// exercises 1 and 2, gpt2::KVCache and causal_self_attention for exercise 3.
//
// Each exercise asks you to PREDICT first. Write your prediction down (a comment in the
// exercise's file will do) before you run the test, then compare with the lines it prints.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace homework {

// A distribution over tokens to draw from: (token id, probability) pairs in draw order, most
// probable first (a tie: the smaller id first). The probabilities sum to 1 (up to rounding).
using TokenProbs = std::vector<std::pair<int, double>>;

// Exercise 1a: temperature, then top-k. `logits` holds one row of V logits (one per token id).
//   z_i = l_i / T                              T > 0: T < 1 sharpens, T > 1 flattens
//   keep the k largest z (1 ≤ k ≤ V): exactly k; on a tie with the k-th, the smaller ids
//   q_i = exp(z_i − z_max) / Σ_kept exp(z_j − z_max)     (the softmax over the kept tokens only)
// Return the k kept (id, q_i), most probable first, ties by the smaller id. Compute in double
// (convert each logit before dividing): the test compares with the library to 1e-12.
// Subtracting z_max (the largest z) changes nothing in exact arithmetic; without it, a small T
// makes exp(z) overflow to inf, and inf / inf is NaN.
// Before you run the test, write down your prediction: after "This weekend I plan to", keep
// only the two most likely tokens (k = 2: " find" and " be"). What probability will " find"
// get at T = 1? At T = 0.5? At T = 2? (Book 09 prints their probabilities over all tokens at
// T = 1: their ratio is all you need.)
TokenProbs temperature_top_k(const std::vector<float>& logits, double temperature, std::size_t k);

// Exercise 1b: draw one token from `dist` with a uniform number u in [0, 1) — the inverse CDF.
// Walk dist in its order, summing the probabilities (in double, in that order): return the id
// of the first token with u < q_1 + … + q_i. (A strict <: u = q_1 exactly is the second
// token's.) If rounding leaves the total below u, return the last token whose q is above 0.
// The library draws u from a seeded std::mt19937_64 (gpt2::unit_double): the same seed, the
// same u's, the same text.
int draw(const TokenProbs& dist, double u);

// Exercise 2: top-p, the nucleus. `sorted_probs` is a distribution in draw order (as
// temperature_top_k returns it, or the library's gpt2::sampling_distribution). Walking it from
// the start, keep the smallest prefix whose cumulative probability is ≥ top_p (at least one
// token; when rounding never lets the sum reach top_p, all of them), then renormalise:
//   q_i = p_i / Σ_kept p_j
// Return the kept (id, q_i), in the same order. top_p is in (0, 1]; top_p = 1 keeps everything.
// (How many tokens that is changes from step to step: that is the point of top-p over top-k.)
// Before you run the test, write down your prediction: after "This weekend I plan to", at
// T = 1, how many of the teaching model's 50257 tokens will the nucleus hold for top_p = 0.5?
// For 0.9? For 0.99? 10, 100, 1000?
TokenProbs nucleus(const TokenProbs& sorted_probs, double top_p);

// Exercise 3: one decode step of one attention head, with a KV cache. `cache` holds the keys
// and values of the n positions before this one, one row of D floats each (row j = position j;
// n may be 0). The new token's query, key and value are q, k, v (D floats each).
//   append k to cache.keys and v to cache.values          (now n + 1 rows: j = 0 … n)
//   s_j = q · k_j / √D                                     for j = 0 … n (its own key included)
//   p   = softmax over j of s_j                            (subtract the max before exp)
//   out = Σ_j p_j v_j                                      D floats: return it
// No mask: every cached position comes before the new one, so the new query may see them all.
// Leave the rows already in the cache exactly as they are.
// Before you run the test, write down your prediction: why may the cached keys never change?
// What would have to be true of attention for a later token to change position 3's key?
struct HeadCache {
    std::vector<std::vector<float>> keys;    // [n][D]: row j = position j's key
    std::vector<std::vector<float>> values;  // [n][D]: row j = position j's value
};
std::vector<float> append_and_attend(HeadCache& cache, const std::vector<float>& q, const std::vector<float>& k,
                                     const std::vector<float>& v);

}  // namespace homework
