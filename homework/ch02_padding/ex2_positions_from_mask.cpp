#include "ch02_padding/exercises.hpp"

namespace homework {

xt::xtensor<int, 2> positions_from_mask(const xt::xtensor<int, 2>& attention_mask) {
    // TODO(you): exercise 2 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 2 (folded).
    (void)attention_mask;
    return {};
}

}  // namespace homework
