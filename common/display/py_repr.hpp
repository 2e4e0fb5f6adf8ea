// display/py_repr.hpp — a string as Python's repr() prints it, for the notebook's Out[11] and Out[14].
//
//   repr(' to')      ->  ' to'            single quotes by default
//   repr("don't")    ->  "don't"          double quotes if the text has ' and no "
//   repr('a\nb')     ->  'a\nb'           \n \r \t \\ and the quote escaped
//   repr('\x00')     ->  '\x00'           other non-printable characters as \xNN, \uNNNN,
//   repr('\u200b')   ->  '\u200b'         \UNNNNNNNN (lower-case hex), as Python does
//
// "Non-printable" is Python's str.isprintable(): Unicode categories Cc, Cf, Cs, Co, Cn,
// Zl, Zp and Zs — except the ASCII space. Everything else (accents, CJK, emoji, U+FFFD)
// is printed as it is. The categories come from PCRE2's Unicode tables, which may be a
// Unicode version apart from a given Python's for characters assigned recently.
//
// The input must be valid UTF-8 (token_string() always is); an invalid byte is shown as
// \xNN. Deliberately not handled: bytes objects (b'...'), other types' repr.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpt2 {

std::string py_repr(std::string_view utf8);

// A list of strings as Python prints it: ['a', "b'c", 'd'].
std::string py_repr(const std::vector<std::string>& items);

}  // namespace gpt2
