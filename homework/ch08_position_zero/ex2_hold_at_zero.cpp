#include "ch08_position_zero/exercises.hpp"

namespace homework {

gpt2::ForwardHooks hold_at_zero(std::size_t dim, std::size_t from_block) {
    // TODO(you): exercise 2 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 2 (folded).
    (void)dim;
    (void)from_block;
    return {};
}

}  // namespace homework
