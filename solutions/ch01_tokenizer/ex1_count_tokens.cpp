// Reference solution. Try the exercise in homework/ch01_tokenizer/ first!
#include "ch01_tokenizer/exercises.hpp"

namespace homework {

std::size_t count_tokens(const gpt2::Tokenizer& tok, const std::string& text,
                         bool add_prefix_space) {
    gpt2::EncodeOptions opts;
    opts.add_prefix_space = add_prefix_space;
    return tok.encode(text, opts).size();
}

}  // namespace homework
