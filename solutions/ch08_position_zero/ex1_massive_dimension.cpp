// Reference solution. Try the exercise in homework/ch08_position_zero/ first!
#include "ch08_position_zero/exercises.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace homework {

MassiveDimension find_massive_dimension(const xt::xtensor<float, 2>& state) {
    const std::size_t T = state.shape(0), C = state.shape(1);  // [T, C]
    MassiveDimension r;
    // The largest |h[0, d]|; a strict > keeps the smaller d on a tie.
    for (std::size_t d = 1; d < C; ++d)
        if (std::fabs(state(0, d)) > std::fabs(state(0, r.dim))) r.dim = d;
    r.value = state(0, r.dim);

    // The median of |h[t, dim]| over t = 1 … T-1: sort, take the middle (or the two middles).
    std::vector<double> others;
    for (std::size_t t = 1; t < T; ++t) others.push_back(std::fabs(state(t, r.dim)));
    std::sort(others.begin(), others.end());
    const std::size_t n = others.size(), mid = n / 2;
    r.median_other = n % 2 == 1 ? others[mid] : (others[mid - 1] + others[mid]) / 2;
    r.ratio = std::fabs(double(r.value)) / r.median_other;
    return r;
}

}  // namespace homework
