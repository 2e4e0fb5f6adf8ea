#include "ch08_position_zero/exercises.hpp"

namespace homework {

MassiveDimension find_massive_dimension(const xt::xtensor<float, 2>& state) {
    // TODO(you): exercise 1 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 1 (folded).
    (void)state;
    return {};
}

}  // namespace homework
