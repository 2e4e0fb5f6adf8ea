// text/byte_unicode.hpp — GPT-2's reversible table between the 256 byte values and 256
// printable unicode characters.
//
// BPE in GPT-2 works on bytes, but vocab.json and merges.txt are text files, so every byte
// is shown as a visible character: printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ')
// stand for themselves and the other 68 (control characters, space, ...) are shifted to
// U+0100 onwards, in byte order. So the space byte 0x20 is 'Ġ' (U+0120) and " to" is "Ġto".
//
// Deliberately not handled: anything but this one fixed table (it is OpenAI's bytes_to_unicode).
#pragma once

#include <string>
#include <string_view>

namespace gpt2 {

// The character that stands for byte b.
char32_t byte_to_unicode(unsigned char b);

// The byte that character c stands for, or -1 if c is not one of the 256.
int unicode_to_byte(char32_t c);

// Raw bytes -> the vocabulary's spelling (UTF-8), e.g. " to" -> "Ġto".
std::string bytes_to_piece(std::string_view bytes);

// The vocabulary's spelling -> raw bytes. Returns false (out unspecified) if the piece holds
// invalid UTF-8 or a character outside the table, e.g. a special token written as such.
bool piece_to_bytes(std::string_view piece, std::string& out);

}  // namespace gpt2
