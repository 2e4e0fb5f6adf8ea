#include "ch04_tied_head/exercises.hpp"

namespace homework {

std::vector<int> not_own_top1(const gpt2::Model& model, const std::vector<int>& ids) {
    // TODO(you): exercise 2 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 2 (folded).
    (void)model;
    (void)ids;
    return {0};
}

}  // namespace homework
