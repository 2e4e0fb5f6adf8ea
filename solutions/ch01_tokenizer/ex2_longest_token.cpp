// Reference solution. Try the exercise in homework/ch01_tokenizer/ first!
#include "ch01_tokenizer/exercises.hpp"

namespace homework {

std::string longest_token(const gpt2::Tokenizer& tok) {
    std::string best;
    for (std::size_t id = 0; id < tok.vocab_size(); ++id) {
        std::string s = tok.token_string(static_cast<int>(id));
        if (s.size() > best.size()) best = s;  // strictly longer: the first one wins a tie
    }
    return best;
}

}  // namespace homework
