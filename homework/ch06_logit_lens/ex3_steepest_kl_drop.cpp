#include "ch06_logit_lens/exercises.hpp"

namespace homework {

std::size_t steepest_kl_drop(const gpt2::LensResult& lens, std::size_t t) {
    // TODO(you): for i = 1 … lens.last_state(), compute
    //   drop = lens.at(i - 1, t).kl_to_final - lens.at(i, t).kl_to_final
    // and return the i with the largest drop (the first one on a tie). Compare with
    // `ch06_logit_lens --metric kl`: is it the row where the colour brightens most?
    (void)lens;
    (void)t;
    return 0;
}

}  // namespace homework
