#include "ch07_attention/exercises.hpp"

namespace homework {

HeadOutput attention_head(const xt::xtensor<float, 2>& q, const xt::xtensor<float, 2>& k,
                          const xt::xtensor<float, 2>& v) {
    // TODO(you): exercise 2 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 2 (folded).
    (void)q;
    (void)k;
    (void)v;
    return {};
}

}  // namespace homework
