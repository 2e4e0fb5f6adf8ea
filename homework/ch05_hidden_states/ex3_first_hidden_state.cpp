#include "ch05_hidden_states/exercises.hpp"

namespace homework {

xt::xtensor<float, 2> first_hidden_state(const gpt2::Model& model, const std::vector<int>& ids) {
    // TODO(you): exercise 3 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 3 (folded).
    (void)model;
    (void)ids;
    return {};
}

}  // namespace homework
