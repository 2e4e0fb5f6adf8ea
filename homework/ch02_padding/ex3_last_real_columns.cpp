#include "ch02_padding/exercises.hpp"

namespace homework {

std::vector<int> last_real_columns(const xt::xtensor<int, 2>& attention_mask) {
    // TODO(you): for each row b, the largest column t with attention_mask(b, t) == 1,
    // or -1 if there is none. Then read the test: what would a program that always
    // looks at column T-1 predict for a right-padded "Hi"?
    (void)attention_mask;
    return {};
}

}  // namespace homework
