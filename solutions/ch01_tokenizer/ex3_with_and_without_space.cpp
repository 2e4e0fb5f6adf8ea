// Reference solution. Try the exercise in homework/ch01_tokenizer/ first!
#include "ch01_tokenizer/exercises.hpp"

namespace homework {

std::vector<WordTokens> tokens_with_and_without_space(const gpt2::Tokenizer& tok,
                                                      const std::vector<std::string>& words) {
    gpt2::EncodeOptions opts;
    opts.add_prefix_space = false;  // we put the space in ourselves (or not)
    const auto strings = [&](const std::string& text) {
        std::vector<std::string> out;
        for (int id : tok.encode(text, opts)) out.push_back(tok.token_string(id));
        return out;
    };
    std::vector<WordTokens> result;
    for (const std::string& word : words) result.push_back({strings(" " + word), strings(word)});
    return result;
}

}  // namespace homework
