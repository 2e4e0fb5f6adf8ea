#include "ch02_padding/exercises.hpp"

namespace homework {

xt::xtensor<int, 2> positions_from_mask(const xt::xtensor<int, 2>& attention_mask) {
    // TODO(you): cumsum(mask) - 1 along each row (axis 1), then clip the -1s at 0.
    // A loop over rows and columns works; xt::cumsum and xt::maximum (#include
    // <xtensor/xmath.hpp>) do it without one. Either way, return an xt::xtensor<int, 2>
    // of the mask's shape.
    (void)attention_mask;
    return {};
}

}  // namespace homework
