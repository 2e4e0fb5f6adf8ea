#include "ch01_tokenizer/exercises.hpp"

namespace homework {

std::size_t count_tokens(const gpt2::Tokenizer& tok, const std::string& text,
                         bool add_prefix_space) {
    // TODO(you): exercise 1 in exercises.hpp says what to compute. Stuck? HINTS.md,
    // exercise 1 (folded).
    (void)tok;
    (void)text;
    (void)add_prefix_space;
    return 0;
}

}  // namespace homework
