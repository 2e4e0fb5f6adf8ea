#include "ch07_attention/exercises.hpp"

namespace homework {

float gelu_new(float x) {
    // TODO(you): exercise 3 in exercises.hpp says what to compute. Then compare with
    // x itself: where does gelu_new let x through, and where does it shut it off? Stuck?
    // HINTS.md, exercise 3 (folded).
    (void)x;
    return 0.0f;
}

}  // namespace homework
