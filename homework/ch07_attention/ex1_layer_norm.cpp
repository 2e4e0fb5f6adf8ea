#include "ch07_attention/exercises.hpp"

namespace homework {

std::vector<float> layer_norm_row(const std::vector<float>& x, const std::vector<float>& gamma,
                                  const std::vector<float>& beta, float eps) {
    // TODO(you): exercise 1 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 1 (folded).
    (void)x;
    (void)gamma;
    (void)beta;
    (void)eps;
    return {};
}

}  // namespace homework
