// text/utf8_stream.hpp — printing tokens one at a time without printing half a character.
//
// GPT-2's tokens are byte strings. Most are whole UTF-8 characters, but byte-level BPE can split
// one character over two tokens (an emoji's 4 bytes as 2 + 2, a CJK character's 3 as 1 + 2): the
// first token's bytes alone are not valid UTF-8, and printed at once they would show as garbage
// that the next token cannot repair. So a stream holds back the bytes of an incomplete character
// at the end of what it was given, and hands them out when the next token completes them:
//
//   Utf8Stream s;
//   s.push("\xF0\x9F")      -> ""          (the first half of 😀, held back)
//   s.push("\x98\x80 ok")   -> "😀 ok"
//   s.finish()              -> ""          (nothing held)
//
// Bytes that can never become a character (a stray continuation byte, C0, F5..FF, an overlong
// start) are not held: they come out at once as U+FFFD. What finish() returns for bytes still held
// at the end is U+FFFD too. Everything pushed then finish(), concatenated, equals utf8_lossy() of
// all the bytes at once — what Tokenizer::decode() gives (without its clean-up of spaces), and
// what transformers' decode() prints for the same ids.
//
// Deliberately not handled: grapheme clusters (an emoji with a skin-tone modifier may still be
// printed in two pieces, each a whole code point), the clean-up of spaces.
#pragma once

#include <string>
#include <string_view>

namespace gpt2 {

class Utf8Stream {
public:
    // Appends bytes; returns the text that is now complete (valid UTF-8, possibly empty).
    std::string push(std::string_view bytes);
    // The end: whatever is still held, as U+FFFD (empty when nothing is held). Resets the stream.
    std::string finish();
    // Bytes held back, waiting for the rest of their character (0 to 3).
    std::size_t held() const { return held_.size(); }

private:
    std::string held_;
};

// The length of the longest suffix of s (at most 3 bytes) that is the beginning of a valid UTF-8
// character, not yet complete; 0 when s ends with a whole character or with bytes that cannot
// start one.
std::size_t utf8_incomplete_tail(std::string_view s);

}  // namespace gpt2
