// Reference solution. Try the exercise in homework/ch06_logit_lens/ first!
#include "ch06_logit_lens/exercises.hpp"

namespace homework {

std::size_t steepest_kl_drop(const gpt2::LensResult& lens, std::size_t t) {
    std::size_t best = 1;
    double best_drop = lens.at(0, t).kl_to_final - lens.at(1, t).kl_to_final;
    for (std::size_t i = 2; i <= lens.last_state(); ++i) {
        const double drop = lens.at(i - 1, t).kl_to_final - lens.at(i, t).kl_to_final;
        if (drop > best_drop) {
            best = i;
            best_drop = drop;
        }
    }
    return best;
}

}  // namespace homework
