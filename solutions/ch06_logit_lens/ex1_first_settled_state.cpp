// Reference solution. Try the exercise in homework/ch06_logit_lens/ first!
#include "ch06_logit_lens/exercises.hpp"

namespace homework {

std::size_t first_settled_state(const gpt2::LensResult& lens, std::size_t t) {
    std::size_t i = lens.last_state();  // rank 0 there by definition
    while (i > 0 && lens.at(i - 1, t).final_top1_rank == 0) --i;
    return i;
}

}  // namespace homework
