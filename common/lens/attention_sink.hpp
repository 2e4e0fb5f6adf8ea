// lens/attention_sink.hpp — how many heads park their attention on the first token, and how that
// changes as the context grows.
//
// Chapter 7's share (lens/first_position_attention.hpp) leaves query 0 out. Gu et al. 2024 ("When
// Attention Sink Emerges in Language Models", ICLR 2025) score a head by the mean attention on the
// first token over ALL queries, query 0 included, and count a head as a sink when its score
// exceeds ε = 0.3:
//
//   gu_score[l][h] = mean over t = 0 … T−1 of p_{l,h}[t, 0]
//   gu_rate        = fraction of the L·H heads with gu_score > 0.3
//
// Over N windows, share and gu_score are averaged per head first; gu_rate is taken from the
// averaged score. Sums in double.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "lens/first_position_attention.hpp"
#include "model/model.hpp"

namespace gpt2 {

constexpr double kSinkThreshold = 0.3;  // Gu et al.'s ε

// attention: per layer [H, T, T] (model/transformer.hpp), T ≥ 1. Returns [L, H].
xt::xtensor<double, 2> first_token_score(const std::vector<xt::xtensor<float, 3>>& attention);

// Fraction of the scores above `threshold`.
double sink_rate(const xt::xtensor<double, 2>& score, double threshold = kSinkThreshold);

struct AttentionSink {
    FirstPositionAttention share;     // chapter 7's share (queries 1 … T−1), window-averaged
    xt::xtensor<double, 2> gu_score;  // [L, H], window-averaged
    double gu_rate = 0;               // from the averaged gu_score
    std::size_t windows = 0;
    double mean_share() const;        // over layers and heads
};

// Only what the sink needs of one sequence's attention: per layer [H, T, 1], p[t, 0] for every query
// t (the first key's column). Read through the attention hook (model/forward_hooks.hpp) while the
// forward runs, so the T × T patterns are never stored: on 512 tokens that is 4× faster.
// first_position_attention() and first_token_score() take it as they take the full patterns.
std::vector<xt::xtensor<float, 3>> first_key_attention(const Model& model, const std::vector<int>& ids);

// Averages over sequences of the same length.
class AttentionSinkAverage {
public:
    void add(const std::vector<xt::xtensor<float, 3>>& attention);  // T ≥ 2
    AttentionSink mean() const;                                      // throws gpt2::Error when none added

private:
    AttentionSink sum_;
};

struct SinkAtContext {
    std::size_t context = 0, windows = 0;
    double gu_rate = 0, mean_share = 0;
};

// The contexts T ∈ {4, 8, …, 1024} with T ≤ n_positions and T ≤ ids.size(); for each, the first
// min(max_windows, ⌊len/T⌋) consecutive windows of T tokens (text/text_windows.hpp), each run alone.
std::vector<SinkAtContext> sink_by_context(const Model& model, const std::vector<int>& ids, std::size_t max_windows);

}  // namespace gpt2
