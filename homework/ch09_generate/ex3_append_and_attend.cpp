#include "ch09_generate/exercises.hpp"

namespace homework {

std::vector<float> append_and_attend(HeadCache& cache, const std::vector<float>& q, const std::vector<float>& k,
                                     const std::vector<float>& v) {
    // TODO(you): exercise 3 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 3 (folded).
    (void)cache;
    (void)q;
    (void)k;
    (void)v;
    return {};
}

}  // namespace homework
