#include "ch01_tokenizer/exercises.hpp"

namespace homework {

std::string longest_token(const gpt2::Tokenizer& tok) {
    // TODO(you): go through every id from 0 to tok.vocab_size() - 1, take
    // tok.token_string(id), and keep the longest one (in bytes; the first one wins a tie).
    // Then look at what you found: why would a tokenizer learn such a token?
    (void)tok;
    return "";
}

}  // namespace homework
