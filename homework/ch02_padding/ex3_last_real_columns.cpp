#include "ch02_padding/exercises.hpp"

namespace homework {

std::vector<int> last_real_columns(const xt::xtensor<int, 2>& attention_mask) {
    // TODO(you): exercise 3 in exercises.hpp says what to compute. Then read the test: what
    // would a program that always looks at column T-1 predict for a right-padded "Hi"?
    // Stuck? HINTS.md, exercise 3 (folded).
    (void)attention_mask;
    return {};
}

}  // namespace homework
