// lens/massive_dimension.cpp — see lens/massive_dimension.hpp.
#include "lens/massive_dimension.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "support/error.hpp"

namespace gpt2 {

double median(std::vector<double> values) {
    if (values.empty()) throw Error("the median of no values");
    const std::size_t n = values.size(), mid = n / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(mid), values.end());
    const double upper = values[mid];
    if (n % 2 == 1) return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(mid));
    return (lower + upper) / 2;
}

double DimensionStats::ratio(std::size_t d) const {
    const double m = median_other.at(d);
    return m == 0 ? std::numeric_limits<double>::infinity() : std::abs(value.at(d)) / m;
}

DimensionStats position_zero_dimensions(const xt::xtensor<float, 2>& h) {
    const std::size_t T = h.shape(0), C = h.shape(1);
    if (T < 2) throw Error("position 0 against the others needs at least 2 positions, got " + std::to_string(T));
    DimensionStats s;
    s.value.resize(C);
    s.median_other.resize(C);
    std::vector<double> column(T - 1);
    for (std::size_t d = 0; d < C; ++d) {
        s.value[d] = h(0, d);
        for (std::size_t t = 1; t < T; ++t) column[t - 1] = std::abs(double(h(t, d)));
        s.median_other[d] = median(column);
    }
    return s;
}

std::vector<std::size_t> top_dimensions(const std::vector<double>& value, std::size_t k) {
    std::vector<std::size_t> order(value.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    k = std::min(k, order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(), [&](std::size_t a, std::size_t b) {
        const double x = std::abs(value[a]), y = std::abs(value[b]);
        return x != y ? x > y : a < b;
    });
    order.resize(k);
    return order;
}

void DimensionAverage::add(const std::vector<xt::xtensor<float, 2>>& states) {
    if (sum_.empty()) sum_.resize(states.size());
    if (states.size() != sum_.size()) throw Error("DimensionAverage: a different number of hidden states");
    for (std::size_t s = 0; s < states.size(); ++s) {
        const DimensionStats one = position_zero_dimensions(states[s]);
        if (sum_[s].value.empty()) {
            sum_[s].value.assign(one.value.size(), 0.0);
            sum_[s].median_other.assign(one.value.size(), 0.0);
        }
        for (std::size_t d = 0; d < one.value.size(); ++d) {
            sum_[s].value[d] += one.value[d];
            sum_[s].median_other[d] += one.median_other[d];
        }
    }
    ++count_;
}

std::vector<DimensionStats> DimensionAverage::mean() const {
    if (count_ == 0) throw Error("DimensionAverage: no sequences added");
    std::vector<DimensionStats> out = sum_;
    for (DimensionStats& s : out) {
        for (double& v : s.value) v /= double(count_);
        for (double& m : s.median_other) m /= double(count_);
    }
    return out;
}

MassiveDimension find_massive_dimension(const std::vector<DimensionStats>& per_state) {
    if (per_state.size() < 2) throw Error("the massive dimension needs at least 2 hidden states");
    const std::size_t L = per_state.size() - 1, C = per_state[0].value.size();
    // The block outputs that ln_f has not rescaled: 1 … L−1 (just L when there is one block).
    const std::size_t first = 1, last = L == 1 ? 1 : L - 1;
    std::vector<std::size_t> wins(C, 0);
    std::vector<double> sum_abs(C, 0.0);
    for (std::size_t s = first; s <= last; ++s) {
        ++wins[top_dimensions(per_state[s].value, 1).at(0)];
        for (std::size_t d = 0; d < C; ++d) sum_abs[d] += std::abs(per_state[s].value[d]);
    }
    std::size_t best = 0;
    for (std::size_t d = 1; d < C; ++d)
        if (wins[d] > wins[best] || (wins[d] == wins[best] && sum_abs[d] > sum_abs[best])) best = d;
    MassiveDimension m;
    m.dim = best;
    for (std::size_t s = first; s <= last; ++s)
        if (top_dimensions(per_state[s].value, 1).at(0) == best) m.states.push_back(s);
    m.first_state = m.states.at(0);
    return m;
}

}  // namespace gpt2
