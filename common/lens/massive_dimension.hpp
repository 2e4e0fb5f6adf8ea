// lens/massive_dimension.hpp — which residual dimension makes position 0 different.
//
// In a trained GPT-2 the hidden state at position 0 is far larger than at the other positions,
// and nearly all of the difference sits in one or a few dimensions of the residual stream (Sun et
// al. 2024, "Massive Activations in Large Language Models": dimension 447 in GPT-2 small). For one
// sequence of T ≥ 2 tokens and one hidden state h [T, C]:
//
//   value[d]        = h[0, d]                                  (signed)
//   median_other[d] = median over t = 1 … T−1 of |h[t, d]|     (even count: mean of the middle two)
//   ratio[d]        = |value[d]| / median_other[d]             (+inf when the median is 0)
//
// Over N windows: the mean of value and the mean of median_other per dimension, and the ratio of
// those means. The top K are the dimensions with the largest |value|, ties to the smaller d.
// The massive dimension is the one at the top in the most block outputs (states 1 … L−1; ln_f's
// state L is left out, it rescales everything), ties to the larger sum of |value| over those
// states, then to the smaller d. Sums in double.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xtensor.hpp>

namespace gpt2 {

// The median of the values (even count: the mean of the two middle ones). Throws gpt2::Error when empty.
double median(std::vector<double> values);

// One hidden state's per-dimension numbers (for one sequence, or averaged over windows).
struct DimensionStats {
    std::vector<double> value;         // [C] h[0, d], or its mean over windows
    std::vector<double> median_other;  // [C] median |h[t, d]| over t ≥ 1, or its mean over windows
    double ratio(std::size_t d) const;  // |value| / median_other; +inf when the median is 0
};

// h: [T, C], T ≥ 2 (throws gpt2::Error otherwise).
DimensionStats position_zero_dimensions(const xt::xtensor<float, 2>& h);

// The k dimensions with the largest |value|, largest first; ties to the smaller index.
std::vector<std::size_t> top_dimensions(const std::vector<double>& value, std::size_t k);

// Per-state sums over windows; mean() divides by the number added.
class DimensionAverage {
public:
    // states: one sequence's hidden states (model/transformer.hpp), each [T, C], T ≥ 2.
    void add(const std::vector<xt::xtensor<float, 2>>& states);
    std::size_t count() const { return count_; }
    std::vector<DimensionStats> mean() const;  // [state]

private:
    std::vector<DimensionStats> sum_;
    std::size_t count_ = 0;
};

struct MassiveDimension {
    std::size_t dim = 0;
    std::vector<std::size_t> states;  // the states in 1 … L−1 where `dim` is top-1, ascending
    std::size_t first_state = 0;      // states.front()
};

// per_state: the L + 1 states' statistics (states 0 … L). With L = 1, state 1 is used.
MassiveDimension find_massive_dimension(const std::vector<DimensionStats>& per_state);

}  // namespace gpt2
