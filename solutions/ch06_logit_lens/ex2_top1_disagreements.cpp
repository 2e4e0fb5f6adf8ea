// Reference solution. Try the exercise in homework/ch06_logit_lens/ first!
#include "ch06_logit_lens/exercises.hpp"

namespace homework {

std::size_t top1_disagreements(const gpt2::LensResult& raw, const gpt2::LensResult& normed) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < raw.num_states; ++i)
        for (std::size_t t = 0; t < raw.num_positions(); ++t)
            if (raw.at(i, t).top.ids[0] != normed.at(i, t).top.ids[0]) ++n;
    return n;
}

}  // namespace homework
