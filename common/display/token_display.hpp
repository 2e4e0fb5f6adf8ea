// display/token_display.hpp — the one way a token's text is shown in a table or grid.
//
// GPT-2 tokens usually carry their leading space (" This", not "This"), and that space
// matters: " This" and "This" are different tokens with different ids. The notebook's
// pandas tables print both as "This", so they look identical there. Everywhere this
// project prints a token in a table we make the invisible visible instead:
//   space            -> ␣ (U+2423 OPEN BOX), so " to" shows as ␣to and "  " as ␣␣;
//   newline, tab, CR -> the two characters \n, \t, \r (a backslash and a letter);
//   other C0 controls and DEL -> \xNN with upper-case hex, e.g. NUL -> \x00;
//   everything else unchanged, including U+FFFD "�" (what decoding half an emoji's bytes
//   gives) and a literal "␣" or backslash already in the text.
//
// Deliberately not done: escaping backslashes (so a newline and the two characters
// backslash-n look alike; such tokens are rare, and the aim is readability, not
// round-tripping), touching non-ASCII spaces such as U+00A0, or quoting. Prose and
// repr()-style output keep the raw text; only tables and grids use this.
#pragma once

#include <string>
#include <string_view>

namespace gpt2 {

std::string display_token(std::string_view token_text);

}  // namespace gpt2
