#include "ch03_embeddings/exercises.hpp"

namespace homework {

std::vector<float> embedding_norms(const gpt2::Model& model) {
    // TODO(you): exercise 2 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 2 (folded).
    (void)model;
    return {};
}

}  // namespace homework
