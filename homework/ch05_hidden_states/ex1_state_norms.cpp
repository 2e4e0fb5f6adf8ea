#include "ch05_hidden_states/exercises.hpp"

namespace homework {

std::vector<double> state_norms(const xt::xtensor<float, 2>& state) {
    // TODO(you): exercise 1 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 1 (folded).
    (void)state;
    return {};
}

}  // namespace homework
