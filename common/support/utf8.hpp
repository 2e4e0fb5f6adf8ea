// support/utf8.hpp — the few UTF-8 helpers the tokenizer needs.
//
// utf8_lossy() turns any byte string into valid UTF-8 the way Python's
// bytes.decode("utf-8", errors="replace") and Rust's String::from_utf8_lossy do: each
// *maximal invalid subsequence* (Unicode's "substitution of maximal subparts") becomes one
// U+FFFD. That is what decode() needs, because a single GPT-2 token can be half a character.
//
// Deliberately not handled: UTF-16, normalisation, grapheme clusters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gpt2 {

// Looks at the sequence starting at s[i] (i < s.size()). Returns true if it is a complete,
// well-formed character; `len` is then its length in bytes. Returns false otherwise, and
// `len` is the length of the maximal invalid subsequence (at least 1).
bool utf8_next(std::string_view s, std::size_t i, std::size_t& len);

// The offset of the first invalid byte, or std::string_view::npos if s is valid UTF-8.
std::size_t utf8_find_invalid(std::string_view s);

// s with every maximal invalid subsequence replaced by U+FFFD.
std::string utf8_lossy(std::string_view s);

// Appends the UTF-8 encoding of code point cp (cp must be a Unicode scalar value).
void utf8_append(std::string& out, char32_t cp);

}  // namespace gpt2
