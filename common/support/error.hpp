// support/error.hpp — the one exception type for problems a user can fix, and the one way a
// message echoes what the user gave us.
//
// Every bad input (a missing file, corrupt JSON, a truncated tensor, a prompt that is
// too long...) becomes a gpt2::Error whose message is one line saying what is wrong
// and, where we can tell, what to do. Chapters catch it in run_chapter() (support/cli.hpp),
// print it, and exit non-zero. Programming errors stay as other exceptions/asserts.
//
// A message that quotes input (a vocabulary entry, a line of merges.txt, a tensor name,
// a path, a flag's value) must stay one short printable line whatever the input holds:
// newlines, NUL, escape sequences, invalid UTF-8, 5 KB of it. So input is never pasted
// into a message as is, but through one of these:
//   quote_for_message("a\nb")       "\"a\\nb\""   double-quoted, escaped, at most ~80 bytes
//   path_for_message("dir/x.json")  "dir/x.json"  as is when plain, else escaped and shortened
//   printable_for_message(text)     text with control characters escaped, at most ~300 bytes:
//                                   for other libraries' messages (nlohmann, CLI11), which
//                                   may quote input themselves
// Escapes: \n \r \t, \" and \\ (inside quotes only), \xNN for any other control byte, DEL
// and each byte of invalid UTF-8, \u{NNNN} for C1 controls, line/paragraph separators,
// bidirectional overrides and the byte-order mark U+FEFF; a cut is marked with "…".
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gpt2 {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string quote_for_message(std::string_view text, std::size_t max_bytes = 80);
std::string path_for_message(const std::filesystem::path& path, std::size_t max_bytes = 200);
std::string printable_for_message(std::string_view text, std::size_t max_bytes = 300);

}  // namespace gpt2
