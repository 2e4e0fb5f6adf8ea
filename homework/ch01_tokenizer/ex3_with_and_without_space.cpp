#include "ch01_tokenizer/exercises.hpp"

namespace homework {

std::vector<WordTokens> tokens_with_and_without_space(const gpt2::Tokenizer& tok,
                                                      const std::vector<std::string>& words) {
    // TODO(you): for each word, encode " " + word and word with a gpt2::EncodeOptions whose
    // add_prefix_space is false, turn each id into tok.token_string(id), and push a
    // WordTokens{with_space, without_space}. Then look at the test's words: which ones are
    // a single token only when they come after a space — and why would that be?
    (void)tok;
    (void)words;
    return {};
}

}  // namespace homework
