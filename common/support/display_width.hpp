// support/display_width.hpp — how many terminal columns a UTF-8 string takes, like wcwidth(3).
//
// Tables of tokens only line up if every cell is padded by its *displayed* width, not
// its byte count: "日本" is 6 bytes but 4 columns, "é" written as e + U+0301 is 3 bytes
// but 1 column. The rules, per code point:
//   2  East Asian Wide/Fullwidth (CJK, kana, Hangul syllables, fullwidth forms) and
//      emoji (U+1F300–U+1F64F, U+1F680–U+1F6FF, U+1F900–U+1FAFF and the
//      emoji-presentation symbols Unicode marks Wide, e.g. U+231A ⌚);
//   0  combining marks (Mn/Me, e.g. U+0300–U+036F), format characters (Cf: zero-width
//      joiner U+200D, U+200B, BOM, tags...) except the soft hyphen, variation selectors
//      U+FE00–U+FE0F, Hangul medial/final jamo, emoji skin-tone modifiers U+1F3FB–U+1F3FF;
//   1  everything else, including each byte that is not part of valid UTF-8 and control
//      characters (escape those with display_token() before measuring).
//
// Deliberately approximate: there is no grapheme clustering. An emoji ZWJ sequence such
// as 👩‍💻 (woman, ZWJ, laptop) counts 2 + 0 + 2 = 4 although most terminals draw it in 2;
// a flag (two regional indicators) counts 2, as its two letters would; a text-style
// symbol made emoji by U+FE0F (❤️) keeps its width 1. Terminals disagree on these
// anyway, and GPT-2 tokens rarely hold a whole sequence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gpt2 {

// Columns of one code point: 0, 1 or 2 by the rules above.
int codepoint_width(char32_t cp);

// Columns of a UTF-8 string: the sum over its code points; invalid bytes count 1 each.
std::size_t display_width(std::string_view utf8);

// Prose for the terminal: the words of `text` (split at whitespace, which is not kept) filled
// into lines of at most `width` columns by display_width, each line after the first starting
// with `indent`; every line ends with "\n". A word wider than the line is not broken: it gets
// a line of its own.
//   word_wrap("one two three", 8)  ->  "one two\nthree\n"
std::string word_wrap(const std::string& text, std::size_t width, const std::string& indent = "");

}  // namespace gpt2
