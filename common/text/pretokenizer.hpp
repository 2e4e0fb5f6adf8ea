// text/pretokenizer.hpp — GPT-2's pre-tokenizer: the regex that cuts text into "words" before BPE.
//
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// i.e. English contractions, a run of letters, of digits or of other symbols (each with at
// most one leading space), then whitespace, leaving the last space of a run to the next word.
// We run it with PCRE2 (UTF + UCP, JIT-compiled). `\s` here is the Unicode White_Space
// property, as in Hugging Face's tokenizers; PCRE2's own `\s` leaves out U+0085, so the
// class is written out in text/pretokenizer.cpp.
//
// Deliberately not handled: invalid UTF-8 (split throws gpt2::Error rather than guess),
// case-insensitive contractions (GPT-2's regex is case-sensitive: "DON'T" -> DON ' T).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

struct pcre2_real_code_8;  // PCRE2's compiled pattern (pcre2.h stays out of this header)

namespace gpt2 {

class PreTokenizer {
public:
    PreTokenizer();  // compiles the regex; throws gpt2::Error if PCRE2 refuses it

    // Appends the words of text to out (views into text; together they cover all of it).
    // Throws gpt2::Error "input is not valid UTF-8 at byte N" for invalid text.
    void split(std::string_view text, std::vector<std::string_view>& out) const;
    std::vector<std::string_view> split(std::string_view text) const;

private:
    std::shared_ptr<pcre2_real_code_8> code_;
    bool jit_ = false;
};

}  // namespace gpt2
