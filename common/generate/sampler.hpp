// generate/sampler.hpp — choosing the next token from one row of logits: greedy, or a seeded draw
// after temperature, top-k and top-p (nucleus), the same on every platform.
//
// Greedy is the argmax (ties: the smaller id), a function of its own: it uses no randomness.
//
// Sampling, in the order Hugging Face transformers applies its warpers (generation/utils.py,
// _get_logits_warper: TemperatureLogitsWarper, then TopKLogitsWarper, then TopPLogitsWarper;
// generation/logits_process.py), for logits l over V tokens:
//   1. temperature T:  z_i = l_i / T                      (T < 1 sharpens, T > 1 flattens)
//   2. top-k:          keep the k largest z (equivalently the k largest l: T > 0 keeps the order)
//   3. top-p:          p_i = exp(z_i) / Σ_kept exp(z_j)   (softmax over what top-k kept);
//                      walking the kept tokens from the most probable, keep the smallest prefix
//                      whose cumulative probability is ≥ top_p (at least one token)
//   4. renormalise:    q_i = exp(z_i) / Σ_nucleus exp(z_j)
//   5. draw:           u = the top 53 bits of one std::mt19937_64 output / 2^53, in [0, 1);
//                      the first kept token, in the order below, with u < q_1 + … + q_i
//                      (summed in that order, in double).
// top_p = 1 and an unset top_k switch their step off, as transformers does (it adds no warper).
//
// Order: logit descending (so probability descending), ties by the smaller id — the order every
// step above walks, so the kept set and the draw are fully determined by (logits, options, seed).
//
// Why not std::discrete_distribution or std::uniform_real_distribution: the C++ standard fixes
// mt19937_64's sequence (its 10000th output from the default seed is 9981545732273789042) but
// not how those distributions turn it into numbers, so libstdc++, libc++ and MSVC draw
// different tokens from the same seed. The conversion and the inverse-CDF walk here are ours.
// Probabilities are computed in double (max subtracted first: z_i − z_max ≤ 0, so exp never
// overflows, and T → 0+ gives weight 1 to the largest logit and 0 to the rest: greedy).
//
// Where this differs from transformers, on ties only: its top-k keeps every token equal to the
// k-th largest (so possibly more than k), and its top-p sorts with torch.sort, whose order among
// equal values is unspecified; here exactly k are kept and ties go to the smaller id. Its top-p
// drops a token when the ascending cumulative sum is ≤ 1 − top_p: the same set as "smallest
// descending prefix ≥ top_p" in exact arithmetic; they can differ only in the last bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <utility>
#include <vector>

namespace gpt2 {

struct SamplerOptions {
    double temperature = 1.0;            // T: finite, > 0; logits are divided by it
    std::optional<std::size_t> top_k;    // keep the k most probable, 1 ≤ k ≤ V; unset: all
    double top_p = 1.0;                  // nucleus mass, in (0, 1]; 1: no nucleus step
    std::uint64_t seed = 0;              // seeds std::mt19937_64
};

// Throws gpt2::Error, one line, for temperature ≤ 0 / NaN / ±Inf, top_p outside (0, 1] or NaN,
// top_k = 0. The check of top_k against the vocabulary (≤ V) needs V: check_sampler_options(o, V).
void check_sampler_options(const SamplerOptions& opts);
void check_sampler_options(const SamplerOptions& opts, std::size_t V);

// argmax of logits[0..V), the smaller id on ties. Throws gpt2::Error on a NaN or ±Inf logit.
int greedy(const float* logits, std::size_t V);

// The kept tokens and their renormalised probabilities q (summing to 1 up to rounding), in the
// draw order: logit descending, ties by the smaller id. Throws gpt2::Error for bad options
// (as check_sampler_options(opts, V)), V = 0, or a NaN or ±Inf logit. opts.seed is not used.
std::vector<std::pair<int, double>> sampling_distribution(const float* logits, std::size_t V,
                                                          const SamplerOptions& opts);

// 64 random bits -> a double in [0, 1): the top 53 bits, times 2^-53 (every value a multiple of
// 2^-53, each equally likely).
double unit_double(std::uint64_t bits);

// The inverse-CDF draw: the first token in dist's order with u < q_1 + … + q_i; when rounding
// leaves the total below u, the last token with q > 0. u in [0, 1).
int draw_token(const std::vector<std::pair<int, double>>& dist, double u);

// A seeded sampler: next() returns draw_token(sampling_distribution(logits, V, opts),
// unit_double(engine())) — the same token, bit for bit — using exactly one 64-bit output of
// the engine per call, but without sorting the whole vocabulary (it sorts only as far as the
// nucleus and the draw reach).
class Sampler {
public:
    explicit Sampler(SamplerOptions opts);  // checks opts (top_k against V at each next())
    int next(const float* logits, std::size_t V);
    const SamplerOptions& options() const { return opts_; }

private:
    SamplerOptions opts_;
    std::mt19937_64 engine_;
    std::vector<int> order_;       // scratch: candidate ids, sorted lazily
    std::vector<double> weight_;   // scratch: exp((l_i − l_max) / T), by id
};

}  // namespace gpt2
