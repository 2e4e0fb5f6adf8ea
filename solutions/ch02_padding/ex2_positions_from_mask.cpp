// Reference solution. Try the exercise in homework/ch02_padding/ first!
#include "ch02_padding/exercises.hpp"

#include <xtensor/xmath.hpp>

namespace homework {

xt::xtensor<int, 2> positions_from_mask(const xt::xtensor<int, 2>& attention_mask) {
    // NumPy: np.maximum(mask.cumsum(axis=1) - 1, 0)
    xt::xtensor<int, 2> pos = xt::cumsum(attention_mask, 1) - 1;  // [B, T]
    return xt::maximum(pos, 0);
}

}  // namespace homework
