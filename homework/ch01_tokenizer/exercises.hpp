// Chapter 1 homework: using the tokenizer (common/text/tokenizer.hpp).
//
// Write the bodies in ex1_count_tokens.cpp, ex2_longest_token.cpp and
// ex3_with_and_without_space.cpp, then run
// `make homework`. The tests are in homework/tests/ch01_tokenizer.test.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "text/tokenizer.hpp"

namespace homework {

// Exercise 1: how many tokens is `text`? With add_prefix_space (the notebook's setting)
// a text that does not start with a space gets one, so "unbelievable" is tokenized as
// " unbelievable". Count how much that changes.
std::size_t count_tokens(const gpt2::Tokenizer& tok, const std::string& text,
                         bool add_prefix_space);

// Exercise 2: the token whose text (tok.token_string(id)) is the longest, counted in
// bytes (std::string::size()); on a tie, the one with the smallest id.
std::string longest_token(const gpt2::Tokenizer& tok);

// Exercise 3 (ex3_with_and_without_space.cpp): the same word with and without the space
// in front. For each word, the token strings (tok.token_string) of " " + word and of the
// word alone (encode it with add_prefix_space = false both times, so that you control the
// space). For "weekend": with_space {" weekend"}, without_space {"week", "end"}.
struct WordTokens {
    std::vector<std::string> with_space;
    std::vector<std::string> without_space;
};
std::vector<WordTokens> tokens_with_and_without_space(const gpt2::Tokenizer& tok,
                                                      const std::vector<std::string>& words);

}  // namespace homework
