#include "ch03_embeddings/exercises.hpp"

namespace homework {

std::size_t count_parameters(const gpt2::Config& cfg, bool tied) {
    // TODO(you): exercise 1 in exercises.hpp says what to compute. Check: the notebook's
    // distilgpt2 has 81,912,576 (tied). Stuck? HINTS.md, exercise 1 (folded).
    (void)cfg;
    (void)tied;
    return 0;
}

}  // namespace homework
